package dev.dormouse.bench.scenario;

import dev.dormouse.bench.proc.CompilerThreads;
import dev.dormouse.bench.proc.CpuStat;
import dev.dormouse.bench.proc.JvmHeap;
import dev.dormouse.bench.proc.NetStat;
import dev.dormouse.bench.proc.OpenFiles;
import dev.dormouse.bench.proc.ProcessProbe;
import dev.dormouse.bench.server.Target;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A reconnect storm. N clients in rooms of {@code perRoom}; each room gets a log of {@code before}
 * messages, which every client receives. Then the server is restarted as an operator would
 * (SIGTERM, then the same jar on the same port and data), and every client comes back with
 * {@code since} and {@code epoch}, on the web client's jittered backoff ({@link Backoff}), each when
 * its own timer fires (no handshake window). Each room's first client posts {@code during} more as soon
 * as it is back, while the rest may still be reconnecting.
 *
 * <p>Two variants. <em>Everyone back</em> keeps the bench's lifted per-address caps: every client
 * must come back and catch up (be in its room and hold every seq of it), then each room gets one
 * more message, and the audit checks that every client has each seq of its room exactly once. The
 * figure is the time from the new server's start until the last client caught up, with the
 * server's peak CPU and memory meanwhile. <em>Default caps</em> restarts the server with the
 * product's per-address caps, which the generator's clients, all on 127.0.0.1, exceed: over a fixed
 * window it counts how the excess is refused (the promise is a 429 with Retry-After, not a reset
 * or a timeout) while the admitted clients catch up and the health check keeps answering.
 */
public final class Storm implements Scenario {

  /** The product's defaults, set explicitly: the bench's own environment lifts them. */
  static final Map<String, String> DEFAULT_CAPS = Map.of("MAX_CONNECTIONS_PER_IP", "256", "MAX_HTTP_CONNECTIONS_PER_IP", "64");

  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(300);
  private static final Duration STOP_PATIENCE = Duration.ofSeconds(60);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
  private static final ProcessProbe GENERATOR = ProcessProbe.self();
  /** A kernel TCP counter taken over the storm (machine-wide), and the figure it becomes. */
  private record TcpCounter(String figure, String counter) {}

  private static final List<TcpCounter> TCP_COUNTERS = List.of(
      new TcpCounter("listenOverflows", "TcpExt:ListenOverflows"),
      new TcpCounter("synRetransmits", "TcpExt:TCPSynRetrans"),
      new TcpCounter("syncookiesSent", "TcpExt:SyncookiesSent"),
      new TcpCounter("retransmittedSegments", "Tcp:RetransSegs"));

  private final int clients;
  private final int perRoom;
  private final int before;
  private final int during;
  private final Map<String, String> afterRestart;
  private final Duration limit;

  private Storm(int clients, int perRoom, int before, int during, Map<String, String> afterRestart, Duration limit) {
    this.clients = clients;
    this.perRoom = perRoom;
    this.before = before;
    this.during = during;
    this.afterRestart = afterRestart;
    this.limit = limit;
  }

  /** Every client must be back and caught up within {@code timeout}. */
  public static Storm everyoneBack(int clients, int perRoom, int before, int during, Duration timeout) {
    return new Storm(clients, perRoom, before, during, Map.of(), timeout);
  }

  /** The restarted server has the default caps; the storm is watched for {@code window}. */
  public static Storm defaultCaps(int clients, int perRoom, int before, Duration window) {
    return new Storm(clients, perRoom, before, 0, DEFAULT_CAPS, window);
  }

  private boolean capped() {
    return !afterRestart.isEmpty();
  }

  @Override
  public String name() {
    return "storm";
  }

  /** Only Dormouse resumes from a seq; the peers keep no log to resume. */
  @Override
  public boolean appliesTo(Target target) {
    return target == Target.DORMOUSE;
  }

  /** A fresh data folder, and a clean baseline for the restarted server's memory. */
  @Override
  public boolean needsFreshServer() {
    return true;
  }

  @Override
  public List<Measurement> run(Bench bench) throws Exception {
    Progress progress = bench.progress();
    // Each client is a file in the generator and in the server, and neither may exceed its limit.
    long room = Math.min(OpenFiles.room(ProcessHandle.current().pid()), OpenFiles.room(bench.server().pid()));
    int n = (int) Math.min(clients, room);
    int rooms = (n + perRoom - 1) / perRoom;
    String variant = String.format("N=%d rooms of %d, %s", n, perRoom, capped() ? "default caps" : "everyone back");
    progress.say(bench.target().id() + " storm " + variant);
    Measurement m = new Measurement(bench.target().id(), name(), variant);
    if (n < clients) {
      m.note(String.format("%,d clients asked for, %,d fit under the open-file limits of the generator and the server", clients, n));
    }
    String prefix = "storm-" + ThreadLocalRandom.current().nextInt(1_000_000) + "-";
    StormClients crowd = new StormClients(bench.loop(), bench.dialect(), new InetSocketAddress("127.0.0.1", bench.server().port()),
        n, perRoom, prefix);
    m.put("clients", n).put("rooms", rooms).put("messagesBefore", before).put("postedDuring", during);

    long joinStart = System.nanoTime();
    bench.loop().execute(crowd::openAll);
    boolean joined = progress.await(() -> crowd.inRoomCount >= n, JOIN_TIMEOUT.toNanos(),
        () -> String.format("joining: %,d of %,d in their rooms", crowd.inRoomCount, n));
    m.put("joinSeconds", Figures.round((System.nanoTime() - joinStart) / 1e9, 2));
    bench.loop().call(() -> {
      crowd.expectThrough(before);
      crowd.postInEveryRoom(before);
      return null;
    }, Duration.ofSeconds(10));
    boolean logged = joined && progress.await(() -> crowd.caughtUp >= n, DELIVERY_TIMEOUT.toNanos(),
        () -> String.format("posting the logs: %,d of %,d hold all %d", crowd.caughtUp, n, before));
    if (!logged) {
      stop(bench, crowd);
      return List.of(m.note(String.format("before the restart only %,d of %,d were in their rooms with the whole log (%s); not run",
          crowd.caughtUp, n, bench.loop().call(crowd::firstProblem, Duration.ofSeconds(10)))));
    }
    // The web client starts its backoff over only after a connection that stayed live 5 s.
    Thread.sleep(Backoff.STABLE_AFTER_MILLIS + 500);

    bench.loop().call(() -> {
      crowd.restarting(during);
      crowd.expectThrough(before + during);
      // From now on every client's own timer decides when it connects.
      bench.loop().handshakeWindow(Integer.MAX_VALUE);
      return null;
    }, Duration.ofSeconds(10));
    progress.say(String.format("  %,d clients hold seqs 1..%d; restarting the server%s", n, before, capped() ? " with " + afterRestart : ""));
    long sigterm = System.nanoTime();
    boolean graceful = bench.server().restart(afterRestart, STOP_PATIENCE);
    long spawned = System.nanoTime();
    long generatorAtSpawn = CpuWindow.generatorCpuMicros();
    long generatorWaitAtSpawn = GENERATOR.runQueueWaitMicros();
    Map<String, Long> tcpAtSpawn = NetStat.snapshot();
    int core = bench.server().core();
    long coreBusyAtSpawn = core < 0 ? -1 : CpuStat.busyMicros(core);
    ProcessProbe probe = bench.server().probe();
    try (StormWatch watch = StormWatch.start(bench.server(), spawned, () -> crowd.inRoomCount)) {
      bench.server().awaitRestarted(START_TIMEOUT);
      long healthy = System.nanoTime();
      boolean all;
      if (capped()) {
        long end = healthy + limit.toNanos();
        progress.await(() -> System.nanoTime() >= end, limit.toNanos() + 5_000_000_000L, () -> status(crowd, n));
        all = crowd.caughtUp >= n;
      } else {
        all = progress.await(() -> crowd.caughtUp >= n, limit.toNanos(), () -> status(crowd, n));
      }
      long end = all ? crowd.lastCaughtUpNanos : System.nanoTime();
      CpuWindow.Usage usage = new CpuWindow.Usage(end - spawned, probe.cpuMicros(), CpuWindow.generatorCpuMicros() - generatorAtSpawn,
          CompilerThreads.between(Map.of(), probe.compilerThreadTicks()));
      long coreBusy = core < 0 ? -1 : CpuStat.busyMicros(core);
      Map<String, Long> tcp = NetStat.snapshot();
      // What follows (one more message, a full GC for the live heap) is no part of the storm.
      watch.close();
      m.put("stoppedGracefully", graceful).put("stopSeconds", seconds(spawned - sigterm)).put("startSeconds", seconds(healthy - spawned));
      if (capped()) {
        m.put("admitted", crowd.inRoomCount).put("windowSeconds", limit.toSeconds());
      } else if (all) {
        m.put("caughtUpSeconds", seconds(end - spawned)).put("caughtUpAfterHealthySeconds", seconds(end - healthy))
            .put("caughtUpAfterSigtermSeconds", seconds(end - sigterm));
      }
      caughtUpSpread(m, bench.loop().call(crowd::caughtUpTimes, Duration.ofSeconds(10)), spawned);
      m.put("notCaughtUp", n - crowd.caughtUp);
      connections(m, bench, crowd, n);
      // Per client it would count the JVM's start too: only the cores, and the JIT's share.
      Figures.cpu(m, usage, 0, "");
      m.put("serverCpuSeconds", Figures.round(usage.serverCpuMicros() / 1e6, 2));
      m.put("serverPeakCpuPercent", Figures.round(watch.peakCpuPercent, 1));
      // On a shared machine: how long each side was ready to run but had no core.
      m.put("serverWaitedForCpuSeconds", Figures.round(probe.runQueueWaitMicros() / 1e6, 2));
      m.put("generatorWaitedForCpuSeconds", Figures.round((GENERATOR.runQueueWaitMicros() - generatorWaitAtSpawn) / 1e6, 2));
      if (coreBusy >= 0 && coreBusyAtSpawn >= 0) {
        // The server's core is its own only as far as the machine allows: what the rest took of it.
        m.put("othersOnServerCorePercent",
            Figures.round(Math.max(0, coreBusy - coreBusyAtSpawn - usage.serverCpuMicros()) * 1000.0 / usage.wallNanos() * 100, 1));
      }
      for (TcpCounter c : TCP_COUNTERS) {
        if (tcp.containsKey(c.counter()) && tcpAtSpawn.containsKey(c.counter())) {
          m.put(c.figure(), tcp.get(c.counter()) - tcpAtSpawn.get(c.counter()));
        }
      }
      if (!capped() && all) {
        afterTheStorm(m, bench, crowd, n, before + during + 1);
      }
      audit(m, bench.loop().call(crowd::audit, Duration.ofSeconds(10)), crowd);
      memory(m, watch, probe, bench.server().pid());
      m.put("healthChecks", watch.healthChecks).put("healthFailures", watch.healthFailures)
          .put("healthSlowestMs", Figures.round(watch.slowestHealthNanos / 1e6, 1));
      m.put("serverCpuPercentEvery500ms", watch.cpuPercents());
      m.put("inRoomEvery500ms", watch.inRoomCounts());
      if (!all && !capped()) {
        m.note(String.format("only %,d of %,d clients caught up within %d s", n - (long) m.number("notCaughtUp"), n, limit.toSeconds()));
      }
      long dropped = crowd.resets + crowd.closedUnanswered + crowd.timeouts;
      if (dropped > 0) {
        m.note(String.format("%,d upgrades were dropped without an answer (%,d reset, %,d closed, %,d unanswered for 30 s); "
            + "the kernel counted %s listen-queue overflows meanwhile", dropped, crowd.resets, crowd.closedUnanswered, crowd.timeouts,
            m.figures().getOrDefault("listenOverflows", "?")));
      }
      String problem = bench.loop().call(crowd::firstProblem, Duration.ofSeconds(10));
      if (problem != null) {
        m.note("first problem: " + problem);
      }
    } finally {
      stop(bench, crowd);
    }
    progress.say(String.format("  %s after the start: %s caught up; %s 429s (%s with Retry-After), %s resets, %s timeouts; lost %s, duplicates %s; "
            + "server peak %s%% CPU, %s MiB RSS",
        m.figures().getOrDefault("caughtUpSeconds", "not all"), m.figures().get("caughtUpCount"), m.figures().get("refused429"),
        m.figures().get("refused429WithRetryAfter"), m.figures().get("resets"), m.figures().get("timeouts"), m.figures().get("lost"),
        m.figures().get("duplicates"), m.figures().get("serverPeakCpuPercent"), m.figures().get("rssPeakMib")));
    return List.of(m);
  }

  private static String status(StormClients crowd, int n) {
    return String.format("%,d of %,d caught up, %,d in their rooms; %,d attempts: %,d refused connects, %,d 429s, %,d resets, %,d unanswered",
        crowd.caughtUp, n, crowd.inRoomCount, crowd.attemptsMade, crowd.connectRefused, crowd.refused429, crowd.resets,
        crowd.closedUnanswered);
  }

  /** When the clients caught up, counted from the new server's spawn. */
  private static void caughtUpSpread(Measurement m, long[] times, long spawned) {
    long[] seconds = Arrays.stream(times).filter(t -> t != 0).map(t -> t - spawned).sorted().toArray();
    m.put("caughtUpCount", (long) seconds.length);
    if (seconds.length > 0) {
      m.put("caughtUpP50Seconds", seconds(seconds[(seconds.length - 1) / 2]));
      m.put("caughtUpP99Seconds", seconds(seconds[(int) Math.ceil(seconds.length * 0.99) - 1]));
    }
  }

  /** How the reconnects went, from the SIGTERM on. */
  private static void connections(Measurement m, Bench bench, StormClients crowd, int n) {
    m.put("attempts", crowd.attemptsMade).put("attemptsPerClient", Figures.round((double) crowd.attemptsMade / n, 2));
    m.put("connectRefused", crowd.connectRefused).put("upgrades", crowd.upgrades);
    m.put("refused429", crowd.refused429).put("refused429WithRetryAfter", crowd.with429RetryAfter);
    m.put("otherRefusals", crowd.otherRefusals);
    Map<Integer, Integer> statuses = bench.loop().call(crowd::otherStatuses, Duration.ofSeconds(10));
    if (!statuses.isEmpty()) {
      m.put("otherStatuses", statuses.toString());
    }
    m.put("resets", crowd.resets).put("closedUnanswered", crowd.closedUnanswered).put("timeouts", crowd.timeouts);
    m.put("otherFailures", crowd.otherFailures).put("restartCloses", crowd.restartCloses);
    Map<Integer, Integer> closes = bench.loop().call(crowd::unexpectedCloseCodes, Duration.ofSeconds(10));
    if (!closes.isEmpty()) {
      m.put("unexpectedCloses", closes.toString());
    }
    m.put("slowestUpgradeMs", Figures.round(crowd.slowestUpgradeNanos / 1e6, 1));
  }

  /** Once everyone is back, one more message in every room must reach every client of it. */
  private static void afterTheStorm(Measurement m, Bench bench, StormClients crowd, int n, long latest) {
    // Through the loop and waited for, so the count has started over before it is read.
    bench.loop().call(() -> {
      crowd.expectThrough(latest);
      crowd.postInEveryRoom(1);
      return null;
    }, Duration.ofSeconds(10));
    bench.progress().await(() -> crowd.caughtUp >= n, DELIVERY_TIMEOUT.toNanos(),
        () -> String.format("the message after the storm: %,d of %,d have it", crowd.caughtUp, n));
    m.put("holdingTheLastMessage", crowd.caughtUp);
  }

  private static void stop(Bench bench, StormClients crowd) {
    bench.loop().call(() -> {
      crowd.stop();
      return null;
    }, Duration.ofSeconds(60));
  }

  private static void audit(Measurement m, StormClients.Audit audit, StormClients crowd) {
    m.put("lost", audit.lost()).put("duplicates", audit.duplicates()).put("clientsMissingSome", audit.clientsMissingSome());
    m.put("posted", audit.posted()).put("stored", audit.stored()).put("unacked", audit.unacked());
    m.put("storedTwice", crowd.storedTwice);
    m.put("resetFrames", crowd.resetFrames).put("gapFrames", crowd.gapFrames).put("errorFrames", crowd.errorFrames);
  }

  /**
   * Peak RSS is the kernel's high-water mark of the new process (exact); the heap's peaks are
   * sampled; live heap is taken after a full GC once the storm is over.
   */
  private static void memory(Measurement m, StormWatch watch, ProcessProbe probe, long pid) {
    m.put("rssPeakMib", Figures.round(probe.peakResidentKib() / 1024.0, 1));
    m.put("rssAfterMib", Figures.round(probe.residentKib() / 1024.0, 1));
    if (watch.peakHeapUsedKib >= 0) {
      m.put("heapPeakUsedMib", Figures.round(watch.peakHeapUsedKib / 1024.0, 1));
      m.put("heapPeakCommittedMib", Figures.round(watch.peakHeapCommittedKib / 1024.0, 1));
    }
    JvmHeap.Heap after = JvmHeap.measure(pid);
    if (after.liveKib() >= 0) {
      m.put("heapLiveAfterMib", Figures.round(after.liveKib() / 1024.0, 1));
    }
  }

  private static double seconds(long nanos) {
    return Figures.round(nanos / 1e9, 2);
  }
}
