package dev.dormouse.faults;

import dev.dormouse.ServerProcess;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * <p>It may also change its own messages once they are acked: a script of edits, deletes and
 * reactions per message, each step sent only when the one before it is acked (as a person would),
 * under a clientId of its own that is resent like a message's.
 *
 * <p>It connects to one server, or to whichever node a load balancer names at each connect. It
 * opens a session first and connects with its token, so that it stays one person across reconnects
 * and restarts and may change what it posted, as the web client does.
 */
final class FaultClient implements AutoCloseable {

  /** What this client asks of the room, with the clientId it keeps across every resend. */
  sealed interface Request {
    String clientId();

    String frame();
  }

  /** A message this client posts. */
  record Outgoing(String clientId, String text) implements Request {
    @Override
    public String frame() {
      return "{\"type\":\"send\",\"text\":" + json(text) + ",\"clientId\":" + json(clientId) + "}";
    }
  }

  /** One step of a message's script: what to change, not yet which message by id. */
  record Step(Change.Kind kind, String text, String emoji, boolean on) {
    static Step edit(String text) {
      return new Step(Change.Kind.EDIT, text, null, false);
    }

    static Step delete() {
      return new Step(Change.Kind.DELETE, null, null, false);
    }

    static Step react(String emoji, boolean on) {
      return new Step(Change.Kind.REACT, null, emoji, on);
    }
  }

  /** A change to the message that this client posted as {@code postClientId}. */
  record Change(String clientId, String postClientId, String messageId, Step step)
      implements Request {
    enum Kind {
      EDIT,
      DELETE,
      REACT
    }

    @Override
    public String frame() {
      String head = "{\"id\":" + json(messageId) + ",\"clientId\":" + json(clientId) + ",\"type\":";
      return switch (step.kind()) {
        case EDIT -> head + "\"edit\",\"text\":" + json(step.text()) + "}";
        case DELETE -> head + "\"delete\"}";
        case REACT ->
            head + "\"react\",\"emoji\":" + json(step.emoji()) + ",\"on\":" + step.on() + "}";
      };
    }
  }

  private static String json(String value) {
    return FrameCodec.json().valueToTree(value).toString();
  }

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
  private final LinkedHashMap<String, Request> unacked = new LinkedHashMap<>();

  /** The steps still to take, by the clientId of the message they change, in posting order. */
  private final LinkedHashMap<String, ArrayDeque<Step>> scripts = new LinkedHashMap<>();

  /** Messages with a change sent and not yet acked: their next step waits for that ack. */
  private final Set<String> changing = new HashSet<>();

  private final Map<String, Long> refusedUntil = new HashMap<>();
  private boolean stalled;
  private ClientConnection current;
  private ServerProcess currentNode;
  private String sessionToken;

  private volatile boolean stopping;

  /**
   * Starts posting {@code messages} into {@code room} at once, pausing up to {@code maxPause}
   * between sends (the workload's pace, not a wait).
   */
  FaultClient(
      ServerProcess server, String room, String name, List<Outgoing> messages, Duration maxPause) {
    this(() -> server, room, name, messages, maxPause, post -> List.of());
  }

  /** As above, changing each message by {@code script}'s steps for it once it is acked. */
  FaultClient(
      ServerProcess server,
      String room,
      String name,
      List<Outgoing> messages,
      Duration maxPause,
      Function<Outgoing, List<Step>> script) {
    this(() -> server, room, name, messages, maxPause, script);
  }

  /** As above, connecting each time to the node {@code balancer} hands out, as a load balancer. */
  FaultClient(
      Supplier<ServerProcess> balancer,
      String room,
      String name,
      List<Outgoing> messages,
      Duration maxPause) {
    this(balancer, room, name, messages, maxPause, post -> List.of());
  }

  private FaultClient(
      Supplier<ServerProcess> balancer,
      String room,
      String name,
      List<Outgoing> messages,
      Duration maxPause,
      Function<Outgoing, List<Step>> script) {
    this.balancer = balancer;
    this.room = room;
    this.name = name;
    this.maxPause = maxPause;
    this.log = new ClientLog(name);
    this.fresh = new ArrayDeque<>(messages);
    for (Outgoing post : messages) {
      List<Step> steps = script.apply(post);
      if (!steps.isEmpty()) {
        scripts.put(post.clientId(), new ArrayDeque<>(steps));
      }
    }
    this.driver = Thread.ofPlatform().name("fault-client-" + name).daemon().start(this::run);
  }

  String name() {
    return name;
  }

  synchronized boolean allAcked() {
    return fresh.isEmpty() && unacked.isEmpty() && scripts.isEmpty();
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
    scripts.clear();
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
        + ", scripted="
        + scripts.size()
        + ", oldestUnacked="
        + unacked.keySet().stream().findFirst().orElse("-")
        + ", unexpected="
        + log.unexpectedSoFar()
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
    String token = sessionToken(node);
    if (token == null) {
      return null;
    }
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
              .header("Authorization", "Bearer " + token)
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

  /** This client's session, opened on first need; null while no server answers. */
  private String sessionToken(ServerProcess node) {
    if (sessionToken != null) {
      return sessionToken;
    }
    try {
      HttpResponse<String> response =
          SOCKETS.send(
              HttpRequest.newBuilder(node.http("/api/session"))
                  .header("Content-Type", "application/json")
                  .timeout(SEND_TIMEOUT)
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":" + json(name) + "}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        sessionToken = FrameCodec.json().readTree(response.body()).get("token").asText();
      }
    } catch (IOException serverAway) {
      // Not yet: the next connect asks again.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return sessionToken;
  }

  private void converse(ClientConnection c) {
    List<Request> resend;
    synchronized (this) {
      resend = List.copyOf(unacked.values());
      refusedUntil.clear();
    }
    for (Request o : resend) {
      if (!send(c, o)) {
        return;
      }
    }
    while (!stopping && !c.hasEnded()) {
      Request next;
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

  /**
   * A refused request whose time has come, else, if the window has room, the next step of a script
   * whose message is acked, shown and not being changed, else a fresh message; or null.
   */
  private Request nextToSend() {
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
    if (unacked.size() >= WINDOW) {
      return null;
    }
    Change change = nextChange();
    if (change != null) {
      unacked.put(change.clientId(), change);
      changing.add(change.postClientId());
      log.changed(change, now);
      return change;
    }
    if (!fresh.isEmpty()) {
      Outgoing o = fresh.poll();
      unacked.put(o.clientId(), o);
      log.posted(o, now);
      return o;
    }
    return null;
  }

  private Change nextChange() {
    var scripted = scripts.entrySet().iterator();
    while (scripted.hasNext()) {
      var entry = scripted.next();
      String post = entry.getKey();
      Long seq = log.acked().get(post);
      String messageId = seq == null ? null : log.messageIdAt(seq);
      if (messageId == null || changing.contains(post)) {
        continue;
      }
      ArrayDeque<Step> steps = entry.getValue();
      int done = log.changesTo(post);
      Step step = steps.poll();
      if (steps.isEmpty()) {
        scripted.remove();
      }
      return new Change(post + "~" + (done + 1), post, messageId, step);
    }
    return null;
  }

  private boolean send(ClientConnection c, Request o) {
    try {
      c.send(o.frame()).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
        case ServerFrame.History history -> {
          history.messages().forEach(log::shown);
          if (history.updated() != null) {
            history.updated().forEach(log::updated);
          }
        }
        case ServerFrame.Message message -> log.shown(message);
        case ServerFrame.Edited edited -> log.shown(edited);
        case ServerFrame.Deleted deleted -> log.shown(deleted);
        case ServerFrame.Reaction reaction -> log.shown(reaction);
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
    RoomHistory.Range missing;
    try {
      missing = RoomHistory.range(node, room, gap.from() - 1, gap.to());
    } catch (IOException serverAway) {
      // Nothing of the gap was shown; reconnecting with the same since asks for it again.
      c.abort();
      return;
    }
    synchronized (this) {
      if (c == current) {
        missing.messages().forEach(log::shown);
        missing.updated().forEach(log::updated);
        log.gapFilled();
      }
    }
  }

  private void onAck(ServerFrame.Ack ack, long now) {
    log.acked(ack, now);
    if (unacked.remove(ack.clientId()) instanceof Change change) {
      changing.remove(change.postClientId());
    }
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
