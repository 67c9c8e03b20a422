package dev.dormouse.bench.scenario;

import dev.dormouse.bench.client.ClientLoop;
import dev.dormouse.bench.client.Connection;
import dev.dormouse.bench.client.ConnectionListener;
import dev.dormouse.bench.client.Handshake;
import dev.dormouse.bench.dialect.Dialect;
import dev.dormouse.bench.dialect.DormouseFrames;
import dev.dormouse.bench.dialect.Envelope;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The storm's clients, each reconnecting the way the web client's RoomClient does: when its socket
 * is lost (closed, refused, never answered) it waits out the jittered {@link Backoff} and opens a
 * new one with {@code since} (the highest seq it has) and the {@code epoch} of its last {@code
 * ready}. The first client of each room posts through an {@link Outbox}, which like the web
 * client's resends whatever was not acked, with the same clientId, once it is back in its room.
 *
 * <p>Every seq a client receives, in a {@code history} or live, goes into its {@link SeqLog}, so
 * the audit can tell a lost message from a duplicate. Everything here runs on the loop's thread;
 * the scenario thread reads the volatile counters and calls the rest through the loop.
 */
final class StormClients implements ConnectionListener {

  /** What went wrong with a connection that never opened, told by its error's message. */
  enum Failure { CONNECT_REFUSED, RESET, CLOSED_UNANSWERED, OTHER }

  /** Past this, an upgrade that has no answer is given up on, counted, and retried after the backoff. */
  private static final long HANDSHAKE_TIMEOUT_NANOS = 30_000_000_000L;

  private final ClientLoop loop;
  private final Dialect dialect;
  private final InetSocketAddress server;
  private final int perRoom;
  private final String roomPrefix;
  private final Connection[] sockets;
  private final SeqLog[] logs;
  private final String[] epochs;
  private final boolean[] resumes;
  private final int[] attempts;
  private final long[] connectingSince;
  private final long[] liveSince;
  private final boolean[] inRoom;
  private final boolean[] upgraded;
  private final Handshake.Refusal[] refusals;
  private final boolean[] backAfterRestart;
  private final long[] caughtUpNanos;
  private final long[] roomLatest;
  private final Outbox[] outboxes;
  private final boolean[] postedOnReturn;
  private final Map<Long, Long> seqOfIndex = new HashMap<>();
  private final TreeMap<Integer, Integer> otherStatuses = new TreeMap<>();
  private final TreeMap<Integer, Integer> closeCodes = new TreeMap<>();
  private int postOnReturn;
  private boolean restarted;
  private boolean stopped;
  private long expectedThrough;
  private long nextIndex;
  private String firstProblem;

  volatile long inRoomCount;
  volatile long caughtUp;
  volatile long lastCaughtUpNanos;
  volatile long attemptsMade;
  volatile long upgrades;
  volatile long refused429;
  volatile long with429RetryAfter;
  volatile long otherRefusals;
  volatile long connectRefused;
  volatile long resets;
  volatile long closedUnanswered;
  volatile long timeouts;
  volatile long otherFailures;
  volatile long restartCloses;
  volatile long unexpectedCloses;
  volatile long resetFrames;
  volatile long gapFrames;
  volatile long errorFrames;
  volatile long storedTwice;
  volatile long slowestUpgradeNanos;

  StormClients(ClientLoop loop, Dialect dialect, InetSocketAddress server, int clients, int perRoom, String roomPrefix) {
    this.loop = loop;
    this.dialect = dialect;
    this.server = server;
    this.perRoom = perRoom;
    this.roomPrefix = roomPrefix;
    this.sockets = new Connection[clients];
    this.logs = new SeqLog[clients];
    Arrays.setAll(logs, i -> new SeqLog());
    this.epochs = new String[clients];
    this.resumes = new boolean[clients];
    this.attempts = new int[clients];
    this.connectingSince = new long[clients];
    this.liveSince = new long[clients];
    this.inRoom = new boolean[clients];
    this.upgraded = new boolean[clients];
    this.refusals = new Handshake.Refusal[clients];
    this.backAfterRestart = new boolean[clients];
    this.caughtUpNanos = new long[clients];
    int rooms = (clients + perRoom - 1) / perRoom;
    this.roomLatest = new long[rooms];
    this.outboxes = new Outbox[rooms];
    Arrays.setAll(outboxes, r -> new Outbox());
    this.postedOnReturn = new boolean[rooms];
  }

  // The scenario's steps, on the loop's thread.

  void openAll() {
    for (int i = 0; i < sockets.length; i++) {
      open(i);
    }
  }

  /** Each room's first client posts {@code count} new messages, now or once it is back in its room. */
  void postInEveryRoom(int count) {
    for (int r = 0; r < roomLatest.length; r++) {
      for (int k = 0; k < count; k++) {
        outboxes[r].add(nextIndex++);
      }
      pump(r);
    }
  }

  /** A client is caught up once it holds every seq through {@code seq} (and, after a restart, is back). */
  void expectThrough(long seq) {
    expectedThrough = seq;
    caughtUp = 0;
    lastCaughtUpNanos = 0;
    Arrays.fill(caughtUpNanos, 0);
    long now = System.nanoTime();
    for (int i = 0; i < sockets.length; i++) {
      checkCaughtUp(i, now);
    }
  }

  /**
   * The server is about to be restarted: the counters start over for the storm, and each room's
   * first client posts {@code postsOnReturn} messages as soon as it is back, while the others may
   * still be reconnecting.
   */
  void restarting(int postsOnReturn) {
    restarted = true;
    postOnReturn = postsOnReturn;
    attemptsMade = upgrades = refused429 = with429RetryAfter = otherRefusals = 0;
    connectRefused = resets = closedUnanswered = timeouts = otherFailures = 0;
    restartCloses = unexpectedCloses = resetFrames = gapFrames = errorFrames = 0;
    slowestUpgradeNanos = 0;
    otherStatuses.clear();
    closeCodes.clear();
    firstProblem = null;
  }

  /** No more reconnects: the scenario is over and closes the sockets itself. */
  void stop() {
    stopped = true;
    for (Connection c : sockets) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** What every client's log says against its room's latest seq, and what the rooms stored. */
  record Audit(long lost, long duplicates, long clientsMissingSome, long posted, long stored, long unacked) {}

  Audit audit() {
    long lost = 0;
    long duplicates = 0;
    long missingSome = 0;
    for (int i = 0; i < logs.length; i++) {
      long missing = logs[i].missingThrough(roomLatest[room(i)]);
      lost += missing;
      duplicates += logs[i].duplicates();
      missingSome += missing > 0 ? 1 : 0;
    }
    long unacked = Arrays.stream(outboxes).mapToLong(Outbox::unacked).sum();
    long posted = Arrays.stream(outboxes).mapToLong(Outbox::posted).sum();
    return new Audit(lost, duplicates, missingSome, posted, Arrays.stream(roomLatest).sum(), unacked);
  }

  /** When each client caught up (System.nanoTime), 0 for those that did not. */
  long[] caughtUpTimes() {
    return caughtUpNanos.clone();
  }

  Map<Integer, Integer> otherStatuses() {
    return new TreeMap<>(otherStatuses);
  }

  Map<Integer, Integer> unexpectedCloseCodes() {
    return new TreeMap<>(closeCodes);
  }

  String firstProblem() {
    return firstProblem;
  }

  // One client.

  private int room(int client) {
    return client / perRoom;
  }

  private boolean posts(int client) {
    return client % perRoom == 0;
  }

  private void open(int i) {
    if (stopped || sockets[i] != null) {
      return;
    }
    StringBuilder path = new StringBuilder(dialect.path(roomPrefix + room(i), i));
    // As the web client's socket URL: since once a history came, epoch when a ready named one.
    if (resumes[i]) {
      path.append("&since=").append(logs[i].highest());
      if (epochs[i] != null) {
        path.append("&epoch=").append(URLEncoder.encode(epochs[i], StandardCharsets.UTF_8));
      }
    }
    upgraded[i] = false;
    refusals[i] = null;
    attemptsMade++;
    long now = System.nanoTime();
    connectingSince[i] = now;
    Connection connection = loop.open(i, server, sourceAddress(i), path.toString(), dialect.subprotocol(), this);
    sockets[i] = connection;
    loop.at(now + HANDSHAKE_TIMEOUT_NANOS, () -> {
      if (sockets[i] == connection && !upgraded[i]) {
        timeouts++;
        problem("an upgrade had no answer in " + HANDSHAKE_TIMEOUT_NANOS / 1_000_000_000L + " s");
        connection.close();
        lost(i, -1);
      }
    });
  }

  /** Like RoomClient.onSocketLost: the attempts start over after a stable connection, then back off. */
  private void lost(int i, long retryAfterMillis) {
    sockets[i] = null;
    if (inRoom[i]) {
      inRoom[i] = false;
      inRoomCount--;
    }
    long now = System.nanoTime();
    if (liveSince[i] != 0 && now - liveSince[i] >= Backoff.STABLE_AFTER_MILLIS * 1_000_000) {
      attempts[i] = 0;
    }
    liveSince[i] = 0;
    if (posts(i)) {
      outboxes[room(i)].lost();
    }
    if (stopped) {
      return;
    }
    long delay = Backoff.retryMillis(attempts[i], ThreadLocalRandom.current().nextDouble(), retryAfterMillis);
    attempts[i]++;
    loop.at(now + delay * 1_000_000, () -> open(i));
  }

  private void pump(int r) {
    int poster = r * perRoom;
    if (!inRoom[poster]) {
      return;
    }
    outboxes[r].send(index -> sockets[poster].sendText(dialect.post(Envelope.text(index), Envelope.clientId(index))));
  }

  private void add(int i, long seq, long now) {
    if (logs[i].add(seq)) {
      roomLatest[room(i)] = Math.max(roomLatest[room(i)], seq);
      checkCaughtUp(i, now);
    }
  }

  private void checkCaughtUp(int i, long now) {
    if (caughtUpNanos[i] == 0 && inRoom[i] && (!restarted || backAfterRestart[i])
        && logs[i].contiguous() >= expectedThrough) {
      caughtUpNanos[i] = now;
      lastCaughtUpNanos = now;
      caughtUp++;
    }
  }

  /**
   * The first block of clients lets connect pick its port: a bind to port 0 first, as the later
   * blocks need for their own loopback address, slows to hundreds a second once tens of thousands
   * of ports are taken or waiting in TIME_WAIT, which is what a storm of reconnects leaves behind.
   */
  private static InetSocketAddress sourceAddress(int client) {
    return client < Crowd.PER_SOURCE_ADDRESS ? null : Crowd.sourceAddress(client);
  }

  private void problem(String what) {
    if (firstProblem == null) {
      firstProblem = what;
    }
  }

  // Its connection's events.

  @Override
  public void onOpen(Connection connection) {
    int i = connection.number();
    if (sockets[i] == connection) {
      upgraded[i] = true;
      upgrades++;
      slowestUpgradeNanos = Math.max(slowestUpgradeNanos, System.nanoTime() - connectingSince[i]);
    }
  }

  @Override
  public void onRefused(Connection connection, Handshake.Refusal refusal) {
    int i = connection.number();
    if (sockets[i] != connection) {
      return;
    }
    refusals[i] = refusal;
    if (refusal.status() == 429) {
      refused429++;
      if (refusal.retryAfter() != null) {
        with429RetryAfter++;
      }
    } else {
      otherRefusals++;
      otherStatuses.merge(refusal.status(), 1, Integer::sum);
      problem("upgrade answered " + refusal.status());
    }
  }

  @Override
  public void onText(Connection connection, ByteBuffer buffer, int start, int end, long nowNanos) {
    int i = connection.number();
    if (sockets[i] != connection) {
      return;
    }
    switch (DormouseFrames.type(buffer, start, end)) {
      case READY -> {
        String epoch = DormouseFrames.epoch(buffer, start, end);
        epochs[i] = epoch == null ? null : epoch.intern();
        liveSince[i] = nowNanos;
      }
      case HISTORY -> {
        DormouseFrames.seqs(buffer, start, end, seq -> add(i, seq, nowNanos));
        inRoom[i] = true;
        inRoomCount++;
        backAfterRestart[i] = restarted;
        resumes[i] = true;
        if (posts(i)) {
          int r = room(i);
          if (restarted && !postedOnReturn[r]) {
            postedOnReturn[r] = true;
            for (int k = 0; k < postOnReturn; k++) {
              outboxes[r].add(nextIndex++);
            }
          }
          pump(r);
        }
        checkCaughtUp(i, nowNanos);
      }
      case MESSAGE -> {
        long seq = DormouseFrames.seq(buffer, start, end);
        long index = Envelope.messageIndex(buffer, start, end);
        Long before = seqOfIndex.putIfAbsent(index, seq);
        if (before != null && before != seq) {
          storedTwice++;
          problem("post #" + index + " was stored as seq " + before + " and " + seq);
        }
        add(i, seq, nowNanos);
      }
      case ACK -> {
        long seq = DormouseFrames.seq(buffer, start, end);
        outboxes[room(i)].acked(Envelope.ackIndex(buffer, start, end));
        roomLatest[room(i)] = Math.max(roomLatest[room(i)], seq);
      }
      case RESET -> {
        resetFrames++;
        problem("a resume was answered with reset: the restarted server took the log for another");
      }
      case GAP -> {
        gapFrames++;
        problem("a resume was answered with a gap");
      }
      case ERROR -> {
        errorFrames++;
        byte[] text = new byte[Math.min(300, end - start)];
        buffer.get(start, text);
        problem(new String(text, StandardCharsets.UTF_8));
      }
      case OTHER -> {}
    }
  }

  @Override
  public void onClose(Connection connection, int code, String reason) {
    int i = connection.number();
    if (sockets[i] != connection) {
      return;
    }
    Handshake.Refusal refusal = refusals[i];
    if (refusal == null && !upgraded[i]) {
      switch (failure(reason)) {
        case CONNECT_REFUSED -> connectRefused++;
        case RESET -> resets++;
        case CLOSED_UNANSWERED -> closedUnanswered++;
        case OTHER -> {
          otherFailures++;
          problem("a connection failed: " + reason);
        }
      }
    } else if (upgraded[i]) {
      if (code == 1012) {
        restartCloses++;
      } else {
        unexpectedCloses++;
        closeCodes.merge(code, 1, Integer::sum);
        problem("socket closed: " + code + " " + reason);
      }
    }
    lost(i, refusal == null ? -1 : refusal.retryAfterMillis());
  }

  /**
   * A failed connection's kind, from the message of the JDK's exception: a refused connect is the
   * server not listening (it is restarting), a reset or an end before the answer is the server (or
   * its gate) dropping the connection.
   */
  static Failure failure(String reason) {
    String r = reason == null ? "" : reason.toLowerCase(java.util.Locale.ROOT);
    if (r.contains("connection refused")) {
      return Failure.CONNECT_REFUSED;
    }
    if (r.contains("reset")) {
      return Failure.RESET;
    }
    if (r.contains("closed during the upgrade") || r.contains("broken pipe")) {
      return Failure.CLOSED_UNANSWERED;
    }
    return Failure.OTHER;
  }
}
