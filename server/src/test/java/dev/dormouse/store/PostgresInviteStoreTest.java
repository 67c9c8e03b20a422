package dev.dormouse.store;

/** The invite contract on the same PostgreSQL as {@link PostgresMessageStoreTest}. */
class PostgresInviteStoreTest extends InviteStoreContract {

  @Override
  protected MessageStore open() {
    return Stores.postgres(PostgresMessageStoreTest.URL, 4);
  }
}
