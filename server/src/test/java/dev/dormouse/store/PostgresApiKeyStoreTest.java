package dev.dormouse.store;

/** The key contract on the same PostgreSQL as {@link PostgresMessageStoreTest}. */
class PostgresApiKeyStoreTest extends ApiKeyStoreContract {

  @Override
  protected MessageStore open() {
    return Stores.postgres(PostgresMessageStoreTest.URL, 4);
  }
}
