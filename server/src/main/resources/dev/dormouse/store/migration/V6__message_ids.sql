-- Changes and replies name their target by message id, and a delete erases the excerpts of the
-- replies quoting it: both look a room's messages up by these columns.
CREATE INDEX messages_room_message_id ON messages (room_id, id);
CREATE INDEX messages_room_reply_to ON messages (room_id, reply_to_seq);
