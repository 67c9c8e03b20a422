-- Protocol 2's changes to messages (edits, deletes, reactions) are entries on the room's log, in
-- the messages table beside the messages, so that a change takes the next seq like a message and a
-- resume replays it exactly once. A message row holds the message's current state; a change row
-- names the message it changes (target_seq) and holds no text of its own.
--   kind: 'message', or 'edit', 'delete', 'react' (body: the emoji) and 'unreact' (body: the emoji)
ALTER TABLE messages ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'message';
ALTER TABLE messages ADD COLUMN target_seq BIGINT;
-- On a message: when it was last edited, and when it was deleted (its body is then '').
ALTER TABLE messages ADD COLUMN edited_at BIGINT;
ALTER TABLE messages ADD COLUMN deleted_at BIGINT;
-- On a reply: the message it answers, and a short excerpt of that message's text taken when the
-- reply was stored; the excerpt is erased (NULL) when the target is deleted.
ALTER TABLE messages ADD COLUMN reply_to_seq BIGINT;
ALTER TABLE messages ADD COLUMN reply_excerpt TEXT;

CREATE INDEX messages_room_target ON messages (room_id, target_seq);

-- Who reacted with what: one row per person, emoji and message, the current state that the
-- 'react' and 'unreact' log entries produced.
CREATE TABLE reactions (
  room_id     VARCHAR(64) NOT NULL,
  message_seq BIGINT      NOT NULL,
  emoji       VARCHAR(64) NOT NULL,
  user_id     VARCHAR(64) NOT NULL,
  created_at  BIGINT      NOT NULL,
  PRIMARY KEY (room_id, message_seq, emoji, user_id)
);
