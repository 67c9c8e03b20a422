-- Migrations are append-only: never edit a released file; add V<n+1>__… instead.
-- Flyway refuses to start when an applied migration's checksum no longer matches.
-- The same SQL runs on SQLite and PostgreSQL.
CREATE TABLE messages (
  room_id    VARCHAR(64)  NOT NULL,
  seq        BIGINT       NOT NULL,
  id         VARCHAR(32)  NOT NULL,
  user_id    VARCHAR(64)  NOT NULL,
  user_name  VARCHAR(128) NOT NULL,
  body       TEXT         NOT NULL,
  created_at BIGINT       NOT NULL,
  client_id  VARCHAR(64),
  PRIMARY KEY (room_id, seq)
);

CREATE UNIQUE INDEX messages_room_client_id ON messages (room_id, client_id);
