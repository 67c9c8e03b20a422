-- Each room's latest seq, kept apart from its messages so that retention may delete old messages
-- without a room ever reusing a seq. A row appears with a room's first stored message, never on a
-- mere visit.
CREATE TABLE rooms (
  room_id  VARCHAR(64) NOT NULL PRIMARY KEY,
  last_seq BIGINT      NOT NULL
);

INSERT INTO rooms (room_id, last_seq)
SELECT room_id, MAX(seq) FROM messages GROUP BY room_id;
