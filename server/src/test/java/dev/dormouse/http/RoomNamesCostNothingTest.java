package dev.dormouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Inventing room names is free: visiting rooms that never had a message writes nothing. */
class RoomNamesCostNothingTest {

  @Test
  void hundreds_of_random_rooms_opened_and_closed_leave_the_data_directory_unchanged() {
    try (TestServer server = TestServer.start(Map.of())) {
      long before = sizeOf(server.dataDir());
      for (int i = 0; i < 300; i++) {
        String room = UUID.randomUUID().toString();
        try (ChatClient visitor = ChatClient.connect(server.chat(room))) {
          visitor.ready();
          visitor.send("{\"type\":\"typing\"}");
        }
        assertThat(server.get("/api/rooms/" + room + "/messages").statusCode()).isEqualTo(200);
      }
      assertThat(sizeOf(server.dataDir())).isEqualTo(before);
    }
  }

  private static long sizeOf(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(RoomNamesCostNothingTest::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
