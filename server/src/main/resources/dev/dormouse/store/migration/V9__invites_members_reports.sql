-- Invites to a claimed room. The code is the secret: long, random and URL-safe, it is the key, and
-- whoever holds it may see the room's title and, signed in, become a member. A row stays after it
-- is revoked or expired (revoked_at set, or expires_at passed) so a late redeem can tell why.
--   max_uses: NULL when any number may use it; uses counts the redeems that made a member
CREATE TABLE room_invites (
  code       VARCHAR(64) NOT NULL PRIMARY KEY,
  room_id    VARCHAR(64) NOT NULL,
  created_by VARCHAR(64) NOT NULL,
  created_at BIGINT      NOT NULL,
  expires_at BIGINT      NOT NULL,
  max_uses   INTEGER,
  uses       INTEGER     NOT NULL,
  revoked_at BIGINT
);

CREATE INDEX room_invites_room ON room_invites (room_id, created_at);

-- The name a member was last seen under (redeeming an invite, being added, joining with a socket);
-- NULL when never seen.
ALTER TABLE room_members ADD COLUMN name VARCHAR(128);

-- Reports of a message to the room's moderators. The message is named by id and read when the
-- queue is listed, so a deleted message's text is never copied here.
--   status: 'open' or 'resolved'; resolution: NULL, 'dismiss' or 'delete'
CREATE TABLE room_reports (
  room_id     VARCHAR(64)  NOT NULL,
  id          VARCHAR(32)  NOT NULL,
  message_id  VARCHAR(32)  NOT NULL,
  reason      TEXT         NOT NULL,
  reporter_id VARCHAR(64)  NOT NULL,
  created_at  BIGINT       NOT NULL,
  status      VARCHAR(16)  NOT NULL,
  resolution  VARCHAR(16),
  resolved_by VARCHAR(64),
  resolved_at BIGINT,
  PRIMARY KEY (room_id, id)
);

CREATE INDEX room_reports_room_status ON room_reports (room_id, status, created_at);
-- One open report per person and message: a second one finds the first.
CREATE UNIQUE INDEX room_reports_open ON room_reports (room_id, message_id, reporter_id)
  WHERE status = 'open';
