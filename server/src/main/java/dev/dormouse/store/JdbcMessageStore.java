package dev.dormouse.store;

import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.room.RoomId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The {@link MessageStore} over JDBC, shared by SQLite and PostgreSQL: every SQL statement Dormouse
 * runs is in this class. Writes go through one thread, so a SQLite file never sees two writers and
 * each room's batches commit in the order the room sent them; reads use a small pool.
 */
public final class JdbcMessageStore implements MessageStore {

  private static final String INSERT_EPOCH =
      "INSERT INTO store_epoch (id, epoch) VALUES (1, ?) ON CONFLICT (id) DO NOTHING";
  private static final String SELECT_EPOCH = "SELECT epoch FROM store_epoch WHERE id = 1";
  private static final String SELECT_ONE = "SELECT 1";
  // SQLite skips an update that changes nothing, so the probe adds a row and takes it away again,
  // in one transaction that no reader ever sees.
  private static final String INSERT_PROBE =
      "INSERT INTO store_epoch (id, epoch) VALUES (0, 'write probe')";
  private static final String DELETE_PROBE = "DELETE FROM store_epoch WHERE id = 0";
  private static final String SELECT_LATEST_SEQ = "SELECT last_seq FROM rooms WHERE room_id = ?";
  private static final String UPSERT_ROOM =
      "INSERT INTO rooms (room_id, last_seq) VALUES (?, ?)"
          + " ON CONFLICT (room_id) DO UPDATE SET last_seq = excluded.last_seq";
  private static final String SELECT_OLDEST_SEQ =
      "SELECT COALESCE(MIN(seq), 0) FROM messages WHERE room_id = ?";
  private static final String DELETE_OLDER_THAN = "DELETE FROM messages WHERE created_at < ?";
  private static final String DELETE_BEYOND_COUNT =
      "DELETE FROM messages WHERE seq <= (SELECT r.last_seq FROM rooms r WHERE r.room_id = messages.room_id) - ?";
  private static final String SELECT_BY_CLIENT_ID =
      "SELECT seq FROM messages WHERE room_id = ? AND client_id = ?";
  private static final String INSERT =
      "INSERT INTO messages (room_id, seq, id, user_id, user_name, body, created_at, client_id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String COLUMNS = "seq, id, user_id, user_name, body, created_at";
  private static final String SELECT_BEFORE =
      "SELECT "
          + COLUMNS
          + " FROM messages WHERE room_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?";
  private static final String SELECT_AFTER =
      "SELECT " + COLUMNS + " FROM messages WHERE room_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?";

  // Read markers. What counts as unread is one rule, written once: a message (not a change to one)
  // that is not deleted and that someone else sent.
  private static final String UNREAD = "kind = 'message' AND deleted_at IS NULL AND user_id <> ";
  private static final String SELECT_MARKERS =
      "SELECT user_id, last_read FROM read_markers WHERE room_id = ?";
  private static final String UPSERT_MARKER =
      "INSERT INTO read_markers (user_id, room_id, last_read, updated_at) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (user_id, room_id) DO UPDATE"
          + " SET last_read = excluded.last_read, updated_at = excluded.updated_at"
          + " WHERE excluded.last_read > read_markers.last_read";
  private static final String COUNT_UNREAD =
      "SELECT COUNT(*) FROM messages WHERE room_id = ? AND seq > ? AND seq <= ? AND "
          + UNREAD
          + "?";
  // The newest message that is not deleted is found from the top of the (room_id, seq) key down,
  // on both databases; MAX(seq) with the extra conditions would make SQLite read the whole room.
  private static final String SELECT_ROOMS_OF =
      "SELECT r.room_id, r.last_read, COALESCE(h.last_seq, 0),"
          + " (SELECT COUNT(*) FROM messages WHERE room_id = r.room_id AND seq > r.last_read AND "
          + UNREAD
          + "r.user_id),"
          + " m.seq, m.id, m.user_id, m.user_name, m.body, m.created_at"
          + " FROM read_markers r"
          + " LEFT JOIN rooms h ON h.room_id = r.room_id"
          + " LEFT JOIN messages m ON m.room_id = r.room_id AND m.seq = ("
          + "SELECT l.seq FROM messages l WHERE l.room_id = r.room_id AND l.kind = 'message'"
          + " AND l.deleted_at IS NULL ORDER BY l.seq DESC LIMIT 1)"
          + " WHERE r.user_id = ?"
          + " ORDER BY CASE WHEN m.seq IS NULL THEN 1 ELSE 0 END, m.created_at DESC, r.room_id"
          + " LIMIT ?";

  private final DataSource dataSource;
  private final AutoCloseable onClose;
  private final ExecutorService writer;
  private final ExecutorService readers;
  private final LinkedBlockingQueue<PendingAppend> pendingAppends = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<PendingMarkers> pendingMarkers = new LinkedBlockingQueue<>();
  private final String epoch;

  /** Whether the last group commit failed as a whole; only the writer thread sets it. */
  private volatile boolean writesFailing;

  /** Opens the store on a migrated database, reading (or, the first time, writing) its epoch. */
  public JdbcMessageStore(DataSource dataSource, int readerThreads, AutoCloseable onClose) {
    this.dataSource = dataSource;
    this.onClose = onClose;
    this.epoch = loadEpoch(dataSource);
    this.writer =
        Executors.newSingleThreadExecutor(Thread.ofPlatform().name("store-writer").factory());
    this.readers =
        Executors.newFixedThreadPool(
            readerThreads, Thread.ofPlatform().name("store-reader-", 0).factory());
  }

  @Override
  public String epoch() {
    return epoch;
  }

  /** Racing first starts of a cluster's nodes agree: the first insert wins, the others read it. */
  private static String loadEpoch(DataSource dataSource) {
    String fresh =
        Long.toString(
            java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40, 1L << 60), 36);
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement insert = connection.prepareStatement(INSERT_EPOCH)) {
        insert.setString(1, fresh);
        insert.executeUpdate();
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      try (PreparedStatement select = connection.prepareStatement(SELECT_EPOCH);
          ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the store's epoch", e);
    }
  }

  @Override
  public CompletionStage<Long> latestSeq(RoomId room) {
    return read(connection -> seqOf(connection, SELECT_LATEST_SEQ, room));
  }

  @Override
  public CompletionStage<List<AppendOutcome>> append(
      RoomId room, long headSeq, List<NewMessage> batch) {
    PendingAppend pending = new PendingAppend(room, headSeq, batch, new CompletableFuture<>());
    pendingAppends.add(pending);
    writer.execute(this::commitPendingAppends);
    return pending.result();
  }

  /** One room's batch, waiting for the writer. */
  private record PendingAppend(
      RoomId room,
      long headSeq,
      List<NewMessage> batch,
      CompletableFuture<List<AppendOutcome>> result) {}

  /**
   * Group commit across rooms: every batch waiting when the writer gets here, whichever room sent
   * it, goes into one transaction, so one fsync serves them all. Each batch has its own savepoint,
   * so a batch that fails (another writer took its seq) fails alone.
   */
  private void commitPendingAppends() {
    List<PendingAppend> group = new ArrayList<>();
    pendingAppends.drainTo(group);
    if (group.isEmpty()) {
      return;
    }
    List<Map.Entry<PendingAppend, List<AppendOutcome>>> written = new ArrayList<>(group.size());
    boolean committed = false;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        for (PendingAppend pending : group) {
          Savepoint before = connection.setSavepoint();
          try {
            written.add(
                Map.entry(
                    pending,
                    appendIn(connection, pending.room(), pending.headSeq(), pending.batch())));
            connection.releaseSavepoint(before);
          } catch (SQLException e) {
            try {
              connection.rollback(before);
            } catch (SQLException transactionGone) {
              // Not this batch's conflict: the whole transaction ended (an I/O error), so the
              // group fails, under the first cause.
              e.addSuppressed(transactionGone);
              throw e;
            }
            pending
                .result()
                .completeExceptionally(new StoreException("append to room " + pending.room(), e));
          }
        }
        connection.commit();
        committed = true;
      } catch (SQLException | RuntimeException e) {
        undo(connection, e);
        throw e;
      }
      connection.setAutoCommit(true);
    } catch (SQLException | RuntimeException e) {
      // Once committed the batches are durable, whatever resetting the connection says after.
      if (!committed) {
        writesFailing = true;
        group.forEach(
            pending -> pending.result().completeExceptionally(new StoreException("append", e)));
        return;
      }
    }
    writesFailing = false;
    written.forEach(entry -> entry.getKey().result().complete(entry.getValue()));
  }

  /**
   * Rolls back a failed group commit. SQLite ends the transaction itself on an I/O error (a full
   * disk), so the rollback and the return to auto-commit then fail as well; their errors ride along
   * as suppressed, and the log shows the disk's error rather than "no transaction is active".
   */
  private static void undo(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static List<AppendOutcome> appendIn(
      Connection connection, RoomId room, long headSeq, List<NewMessage> batch)
      throws SQLException {
    List<AppendOutcome> outcomes = new ArrayList<>(batch.size());
    Map<String, Long> seqByClientId = new HashMap<>();
    long seq = headSeq;
    try (PreparedStatement find = connection.prepareStatement(SELECT_BY_CLIENT_ID);
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (NewMessage m : batch) {
        Long known =
            m.clientId() == null ? null : knownSeq(find, room, m.clientId(), seqByClientId);
        if (known != null) {
          outcomes.add(new AppendOutcome.Duplicate(known));
          continue;
        }
        seq++;
        insert.setString(1, room.value());
        insert.setLong(2, seq);
        insert.setString(3, m.id());
        insert.setString(4, m.userId());
        insert.setString(5, m.userName());
        insert.setString(6, m.text());
        insert.setLong(7, m.timestamp());
        insert.setString(8, m.clientId());
        insert.addBatch();
        if (m.clientId() != null) {
          seqByClientId.put(m.clientId(), seq);
        }
        outcomes.add(
            new AppendOutcome.Stored(
                new ChatMessage(seq, m.id(), m.userId(), m.userName(), m.text(), m.timestamp())));
      }
      if (seq > headSeq) {
        insert.executeBatch();
        try (PreparedStatement head = connection.prepareStatement(UPSERT_ROOM)) {
          head.setString(1, room.value());
          head.setLong(2, seq);
          head.executeUpdate();
        }
      }
    }
    return outcomes;
  }

  /** A clientId seen earlier in this batch, or already stored in the room. */
  private static Long knownSeq(
      PreparedStatement find, RoomId room, String clientId, Map<String, Long> inBatch)
      throws SQLException {
    Long seq = inBatch.get(clientId);
    if (seq != null) {
      return seq;
    }
    find.setString(1, room.value());
    find.setString(2, clientId);
    try (ResultSet rs = find.executeQuery()) {
      return rs.next() ? rs.getLong(1) : null;
    }
  }

  @Override
  public CompletionStage<Page> before(RoomId room, long beforeSeq, int limit) {
    return read(
        connection -> {
          List<ChatMessage> newestFirst =
              query(connection, SELECT_BEFORE, room, beforeSeq, limit + 1);
          boolean hasMore = newestFirst.size() > limit;
          List<ChatMessage> page =
              new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
          Collections.reverse(page);
          return new Page(page, hasMore);
        });
  }

  @Override
  public CompletionStage<Page> after(RoomId room, long afterSeq, int limit) {
    return read(
        connection -> {
          List<ChatMessage> oldestFirst =
              query(connection, SELECT_AFTER, room, afterSeq, limit + 1);
          boolean hasMore = oldestFirst.size() > limit;
          return new Page(
              List.copyOf(oldestFirst.subList(0, Math.min(limit, oldestFirst.size()))), hasMore);
        });
  }

  @Override
  public CompletionStage<Long> oldestSeq(RoomId room) {
    return read(connection -> seqOf(connection, SELECT_OLDEST_SEQ, room));
  }

  /** A one-number query about a room; 0 when it has no row. */
  private static long seqOf(Connection connection, String sql, RoomId room) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      st.setString(1, room.value());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    }
  }

  @Override
  public CompletionStage<List<ReadMarker>> readMarkers(RoomId room) {
    return read(
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_MARKERS)) {
            st.setString(1, room.value());
            try (ResultSet rs = st.executeQuery()) {
              List<ReadMarker> markers = new ArrayList<>();
              while (rs.next()) {
                markers.add(new ReadMarker(rs.getString(1), rs.getLong(2)));
              }
              return markers;
            }
          }
        });
  }

  @Override
  public CompletionStage<Void> saveReadMarkers(
      RoomId room, Collection<ReadMarker> markers, long nowMillis) {
    PendingMarkers pending =
        new PendingMarkers(room, List.copyOf(markers), nowMillis, new CompletableFuture<>());
    pendingMarkers.add(pending);
    writer.execute(this::commitPendingMarkers);
    return pending.result();
  }

  /** One room's markers, waiting for the writer. */
  private record PendingMarkers(
      RoomId room, List<ReadMarker> markers, long nowMillis, CompletableFuture<Void> result) {}

  /**
   * Every room's markers waiting when the writer gets here go into one transaction, as appends do,
   * so rooms that flush in the same moment share one fsync.
   */
  private void commitPendingMarkers() {
    List<PendingMarkers> group = new ArrayList<>();
    pendingMarkers.drainTo(group);
    if (group.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement upsert = connection.prepareStatement(UPSERT_MARKER)) {
        for (PendingMarkers pending : group) {
          for (ReadMarker marker : pending.markers()) {
            upsert.setString(1, marker.userId());
            upsert.setString(2, pending.room().value());
            upsert.setLong(3, marker.lastRead());
            upsert.setLong(4, pending.nowMillis());
            upsert.addBatch();
          }
        }
        upsert.executeBatch();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        undo(connection, e);
        throw e;
      }
      connection.setAutoCommit(true);
    } catch (SQLException | RuntimeException e) {
      group.forEach(
          pending ->
              pending.result().completeExceptionally(new StoreException("save read markers", e)));
      return;
    }
    group.forEach(pending -> pending.result().complete(null));
  }

  @Override
  public CompletionStage<Long> unreadCount(
      RoomId room, String userId, long afterSeq, long upToSeq) {
    return read(
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(COUNT_UNREAD)) {
            st.setString(1, room.value());
            st.setLong(2, afterSeq);
            st.setLong(3, upToSeq);
            st.setString(4, userId);
            try (ResultSet rs = st.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Override
  public CompletionStage<List<RoomSummary>> roomsOf(String userId, int limit) {
    return read(
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_ROOMS_OF)) {
            st.setString(1, userId);
            st.setInt(2, limit);
            try (ResultSet rs = st.executeQuery()) {
              List<RoomSummary> rooms = new ArrayList<>();
              while (rs.next()) {
                long latestSeq = rs.getLong(5);
                ChatMessage latest =
                    rs.wasNull()
                        ? null
                        : new ChatMessage(
                            latestSeq,
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getLong(10));
                rooms.add(
                    new RoomSummary(
                        new RoomId(rs.getString(1)),
                        rs.getLong(2),
                        rs.getLong(4),
                        rs.getLong(3),
                        latest));
              }
              return rooms;
            }
          }
        });
  }

  @Override
  public CompletionStage<Integer> prune(Retention retention, long nowMillis) {
    return run(
        writer,
        "prune",
        connection -> {
          int deleted = 0;
          if (retention.maxAge() != null) {
            try (PreparedStatement st = connection.prepareStatement(DELETE_OLDER_THAN)) {
              st.setLong(1, nowMillis - retention.maxAge().toMillis());
              deleted += st.executeUpdate();
            }
          }
          if (retention.maxMessages() > 0) {
            try (PreparedStatement st = connection.prepareStatement(DELETE_BEYOND_COUNT)) {
              st.setLong(1, retention.maxMessages());
              deleted += st.executeUpdate();
            }
          }
          return deleted;
        });
  }

  /**
   * A store that answers reads may still refuse every write: SQLite on a full disk does. So after a
   * failed commit, and until a write succeeds again, health also commits a write that leaves
   * nothing behind, through the writer like any append. It costs nothing while writes succeed.
   */
  @Override
  public CompletionStage<Boolean> isHealthy() {
    CompletionStage<Boolean> reads =
        read(
            connection -> {
              try (PreparedStatement st = connection.prepareStatement(SELECT_ONE);
                  ResultSet rs = st.executeQuery()) {
                return rs.next();
              }
            });
    if (!writesFailing) {
      return reads;
    }
    return reads.thenCompose(
        answered ->
            run(
                writer,
                "write probe",
                connection -> {
                  probeWrite(connection);
                  writesFailing = false;
                  return answered;
                }));
  }

  private static void probeWrite(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    try (PreparedStatement insert = connection.prepareStatement(INSERT_PROBE);
        PreparedStatement delete = connection.prepareStatement(DELETE_PROBE)) {
      insert.executeUpdate();
      delete.executeUpdate();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      undo(connection, e);
      throw e;
    }
    connection.setAutoCommit(true);
  }

  private static List<ChatMessage> query(
      Connection connection, String sql, RoomId room, long seq, int limit) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      st.setString(1, room.value());
      st.setLong(2, seq);
      st.setInt(3, limit);
      try (ResultSet rs = st.executeQuery()) {
        List<ChatMessage> messages = new ArrayList<>();
        while (rs.next()) {
          messages.add(
              new ChatMessage(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getLong(6)));
        }
        return messages;
      }
    }
  }

  private <T> CompletionStage<T> read(SqlWork<T> work) {
    return run(readers, "read", work);
  }

  private <T> CompletionStage<T> run(ExecutorService executor, String operation, SqlWork<T> work) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
          } catch (SQLException e) {
            throw new StoreException(operation, e);
          }
        },
        executor);
  }

  @Override
  public void close() {
    writer.shutdown();
    readers.shutdown();
    try {
      // In-flight appends were acknowledged to nobody yet; let them commit before the pool goes.
      writer.awaitTermination(10, TimeUnit.SECONDS);
      readers.awaitTermination(5, TimeUnit.SECONDS);
      onClose.close();
    } catch (Exception e) {
      throw new StoreException("close", e);
    }
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
