package dev.dormouse.store;

import dev.dormouse.access.AuditEntry;
import dev.dormouse.room.RoomId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/** {@link ReportStore} over JDBC, on the threads of the {@link JdbcMessageStore} it belongs to. */
final class JdbcReportStore implements ReportStore {

  /** How much of a reported message the queue shows, in code points. */
  static final int EXCERPT = 200;

  private static final String SELECT_MESSAGE =
      "SELECT 1 FROM messages WHERE room_id = ? AND id = ? AND kind = 'message'"
          + " AND deleted_at IS NULL";
  private static final String INSERT =
      "INSERT INTO room_reports (id, room_id, message_id, reason, reporter_id, created_at, status)"
          + " VALUES (?, ?, ?, ?, ?, ?, 'open')"
          + " ON CONFLICT (room_id, message_id, reporter_id) WHERE status = 'open' DO NOTHING";
  // The report with what its message says now (nothing, once deleted or pruned).
  private static final String COLUMNS =
      "SELECT p.id, p.room_id, p.message_id, p.reason, p.reporter_id, p.created_at, p.resolution,"
          + " p.resolved_by, p.resolved_at, m.body, m.user_id, m.user_name FROM room_reports p"
          + " LEFT JOIN messages m ON m.room_id = p.room_id AND m.id = p.message_id"
          + " AND m.kind = 'message'";
  private static final String SELECT_OPEN_OF =
      COLUMNS
          + " WHERE p.room_id = ? AND p.message_id = ? AND p.reporter_id = ?"
          + " AND p.status = 'open'";
  private static final String SELECT_ONE = COLUMNS + " WHERE p.room_id = ? AND p.id = ?";
  private static final String SELECT_LIST =
      COLUMNS + " WHERE p.room_id = ? AND p.status = ? ORDER BY p.created_at DESC, p.id LIMIT ?";
  private static final String RESOLVE =
      "UPDATE room_reports SET status = 'resolved', resolution = ?, resolved_by = ?,"
          + " resolved_at = ? WHERE room_id = ? AND id = ? AND status = 'open'";

  private final DataSource dataSource;
  private final Executor writer;
  private final Executor readers;

  JdbcReportStore(DataSource dataSource, Executor writer, Executor readers) {
    this.dataSource = dataSource;
    this.writer = writer;
    this.readers = readers;
  }

  @Override
  public CompletionStage<Optional<Report>> file(
      RoomId room, String id, String messageId, String reason, String by, long now) {
    return run(
        writer,
        "file a report",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_MESSAGE)) {
            st.setString(1, room.value());
            st.setString(2, messageId);
            try (ResultSet rs = st.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
            }
          }
          try (PreparedStatement st = connection.prepareStatement(INSERT)) {
            st.setString(1, id);
            st.setString(2, room.value());
            st.setString(3, messageId);
            st.setString(4, reason);
            st.setString(5, by);
            st.setLong(6, now);
            st.executeUpdate();
          }
          try (PreparedStatement st = connection.prepareStatement(SELECT_OPEN_OF)) {
            st.setString(1, room.value());
            st.setString(2, messageId);
            st.setString(3, by);
            return one(st);
          }
        });
  }

  @Override
  public CompletionStage<Optional<Report>> find(RoomId room, String id) {
    return run(
        readers,
        "read a report",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_ONE)) {
            st.setString(1, room.value());
            st.setString(2, id);
            return one(st);
          }
        });
  }

  @Override
  public CompletionStage<List<Report>> list(RoomId room, boolean open, int limit) {
    return run(
        readers,
        "list reports",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_LIST)) {
            st.setString(1, room.value());
            st.setString(2, open ? "open" : "resolved");
            st.setInt(3, limit);
            try (ResultSet rs = st.executeQuery()) {
              List<Report> reports = new ArrayList<>();
              while (rs.next()) {
                reports.add(reportOf(rs));
              }
              return reports;
            }
          }
        });
  }

  @Override
  public CompletionStage<Optional<Report>> resolve(
      RoomId room, String id, Report.Resolution resolution, String by, long now, AuditEntry audit) {
    return SqlWork.inTransaction(
        dataSource,
        writer,
        "resolve a report",
        connection -> {
          boolean resolved;
          try (PreparedStatement st = connection.prepareStatement(RESOLVE)) {
            st.setString(1, resolution.wire());
            st.setString(2, by);
            st.setLong(3, now);
            st.setString(4, room.value());
            st.setString(5, id);
            resolved = st.executeUpdate() > 0;
          }
          if (resolved) {
            JdbcAuditLog.insert(connection, room, audit);
          }
          try (PreparedStatement st = connection.prepareStatement(SELECT_ONE)) {
            st.setString(1, room.value());
            st.setString(2, id);
            return one(st);
          }
        });
  }

  private static Optional<Report> one(PreparedStatement st) throws SQLException {
    try (ResultSet rs = st.executeQuery()) {
      return rs.next() ? Optional.of(reportOf(rs)) : Optional.empty();
    }
  }

  private static Report reportOf(ResultSet rs) throws SQLException {
    String resolution = rs.getString(7);
    long resolvedAt = rs.getLong(9);
    Long resolved = rs.wasNull() ? null : resolvedAt;
    String body = rs.getString(10);
    return new Report(
        rs.getString(1),
        new RoomId(rs.getString(2)),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getLong(6),
        resolution == null ? null : Report.Resolution.parse(resolution).orElseThrow(),
        rs.getString(8),
        resolved,
        body == null ? "" : excerpt(body),
        rs.getString(11),
        rs.getString(12));
  }

  private static String excerpt(String body) {
    return body.codePointCount(0, body.length()) <= EXCERPT
        ? body
        : body.substring(0, body.offsetByCodePoints(0, EXCERPT)) + "…";
  }

  private <T> CompletionStage<T> run(Executor executor, String operation, SqlWork<T> work) {
    return SqlWork.on(dataSource, executor, operation, work);
  }
}
