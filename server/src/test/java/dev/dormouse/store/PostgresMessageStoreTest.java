package dev.dormouse.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The store contract on the PostgreSQL that CI provides at 127.0.0.1:5432 (trust auth). Every test
 * uses its own random room ids, so runs never see each other's messages.
 */
class PostgresMessageStoreTest extends MessageStoreContract {

  static final String URL =
      System.getenv()
          .getOrDefault("TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  @Override
  protected MessageStore open() {
    return Stores.postgres(URL, 4);
  }

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection(URL);
  }
}
