package dev.dormouse.store;

import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The {@link MessageStore} over JDBC, shared by SQLite and PostgreSQL: every SQL statement Dormouse
 * runs is in this class, but those of rooms' settings and members ({@link JdbcRoomSettingsStore}),
 * invites ({@link JdbcInviteStore}), reports ({@link JdbcReportStore}) and API keys ({@link
 * JdbcApiKeyStore}), which run on this store's threads. Writes go through one thread, so a SQLite
 * file never sees two writers and each room's batches commit in the order the room sent them; reads
 * use a small pool.
 */
public final class JdbcMessageStore implements MessageStore {

  private static final String SELECT_POSTS_SINCE =
      "SELECT user_id, created_at, client_id FROM messages WHERE room_id = ? AND kind = 'message'"
          + " AND created_at > ? ORDER BY seq";
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
      "INSERT INTO messages (room_id, seq, id, user_id, user_name, body, created_at, client_id,"
          + " kind, target_seq, reply_to_seq, reply_excerpt)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String MESSAGE = "message";
  // A change's or a reply's target: a message of the room, by id.
  private static final String SELECT_TARGET =
      "SELECT seq, user_id, user_name, body, deleted_at FROM messages"
          + " WHERE room_id = ? AND id = ? AND kind = 'message'";
  private static final String UPDATE_TEXT =
      "UPDATE messages SET body = ?, edited_at = ? WHERE room_id = ? AND seq = ?";
  // A tombstone keeps who and when, and nothing of what was said: its own text and its quote of
  // another message go, and so does every other message's quote of it.
  private static final String UPDATE_TOMBSTONE =
      "UPDATE messages SET body = '', edited_at = NULL, deleted_at = ?, reply_excerpt = NULL,"
          + " deleted_by = ?, delete_reason = ? WHERE room_id = ? AND seq = ?";
  private static final String ERASE_EXCERPTS =
      "UPDATE messages SET reply_excerpt = NULL WHERE room_id = ? AND reply_to_seq = ?";
  private static final String DELETE_REACTIONS_OF =
      "DELETE FROM reactions WHERE room_id = ? AND message_seq = ?";
  private static final String SELECT_REACTED =
      "SELECT 1 FROM reactions WHERE room_id = ? AND message_seq = ? AND emoji = ? AND user_id = ?";
  private static final String INSERT_REACTION =
      "INSERT INTO reactions (room_id, message_seq, emoji, user_id, created_at)"
          + " VALUES (?, ?, ?, ?, ?)";
  private static final String DELETE_REACTION =
      "DELETE FROM reactions WHERE room_id = ? AND message_seq = ? AND emoji = ? AND user_id = ?";
  private static final String COUNT_REACTIONS =
      "SELECT COUNT(*) FROM reactions WHERE room_id = ? AND message_seq = ? AND emoji = ?";
  // A reply keeps a quote of its target's text only while the target is kept.
  private static final String ERASE_ORPHAN_EXCERPTS =
      "UPDATE messages SET reply_excerpt = NULL WHERE reply_excerpt IS NOT NULL AND NOT EXISTS"
          + " (SELECT 1 FROM messages t WHERE t.room_id = messages.room_id"
          + " AND t.seq = messages.reply_to_seq)";
  private static final String DELETE_ORPHAN_REACTIONS =
      "DELETE FROM reactions WHERE NOT EXISTS (SELECT 1 FROM messages m"
          + " WHERE m.room_id = reactions.room_id AND m.seq = reactions.message_seq)";
  // On SQLite a deleted text's old page images stay in the write-ahead log until a checkpoint
  // copies the pages back and truncates it; secure_delete has already zeroed the freed bytes. The
  // checkpoint answers one row, whose first column is 1 when a reader kept it from finishing.
  private static final String CHECKPOINT = "PRAGMA wal_checkpoint(TRUNCATE)";
  private static final String SELECT_BUSY_TIMEOUT = "PRAGMA busy_timeout";
  private static final String SET_BUSY_TIMEOUT = "PRAGMA busy_timeout = ";

  /** How long a checkpoint waits for readers before it gives way and tries again later. */
  private static final int CHECKPOINT_WAIT_MILLIS = 200;

  private static final long CHECKPOINT_RETRY_MILLIS = 1_000;
  // A message in its current state, with what its reply quotes of the target (t), if any.
  private static final String MESSAGE_COLUMNS =
      "SELECT m.seq, m.id, m.user_id, m.user_name, m.body, m.created_at, m.edited_at,"
          + " m.deleted_at, m.reply_to_seq, m.reply_excerpt, t.id, t.user_id, t.user_name,"
          + " t.deleted_at, m.deleted_by, m.delete_reason FROM messages m"
          + " LEFT JOIN messages t ON t.room_id = m.room_id AND t.seq = m.reply_to_seq"
          + " WHERE m.room_id = ? AND m.kind = 'message'";
  private static final String SELECT_BEFORE =
      MESSAGE_COLUMNS + " AND m.seq < ? ORDER BY m.seq DESC LIMIT ?";
  private static final String SELECT_AFTER =
      MESSAGE_COLUMNS + " AND m.seq > ? ORDER BY m.seq ASC LIMIT ?";
  private static final String SELECT_BETWEEN =
      MESSAGE_COLUMNS + " AND m.seq > ? AND m.seq <= ? ORDER BY m.seq ASC";
  private static final String SELECT_UPDATED =
      MESSAGE_COLUMNS
          + " AND m.seq IN (SELECT c.target_seq FROM messages c WHERE c.room_id = ?"
          + " AND c.kind <> 'message' AND c.seq > ? AND c.seq <= ? AND c.target_seq <= ?)"
          + " ORDER BY m.seq ASC";
  private static final String SELECT_REACTIONS =
      "SELECT message_seq, emoji, user_id, created_at FROM reactions"
          + " WHERE room_id = ? AND message_seq >= ? AND message_seq <= ?";
  // A change entry, with its target's id, text and author now and, for a reaction, the emoji's
  // count
  // now. A delete whose maker is not the target's author is a moderator's, its body the reason.
  private static final String CHANGE_COLUMNS =
      "SELECT c.seq, c.kind, c.target_seq, t.id, c.user_id, c.user_name, c.created_at, t.body,"
          + " c.body, (SELECT COUNT(*) FROM reactions r WHERE r.room_id = c.room_id"
          + " AND r.message_seq = c.target_seq AND r.emoji = c.body), t.user_id FROM messages c"
          + " LEFT JOIN messages t ON t.room_id = c.room_id AND t.seq = c.target_seq"
          + " WHERE c.room_id = ? AND c.kind <> 'message'";
  private static final String SELECT_CHANGES_BETWEEN =
      CHANGE_COLUMNS + " AND c.seq > ? AND c.seq <= ? ORDER BY c.seq ASC";
  private static final String SELECT_RECENT_CHANGES =
      CHANGE_COLUMNS + " AND c.seq > ? ORDER BY c.seq DESC LIMIT ?";

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
  private static final String SELECT_STORED_ROOMS =
      "SELECT room_id, last_seq FROM rooms WHERE room_id > ? ORDER BY room_id LIMIT ?";
  private static final String SELECT_ROOMS_OF =
      "SELECT r.room_id, r.last_read, COALESCE(h.last_seq, 0),"
          + " (SELECT COUNT(*) FROM messages WHERE room_id = r.room_id AND seq > r.last_read AND "
          + UNREAD
          + "r.user_id),"
          + " m.seq, m.id, m.user_id, m.user_name, m.body, m.created_at, m.edited_at,"
          + " (SELECT t.title FROM room_settings t WHERE t.room_id = r.room_id)"
          + " FROM read_markers r"
          + " LEFT JOIN rooms h ON h.room_id = r.room_id"
          + " LEFT JOIN messages m ON m.room_id = r.room_id AND m.seq = ("
          + "SELECT l.seq FROM messages l WHERE l.room_id = r.room_id AND l.kind = 'message'"
          + " AND l.deleted_at IS NULL ORDER BY l.seq DESC LIMIT 1)"
          + " WHERE r.user_id = ?"
          // A private room is listed to its members only: a marker outlives a membership.
          + " AND NOT EXISTS (SELECT 1 FROM room_settings s WHERE s.room_id = r.room_id"
          + " AND s.visibility = 'private' AND NOT EXISTS (SELECT 1 FROM room_members b"
          + " WHERE b.room_id = r.room_id AND b.user_id = r.user_id))"
          + " ORDER BY CASE WHEN m.seq IS NULL THEN 1 ELSE 0 END, m.created_at DESC, r.room_id"
          + " LIMIT ?";

  private final DataSource dataSource;
  private final AutoCloseable onClose;
  private final ExecutorService writer;
  private final ExecutorService readers;
  private final LinkedBlockingQueue<PendingAppend> pendingAppends = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<PendingMarkers> pendingMarkers = new LinkedBlockingQueue<>();
  private final String epoch;
  private final boolean checkpointsAfterDelete;
  private final RoomSettingsStore rooms;
  private final InviteStore invites;
  private final ReportStore reports;
  private final ApiKeyStore keys;

  /** Whether the last group commit failed as a whole; only the writer thread sets it. */
  private volatile boolean writesFailing;

  /** Opens the store on a migrated database, reading (or, the first time, writing) its epoch. */
  public JdbcMessageStore(DataSource dataSource, int readerThreads, AutoCloseable onClose) {
    this(dataSource, readerThreads, onClose, false);
  }

  /**
   * {@code checkpointsAfterDelete}: the database is SQLite in WAL mode, whose write-ahead log keeps
   * a deleted message's old pages until a checkpoint; the writer runs one after each commit that
   * deleted a message.
   */
  public JdbcMessageStore(
      DataSource dataSource,
      int readerThreads,
      AutoCloseable onClose,
      boolean checkpointsAfterDelete) {
    this.checkpointsAfterDelete = checkpointsAfterDelete;
    this.dataSource = dataSource;
    this.onClose = onClose;
    this.epoch = loadEpoch(dataSource);
    this.writer =
        Executors.newSingleThreadExecutor(Thread.ofPlatform().name("store-writer").factory());
    this.readers =
        Executors.newFixedThreadPool(
            readerThreads, Thread.ofPlatform().name("store-reader-", 0).factory());
    this.rooms = new JdbcRoomSettingsStore(dataSource, writer, readers);
    this.invites = new JdbcInviteStore(dataSource, writer, readers);
    this.reports = new JdbcReportStore(dataSource, writer, readers);
    this.keys = new JdbcApiKeyStore(dataSource, writer, readers);
  }

  @Override
  public RoomSettingsStore rooms() {
    return rooms;
  }

  @Override
  public InviteStore invites() {
    return invites;
  }

  @Override
  public ReportStore reports() {
    return reports;
  }

  @Override
  public ApiKeyStore keys() {
    return keys;
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
      RoomId room, long headSeq, List<? extends NewEntry> batch) {
    PendingAppend pending = new PendingAppend(room, headSeq, batch, new CompletableFuture<>());
    pendingAppends.add(pending);
    writer.execute(this::commitPendingAppends);
    return pending.result();
  }

  /** One room's batch, waiting for the writer. */
  private record PendingAppend(
      RoomId room,
      long headSeq,
      List<? extends NewEntry> batch,
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
    if (checkpointsAfterDelete && deletedAny(written)) {
      checkpointDeletedText();
    }
  }

  /**
   * Rewrites SQLite's write-ahead log so that a deleted text's old pages leave it. A checkpoint
   * must wait for every read that began before the delete, so it runs after the acks are out, waits
   * for readers only briefly, and while one holds on it is tried again a second later rather than
   * hold up every room's writes behind it.
   */
  private void checkpointDeletedText() {
    boolean done;
    try (Connection connection = dataSource.getConnection()) {
      int busyTimeout = queryInt(connection, SELECT_BUSY_TIMEOUT);
      execute(connection, SET_BUSY_TIMEOUT + CHECKPOINT_WAIT_MILLIS);
      try {
        done = queryInt(connection, CHECKPOINT) == 0;

      } finally {
        execute(connection, SET_BUSY_TIMEOUT + busyTimeout);
      }
    } catch (SQLException e) {
      done = false;
    }
    if (!done && !writer.isShutdown()) {
      try {
        CompletableFuture.delayedExecutor(CHECKPOINT_RETRY_MILLIS, TimeUnit.MILLISECONDS, writer)
            .execute(this::checkpointDeletedText);
      } catch (RejectedExecutionException closing) {
        // The store is closing: the last connection's close checkpoints the log itself.
      }
    }
  }

  private static int queryInt(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet row = statement.executeQuery()) {
      return row.next() ? row.getInt(1) : 0;
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.execute();
    }
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

  private static boolean deletedAny(List<Map.Entry<PendingAppend, List<AppendOutcome>>> written) {
    return written.stream()
        .flatMap(entry -> entry.getValue().stream())
        .anyMatch(
            o -> o instanceof AppendOutcome.Changed c && c.change().kind() == Change.Kind.DELETE);
  }

  /** A message that a change or a reply names, as the transaction sees it. */
  private record TargetRow(
      long seq, String id, String userId, String userName, String body, boolean deleted) {}

  /**
   * Appends one room's batch. New messages are inserted in one JDBC batch; a change or a reply
   * first sends what is pending, since it may name a message of the same batch.
   */
  private static List<AppendOutcome> appendIn(
      Connection connection, RoomId room, long headSeq, List<? extends NewEntry> batch)
      throws SQLException {
    List<AppendOutcome> outcomes = new ArrayList<>(batch.size());
    Map<String, Long> seqByClientId = new HashMap<>();
    long seq = headSeq;
    int pending = 0;
    try (PreparedStatement find = connection.prepareStatement(SELECT_BY_CLIENT_ID);
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (NewEntry entry : batch) {
        Long known =
            entry.clientId() == null ? null : knownSeq(find, room, entry.clientId(), seqByClientId);
        if (known != null) {
          outcomes.add(new AppendOutcome.Duplicate(known));
          continue;
        }
        AppendOutcome outcome;
        switch (entry) {
          case NewMessage m -> {
            ChatMessage.Quote quote = null;
            if (m.replyTo() != null) {
              pending = flush(insert, pending);
              TargetRow target = target(connection, room, m.replyTo());
              if (target == null || target.deleted()) {
                outcomes.add(
                    new AppendOutcome.Refused(
                        ErrorCode.NOT_FOUND, "There is no such message to reply to."));
                continue;
              }
              quote =
                  new ChatMessage.Quote(
                      target.seq(),
                      target.id(),
                      target.userId(),
                      target.userName(),
                      ChatMessage.Quote.excerptOf(target.body()),
                      false);
            }
            seq++;
            addRow(insert, room, seq, entry, m.text(), MESSAGE, null, quote);
            pending++;
            outcome =
                new AppendOutcome.Stored(
                    new ChatMessage(
                        seq,
                        m.id(),
                        m.userId(),
                        m.userName(),
                        m.text(),
                        m.timestamp(),
                        null,
                        null,
                        quote,
                        List.of()));
          }
          case NewChange c -> {
            pending = flush(insert, pending);
            TargetRow target = target(connection, room, c.targetId());
            boolean reacted =
                target != null
                    && c.kind().isReaction()
                    && reacted(connection, room, target.seq(), c);
            NewChange.Verdict verdict =
                c.judge(
                    target == null
                        ? null
                        : new NewChange.Target(target.seq(), target.userId(), target.deleted()),
                    reacted);
            switch (verdict) {
              case NOT_FOUND -> {
                outcomes.add(
                    new AppendOutcome.Refused(ErrorCode.NOT_FOUND, "There is no such message."));
                continue;
              }
              case FORBIDDEN -> {
                outcomes.add(
                    new AppendOutcome.Refused(
                        ErrorCode.FORBIDDEN,
                        c.byModerator()
                            ? "You may not delete this person's messages."
                            : "Only its author may edit or delete a message."));
                continue;
              }
              case UNCHANGED -> {
                outcomes.add(new AppendOutcome.Unchanged(seq));
                continue;
              }
              case APPLY -> {}
            }
            seq++;
            boolean moderated =
                c.kind() == Change.Kind.DELETE && !target.userId().equals(c.userId());
            String reason = moderated ? c.text() : null;
            int count = applyChange(connection, room, target.seq(), c, reason);
            if (moderated && c.audit() != null) {
              JdbcAuditLog.insert(connection, room, c.audit());
            }
            addRow(
                insert,
                room,
                seq,
                entry,
                c.kind().isReaction() ? c.emoji() : reason == null ? "" : reason,
                c.kind().column(),
                target.seq(),
                null);
            pending++;
            outcome =
                new AppendOutcome.Changed(
                    new Change(
                        seq,
                        c.kind(),
                        target.seq(),
                        target.id(),
                        new UserRef(c.userId(), c.userName()),
                        c.timestamp(),
                        c.kind() == Change.Kind.EDIT ? c.text() : reason,
                        c.kind().isReaction() ? c.emoji() : null,
                        count,
                        moderated));
          }
        }
        if (entry.clientId() != null) {
          seqByClientId.put(entry.clientId(), seq);
        }
        outcomes.add(outcome);
      }
      flush(insert, pending);
      if (seq > headSeq) {
        try (PreparedStatement head = connection.prepareStatement(UPSERT_ROOM)) {
          head.setString(1, room.value());
          head.setLong(2, seq);
          head.executeUpdate();
        }
      }
    }
    return outcomes;
  }

  private static int flush(PreparedStatement insert, int pending) throws SQLException {
    if (pending > 0) {
      insert.executeBatch();
    }
    return 0;
  }

  private static void addRow(
      PreparedStatement insert,
      RoomId room,
      long seq,
      NewEntry entry,
      String body,
      String kind,
      Long targetSeq,
      ChatMessage.Quote quote)
      throws SQLException {
    insert.setString(1, room.value());
    insert.setLong(2, seq);
    insert.setString(3, entry.id());
    insert.setString(4, entry.userId());
    insert.setString(5, entry.userName());
    insert.setString(6, body);
    insert.setLong(7, entry.timestamp());
    insert.setString(8, entry.clientId());
    insert.setString(9, kind);
    insert.setObject(10, targetSeq, Types.BIGINT);
    insert.setObject(11, quote == null ? null : quote.seq(), Types.BIGINT);
    insert.setString(12, quote == null ? null : quote.excerpt());
    insert.addBatch();
  }

  private static TargetRow target(Connection connection, RoomId room, String id)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(SELECT_TARGET)) {
      st.setString(1, room.value());
      st.setString(2, id);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        rs.getLong(5);
        boolean deleted = !rs.wasNull();
        return new TargetRow(
            rs.getLong(1), id, rs.getString(2), rs.getString(3), rs.getString(4), deleted);
      }
    }
  }

  private static boolean reacted(Connection connection, RoomId room, long target, NewChange c)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(SELECT_REACTED)) {
      st.setString(1, room.value());
      st.setLong(2, target);
      st.setString(3, c.emoji());
      st.setString(4, c.userId());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Changes the target as {@code c} says ({@code reason}: a moderator's delete's); for a reaction,
   * returns the emoji's count after.
   */
  private static int applyChange(
      Connection connection, RoomId room, long target, NewChange c, String reason)
      throws SQLException {
    switch (c.kind()) {
      case EDIT -> update(connection, UPDATE_TEXT, c.text(), c.timestamp(), room.value(), target);
      case DELETE -> {
        update(
            connection, UPDATE_TOMBSTONE, c.timestamp(), c.userId(), reason, room.value(), target);
        update(connection, ERASE_EXCERPTS, room.value(), target);
        update(connection, DELETE_REACTIONS_OF, room.value(), target);
      }
      case REACT ->
          update(
              connection,
              INSERT_REACTION,
              room.value(),
              target,
              c.emoji(),
              c.userId(),
              c.timestamp());
      case UNREACT ->
          update(connection, DELETE_REACTION, room.value(), target, c.emoji(), c.userId());
    }
    if (!c.kind().isReaction()) {
      return 0;
    }
    try (PreparedStatement st = connection.prepareStatement(COUNT_REACTIONS)) {
      st.setString(1, room.value());
      st.setLong(2, target);
      st.setString(3, c.emoji());
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void update(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        st.setObject(i + 1, parameters[i]);
      }
      st.executeUpdate();
    }
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
  public CompletionStage<List<LogEntry>> entries(RoomId room, long afterSeq, long throughSeq) {
    return read(
        connection -> {
          List<LogEntry> entries = new ArrayList<>();
          messages(connection, SELECT_BETWEEN, room.value(), afterSeq, throughSeq)
              .forEach(m -> entries.add(new LogEntry.Posted(m)));
          changes(connection, SELECT_CHANGES_BETWEEN, room.value(), afterSeq, throughSeq)
              .forEach(c -> entries.add(new LogEntry.Changed(c)));
          entries.sort(java.util.Comparator.comparingLong(LogEntry::seq));
          return entries;
        });
  }

  @Override
  public CompletionStage<List<ChatMessage>> updated(
      RoomId room, long afterSeq, long throughSeq, long targetsThrough) {
    return read(
        connection ->
            messages(
                connection,
                SELECT_UPDATED,
                room.value(),
                room.value(),
                afterSeq,
                throughSeq,
                targetsThrough));
  }

  @Override
  public CompletionStage<List<Change>> recentChanges(RoomId room, long afterSeq, int limit) {
    return read(
        connection -> {
          List<Change> newestFirst =
              changes(connection, SELECT_RECENT_CHANGES, room.value(), afterSeq, limit);
          List<Change> oldestFirst = new ArrayList<>(newestFirst);
          Collections.reverse(oldestFirst);
          return oldestFirst;
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
  public CompletionStage<List<LastPost>> lastPostsSince(RoomId room, long sinceMillis) {
    return run(
        readers,
        "read the newest messages of each person",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_POSTS_SINCE)) {
            st.setString(1, room.value());
            st.setLong(2, sinceMillis);
            try (ResultSet rs = st.executeQuery()) {
              // Oldest first, so each person's newest message is the one kept.
              Map<String, LastPost> newest = new LinkedHashMap<>();
              while (rs.next()) {
                newest.put(
                    rs.getString(1), new LastPost(rs.getString(1), rs.getLong(2), rs.getString(3)));
              }
              return List.copyOf(newest.values());
            }
          }
        });
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
  public CompletionStage<List<StoredRoom>> storedRooms(String afterId, int limit) {
    return read(
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_STORED_ROOMS)) {
            st.setString(1, afterId == null ? "" : afterId);
            st.setInt(2, limit);
            try (ResultSet rs = st.executeQuery()) {
              List<StoredRoom> rooms = new ArrayList<>();
              while (rs.next()) {
                rooms.add(new StoredRoom(new RoomId(rs.getString(1)), rs.getLong(2)));
              }
              return rooms;
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
                        // A preview: the text as it reads now, marked when edited; a list of
                        // rooms shows neither quotes nor reactions.
                        : new ChatMessage(
                            latestSeq,
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getLong(10),
                            nullableLong(rs, 11),
                            null,
                            null,
                            List.of());
                rooms.add(
                    new RoomSummary(
                        new RoomId(rs.getString(1)),
                        blankToNull(rs.getString(12)),
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

  private static String blankToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
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
          if (deleted > 0) {
            try (PreparedStatement st = connection.prepareStatement(DELETE_ORPHAN_REACTIONS)) {
              st.executeUpdate();
            }
            try (PreparedStatement st = connection.prepareStatement(ERASE_ORPHAN_EXCERPTS)) {
              st.executeUpdate();
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
    return messages(connection, sql, room.value(), seq, limit);
  }

  /** Messages in current state, reactions included, from a {@link #MESSAGE_COLUMNS} query. */
  private static List<ChatMessage> messages(Connection connection, String sql, Object... parameters)
      throws SQLException {
    List<ChatMessage> messages = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        st.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          messages.add(message(rs));
        }
      }
    }
    return withReactions(connection, (String) parameters[0], messages);
  }

  private static ChatMessage message(ResultSet rs) throws SQLException {
    Long edited = nullableLong(rs, 7);
    Long deleted = nullableLong(rs, 8);
    Long replyTo = nullableLong(rs, 9);
    ChatMessage.Quote quote = null;
    // A tombstone quotes nothing; a reply whose target retention deleted has nothing to quote.
    if (replyTo != null && deleted == null && rs.getString(11) != null) {
      boolean targetDeleted = nullableLong(rs, 14) != null;
      quote =
          new ChatMessage.Quote(
              replyTo,
              rs.getString(11),
              rs.getString(12),
              rs.getString(13),
              targetDeleted ? null : rs.getString(10),
              targetDeleted);
    }
    String deletedBy = rs.getString(15);
    boolean moderated = deleted != null && deletedBy != null && !deletedBy.equals(rs.getString(3));
    return new ChatMessage(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getLong(6),
        edited,
        deleted,
        quote,
        List.of(),
        moderated,
        moderated ? rs.getString(16) : null);
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  /**
   * The messages with every person's reaction to them: for a page, one query over its seqs; for
   * messages strewn over the log (a resume's {@code updated}), one per message, since a range from
   * the first to the last could cover most of the room.
   */
  private static List<ChatMessage> withReactions(
      Connection connection, String room, List<ChatMessage> messages) throws SQLException {
    if (messages.isEmpty()) {
      return messages;
    }
    long lowest = Long.MAX_VALUE;
    long highest = Long.MIN_VALUE;
    for (ChatMessage m : messages) {
      lowest = Math.min(lowest, m.seq());
      highest = Math.max(highest, m.seq());
    }
    List<long[]> ranges = new ArrayList<>();
    if (highest - lowest < 4L * messages.size()) {
      ranges.add(new long[] {lowest, highest});
    } else {
      messages.forEach(m -> ranges.add(new long[] {m.seq(), m.seq()}));
    }
    Map<Long, List<ChatMessage.Reaction>> bySeq = new HashMap<>();
    try (PreparedStatement st = connection.prepareStatement(SELECT_REACTIONS)) {
      for (long[] range : ranges) {
        st.setString(1, room);
        st.setLong(2, range[0]);
        st.setLong(3, range[1]);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            bySeq
                .computeIfAbsent(rs.getLong(1), seq -> new ArrayList<>())
                .add(new ChatMessage.Reaction(rs.getString(2), rs.getString(3), rs.getLong(4)));
          }
        }
      }
    }
    if (bySeq.isEmpty()) {
      return messages;
    }
    List<ChatMessage> withReactions = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      List<ChatMessage.Reaction> rows = bySeq.get(m.seq());
      withReactions.add(rows == null ? m : m.withReactions(rows));
    }
    return withReactions;
  }

  private static List<Change> changes(Connection connection, String sql, Object... parameters)
      throws SQLException {
    List<Change> changes = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        st.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Change.Kind kind = Change.Kind.ofColumn(rs.getString(2));
          String author = rs.getString(11);
          boolean moderated =
              kind == Change.Kind.DELETE && author != null && !author.equals(rs.getString(5));
          String reason = moderated && !rs.getString(9).isEmpty() ? rs.getString(9) : null;
          changes.add(
              new Change(
                  rs.getLong(1),
                  kind,
                  rs.getLong(3),
                  rs.getString(4),
                  new UserRef(rs.getString(5), rs.getString(6)),
                  rs.getLong(7),
                  kind == Change.Kind.EDIT ? rs.getString(8) : reason,
                  kind.isReaction() ? rs.getString(9) : null,
                  kind.isReaction() ? rs.getInt(10) : 0,
                  moderated));
        }
      }
    }
    return changes;
  }

  private <T> CompletionStage<T> read(SqlWork<T> work) {
    return run(readers, "read", work);
  }

  private <T> CompletionStage<T> run(ExecutorService executor, String operation, SqlWork<T> work) {
    return SqlWork.on(dataSource, executor, operation, work);
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
}
