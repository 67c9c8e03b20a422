-- Keys for a team's backend to call the server API (/api/server/...). The key itself is shown
-- once, when it is made, and never stored: only its SHA-256 is, so a copy of the database opens
-- nothing. A key is looked up by that hash on every request, so a revoked one stops at once on
-- every node; the row stays, revoked_at set, so the list can say when.
--   scopes: the key's scopes, comma-separated, from 'publish', 'moderate', 'read', 'admin'
CREATE TABLE api_keys (
  id         VARCHAR(32)  NOT NULL PRIMARY KEY,
  name       VARCHAR(128) NOT NULL,
  key_hash   VARCHAR(64)  NOT NULL,
  scopes     VARCHAR(128) NOT NULL,
  created_at BIGINT       NOT NULL,
  revoked_at BIGINT
);

CREATE UNIQUE INDEX api_keys_hash ON api_keys (key_hash);
