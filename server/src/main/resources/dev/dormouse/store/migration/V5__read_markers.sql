-- How far each person has read in each room they joined: a row appears when a person first joins a
-- room, so the rows are also that person's list of rooms. last_read only ever grows.
CREATE TABLE read_markers (
  user_id    VARCHAR(64) NOT NULL,
  room_id    VARCHAR(64) NOT NULL,
  last_read  BIGINT      NOT NULL,
  updated_at BIGINT      NOT NULL,
  PRIMARY KEY (user_id, room_id)
);

CREATE INDEX read_markers_room ON read_markers (room_id);
