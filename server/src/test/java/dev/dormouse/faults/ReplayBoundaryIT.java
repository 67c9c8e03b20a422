package dev.dormouse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ServerProcess;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The seam between replay and live traffic (docs/protocol.md, "Resuming"). A message committed
 * while a resuming socket is being caught up must reach it exactly once: in its history or live,
 * never both, never neither. Here sockets reconnect in a tight loop with {@code since} while one
 * client posts a steady stream, so most joins overlap a commit and its broadcast.
 */
class ReplayBoundaryIT {

  private static final String ROOM = "boundary";
  private static final int STREAM = 1500;
  private static final int RECONNECTORS = 3;
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final HttpClient SOCKETS = HttpClient.newHttpClient();

  /**
   * One resumed socket: the since it asked with, ready's seq, and every seq it was given, in order.
   */
  record Resume(long since, long readySeq, List<Long> historySeqs, List<Long> liveSeqs) {
    List<Long> all() {
      List<Long> all = new ArrayList<>(historySeqs);
      all.addAll(liveSeqs);
      return all;
    }

    /** Exactly since+1, since+2, … with no repeat and no hole. */
    boolean isContiguousFromSince() {
      return all().equals(LongStream.rangeClosed(since + 1, since + all().size()).boxed().toList());
    }
  }

  @Test
  void a_socket_resuming_during_a_stream_gets_each_later_seq_exactly_once_with_no_gap()
      throws Exception {
    try (ServerProcess server =
            ServerProcess.start("replay-boundary", ServerProcess.withSendLimitsLifted(Map.of()));
        FaultClient poster =
            new FaultClient(server, ROOM, "poster", stream(), Duration.ofMillis(1))) {
      List<Resume> resumes = new ArrayList<>();
      List<Long> lastSeen = new ArrayList<>();
      ExecutorService threads = Executors.newFixedThreadPool(RECONNECTORS);
      try {
        List<Future<List<Resume>>> reconnectors = new ArrayList<>();
        for (int i = 0; i < RECONNECTORS; i++) {
          reconnectors.add(threads.submit(() -> resumeUntilTheStreamEnds(server, poster)));
        }
        for (Future<List<Resume>> r : reconnectors) {
          List<Resume> one = r.get(2, TimeUnit.MINUTES);
          resumes.addAll(one);
          lastSeen.add(
              one.stream().flatMap(resume -> resume.all().stream()).max(Long::compare).orElse(0L));
        }
      } finally {
        threads.shutdownNow();
      }

      // A resume that got both history and live messages crossed the seam while the stream ran.
      long straddling =
          resumes.stream()
              .filter(r -> !r.historySeqs().isEmpty() && !r.liveSeqs().isEmpty())
              .count();
      System.out.printf(
          "replay-boundary: resumes=%d with-history-and-live=%d replayed=%d live=%d broken=%d%n",
          resumes.size(),
          straddling,
          resumes.stream().mapToInt(r -> r.historySeqs().size()).sum(),
          resumes.stream().mapToInt(r -> r.liveSeqs().size()).sum(),
          resumes.stream().filter(r -> !r.isContiguousFromSince()).count());
      assertThat(resumes).as("resumes").hasSizeGreaterThan(100);
      assertThat(straddling)
          .as("resumes that got both history and live messages")
          .isGreaterThan(50);
      assertThat(resumes)
          .as("every resumed socket got since+1, since+2, … exactly once, history then live")
          .allSatisfy(r -> assertThat(r.isContiguousFromSince()).as(r.toString()).isTrue());
      assertThat(poster.allAcked()).isTrue();
      assertThat(lastSeen)
          .as("the last seq each reconnecting client reached")
          .containsOnly((long) STREAM);
    }
  }

  /**
   * One reconnecting client: open with since=<highest seen>, read until a live message or two
   * arrived after the history, drop or close the socket, and at once open the next.
   */
  private static List<Resume> resumeUntilTheStreamEnds(ServerProcess server, FaultClient poster)
      throws Exception {
    List<Resume> resumes = new ArrayList<>();
    long since = 0;
    boolean streamEnded = false;
    while (!streamEnded) {
      streamEnded = poster.allAcked();
      ResumingSocket socket = new ResumingSocket(since);
      WebSocket ws =
          SOCKETS
              .newWebSocketBuilder()
              .subprotocols("dormouse.v2")
              .buildAsync(server.chat(ROOM + "?since=" + since), socket)
              .join();
      socket
          .livePastReady(1 + ThreadLocalRandom.current().nextInt(3))
          .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      if (ThreadLocalRandom.current().nextBoolean()) {
        ws.abort();
      } else {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "again").thenRun(ws::abort);
      }
      Resume resume = socket.resume();
      resumes.add(resume);
      List<Long> all = resume.all();
      since = all.isEmpty() ? since : Math.max(since, all.getLast());
    }
    return resumes;
  }

  private static List<FaultClient.Outgoing> stream() {
    List<FaultClient.Outgoing> messages = new ArrayList<>();
    for (int i = 0; i < STREAM; i++) {
      messages.add(new FaultClient.Outgoing("p-" + i, "stream " + i));
    }
    return messages;
  }

  /** Records the opening frames and live messages of one socket, and when it read far enough. */
  private static final class ResumingSocket implements WebSocket.Listener {
    private final long since;
    private final StringBuilder partial = new StringBuilder();
    private final List<Long> history = new ArrayList<>();
    private final List<Long> live = new ArrayList<>();
    private final CompletableFuture<Void> farEnough = new CompletableFuture<>();
    private long readySeq = -1;
    private long highest;
    private int liveWanted = Integer.MAX_VALUE;

    ResumingSocket(long since) {
      this.since = since;
      this.highest = since;
    }

    /** Completes once {@code count} messages past ready's seq arrived, or the whole stream did. */
    synchronized CompletableFuture<Void> livePastReady(int count) {
      liveWanted = count;
      checkFarEnough();
      return farEnough;
    }

    synchronized Resume resume() {
      return new Resume(since, readySeq, List.copyOf(history), List.copyOf(live));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (!text.equals("pong")) {
          onFrame(FrameCodec.decodeServerFrame(text));
        }
      }
      webSocket.request(1);
      return null;
    }

    private synchronized void onFrame(ServerFrame frame) {
      switch (frame) {
        case ServerFrame.Ready ready -> readySeq = ready.seq();
        case ServerFrame.History h -> h.messages().forEach(m -> history.add(seen(m)));
        case ServerFrame.Message m -> live.add(seen(m));
        default -> {
          // presence, typing: not part of the seq stream.
        }
      }
      checkFarEnough();
    }

    private long seen(ServerFrame.Message m) {
      highest = Math.max(highest, m.seq());
      return m.seq();
    }

    private void checkFarEnough() {
      if (readySeq >= 0 && (highest >= readySeq + liveWanted || highest >= STREAM)) {
        farEnough.complete(null);
      }
    }
  }
}
