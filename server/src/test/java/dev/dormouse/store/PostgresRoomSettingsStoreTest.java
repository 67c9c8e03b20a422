package dev.dormouse.store;

/** The settings contract on the same PostgreSQL as {@link PostgresMessageStoreTest}. */
class PostgresRoomSettingsStoreTest extends RoomSettingsStoreContract {

  @Override
  protected MessageStore open() {
    return Stores.postgres(PostgresMessageStoreTest.URL, 4);
  }
}
