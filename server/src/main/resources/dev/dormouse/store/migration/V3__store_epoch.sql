-- The epoch of this database's logs: written once, by the first server that opens it, and never
-- changed. A new or wiped database gets a new one, so a client that resumes against it is told to
-- start over instead of taking seqs it has seen for messages it has not.
CREATE TABLE store_epoch (
  id    INTEGER     NOT NULL PRIMARY KEY,
  epoch VARCHAR(32) NOT NULL
);
