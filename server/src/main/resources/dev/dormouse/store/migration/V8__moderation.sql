-- Bans and mutes: one row per person, room and kind, set by a moderator and removed when lifted.
--   kind: 'ban' or 'mute'; until_at: when it ends, in epoch ms (NULL: a ban for good); one whose
--   until_at has passed counts nowhere and is not listed, and the next ban or mute replaces it.
CREATE TABLE room_restrictions (
  room_id  VARCHAR(64) NOT NULL,
  user_id  VARCHAR(64) NOT NULL,
  kind     VARCHAR(16) NOT NULL,
  until_at BIGINT,
  reason   TEXT        NOT NULL,
  by_id    VARCHAR(64) NOT NULL,
  created_at BIGINT    NOT NULL,
  PRIMARY KEY (room_id, user_id, kind)
);

-- On a deleted message: who deleted it (the author, or a moderator) and the moderator's reason.
-- A 'delete' entry made by someone other than the target's author is a moderator's; its body holds
-- the reason ('' when none).
ALTER TABLE messages ADD COLUMN deleted_by VARCHAR(64);
ALTER TABLE messages ADD COLUMN delete_reason TEXT;
