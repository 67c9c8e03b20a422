package dev.dormouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMessageStoreTest extends MessageStoreContract {

  @TempDir Path dataDir;

  @Override
  protected MessageStore open() {
    return Stores.sqlite(dataDir);
  }

  @Override
  protected java.sql.Connection connect() throws java.sql.SQLException {
    return java.sql.DriverManager.getConnection(
        "jdbc:sqlite:" + dataDir.resolve("dormouse.db").toAbsolutePath());
  }

  @Test
  void a_deleted_messages_text_is_in_neither_the_database_file_nor_its_write_ahead_log()
      throws Exception {
    dev.dormouse.room.RoomId room = new dev.dormouse.room.RoomId("secret");
    String marker = "marker-" + java.util.UUID.randomUUID();
    store
        .append(
            room,
            0,
            List.of(
                new NewMessage("m-1", "u1", "Ada", "say " + marker + " once", 1L, "c1"),
                new NewMessage("m-2", "u2", "Bo", "what did you say?", 2L, "c2", "m-1")))
        .toCompletableFuture()
        .join();
    store
        .append(
            room,
            2,
            List.of(
                new NewChange(
                    "d-1",
                    "u1",
                    "Ada",
                    Change.Kind.EDIT,
                    "m-1",
                    marker + " again",
                    null,
                    3L,
                    "c3")))
        .toCompletableFuture()
        .join();
    // The text is on disk now, so the test could see it if the delete left it there.
    assertThat(contains(dataDir, marker)).isTrue();
    long started = System.nanoTime();
    store
        .append(
            room,
            3,
            List.of(
                new NewChange("d-2", "u1", "Ada", Change.Kind.DELETE, "m-1", null, null, 4L, "c4")))
        .toCompletableFuture()
        .join();
    System.out.printf("a delete took %.1f ms%n", (System.nanoTime() - started) / 1e6);
    // Not only once the last connection closes, which checkpoints by itself: right after the ack.
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(contains(dataDir, marker)).isFalse());
    store.close();
    assertThat(contains(dataDir, marker)).isFalse();
    store = open();
  }

  /** Whether any file of the database (the file, its -wal, its -shm) holds {@code text}. */
  private static boolean contains(Path dir, String text) throws java.io.IOException {
    byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (var files = java.nio.file.Files.list(dir)) {
      for (Path file : files.toList()) {
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        for (int i = 0; i + needle.length <= bytes.length; i++) {
          if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
            return true;
          }
        }
      }
    }
    return false;
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
