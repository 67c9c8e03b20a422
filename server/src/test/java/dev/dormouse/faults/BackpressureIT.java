package dev.dormouse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.ServerProcess;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading must cost its room nothing: the others keep their latency, the server
 * keeps a bounded buffer for it, and when that fills it closes the socket with 4000. A client that
 * does read must never be taken for a slow one.
 */
class BackpressureIT {

  private static final String ROOM = "backpressure";
  private static final int READERS = 3;

  /** About 256 of the 2 KB messages below. */
  private static final String OUTGOING_BUFFER = "512KiB";

  /**
   * At most half the buffer per commit, so no single commit's burst (a message and an ack for each
   * of the sender's) can fill a prompt reader's buffer by itself; see the second test.
   */
  private static final int MAX_BATCH = 32;

  private static final int BURST = 200;
  private static final Duration SEND_EVERY = Duration.ofMillis(4);
  private static final int WARMUP = 500;
  private static final int BEFORE = 500;

  /** A stuck socket takes a few MiB before its buffers fill (loopback's TCP windows are large). */
  private static final int DURING_AT_MOST = 6000;

  private static final String FILLER = "x".repeat(1900);
  private static final Duration PATHOLOGY_FLOOR = Duration.ofMillis(250);
  private static final HttpClient SOCKETS = HttpClient.newHttpClient();

  @Test
  void a_stuck_reader_is_closed_with_4000_while_the_others_latency_stays_flat() throws Exception {
    try (ServerProcess server =
            ServerProcess.start(
                "backpressure",
                ServerProcess.withSendLimitsLifted(
                    Map.of(
                        "OUTGOING_BUFFER",
                        OUTGOING_BUFFER,
                        "MAX_BATCH",
                        Integer.toString(MAX_BATCH))),
                memoryBackedDirectory());
        ChatClient sender = ChatClient.connect(server.chat(ROOM + "?name=Sender"))) {
      List<LatencyReader> readers = new ArrayList<>();
      for (int i = 0; i < READERS; i++) {
        LatencyReader reader = new LatencyReader();
        SOCKETS
            .newWebSocketBuilder()
            .subprotocols("dormouse.v2")
            .buildAsync(server.chat(ROOM + "?name=Reader" + i), reader)
            .join();
        readers.add(reader);
      }
      sender.ready();
      int total;
      int stuckCode;
      int stuckGot;
      try (PacedSender paced = new PacedSender(sender)) {
        // Both JVMs compile their hot paths first, or the baseline would measure the JIT.
        paced.send("warmup", WARMUP, () -> false);
        int before = paced.send("before", BEFORE, () -> false);
        try (ChatClient stuck = ChatClient.connectNotReading(server.chat(ROOM + "?name=Stuck"))) {
          int during =
              paced.send(
                  "during",
                  DURING_AT_MOST,
                  () -> server.metric("dormouse_slow_consumers_total") >= 1);
          int sent = WARMUP + before + during;
          Awaitility.await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> readers.stream().allMatch(r -> r.count() == sent));
          stuck.startReading();
          stuckCode = stuck.awaitClose();
          stuckGot = stuck.messages().size();
          total = sent;
        }
      }
      List<Long> unstuck = merged(readers, "before");
      List<Long> whileStuck = merged(readers, "during");
      long p99Before = percentile(unstuck, 99);
      long p99During = percentile(whileStuck, 99);
      System.out.printf(
          "backpressure: stuck-close=%d stuck-got=%d/%d sent, p50 before=%.1fms during=%.1fms, p99 before=%.1fms during=%.1fms%n",
          stuckCode,
          stuckGot,
          total,
          ms(percentile(unstuck, 50)),
          ms(percentile(whileStuck, 50)),
          ms(p99Before),
          ms(p99During));

      // Bounded memory: once closed, the socket and its buffer are released, not kept forever.
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> assertThat(server.metric("dormouse_connections")).isEqualTo(READERS + 1));
      SoftAssertions.assertSoftly(
          softly -> {
            softly
                .assertThat(server.metric("dormouse_slow_consumers_total"))
                .as("slow consumers closed")
                .isEqualTo(1);
            softly.assertThat(stuckCode).as("close code of the stuck socket").isEqualTo(4000);
            // What the stuck socket was still given is what the kernel's buffers and its outbox
            // held when it was closed; the rest was never buffered for it.
            softly
                .assertThat(stuckGot)
                .as("messages still delivered to the stuck socket")
                .isLessThan(total);
            softly
                .assertThat(readers)
                .as("readers kept their sockets")
                .noneMatch(LatencyReader::isClosed);
            // Not a speed claim but a bound on a pathology: a room that waited on a stuck socket,
            // or buffered for it without bound, would hold the readers' messages back for
            // seconds. The 250 ms floor is this shared machine's own noise: a reader or the
            // server descheduled for 100-200 ms now and then, in either phase.
            softly
                .assertThat(p99During)
                .as(
                    "readers' p99 latency while a socket is stuck, against %.1f ms before",
                    ms(p99Before))
                .isLessThan(Math.max(10 * p99Before, PATHOLOGY_FLOOR.toNanos()))
                .isLessThan(Duration.ofSeconds(1).toNanos());
          });
    }
  }

  /**
   * A room stores what queued up during one write in the next transaction and broadcasts it at
   * once, so one commit can put more frames in a socket's buffer than {@code OUTGOING_BUFFER}
   * holds, however fast that socket reads. docs/protocol.md promises 4000 only to a socket that
   * "did not read fast enough"; these two read everything as it comes.
   */
  @Test
  void a_socket_that_keeps_reading_is_not_closed_when_one_commit_holds_more_than_its_buffer() {
    try (ServerProcess server =
            ServerProcess.start(
                "backpressure-burst",
                ServerProcess.withSendLimitsLifted(Map.of("OUTGOING_BUFFER", "16KiB")));
        ChatClient sender = ChatClient.connect(server.chat(ROOM + "?name=Sender"));
        ChatClient reader = ChatClient.connect(server.chat(ROOM + "?name=Reader"))) {
      sender.ready();
      reader.ready();
      // Back to back, as a busy room's many senders would: most of them ride one transaction.
      try {
        for (int i = 0; i < BURST; i++) {
          sender.sendMessage("burst " + i, "burst-" + i);
        }
      } catch (CompletionException closedUnderTheSender) {
        // The server closed the sender; the assertions below say with what.
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> reader.isClosed() || sender.isClosed() || reader.messages().size() == BURST);

      SoftAssertions.assertSoftly(
          softly -> {
            softly
                .assertThat(sender.isClosed() ? sender.awaitClose() : null)
                .as("close code sent to the sender")
                .isNull();
            softly
                .assertThat(reader.isClosed() ? reader.awaitClose() : null)
                .as("close code sent to the reader")
                .isNull();
            softly.assertThat(reader.messages()).as("messages the reader got").hasSize(BURST);
            softly
                .assertThat(server.metric("dormouse_slow_consumers_total"))
                .as("slow consumers closed")
                .isZero();
          });
    }
  }

  /** Sends a steady stream of messages, each carrying its phase and the time it was sent. */
  private static final class PacedSender implements AutoCloseable {
    private final ChatClient sender;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger next = new AtomicInteger();

    PacedSender(ChatClient sender) {
      this.sender = sender;
    }

    /**
     * Sends at a fixed rate until {@code limit} messages went out or {@code enough} holds; the rate
     * is the workload, so latency measures the server, not a queue in this test.
     */
    int send(String phase, int limit, BooleanSupplier enough) throws Exception {
      AtomicInteger sent = new AtomicInteger();
      CompletableFuture<Void> failed = new CompletableFuture<>();
      ScheduledFuture<?> task =
          clock.scheduleAtFixedRate(
              () -> {
                try {
                  if (sent.get() < limit) {
                    sender.sendMessage(
                        phase + " " + System.nanoTime() + " " + FILLER,
                        "b" + next.getAndIncrement());
                    sent.incrementAndGet();
                  }
                } catch (RuntimeException e) {
                  failed.completeExceptionally(e);
                  throw e;
                }
              },
              0,
              SEND_EVERY.toNanos(),
              TimeUnit.NANOSECONDS);
      try {
        Awaitility.await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .failFast(() -> failed.getNow(null))
            .until(() -> sent.get() >= limit || enough.getAsBoolean());
      } finally {
        task.cancel(false);
      }
      // The clock has one thread: once this no-op ran, no send of the phase is still under way.
      clock.submit(() -> {}).get();
      return sent.get();
    }

    @Override
    public void close() {
      clock.shutdownNow();
    }
  }

  /** A reading client that notes, for each message, how long it took from send to receipt. */
  private static final class LatencyReader implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private final List<String> phases = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        long received = System.nanoTime();
        String text = partial.toString();
        partial.setLength(0);
        if (text.startsWith("{")
            && FrameCodec.decodeServerFrame(text) instanceof ServerFrame.Message m) {
          String[] parts = m.message().split(" ", 3);
          synchronized (this) {
            phases.add(parts[0]);
            latencies.add(received - Long.parseLong(parts[1]));
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed = true;
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed = true;
    }

    int count() {
      return latencies.size();
    }

    boolean isClosed() {
      return closed;
    }

    synchronized List<Long> latencies(String phase) {
      List<Long> result = new ArrayList<>();
      for (int i = 0; i < phases.size(); i++) {
        if (phases.get(i).equals(phase)) {
          result.add(latencies.get(i));
        }
      }
      return result;
    }
  }

  /**
   * This test is about fan-out, not the disk: on this shared machine an fsync now and then takes a
   * hundred milliseconds or more, before and during the stall alike, and every message queued
   * behind it shows that delay. On tmpfs an fsync costs nothing, so what is left is the server.
   */
  private static Path memoryBackedDirectory() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm
        : Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static List<Long> merged(List<LatencyReader> readers, String phase) {
    List<Long> all = new ArrayList<>();
    readers.forEach(r -> all.addAll(r.latencies(phase)));
    return all;
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
