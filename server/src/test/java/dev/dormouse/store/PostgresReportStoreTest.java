package dev.dormouse.store;

/** The report contract on the same PostgreSQL as {@link PostgresMessageStoreTest}. */
class PostgresReportStoreTest extends ReportStoreContract {

  @Override
  protected MessageStore open() {
    return Stores.postgres(PostgresMessageStoreTest.URL, 4);
  }
}
