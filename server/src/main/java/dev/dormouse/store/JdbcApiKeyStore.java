package dev.dormouse.store;

import dev.dormouse.access.Scope;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/** {@link ApiKeyStore} over JDBC, on the threads of the {@link JdbcMessageStore} it belongs to. */
final class JdbcApiKeyStore implements ApiKeyStore {

  private static final String INSERT =
      "INSERT INTO api_keys (id, name, key_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?)";
  private static final String COLUMNS =
      "SELECT id, name, scopes, created_at, revoked_at FROM api_keys";
  private static final String SELECT_ALL = COLUMNS + " ORDER BY created_at, id";
  private static final String SELECT_BY_HASH = COLUMNS + " WHERE key_hash = ?";
  private static final String SELECT_ONE = COLUMNS + " WHERE id = ?";
  private static final String REVOKE =
      "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";

  private final DataSource dataSource;
  private final Executor writer;
  private final Executor readers;

  JdbcApiKeyStore(DataSource dataSource, Executor writer, Executor readers) {
    this.dataSource = dataSource;
    this.writer = writer;
    this.readers = readers;
  }

  @Override
  public CompletionStage<Void> create(ApiKey key, String keyHash) {
    return SqlWork.on(
        dataSource,
        writer,
        "create an API key",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(INSERT)) {
            st.setString(1, key.id());
            st.setString(2, key.name());
            st.setString(3, keyHash);
            st.setString(4, Scope.listOf(key.scopes()));
            st.setLong(5, key.createdAt());
            st.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public CompletionStage<List<ApiKey>> list() {
    return SqlWork.on(
        dataSource,
        readers,
        "list API keys",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_ALL);
              ResultSet rs = st.executeQuery()) {
            List<ApiKey> keys = new ArrayList<>();
            while (rs.next()) {
              keys.add(keyOf(rs));
            }
            return keys;
          }
        });
  }

  @Override
  public CompletionStage<Optional<ApiKey>> byHash(String keyHash) {
    return SqlWork.on(
        dataSource,
        readers,
        "find an API key",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(SELECT_BY_HASH)) {
            st.setString(1, keyHash);
            return one(st);
          }
        });
  }

  @Override
  public CompletionStage<Optional<ApiKey>> revoke(String id, long now) {
    return SqlWork.on(
        dataSource,
        writer,
        "revoke an API key",
        connection -> {
          try (PreparedStatement st = connection.prepareStatement(REVOKE)) {
            st.setLong(1, now);
            st.setString(2, id);
            st.executeUpdate();
          }
          try (PreparedStatement st = connection.prepareStatement(SELECT_ONE)) {
            st.setString(1, id);
            return one(st);
          }
        });
  }

  private static Optional<ApiKey> one(PreparedStatement st) throws SQLException {
    try (ResultSet rs = st.executeQuery()) {
      return rs.next() ? Optional.of(keyOf(rs)) : Optional.empty();
    }
  }

  private static ApiKey keyOf(ResultSet rs) throws SQLException {
    long revokedAt = rs.getLong(5);
    Long revoked = rs.wasNull() ? null : revokedAt;
    return new ApiKey(
        rs.getString(1),
        rs.getString(2),
        Scope.parseList(rs.getString(3)).orElseThrow(),
        rs.getLong(4),
        revoked);
  }
}
