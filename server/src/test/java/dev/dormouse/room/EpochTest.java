package dev.dormouse.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.ServerFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A client that resumes against a log that is not the one it saw (a wiped database, or an older
 * copy restored from a backup) is told to start over, and is never handed seqs it already holds for
 * messages it has not seen.
 */
class EpochTest {

  @Test
  void a_resume_against_a_wiped_database_is_reset_and_gets_the_new_history() throws Exception {
    TestServer server = TestServer.start(Map.of());
    try {
      ServerFrame.Ready before = post(server, "wiped", 5);
      server.close();
      deleteDatabase(server.dataDir());
      server = TestServer.start(server.dataDir(), Map.of());
      post(server, "wiped", 2);
      try (ChatClient back =
          ChatClient.connect(server.chat("wiped?since=5&epoch=" + before.epoch()))) {
        ServerFrame.Ready ready = back.ready();
        assertThat(ready.epoch()).isNotEqualTo(before.epoch());
        ServerFrame.Reset reset = back.await(ServerFrame.Reset.class);
        assertThat(reset).isEqualTo(new ServerFrame.Reset(ready.epoch(), 2));
        ServerFrame.History history = back.await(ServerFrame.History.class);
        assertThat(history.messages()).extracting(ServerFrame.Message::seq).containsExactly(1L, 2L);
        assertFrameOrder(back);
      }
    } finally {
      server.close();
    }
  }

  @Test
  void a_resume_past_the_latest_seq_of_a_restored_backup_is_reset() throws Exception {
    Path backup = Files.createTempDirectory("dormouse-backup");
    TestServer server = TestServer.start(Map.of());
    try {
      post(server, "restored", 3);
      server.close();
      copyDatabase(server.dataDir(), backup);
      server = TestServer.start(server.dataDir(), Map.of());
      ServerFrame.Ready later = post(server, "restored", 3);
      server.close();
      deleteDatabase(server.dataDir());
      copyDatabase(backup, server.dataDir());
      server = TestServer.start(server.dataDir(), Map.of());
      try (ChatClient back =
          ChatClient.connect(server.chat("restored?since=6&epoch=" + later.epoch()))) {
        ServerFrame.Ready ready = back.ready();
        assertThat(ready.epoch()).as("the same database, an older copy").isEqualTo(later.epoch());
        assertThat(back.await(ServerFrame.Reset.class).seq()).isEqualTo(3);
        assertThat(back.await(ServerFrame.History.class).messages())
            .extracting(ServerFrame.Message::seq)
            .containsExactly(1L, 2L, 3L);
        assertFrameOrder(back);
      }
    } finally {
      server.close();
    }
  }

  @Test
  void a_resume_into_a_restored_copy_written_past_the_clients_seq_is_reset_by_its_message_id()
      throws Exception {
    Path backup = Files.createTempDirectory("dormouse-backup");
    TestServer server = TestServer.start(Map.of());
    try {
      post(server, "rewritten", 3);
      server.close();
      copyDatabase(server.dataDir(), backup);
      server = TestServer.start(server.dataDir(), Map.of());
      ServerFrame.Ready seen = post(server, "rewritten", 3);
      ServerFrame.Message lastSeen = newest(server, "rewritten");
      server.close();
      deleteDatabase(server.dataDir());
      copyDatabase(backup, server.dataDir());
      server = TestServer.start(server.dataDir(), Map.of());
      post(server, "rewritten", 4); // seqs 4..7 again, other messages
      ServerFrame.Message sameSeq = at(server, "rewritten", lastSeen.seq());
      assertThat(sameSeq.id()).isNotEqualTo(lastSeen.id());

      String resume = "rewritten?since=" + lastSeen.seq() + "&epoch=" + seen.epoch() + "&last=";
      try (ChatClient back = ChatClient.connect(server.chat(resume + lastSeen.id()))) {
        assertThat(back.ready().epoch())
            .as("the same database, an older copy")
            .isEqualTo(seen.epoch());
        assertThat(back.await(ServerFrame.Reset.class).seq()).isEqualTo(7);
        assertThat(back.await(ServerFrame.History.class).messages())
            .extracting(ServerFrame.Message::seq)
            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertFrameOrder(back);
      }
      try (ChatClient continuing = ChatClient.connect(server.chat(resume + sameSeq.id()))) {
        assertThat(continuing.await(ServerFrame.History.class).messages())
            .extracting(ServerFrame.Message::seq)
            .containsExactly(7L);
        assertThat(continuing.frames(ServerFrame.Reset.class)).isEmpty();
      }
    } finally {
      server.close();
    }
  }

  @Test
  void a_resume_within_the_same_log_is_not_reset() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      ServerFrame.Ready ready = post(server, "continued", 4);
      try (ChatClient back =
          ChatClient.connect(server.chat("continued?since=2&epoch=" + ready.epoch()))) {
        assertThat(back.await(ServerFrame.History.class).messages())
            .extracting(ServerFrame.Message::seq)
            .containsExactly(3L, 4L);
        assertThat(back.frames(ServerFrame.Reset.class)).isEmpty();
      }
    }
  }

  /** Posts {@code count} messages and returns the ready frame the poster saw, before them. */
  private static ServerFrame.Ready post(TestServer server, String room, int count) {
    try (ChatClient ada = ChatClient.connect(server.chat(room + "?name=Ada"))) {
      ServerFrame.Ready ready = ada.ready();
      String run = Long.toString(System.nanoTime(), 36);
      IntStream.rangeClosed(1, count).forEach(i -> ada.sendMessage("m" + i, run + "-" + i));
      long last = ready.seq() + count;
      ada.await(ServerFrame.Ack.class, ack -> ack.seq() == last);
      return ready;
    }
  }

  /** The room's newest message, as a fresh join's history shows it. */
  private static ServerFrame.Message newest(TestServer server, String room) {
    try (ChatClient reader = ChatClient.connect(server.chat(room + "?name=Reader"))) {
      return reader.await(ServerFrame.History.class).messages().getLast();
    }
  }

  private static ServerFrame.Message at(TestServer server, String room, long seq) {
    try (ChatClient reader = ChatClient.connect(server.chat(room + "?name=Reader"))) {
      return reader.await(ServerFrame.History.class).messages().stream()
          .filter(m -> m.seq() == seq)
          .findFirst()
          .orElseThrow();
    }
  }

  /** ready, then reset, then history: the client knows to forget before it takes anything new. */
  private static void assertFrameOrder(ChatClient client) {
    List<ServerFrame> frames = client.frames();
    assertThat(frames.get(0)).isInstanceOf(ServerFrame.Ready.class);
    assertThat(frames.get(1)).isInstanceOf(ServerFrame.Reset.class);
    assertThat(frames.get(2)).isInstanceOf(ServerFrame.History.class);
  }

  private static void deleteDatabase(Path dataDir) throws IOException {
    try (Stream<Path> files = Files.list(dataDir)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("dormouse.db")).toList()) {
        Files.delete(file);
      }
    }
  }

  /** A stopped server has closed its store, so the database is one checkpointed file. */
  private static void copyDatabase(Path from, Path to) throws IOException {
    assertThat(from.resolve("dormouse.db-wal"))
        .as("a stopped server's write-ahead log")
        .doesNotExist();
    try (Stream<Path> files = Files.list(from)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("dormouse.db")).toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
