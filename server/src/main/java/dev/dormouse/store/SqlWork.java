package dev.dormouse.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/** Work on one JDBC connection, run on a store's own threads, never on the caller's. */
@FunctionalInterface
interface SqlWork<T> {

  T run(Connection connection) throws SQLException;

  /**
   * Runs {@code work} on a connection of {@code dataSource}, on {@code executor}; a failure
   * completes the stage with a {@link StoreException} naming {@code operation}.
   */
  static <T> CompletionStage<T> on(
      DataSource dataSource, Executor executor, String operation, SqlWork<T> work) {
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

  /** As {@link #on}, in one transaction: {@code work} commits as a whole, or not at all. */
  static <T> CompletionStage<T> inTransaction(
      DataSource dataSource, Executor executor, String operation, SqlWork<T> work) {
    return on(
        dataSource,
        executor,
        operation,
        connection -> {
          connection.setAutoCommit(false);
          try {
            T result = work.run(connection);
            connection.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          } finally {
            connection.setAutoCommit(true);
          }
        });
  }
}
