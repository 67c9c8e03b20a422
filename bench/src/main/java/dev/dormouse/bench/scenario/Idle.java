package dev.dormouse.bench.scenario;

import dev.dormouse.bench.proc.JvmHeap;
import dev.dormouse.bench.proc.OpenFiles;
import dev.dormouse.bench.server.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * K open sockets that say nothing, in rooms of {@code perRoom} (or all in one room). The
 * server's resident memory, and its live heap after a full GC where the bench can read it, are
 * taken before and after; the difference per socket is what an idle connection costs. So is the
 * CPU a server spends on sockets that say nothing, taken over two of Dormouse's ping intervals:
 * its heartbeat ticks every interval and pings a socket every other one, so two intervals hold
 * one whole cycle of it, whatever the phase of each socket's timer.
 */
public final class Idle implements Scenario {

  private static final Pattern HEAP_USED = Pattern.compile("\"heapUsed\":(\\d+)");

  private static final long SETTLE_MILLIS = 3000;
  private static final Duration LONGEST_QUIET = Duration.ofSeconds(5);
  private static final int DURABLE_OBJECT_LIMIT = 5000;

  private final int connections;
  private final int perRoom;
  private final Duration pingInterval;
  private final Duration joinTimeout;

  /** {@code perRoom} at least {@code connections} puts every socket in one room. */
  public Idle(int connections, int perRoom, Duration pingInterval, Duration joinTimeout) {
    this.connections = connections;
    this.perRoom = perRoom;
    this.pingInterval = pingInterval;
    this.joinTimeout = joinTimeout;
  }

  @Override
  public String name() {
    return "idle";
  }

  /**
   * Idle rooms sleep after a second, as they would after ten in production, to keep the run
   * short; the ping interval is set, so the window knows it.
   */
  @Override
  public Map<String, String> serverEnvironment(Target target) {
    return target == Target.DORMOUSE
        ? Map.of("ROOM_IDLE_TIMEOUT", "1s", "PING_INTERVAL", pingInterval.toSeconds() + "s")
        : Map.of();
  }

  @Override
  public boolean needsFreshServer() {
    return true;
  }

  @Override
  public List<Measurement> run(Bench bench) throws InterruptedException {
    Progress progress = bench.progress();
    int wanted = bench.target().isDurableObject() ? Math.min(connections, DURABLE_OBJECT_LIMIT) : connections;
    // Each socket is a file in the generator and in the server, and neither may exceed its limit.
    long room = Math.min(OpenFiles.room(ProcessHandle.current().pid()), OpenFiles.room(bench.server().pid()));
    int sockets = (int) Math.min(wanted, room);
    boolean oneRoom = perRoom >= sockets;
    String variant = "K=" + sockets + (oneRoom ? " one room" : " rooms of " + perRoom);
    progress.say(bench.target().id() + " idle " + variant);
    Measurement m = new Measurement(bench.target().id(), name(), variant);
    if (sockets < wanted) {
      m.note(String.format("%,d sockets asked for, %,d fit under the open-file limits of the generator and the server", wanted, sockets));
    }
    Duration window = pingInterval.multipliedBy(2);
    Thread.sleep(1000);
    CpuWindow.Usage quietServer = cpuOver(bench, window.compareTo(LONGEST_QUIET) < 0 ? window : LONGEST_QUIET);
    long rssBefore = bench.server().probe().residentKib();
    JvmHeap.Heap heapBefore = heap(bench);

    Traffic traffic = new Traffic(bench.dialect(), 1, sockets);
    String prefix = "idle-" + ThreadLocalRandom.current().nextInt(1_000_000) + "-";
    CpuWindow joining = CpuWindow.start(bench.server().probe());
    Crowd crowd = Crowd.join(bench, traffic, sockets, i -> prefix + (i / perRoom), joinTimeout);
    CpuWindow.Usage joinCpu = joining.stop();
    long joined = traffic.joined;
    m.put("connections", joined).put("joinSeconds", Figures.round(crowd.joinSeconds(), 2));
    m.put("connectsPerSecond", Math.round(joined / crowd.joinSeconds()));
    if (joined > 0) {
      m.put("serverCpuUsPerConnect", Figures.round((double) joinCpu.serverCpuMicros() / joined, 1));
    }
    if (!crowd.allJoined()) {
      Figures.closes(m, bench.loop().call(traffic::closeCodesCopy, Duration.ofSeconds(10)), bench.loop().call(traffic::firstError, Duration.ofSeconds(10)));
      crowd.close();
      return List.of(m.note(String.format("only %,d of %,d sockets joined (%,d closed) in %d s; memory and idle CPU not measured",
          crowd.joined(), sockets, traffic.closed, joinTimeout.toSeconds())));
    }
    // Dormouse's rooms fall asleep one second after their last join (see serverEnvironment), so
    // what is measured next is sockets held by sleeping rooms, not rooms passivating.
    Thread.sleep(SETTLE_MILLIS);
    progress.say(String.format("  holding %,d idle sockets for %d s", joined, window.toSeconds()));
    CpuWindow.Usage holding = cpuOver(bench, window);
    long rssAfter = bench.server().probe().residentKib();
    JvmHeap.Heap heapAfter = heap(bench);
    // A socket the server closed while idle no longer costs it anything: count those still open.
    long open = traffic.joined - traffic.closed;
    m.put("closedWhileIdle", traffic.closed);
    if (open <= 0) {
      crowd.close();
      return List.of(m.note("the server closed every idle socket; nothing left to measure"));
    }

    m.put("rssBeforeMib", Figures.round(rssBefore / 1024.0, 1)).put("rssAfterMib", Figures.round(rssAfter / 1024.0, 1));
    m.put("rssKibPerConnection", Figures.round((double) (rssAfter - rssBefore) / open, 2));
    if (heapBefore.liveKib() >= 0 && heapAfter.liveKib() >= 0) {
      m.put("heapKibPerConnection", Figures.round((double) (heapAfter.liveKib() - heapBefore.liveKib()) / open, 2));
    }
    if (heapBefore.committedKib() >= 0 && heapAfter.committedKib() >= 0) {
      m.put("heapCommittedKibPerConnection",
          Figures.round((double) (heapAfter.committedKib() - heapBefore.committedKib()) / open, 2));
    }
    // CPU a server burns doing nothing, alone and then holding the idle sockets (timers, pings).
    if (bench.target() == Target.DORMOUSE) {
      m.put("pingIntervalSeconds", pingInterval.toSeconds());
    }
    m.put("idleWindowSeconds", window.toSeconds());
    m.put("serverCoresQuiet", Figures.round(quietServer.serverCores(), 3));
    m.put("serverCoresHoldingIdleSockets", Figures.round(holding.serverCores(), 3));
    m.put("idleCpuUsPerConnectionPerMinute", Figures.round(idleCpuPerConnectionPerMinute(quietServer, holding, open), 2));
    Figures.closes(m, bench.loop().call(traffic::closeCodesCopy, Duration.ofSeconds(10)), bench.loop().call(traffic::firstError, Duration.ofSeconds(10)));
    progress.say(String.format("  %,d sockets open: %s KiB RSS and %s KiB live heap each; holding them took %.1f%% of a core (alone: %.1f%%)",
        open, m.figures().get("rssKibPerConnection"), m.figures().getOrDefault("heapKibPerConnection", "?"),
        holding.serverCores() * 100, quietServer.serverCores() * 100));
    crowd.close();
    return List.of(m);
  }

  /**
   * The server's CPU while holding idle sockets beyond what it used alone, per socket and per
   * minute; never below zero, since on a shared machine the quiet figure is noisy too.
   */
  static double idleCpuPerConnectionPerMinute(CpuWindow.Usage quiet, CpuWindow.Usage holding, long connections) {
    double extraCores = Math.max(0, holding.serverCores() - quiet.serverCores());
    return connections == 0 ? 0 : extraCores * 60e6 / connections;
  }

  private static CpuWindow.Usage cpuOver(Bench bench, Duration length) throws InterruptedException {
    CpuWindow window = CpuWindow.start(bench.server().probe());
    Thread.sleep(length.toMillis());
    return window.stop();
  }

  /**
   * Live heap in KiB after a full GC (every generation of the JVM's; Node's heapUsed after
   * gc()), and for the JVM its committed heap; -1 where the server does not tell (workerd).
   */
  private static JvmHeap.Heap heap(Bench bench) {
    if (bench.target() == Target.DORMOUSE) {
      return JvmHeap.measure(bench.server().pid());
    }
    if (bench.target() == Target.WS || bench.target() == Target.SOCKETIO) {
      long used = bench.server().get("/memory").map(body -> {
        Matcher m = HEAP_USED.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1L;
      }).orElse(-1L);
      return new JvmHeap.Heap(used, -1);
    }
    return new JvmHeap.Heap(-1, -1);
  }
}
