-- Claimed rooms: a row appears when someone claims a room (POST /api/rooms), never on a visit. A
-- room without a row is unclaimed: public, open to every poster, no slow mode.
--   visibility: 'public', 'unlisted' or 'private'; post_policy: 'everyone' or 'moderators'
CREATE TABLE room_settings (
  room_id           VARCHAR(64)  NOT NULL PRIMARY KEY,
  owner_id          VARCHAR(64)  NOT NULL,
  title             VARCHAR(512) NOT NULL,
  topic             TEXT         NOT NULL,
  visibility        VARCHAR(16)  NOT NULL,
  post_policy       VARCHAR(16)  NOT NULL,
  slow_mode_seconds INTEGER      NOT NULL,
  created_at        BIGINT       NOT NULL
);

-- Who belongs to a claimed room, and as what: 'owner' (one, the claimer), 'moderator' or 'member'.
CREATE TABLE room_members (
  room_id VARCHAR(64) NOT NULL,
  user_id VARCHAR(64) NOT NULL,
  role    VARCHAR(16) NOT NULL,
  PRIMARY KEY (room_id, user_id)
);
