package dev.dormouse.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.dormouse.access.AuditAction;
import dev.dormouse.access.AuditEntry;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The audit log's rows. Each store that changes a room writes the change's entry here within its
 * own transaction, so an answered change is always on record and a failed one never is.
 */
final class JdbcAuditLog {

  private static final String INSERT =
      "INSERT INTO audit_log (room_id, id, at, actor_id, actor_name, action, target, reason,"
          + " detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_PAGE =
      "SELECT id, at, actor_id, actor_name, action, target, reason, detail FROM audit_log"
          + " WHERE room_id = ? AND id < ? ORDER BY id DESC LIMIT ?";
  private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() {};

  /** Greater than every time-ordered id, so a page with no cursor starts at the newest. */
  private static final String NEWEST = "~";

  private JdbcAuditLog() {}

  /** Adds {@code entry} within the caller's transaction. */
  static void insert(Connection connection, RoomId room, AuditEntry entry) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(INSERT)) {
      st.setString(1, room.value());
      st.setString(2, entry.id());
      st.setLong(3, entry.at());
      st.setString(4, entry.actor().id());
      st.setString(5, entry.actor().name());
      st.setString(6, entry.action().wire());
      st.setString(7, entry.target());
      st.setString(8, entry.reason());
      st.setString(9, entry.detail().isEmpty() ? null : detailText(entry.detail()));
      st.executeUpdate();
    }
  }

  /** Up to {@code limit} entries older than {@code before} (null: the newest), newest first. */
  static AuditPage page(Connection connection, RoomId room, String before, int limit)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(SELECT_PAGE)) {
      st.setString(1, room.value());
      st.setString(2, before == null ? NEWEST : before);
      st.setInt(3, limit + 1);
      try (ResultSet rs = st.executeQuery()) {
        List<AuditEntry> entries = new ArrayList<>();
        while (rs.next()) {
          entries.add(
              new AuditEntry(
                  rs.getString(1),
                  rs.getLong(2),
                  new UserRef(rs.getString(3), rs.getString(4)),
                  AuditAction.ofWire(rs.getString(5)),
                  rs.getString(6),
                  rs.getString(7),
                  detailOf(rs.getString(8))));
        }
        boolean hasMore = entries.size() > limit;
        return new AuditPage(hasMore ? entries.subList(0, limit) : entries, hasMore);
      }
    }
  }

  private static String detailText(Map<String, Object> detail) throws SQLException {
    try {
      return FrameCodec.json().writeValueAsString(detail);
    } catch (JsonProcessingException e) {
      throw new SQLException("an audit entry's detail is not JSON", e);
    }
  }

  private static Map<String, Object> detailOf(String text) throws SQLException {
    if (text == null) {
      return Map.of();
    }
    try {
      return FrameCodec.json().readValue(text, DETAIL);
    } catch (JsonProcessingException e) {
      throw new SQLException("an audit entry's detail is not JSON", e);
    }
  }
}
