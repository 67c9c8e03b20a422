package dev.dormouse.store;

import dev.dormouse.access.AuditEntry;
import dev.dormouse.access.Member;
import dev.dormouse.access.PostPolicy;
import dev.dormouse.access.Restriction;
import dev.dormouse.access.Role;
import dev.dormouse.access.RoomAccess;
import dev.dormouse.access.RoomSettings;
import dev.dormouse.access.Visibility;
import dev.dormouse.room.RoomId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * {@link RoomSettingsStore} over JDBC, on the executors of the {@link JdbcMessageStore} it belongs
 * to: its writes go through the same one writer thread, so a SQLite file still sees one writer.
 */
final class JdbcRoomSettingsStore implements RoomSettingsStore {

  private static final String SELECT_SETTINGS =
      "SELECT owner_id, title, topic, visibility, post_policy, slow_mode_seconds, created_at"
          + " FROM room_settings WHERE room_id = ?";
  private static final String SELECT_ROLE =
      "SELECT role FROM room_members WHERE room_id = ? AND user_id = ?";
  private static final String SELECT_MEMBERS =
      "SELECT user_id, role, name FROM room_members WHERE room_id = ?"
          + " ORDER BY CASE role WHEN 'owner' THEN 0 WHEN 'moderator' THEN 1 ELSE 2 END, user_id";
  private static final String SELECT_LAST_SEQ = "SELECT last_seq FROM rooms WHERE room_id = ?";
  private static final String INSERT_SETTINGS =
      "INSERT INTO room_settings (room_id, owner_id, title, topic, visibility, post_policy,"
          + " slow_mode_seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE_SETTINGS =
      "UPDATE room_settings SET title = ?, topic = ?, visibility = ?, post_policy = ?,"
          + " slow_mode_seconds = ? WHERE room_id = ?";
  private static final String UPSERT_MEMBER =
      "INSERT INTO room_members (room_id, user_id, role, name) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (room_id, user_id) DO UPDATE SET role = excluded.role,"
          + " name = COALESCE(excluded.name, room_members.name)";
  private static final String UPDATE_NAME =
      "UPDATE room_members SET name = ? WHERE room_id = ? AND user_id = ?";
  // A room's last activity is its newest entry's time: the row at its last seq, found by key.
  // Rooms without one sort last (-1). The search is LIKE over lower case on both databases, with
  // the query's own % and _ escaped.
  private static final String SELECT_DIRECTORY =
      "SELECT s.room_id, s.title, s.topic, m.created_at FROM room_settings s"
          + " LEFT JOIN rooms r ON r.room_id = s.room_id"
          + " LEFT JOIN messages m ON m.room_id = s.room_id AND m.seq = r.last_seq"
          + " WHERE s.visibility = 'public'"
          + " AND (LOWER(s.room_id) LIKE ? ESCAPE '\\' OR LOWER(s.title) LIKE ? ESCAPE '\\'"
          + " OR LOWER(s.topic) LIKE ? ESCAPE '\\')"
          + " AND (COALESCE(m.created_at, -1) < ?"
          + " OR (COALESCE(m.created_at, -1) = ? AND s.room_id > ?))"
          + " ORDER BY COALESCE(m.created_at, -1) DESC, s.room_id ASC LIMIT ?";
  private static final String DELETE_MEMBER =
      "DELETE FROM room_members WHERE room_id = ? AND user_id = ?";

  private static final String RESTRICTION_COLUMNS =
      "SELECT kind, user_id, until_at, reason, by_id, created_at FROM room_restrictions";
  private static final String SELECT_RESTRICTIONS = RESTRICTION_COLUMNS + " WHERE room_id = ?";
  private static final String SELECT_BAN =
      RESTRICTION_COLUMNS + " WHERE room_id = ? AND user_id = ? AND kind = 'ban'";
  private static final String UPSERT_RESTRICTION =
      "INSERT INTO room_restrictions (room_id, user_id, kind, until_at, reason, by_id, created_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (room_id, user_id, kind) DO UPDATE"
          + " SET until_at = excluded.until_at, reason = excluded.reason, by_id = excluded.by_id,"
          + " created_at = excluded.created_at";
  private static final String DELETE_RESTRICTION =
      "DELETE FROM room_restrictions WHERE room_id = ? AND user_id = ? AND kind = ?";

  private final DataSource dataSource;
  private final Executor writer;
  private final Executor readers;

  JdbcRoomSettingsStore(DataSource dataSource, Executor writer, Executor readers) {
    this.dataSource = dataSource;
    this.writer = writer;
    this.readers = readers;
  }

  @Override
  public CompletionStage<Optional<RoomSettings>> settings(RoomId room) {
    return run(readers, "read room settings", connection -> settingsIn(connection, room));
  }

  @Override
  public CompletionStage<RoomAccess> access(RoomId room, String userId) {
    return run(
        readers,
        "read room access",
        connection -> {
          Optional<RoomSettings> settings = settingsIn(connection, room);
          // A guest has no id to ban or to give a role: one query, the common case of an upgrade.
          if (userId == null) {
            return new RoomAccess(settings.orElse(RoomSettings.UNCLAIMED), Role.NONE);
          }
          // An unclaimed room has no members, but an operator admin may have banned someone.
          Role role = settings.isEmpty() ? Role.NONE : roleIn(connection, room, userId);
          return new RoomAccess(
              settings.orElse(RoomSettings.UNCLAIMED), role, banIn(connection, room, userId));
        });
  }

  @Override
  public CompletionStage<List<Member>> members(RoomId room) {
    return run(
        readers,
        "read room members",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_MEMBERS)) {
            st.setString(1, room.value());
            try (ResultSet rs = st.executeQuery()) {
              List<Member> members = new ArrayList<>();
              while (rs.next()) {
                members.add(
                    new Member(rs.getString(1), rs.getString(3), Role.ofWire(rs.getString(2))));
              }
              return members;
            }
          }
        });
  }

  @Override
  public CompletionStage<ClaimOutcome> claim(
      RoomId room, RoomSettings settings, boolean evenWithHistory, AuditEntry audit) {
    return run(
        writer,
        "claim room",
        connection -> {
          connection.setAutoCommit(false);
          try {
            ClaimOutcome outcome = claimIn(connection, room, settings, evenWithHistory);
            if (outcome == ClaimOutcome.CLAIMED) {
              JdbcAuditLog.insert(connection, room, audit);
            }
            connection.commit();
            return outcome;
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            // Another node's writer may have claimed it between the check and the insert.
            if (settingsIn(connection, room).isPresent()) {
              return ClaimOutcome.ALREADY_CLAIMED;
            }
            throw e;
          } finally {
            connection.setAutoCommit(true);
          }
        });
  }

  private static ClaimOutcome claimIn(
      Connection connection, RoomId room, RoomSettings settings, boolean evenWithHistory)
      throws SQLException {
    if (settingsIn(connection, room).isPresent()) {
      return ClaimOutcome.ALREADY_CLAIMED;
    }
    if (!evenWithHistory) {
      try (PreparedStatement st = connection.prepareStatement(SELECT_LAST_SEQ)) {
        st.setString(1, room.value());
        try (ResultSet rs = st.executeQuery()) {
          if (rs.next() && rs.getLong(1) > 0) {
            return ClaimOutcome.HAS_HISTORY;
          }
        }
      }
    }
    try (PreparedStatement st = connection.prepareStatement(INSERT_SETTINGS)) {
      st.setString(1, room.value());
      st.setString(2, settings.owner());
      st.setString(3, settings.title());
      st.setString(4, settings.topic());
      st.setString(5, settings.visibility().wire());
      st.setString(6, settings.postPolicy().wire());
      st.setInt(7, settings.slowModeSeconds());
      st.setLong(8, settings.createdAt());
      st.executeUpdate();
    }
    upsertMember(connection, room, settings.owner(), Role.OWNER, null);
    return ClaimOutcome.CLAIMED;
  }

  @Override
  public CompletionStage<Void> updateSettings(
      RoomId room, RoomSettings settings, AuditEntry audit) {
    return inTransaction(
        "update room settings",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(UPDATE_SETTINGS)) {
            st.setString(1, settings.title());
            st.setString(2, settings.topic());
            st.setString(3, settings.visibility().wire());
            st.setString(4, settings.postPolicy().wire());
            st.setInt(5, settings.slowModeSeconds());
            st.setString(6, room.value());
            if (st.executeUpdate() != 1) {
              throw new SQLException("room " + room + " is not claimed");
            }
          }
          JdbcAuditLog.insert(connection, room, audit);
          return null;
        });
  }

  @Override
  public CompletionStage<Void> setRole(
      RoomId room, String userId, Role role, String name, AuditEntry audit) {
    return inTransaction(
        "set a member's role",
        connection -> {
          if (role == Role.NONE) {
            try (PreparedStatement st = connection.prepareStatement(DELETE_MEMBER)) {
              st.setString(1, room.value());
              st.setString(2, userId);
              st.executeUpdate();
            }
          } else {
            upsertMember(connection, room, userId, role, name);
          }
          JdbcAuditLog.insert(connection, room, audit);
          return null;
        });
  }

  @Override
  public CompletionStage<Void> recordAudit(RoomId room, AuditEntry entry) {
    return inTransaction(
        "record an audit entry",
        connection -> {
          JdbcAuditLog.insert(connection, room, entry);
          return null;
        });
  }

  @Override
  public CompletionStage<AuditPage> auditLog(RoomId room, String before, int limit) {
    return run(
        readers,
        "read the audit log",
        connection -> JdbcAuditLog.page(connection, room, before, limit));
  }

  @Override
  public CompletionStage<List<Restriction>> restrictions(RoomId room) {
    return run(
        readers,
        "read bans and mutes",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_RESTRICTIONS)) {
            st.setString(1, room.value());
            try (ResultSet rs = st.executeQuery()) {
              List<Restriction> restrictions = new ArrayList<>();
              while (rs.next()) {
                restrictions.add(restriction(rs));
              }
              return restrictions;
            }
          }
        });
  }

  @Override
  public CompletionStage<Void> restrict(RoomId room, Restriction restriction, AuditEntry audit) {
    return inTransaction(
        "store a ban or mute",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(UPSERT_RESTRICTION)) {
            st.setString(1, room.value());
            st.setString(2, restriction.userId());
            st.setString(3, restriction.kind().column());
            st.setObject(4, restriction.until(), Types.BIGINT);
            st.setString(5, restriction.reason());
            st.setString(6, restriction.by());
            st.setLong(7, restriction.at());
            st.executeUpdate();
          }
          JdbcAuditLog.insert(connection, room, audit);
          return null;
        });
  }

  @Override
  public CompletionStage<Boolean> lift(
      RoomId room, Restriction.Kind kind, String userId, AuditEntry audit) {
    return inTransaction(
        "lift a ban or mute",
        connection -> {
          boolean lifted;
          try (PreparedStatement st = connection.prepareStatement(DELETE_RESTRICTION)) {
            st.setString(1, room.value());
            st.setString(2, userId);
            st.setString(3, kind.column());
            lifted = st.executeUpdate() > 0;
          }
          if (lifted) {
            JdbcAuditLog.insert(connection, room, audit);
          }
          return lifted;
        });
  }

  @Override
  public CompletionStage<Void> rememberName(RoomId room, String userId, String name) {
    return run(
        writer,
        "remember a member's name",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(UPDATE_NAME)) {
            st.setString(1, name);
            st.setString(2, room.value());
            st.setString(3, userId);
            st.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public CompletionStage<List<ListedRoom>> directory(
      String query, ListedRoom.Position after, int limit) {
    String pattern =
        "%"
            + query
                .toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_")
            + "%";
    return run(
        readers,
        "list the directory",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_DIRECTORY)) {
            st.setString(1, pattern);
            st.setString(2, pattern);
            st.setString(3, pattern);
            st.setLong(4, after.activity());
            st.setLong(5, after.activity());
            st.setString(6, after.roomId());
            st.setInt(7, limit);
            try (ResultSet rs = st.executeQuery()) {
              List<ListedRoom> rooms = new ArrayList<>();
              while (rs.next()) {
                long at = rs.getLong(4);
                Long lastActivity = rs.wasNull() ? null : at;
                rooms.add(
                    new ListedRoom(
                        new RoomId(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        lastActivity));
              }
              return rooms;
            }
          }
        });
  }

  private <T> CompletionStage<T> inTransaction(String operation, SqlWork<T> work) {
    return SqlWork.inTransaction(dataSource, writer, operation, work);
  }

  private static Restriction banIn(Connection connection, RoomId room, String userId)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(SELECT_BAN)) {
      st.setString(1, room.value());
      st.setString(2, userId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? restriction(rs) : null;
      }
    }
  }

  private static Restriction restriction(ResultSet rs) throws SQLException {
    long until = rs.getLong(3);
    Long untilOrNull = rs.wasNull() ? null : until;
    return new Restriction(
        Restriction.Kind.ofColumn(rs.getString(1)),
        rs.getString(2),
        untilOrNull,
        rs.getString(4),
        rs.getString(5),
        rs.getLong(6));
  }

  private static void upsertMember(
      Connection connection, RoomId room, String userId, Role role, String name)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(UPSERT_MEMBER)) {
      st.setString(1, room.value());
      st.setString(2, userId);
      st.setString(3, role.wire());
      st.setString(4, name);
      st.executeUpdate();
    }
  }

  private static Optional<RoomSettings> settingsIn(Connection connection, RoomId room)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(SELECT_SETTINGS)) {
      st.setString(1, room.value());
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new RoomSettings(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Visibility.ofWire(rs.getString(4)),
                PostPolicy.ofWire(rs.getString(5)),
                rs.getInt(6),
                rs.getLong(7)));
      }
    }
  }

  private static Role roleIn(Connection connection, RoomId room, String userId)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(SELECT_ROLE)) {
      st.setString(1, room.value());
      st.setString(2, userId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Role.ofWire(rs.getString(1)) : Role.NONE;
      }
    }
  }

  private <T> CompletionStage<T> run(Executor executor, String operation, SqlWork<T> work) {
    return SqlWork.on(dataSource, executor, operation, work);
  }
}
