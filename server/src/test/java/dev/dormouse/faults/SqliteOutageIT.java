package dev.dormouse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.dormouse.ChatClient;
import dev.dormouse.ServerProcess;
import dev.dormouse.protocol.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The SQLite file goes away under the jar, as far as a test without root can take it: the disk
 * fills, and the files turn read-only. Sends are refused with {@code unavailable}, the server keeps
 * serving, nothing acked is lost, and it recovers by itself once it can write again.
 *
 * <p>The full disk is a file-size limit set on the running process ({@code prlimit --pid}): every
 * write past it fails with EFBIG, as a write to a full disk fails with ENOSPC, and HotSpot ignores
 * the SIGXFSZ that would otherwise kill the JVM. Only the soft limit moves, so lifting it again
 * (the space coming back) needs no privilege and no restart. The server's output goes through a
 * pipe, which no file-size limit reaches, so its log is whole.
 */
class SqliteOutageIT {

  private static final String ROOM = "sqlite-outage";
  private static final int CLIENTS = 3;
  private static final int MESSAGES_EACH = 120;
  private static final Duration MAX_SEND_PAUSE = Duration.ofMillis(60);
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  /** One page: every write the store makes past the first page of a file fails. */
  private static final long FULL_DISK_BYTES = 4096;

  private static final Map<String, String> ENV =
      // Rate limits are not under test here, and would refuse the resends an outage causes.
      ServerProcess.withSendLimitsLifted(Map.of());

  private static final ServerProcess.Launch PIPED = new ServerProcess.Launch(List.of(), true);

  @Test
  void sends_are_refused_while_the_disk_is_full_and_stored_once_space_returns_without_a_restart()
      throws Exception {
    assumeThat(onPath("prlimit")).as("prlimit (util-linux) on PATH").isTrue();
    try (ServerProcess server = ServerProcess.start("sqlite-full-disk", Map.of(), tmp(), PIPED);
        ChatClient ada = ChatClient.connect(server.chat(ROOM + "?name=Ada"))) {
      ada.ready();
      ada.sendMessage("before", "c1");
      assertThat(ada.await(ServerFrame.Ack.class).seq()).isEqualTo(1);

      String softLimit = fileSizeLimit(server);
      prlimit(server, FULL_DISK_BYTES + ":");
      try {
        ada.sendMessage("during", "c2");
        ServerFrame.Error refused =
            ada.await(ServerFrame.Error.class, e -> "c2".equals(e.clientId()));
        assertThat(refused.code()).isEqualTo("unavailable");
        assertThat(ada.frames(ServerFrame.Ack.class)).hasSize(1);

        HttpResponse<String> health = server.get("/api/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"live\":true").contains("\"store\":\"unavailable\"");
        HttpResponse<String> history = server.get("/api/rooms/" + ROOM + "/messages");
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(history.body()).contains("\"before\"").doesNotContain("\"during\"");
        try (ChatClient bob = ChatClient.connect(server.chat(ROOM + "?name=Bob"))) {
          bob.ready();
          assertThat(bob.await(ServerFrame.History.class).messages())
              .extracting(ServerFrame.Message::message)
              .containsExactly("before");
        }
        ada.send("ping");
        Awaitility.await()
            .atMost(ChatClient.PATIENCE)
            .until(() -> ada.rawFrames().contains("pong"));
      } finally {
        prlimit(server, softLimit + ":");
      }

      // Nobody sends, and yet the server finds out by itself that it can write again.
      Awaitility.await()
          .atMost(PATIENCE)
          .until(() -> server.get("/api/health").statusCode() == 200);
      ada.sendMessage("during", "c2");
      assertThat(ada.await(ServerFrame.Ack.class, a -> "c2".equals(a.clientId())).seq())
          .isEqualTo(2);
      String history = server.get("/api/rooms/" + ROOM + "/messages").body();
      assertThat(history).containsOnlyOnce("\"before\"").containsOnlyOnce("\"during\"");
      assertThat(history).contains("\"seq\":2").doesNotContain("\"seq\":3");
      assertThat(server.isAlive()).isTrue();
    }
  }

  @Test
  void under_steady_traffic_a_full_disk_loses_no_acked_message_and_leaves_no_send_unanswered()
      throws Exception {
    assumeThat(onPath("prlimit")).as("prlimit (util-linux) on PATH").isTrue();
    try (ServerProcess server =
        ServerProcess.start("sqlite-full-disk-traffic", ENV, tmp(), PIPED)) {
      List<FaultClient> clients = new ArrayList<>();
      try {
        for (int c = 0; c < CLIENTS; c++) {
          clients.add(new FaultClient(server, ROOM, "c" + c, messages(c), MAX_SEND_PAUSE));
        }
        Awaitility.await().atMost(PATIENCE).until(() -> acked(clients) >= 40);

        String softLimit = fileSizeLimit(server);
        prlimit(server, FULL_DISK_BYTES + ":");
        try {
          Awaitility.await().atMost(PATIENCE).until(() -> refusals(clients) >= 20);
          int ackedWhenFull = acked(clients);
          Awaitility.await().atMost(PATIENCE).until(() -> refusals(clients) >= 60);
          assertThat(acked(clients)).as("acks while the disk is full").isEqualTo(ackedWhenFull);
          assertThat(server.get("/api/health").statusCode()).isEqualTo(503);
          assertThat(RoomHistory.all(server, ROOM)).hasSizeGreaterThanOrEqualTo(ackedWhenFull);
        } finally {
          prlimit(server, softLimit + ":");
        }

        // A client only resends what was refused; a send the room dropped without a word would
        // hold its window forever, and this would time out.
        Awaitility.await()
            .atMost(PATIENCE)
            .until(() -> clients.stream().allMatch(FaultClient::allAcked));
        assertThat(server.get("/api/health").statusCode()).isEqualTo(200);
      } finally {
        clients.forEach(FaultClient::close);
      }
      assertThat(server.isAlive()).as("the server ran throughout").isTrue();
      List<ClientLog.Snapshot> logs = clients.stream().map(FaultClient::log).toList();
      assertNothingAckedIsLost(DeliveryAudit.of(RoomHistory.all(server, ROOM), logs));

      // And the file is whole: a fresh start reads the same history from it.
      server.stop();
      server.restart();
      assertNothingAckedIsLost(DeliveryAudit.of(RoomHistory.all(server, ROOM), logs));
    }
  }

  /**
   * Linux checks a file's mode when it is opened, so a server that already holds the database open
   * goes on writing it; the next start finds it read-only and refuses with one line, rather than
   * run a chat that can store nothing. Made writable again, it starts with every message.
   */
  @Test
  void a_read_only_database_is_written_through_open_files_and_refused_at_the_next_start()
      throws Exception {
    ServerProcess.Launch unprivileged = new ServerProcess.Launch(withoutFileOverride(), false);
    try (ServerProcess server =
        ServerProcess.start("sqlite-read-only", Map.of(), tmp(), unprivileged)) {
      Path dataDir = server.dataDir();
      try (ChatClient ada = ChatClient.connect(server.chat(ROOM + "?name=Ada"))) {
        ada.ready();
        ada.sendMessage("before", "c1");
        assertThat(ada.await(ServerFrame.Ack.class).seq()).isEqualTo(1);
        makeReadOnly(dataDir, true);
        ada.sendMessage("while read-only", "c2");
        assertThat(ada.await(ServerFrame.Ack.class, a -> "c2".equals(a.clientId())).seq())
            .isEqualTo(2);
      }
      try {
        server.stop();
        assertThat(server.restartExpectingRefusal()).as("exit status").isNotZero();
        assertThat(Files.readAllLines(server.log()))
            .anySatisfy(
                line ->
                    assertThat(line)
                        .contains("Dormouse could not start: " + dataDir.toAbsolutePath())
                        .contains(
                            " is read-only: Dormouse must be able to write DATA_DIR and the"
                                + " dormouse.db, dormouse.db-wal and dormouse.db-shm files in it"));
      } finally {
        makeReadOnly(dataDir, false);
      }
      server.restart();
      assertThat(RoomHistory.all(server, ROOM))
          .extracting(ServerFrame.Message::seq, ServerFrame.Message::message)
          .containsExactly(tuple(1L, "before"), tuple(2L, "while read-only"));
    }
  }

  private static void assertNothingAckedIsLost(DeliveryAudit audit) {
    System.out.println("sqlite full disk: " + audit.summary());
    int posted = CLIENTS * MESSAGES_EACH;
    assertThat(audit.acked()).as("acked").isEqualTo(posted);
    assertThat(audit.ackedButLost()).as("acked but lost").isZero();
    assertThat(audit.ackedWithAnotherSeq()).as("acked with another message's seq").isZero();
    assertThat(audit.ackConflicts()).as("one clientId acked with two seqs").isZero();
    assertThat(audit.storedMoreThanOnce()).as("stored more than once").isZero();
    assertThat(audit.storedButNeverPosted()).as("stored but never posted").isZero();
    assertThat(audit.seqsAreOneToK()).as("stored seqs are 1..K: %s", audit.seqs()).isTrue();
    assertThat(audit.stored()).as("stored").isEqualTo(posted);
  }

  private static int acked(List<FaultClient> clients) {
    return clients.stream().mapToInt(FaultClient::ackedCount).sum();
  }

  private static int refusals(List<FaultClient> clients) {
    return clients.stream().mapToInt(c -> c.log().refusals()).sum();
  }

  private static List<FaultClient.Outgoing> messages(int client) {
    List<FaultClient.Outgoing> messages = new ArrayList<>();
    for (int i = 0; i < MESSAGES_EACH; i++) {
      String clientId = "c" + client + "-" + i;
      // The clientId leads the text, so the audit can tell every stored message apart.
      messages.add(new FaultClient.Outgoing(clientId, clientId + " " + "z".repeat(200)));
    }
    return messages;
  }

  /** The data directory and the database's files, read-only or back to Dormouse's own modes. */
  private static void makeReadOnly(Path dataDir, boolean readOnly) throws IOException {
    for (String file : List.of("dormouse.db", "dormouse.db-wal", "dormouse.db-shm")) {
      Path path = dataDir.resolve(file);
      if (Files.exists(path)) {
        Files.setPosixFilePermissions(
            path, PosixFilePermissions.fromString(readOnly ? "r--------" : "rw-------"));
      }
    }
    Files.setPosixFilePermissions(
        dataDir, PosixFilePermissions.fromString(readOnly ? "r-x------" : "rwx------"));
  }

  /**
   * Root writes read-only files regardless (CAP_DAC_OVERRIDE), which would make this test prove
   * nothing; so when this user can, the server runs under setpriv with no capabilities at all.
   */
  private static List<String> withoutFileOverride() throws IOException {
    Path probe = Files.createTempFile("dormouse-read-only", ".probe");
    try {
      Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("r--------"));
      if (!Files.isWritable(probe)) {
        return List.of();
      }
    } finally {
      Files.delete(probe);
    }
    assumeThat(onPath("setpriv")).as("setpriv, to run the server without root's powers").isTrue();
    return List.of("setpriv", "--inh-caps=-all", "--bounding-set=-all");
  }

  /** The server's soft RLIMIT_FSIZE as prlimit writes it ("unlimited" or bytes). */
  private static String fileSizeLimit(ServerProcess server) {
    return run(
            "prlimit",
            "--pid",
            Long.toString(server.pid()),
            "--fsize",
            "--raw",
            "--noheadings",
            "--output=SOFT")
        .strip();
  }

  /** Sets the server's soft file-size limit; {@code "bytes:"} leaves the hard one as it is. */
  private static void prlimit(ServerProcess server, String limits) {
    run("prlimit", "--pid", Long.toString(server.pid()), "--fsize=" + limits);
  }

  private static Path tmp() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
