package dev.dormouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMessageStoreTest extends MessageStoreContract {

  @TempDir Path dataDir;

  @Override
  protected MessageStore open() {
    return Stores.sqlite(dataDir);
  }

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("dormouse.db"));
  }

  @Test
  void what_was_committed_is_there_after_reopening_the_file() {
    dev.dormouse.room.RoomId room = new dev.dormouse.room.RoomId("reopen");
    store
        .append(room, 0, List.of(new NewMessage("id", "u", "Ada", "kept", 1L, "c")))
        .toCompletableFuture()
        .join();
    store.close();
    store = open();
    assertThat(store.latestSeq(room).toCompletableFuture().join()).isEqualTo(1);
  }
}
