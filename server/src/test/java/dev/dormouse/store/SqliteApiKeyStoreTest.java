package dev.dormouse.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteApiKeyStoreTest extends ApiKeyStoreContract {

  @TempDir Path dataDir;

  @Override
  protected MessageStore open() {
    return Stores.sqlite(dataDir);
  }
}
