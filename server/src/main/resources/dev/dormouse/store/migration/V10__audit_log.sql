-- What was done in each claimed room, by whom, to whom and why: every settings, role and
-- moderation action, written in the same transaction as the action itself where it stores
-- anything, so an answered action is always on record. Rows are only ever added.
--   id: time-ordered (like message ids), so newest first is ORDER BY id DESC
--   action: 'room.claimed', 'room.changed', 'role.set', 'member.removed', … (docs/protocol.md)
--   detail: a small JSON object with what the action changed, or NULL
CREATE TABLE audit_log (
  room_id    VARCHAR(64)  NOT NULL,
  id         VARCHAR(32)  NOT NULL,
  at         BIGINT       NOT NULL,
  actor_id   VARCHAR(64)  NOT NULL,
  actor_name VARCHAR(128) NOT NULL,
  action     VARCHAR(32)  NOT NULL,
  target     VARCHAR(64),
  reason     TEXT,
  detail     TEXT,
  PRIMARY KEY (room_id, id)
);
