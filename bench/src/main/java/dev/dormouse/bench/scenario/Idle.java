package dev.dormouse.bench.scenario;

import dev.dormouse.bench.proc.JvmHeap;
import dev.dormouse.bench.server.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * K open sockets that say nothing, ten to a room. The server's resident memory (and heap, where
 * the bench can read it after a full GC) is taken before and after; the difference per socket is
 * what an idle connection costs. So is the CPU a server spends on sockets that say nothing.
 */
public final class Idle implements Scenario {

  private static final Pattern HEAP_USED = Pattern.compile("\"heapUsed\":(\\d+)");

  private static final long QUIET_MILLIS = 4000;
  private static final long SETTLE_MILLIS = 3000;
  private static final int DURABLE_OBJECT_LIMIT = 5000;

  private final int connections;
  private final int perRoom;

  public Idle(int connections, int perRoom) {
    this.connections = connections;
    this.perRoom = perRoom;
  }

  @Override
  public String name() {
    return "idle";
  }

  /** Idle rooms sleep after a second, as they would after ten in production, to keep the run short. */
  @Override
  public Map<String, String> serverEnvironment(Target target) {
    return target == Target.DORMOUSE ? Map.of("ROOM_IDLE_TIMEOUT", "1s") : Map.of();
  }

  @Override
  public boolean needsFreshServer() {
    return true;
  }

  @Override
  public List<Measurement> run(Bench bench) throws InterruptedException {
    Progress progress = bench.progress();
    // workerd under wrangler dev crashes here at about 9,000 sockets ("incoming RPC message
    // exceeds size limit", then "The Workers runtime crashed unexpectedly"), so the Durable
    // Objects are measured with fewer.
    int connections = bench.target().isDurableObject() ? Math.min(this.connections, DURABLE_OBJECT_LIMIT) : this.connections;
    String variant = "K=" + connections;
    progress.say(bench.target().id() + " idle " + variant);
    Measurement m = new Measurement(bench.target().id(), name(), variant);
    Thread.sleep(1000);
    CpuWindow.Usage quietServer = quietCpu(bench);
    long rssBefore = bench.server().probe().residentKib();
    JvmHeap.Heap heapBefore = heap(bench);

    Traffic traffic = new Traffic(bench.dialect(), 1, connections);
    String prefix = "idle-" + ThreadLocalRandom.current().nextInt(1_000_000) + "-";
    Crowd crowd = Crowd.join(bench, traffic, connections, i -> prefix + (i / perRoom), Duration.ofSeconds(300));
    long joined = traffic.joined;
    // Dormouse's rooms fall asleep one second after their last join (see serverEnvironment), so
    // what is measured next is sockets held by sleeping rooms, not rooms passivating.
    Thread.sleep(SETTLE_MILLIS);
    CpuWindow.Usage quietSockets = quietCpu(bench);
    long rssAfter = bench.server().probe().residentKib();
    JvmHeap.Heap heapAfter = heap(bench);

    m.put("connections", joined).put("joinSeconds", Figures.round(crowd.joinSeconds(), 2));
    m.put("connectsPerSecond", Math.round(joined / crowd.joinSeconds()));
    // CPU a server burns doing nothing, alone and then holding the idle sockets (timers, pings).
    m.put("serverCoresQuiet", Figures.round(quietServer.serverCores(), 3));
    m.put("serverCoresHoldingIdleSockets", Figures.round(quietSockets.serverCores(), 3));
    m.put("rssBeforeMib", Figures.round(rssBefore / 1024.0, 1)).put("rssAfterMib", Figures.round(rssAfter / 1024.0, 1));
    if (joined > 0) {
      m.put("rssKibPerConnection", Figures.round((double) (rssAfter - rssBefore) / joined, 2));
      if (heapBefore.liveKib() >= 0 && heapAfter.liveKib() >= 0) {
        m.put("heapKibPerConnection", Figures.round((double) (heapAfter.liveKib() - heapBefore.liveKib()) / joined, 2));
      }
      if (heapBefore.committedKib() >= 0 && heapAfter.committedKib() >= 0) {
        m.put("heapCommittedKibPerConnection",
            Figures.round((double) (heapAfter.committedKib() - heapBefore.committedKib()) / joined, 2));
      }
    }
    Figures.closes(m, bench.loop().call(traffic::closeCodesCopy, Duration.ofSeconds(10)), bench.loop().call(traffic::firstError, Duration.ofSeconds(10)));
    progress.say(String.format("  %,d sockets: %s KiB RSS and %s KiB heap each", joined,
        m.figures().get("rssKibPerConnection"), m.figures().getOrDefault("heapKibPerConnection", "?")));
    crowd.close();
    return List.of(m);
  }

  private static CpuWindow.Usage quietCpu(Bench bench) throws InterruptedException {
    CpuWindow window = CpuWindow.start(bench.server().probe());
    Thread.sleep(QUIET_MILLIS);
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
