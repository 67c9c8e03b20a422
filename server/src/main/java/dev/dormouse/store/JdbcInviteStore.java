package dev.dormouse.store;

import dev.dormouse.access.AuditEntry;
import dev.dormouse.room.RoomId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/** {@link InviteStore} over JDBC, on the threads of the {@link JdbcMessageStore} it belongs to. */
final class JdbcInviteStore implements InviteStore {

  private static final String COLUMNS =
      "SELECT code, room_id, created_by, created_at, expires_at, max_uses, uses, revoked_at"
          + " FROM room_invites";
  private static final String INSERT =
      "INSERT INTO room_invites (code, room_id, created_by, created_at, expires_at, max_uses,"
          + " uses, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_BY_CODE = COLUMNS + " WHERE code = ?";
  private static final String SELECT_LIVE =
      COLUMNS
          + " WHERE room_id = ? AND revoked_at IS NULL AND expires_at > ?"
          + " ORDER BY created_at DESC, code";
  private static final String REVOKE =
      "UPDATE room_invites SET revoked_at = ?"
          + " WHERE room_id = ? AND code = ? AND revoked_at IS NULL";
  // The check and the count are one statement: of two racing redeems of the last use, one updates
  // no row.
  private static final String TAKE_USE =
      "UPDATE room_invites SET uses = uses + 1 WHERE room_id = ? AND code = ?"
          + " AND revoked_at IS NULL AND expires_at > ? AND (max_uses IS NULL OR uses < max_uses)";
  // A member already there keeps their role: an invite never demotes anyone.
  private static final String ADD_MEMBER =
      "INSERT INTO room_members (room_id, user_id, role, name) VALUES (?, ?, 'member', ?)"
          + " ON CONFLICT (room_id, user_id) DO UPDATE SET name = excluded.name";

  private final DataSource dataSource;
  private final Executor writer;
  private final Executor readers;

  JdbcInviteStore(DataSource dataSource, Executor writer, Executor readers) {
    this.dataSource = dataSource;
    this.writer = writer;
    this.readers = readers;
  }

  @Override
  public CompletionStage<Void> create(Invite invite, AuditEntry audit) {
    return SqlWork.inTransaction(
        dataSource,
        writer,
        "create an invite",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(INSERT)) {
            st.setString(1, invite.code());
            st.setString(2, invite.room().value());
            st.setString(3, invite.createdBy());
            st.setLong(4, invite.createdAt());
            st.setLong(5, invite.expiresAt());
            if (invite.maxUses() == null) {
              st.setNull(6, Types.INTEGER);
            } else {
              st.setInt(6, invite.maxUses());
            }
            st.setInt(7, invite.uses());
            if (invite.revokedAt() == null) {
              st.setNull(8, Types.BIGINT);
            } else {
              st.setLong(8, invite.revokedAt());
            }
            st.executeUpdate();
          }
          JdbcAuditLog.insert(connection, invite.room(), audit);
          return null;
        });
  }

  @Override
  public CompletionStage<Optional<Invite>> find(String code) {
    return run(
        readers,
        "read an invite",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_BY_CODE)) {
            st.setString(1, code);
            try (ResultSet rs = st.executeQuery()) {
              return rs.next() ? Optional.of(inviteOf(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public CompletionStage<List<Invite>> list(RoomId room, long now) {
    return run(
        readers,
        "list invites",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_LIVE)) {
            st.setString(1, room.value());
            st.setLong(2, now);
            try (ResultSet rs = st.executeQuery()) {
              List<Invite> invites = new ArrayList<>();
              while (rs.next()) {
                invites.add(inviteOf(rs));
              }
              return invites;
            }
          }
        });
  }

  @Override
  public CompletionStage<Boolean> revoke(RoomId room, String code, long now, AuditEntry audit) {
    return SqlWork.inTransaction(
        dataSource,
        writer,
        "revoke an invite",
        connection -> {
          boolean revoked;
          try (PreparedStatement st = connection.prepareStatement(REVOKE)) {
            st.setLong(1, now);
            st.setString(2, room.value());
            st.setString(3, code);
            revoked = st.executeUpdate() == 1;
          }
          if (revoked) {
            JdbcAuditLog.insert(connection, room, audit);
          }
          return revoked;
        });
  }

  @Override
  public CompletionStage<Redemption> redeem(
      RoomId room, String code, String userId, String name, long now, AuditEntry audit) {
    return SqlWork.inTransaction(
        dataSource,
        writer,
        "redeem an invite",
        connection -> {
          Redemption outcome = redeemIn(connection, room, code, userId, name, now);
          if (outcome == Redemption.REDEEMED) {
            JdbcAuditLog.insert(connection, room, audit);
          }
          return outcome;
        });
  }

  private static Redemption redeemIn(
      Connection connection, RoomId room, String code, String userId, String name, long now)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(TAKE_USE)) {
      st.setString(1, room.value());
      st.setString(2, code);
      st.setLong(3, now);
      if (st.executeUpdate() == 0) {
        try (PreparedStatement find = connection.prepareStatement(SELECT_BY_CODE)) {
          find.setString(1, code);
          try (ResultSet rs = find.executeQuery()) {
            if (!rs.next()) {
              return Redemption.INVALID;
            }
            Invite invite = inviteOf(rs);
            return invite.revoked() || !invite.room().equals(room)
                ? Redemption.INVALID
                : Redemption.EXPIRED;
          }
        }
      }
    }
    try (PreparedStatement st = connection.prepareStatement(ADD_MEMBER)) {
      st.setString(1, room.value());
      st.setString(2, userId);
      st.setString(3, name);
      st.executeUpdate();
    }
    return Redemption.REDEEMED;
  }

  private static Invite inviteOf(ResultSet rs) throws SQLException {
    int maxUses = rs.getInt(6);
    Integer max = rs.wasNull() ? null : maxUses;
    long revokedAt = rs.getLong(8);
    Long revoked = rs.wasNull() ? null : revokedAt;
    return new Invite(
        rs.getString(1),
        new RoomId(rs.getString(2)),
        rs.getString(3),
        rs.getLong(4),
        rs.getLong(5),
        max,
        rs.getInt(7),
        revoked);
  }

  private <T> CompletionStage<T> run(Executor executor, String operation, SqlWork<T> work) {
    return SqlWork.on(dataSource, executor, operation, work);
  }
}
