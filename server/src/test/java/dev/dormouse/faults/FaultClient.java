package dev.dormouse.faults;

import dev.dormouse.ServerProcess;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A chat client that does exactly what the protocol asks of one when things break, and writes down
 * everything it was shown.
 *
 * <p>It posts its messages with a clientId each and counts one as delivered only on its {@code
 * ack}. On any disconnect it reconnects with backoff and {@code since=<highest seq seen>}, then
 * resends every unacked message with its original clientId. It fills a {@code gap} from the HTTP
 * history API and treats an {@code unavailable} error as "send it again later". Its log keeps every
 * seq it was shown, repeats and all, so the test, not the client, judges what happened.
 *
 * <p>It connects to one server, or to whichever node a load balancer names at each connect.
 */
final class FaultClient implements AutoCloseable {

  /** A message this client posts, with the clientId it keeps across every resend. */
  record Outgoing(String clientId, String text) {}

  private static final HttpClient SOCKETS =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration RETRY_REFUSED_AFTER = Duration.ofMillis(200);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(50);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  /** Messages sent and not yet acked, at most: a real client keeps a bounded outbox too. */
  private static final int WINDOW = 8;

  private final String name;
  private final String room;
  private final Supplier<ServerProcess> balancer;
  private final Duration maxPause;
  private final Thread driver;

  // Guarded by this.
  private final ClientLog log;
  private final ArrayDeque<Outgoing> fresh;
  private final LinkedHashMap<String, Outgoing> unacked = new LinkedHashMap<>();
  private final Map<String, Long> refusedUntil = new HashMap<>();
  private boolean stalled;
  private ClientConnection current;
  private ServerProcess currentNode;

  private volatile boolean stopping;

  /**
   * Starts posting {@code messages} into {@code room} at once, pausing up to {@code maxPause}
   * between sends (the workload's pace, not a wait).
   */
  FaultClient(
      ServerProcess server, String room, String name, List<Outgoing> messages, Duration maxPause) {
    this(() -> server, room, name, messages, maxPause);
  }

  /** As above, connecting each time to the node {@code balancer} hands out, as a load balancer. */
  FaultClient(
      Supplier<ServerProcess> balancer,
      String room,
      String name,
      List<Outgoing> messages,
      Duration maxPause) {
    this.balancer = balancer;
    this.room = room;
    this.name = name;
    this.maxPause = maxPause;
    this.log = new ClientLog(name);
    this.fresh = new ArrayDeque<>(messages);
    this.driver = Thread.ofPlatform().name("fault-client-" + name).daemon().start(this::run);
  }

  String name() {
    return name;
  }

  synchronized boolean allAcked() {
    return fresh.isEmpty() && unacked.isEmpty();
  }

  synchronized int ackedCount() {
    return log.ackedCount();
  }

  synchronized long highestSeen() {
    return log.highestSeen();
  }

  synchronized ClientLog.Snapshot log() {
    return log.snapshot();
  }

  /**
   * Posts nothing it has not sent yet, as a person who stops typing; what was sent is still resent
   * until it is acked.
   */
  synchronized void finishPosting() {
    fresh.clear();
  }

  @Override
  public synchronized String toString() {
    return name
        + "{acked="
        + log.ackedCount()
        + "/"
        + log.postedCount()
        + ", unsent="
        + fresh.size()
        + ", unacked="
        + unacked.size()
        + ", highestSeen="
        + log.highestSeen()
        + ", connections="
        + log.connections()
        + ", stalled="
        + stalled
        + "}";
  }

  /** A client-side drop: the TCP connection goes without a close frame. */
  void dropConnection() {
    ClientConnection c;
    synchronized (this) {
      c = current;
    }
    if (c != null) {
      c.abort();
    }
  }

  /**
   * The app freezes for a while: it neither reads nor sends. The server sees a socket that no
   * longer answers its pings and closes it; the client finds the close once it reads again.
   */
  void stall(Duration duration) {
    synchronized (this) {
      stalled = true;
      if (current != null) {
        current.pauseReading();
      }
    }
    CompletableFuture.delayedExecutor(duration.toMillis(), TimeUnit.MILLISECONDS)
        .execute(this::resume);
  }

  synchronized boolean isStalled() {
    return stalled;
  }

  @Override
  public void close() {
    stopping = true;
    try {
      driver.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ClientConnection c;
    synchronized (this) {
      c = current;
      current = null;
    }
    if (c != null) {
      c.close();
    }
  }

  private void resume() {
    ClientConnection c;
    synchronized (this) {
      stalled = false;
      c = current;
      notifyAll();
    }
    if (c != null) {
      c.resumeReading();
    }
  }

  // The driver thread: connect, converse until the connection ends, back off, again.

  private void run() {
    Duration backoff = MIN_BACKOFF;
    while (!stopping) {
      ClientConnection c = connect();
      if (c == null) {
        pause(jitter(backoff));
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
        continue;
      }
      backoff = MIN_BACKOFF;
      converse(c);
    }
  }

  private ClientConnection connect() {
    ClientConnection c;
    ServerProcess node = balancer.get();
    long since;
    synchronized (this) {
      // From here on frames of the old connection are ignored, so since cannot move under us.
      c = new ClientConnection(this::received, this::ended, stalled);
      current = c;
      currentNode = node;
      since = log.highestSeen();
    }
    try {
      c.opened(
          SOCKETS
              .newWebSocketBuilder()
              .subprotocols("dormouse.v2")
              .buildAsync(node.chat(room + "?name=" + name + "&since=" + since), c)
              .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      synchronized (this) {
        log.connected();
      }
      return c;
    } catch (Exception serverAway) {
      c.abort();
      return null;
    }
  }

  private void converse(ClientConnection c) {
    List<Outgoing> resend;
    synchronized (this) {
      resend = List.copyOf(unacked.values());
      refusedUntil.clear();
    }
    for (Outgoing o : resend) {
      if (!send(c, o)) {
        return;
      }
    }
    while (!stopping && !c.hasEnded()) {
      Outgoing next;
      synchronized (this) {
        next = nextToSend();
        if (next == null) {
          waitForChange();
          continue;
        }
      }
      if (!send(c, next)) {
        return;
      }
      pause(jitter(maxPause));
    }
  }

  /** A refused message whose time has come, else a fresh one if the window has room; or null. */
  private Outgoing nextToSend() {
    if (stalled) {
      return null;
    }
    long now = System.nanoTime();
    String due =
        refusedUntil.entrySet().stream()
            .filter(e -> e.getValue() <= now)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    if (due != null) {
      refusedUntil.remove(due);
      return unacked.get(due);
    }
    if (unacked.size() < WINDOW && !fresh.isEmpty()) {
      Outgoing o = fresh.poll();
      unacked.put(o.clientId(), o);
      log.posted(o, now);
      return o;
    }
    return null;
  }

  private boolean send(ClientConnection c, Outgoing o) {
    String frame =
        "{\"type\":\"send\",\"text\":"
            + FrameCodec.json().valueToTree(o.text())
            + ",\"clientId\":\""
            + o.clientId()
            + "\"}";
    try {
      c.send(frame).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception connectionGone) {
      c.abort();
      return false;
    }
  }

  private void waitForChange() {
    try {
      wait(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  // Frames, on the WebSocket's threads.

  private void received(ClientConnection c, String text) {
    if (text.equals("pong")) {
      return;
    }
    long now = System.nanoTime();
    ServerFrame frame;
    try {
      frame = FrameCodec.decodeServerFrame(text);
    } catch (RuntimeException e) {
      synchronized (this) {
        log.unexpected("undecodable frame: " + text);
      }
      return;
    }
    if (frame instanceof ServerFrame.Gap gap) {
      fillGap(c, gap);
      return;
    }
    synchronized (this) {
      if (c != current) {
        return;
      }
      switch (frame) {
        case ServerFrame.Ready ready -> log.ready(now);
        case ServerFrame.History history -> history.messages().forEach(log::shown);
        case ServerFrame.Message message -> log.shown(message);
        case ServerFrame.Ack ack -> onAck(ack, now);
        case ServerFrame.Error error -> onError(error);
        default -> {
          // presence, typing: nothing to deliver or check.
        }
      }
      notifyAll();
    }
  }

  /** Fetches the range a resume could not replay, before reading the history that follows it. */
  private void fillGap(ClientConnection c, ServerFrame.Gap gap) {
    ServerProcess node;
    synchronized (this) {
      if (c != current) {
        return;
      }
      node = currentNode;
    }
    List<ServerFrame.Message> missing;
    try {
      missing = RoomHistory.range(node, room, gap.from() - 1, gap.to());
    } catch (IOException serverAway) {
      // Nothing of the gap was shown; reconnecting with the same since asks for it again.
      c.abort();
      return;
    }
    synchronized (this) {
      if (c == current) {
        missing.forEach(log::shown);
        log.gapFilled();
      }
    }
  }

  private void onAck(ServerFrame.Ack ack, long now) {
    log.acked(ack, now);
    unacked.remove(ack.clientId());
    refusedUntil.remove(ack.clientId());
  }

  private void onError(ServerFrame.Error error) {
    if ("unavailable".equals(error.code())
        && error.clientId() != null
        && unacked.containsKey(error.clientId())) {
      log.refused();
      refusedUntil.put(error.clientId(), System.nanoTime() + RETRY_REFUSED_AFTER.toNanos());
    } else {
      log.unexpected(error.code() + ": " + error.message());
    }
  }

  /**
   * A connection ended: {@code code} is the server's close code, 1006 without one, 0 when we
   * aborted.
   */
  private synchronized void ended(ClientConnection c, int code) {
    if (c == current) {
      log.disconnected(System.nanoTime());
      if (code != ClientConnection.ABORTED) {
        log.closed(code);
      }
    }
    notifyAll();
  }

  private static Duration jitter(Duration max) {
    return Duration.ofMillis(
        ThreadLocalRandom.current().nextLong(max.toMillis() / 2, max.toMillis() + 1));
  }

  /** The workload's pacing and the reconnect backoff; never used to wait for an outcome. */
  private static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
