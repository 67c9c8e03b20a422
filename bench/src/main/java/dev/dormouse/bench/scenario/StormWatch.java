package dev.dormouse.bench.scenario;

import dev.dormouse.bench.proc.JvmHeap;
import dev.dormouse.bench.proc.ProcessProbe;
import dev.dormouse.bench.server.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What a restarted server goes through while the herd comes back, watched from the moment it is
 * spawned: its CPU and resident memory every 500 ms from /proc (with how many clients were in
 * their rooms at that moment, to read the two together), its heap in use every 2 s through
 * jcmd (which costs the generator's core about 0.15 s of CPU each time), and whether {@code
 * /api/health} still answers, every second, and how fast. Health is counted from its first answer
 * on, so the seconds the JVM takes to start are no failures.
 */
final class StormWatch implements AutoCloseable {

  private static final long CPU_EVERY_MILLIS = 500;
  private static final long HEALTH_EVERY_MILLIS = 1000;
  private static final long HEAP_EVERY_MILLIS = 2000;
  private static final long SLOWEST_READ_NANOS = 20_000_000;

  private final ServerProcess server;
  private final ProcessProbe probe;
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(3, r -> {
    Thread t = new Thread(r, "storm-watch");
    t.setDaemon(true);
    return t;
  });
  private final LongSupplier inRooms;
  private final List<Integer> cpuPercents = new ArrayList<>();
  private final List<Long> inRoomCounts = new ArrayList<>();
  private long lastCpuMicros;
  private long lastNanos;
  private double lastPercent;
  private boolean answered;

  volatile double peakCpuPercent;
  volatile long peakRssKib;
  volatile long peakHeapUsedKib = -1;
  volatile long peakHeapCommittedKib = -1;
  volatile long healthChecks;
  volatile long healthFailures;
  volatile long slowestHealthNanos;

  private StormWatch(ServerProcess server, long spawnedNanos, LongSupplier inRooms) {
    this.server = server;
    this.inRooms = inRooms;
    this.probe = server.probe();
    this.lastNanos = spawnedNanos;
  }

  /**
   * Watches {@code server}'s current process, spawned at {@code spawnedNanos} (System.nanoTime);
   * {@code inRooms} counts the clients in their rooms.
   */
  static StormWatch start(ServerProcess server, long spawnedNanos, LongSupplier inRooms) {
    StormWatch watch = new StormWatch(server, spawnedNanos, inRooms);
    watch.timer.scheduleAtFixedRate(watch::sampleCpu, CPU_EVERY_MILLIS, CPU_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    watch.timer.scheduleAtFixedRate(watch::checkHealth, 0, HEALTH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    watch.timer.scheduleAtFixedRate(watch::sampleHeap, HEAP_EVERY_MILLIS, HEAP_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    return watch;
  }

  /** The server's CPU in percent of one core, per 500 ms since it was spawned; -1 where the sample was unsure. */
  synchronized List<Integer> cpuPercents() {
    return List.copyOf(cpuPercents);
  }

  /** The clients in their rooms at the end of each of those 500 ms. */
  synchronized List<Long> inRoomCounts() {
    return List.copyOf(inRoomCounts);
  }

  private synchronized void sampleCpu() {
    long before = System.nanoTime();
    long cpu = probe.cpuMicros();
    long now = System.nanoTime();
    double percent = (cpu - lastCpuMicros) * 1000.0 / Math.max(1, now - lastNanos) * 100;
    lastCpuMicros = cpu;
    lastNanos = now;
    inRoomCounts.add(inRooms.getAsLong());
    if (now - before > SLOWEST_READ_NANOS) {
      // This thread waited for its core between the clock and /proc: the sample says too much.
      cpuPercents.add(-1);
      lastPercent = 0;
      return;
    }
    cpuPercents.add((int) Math.round(percent));
    // Over a whole second: a 500 ms sample moves by 2% with each 10 ms tick, and by more when
    // the sampling thread itself waits for its core between the clock and /proc.
    peakCpuPercent = Math.max(peakCpuPercent, (lastPercent + percent) / 2);
    lastPercent = percent;
    peakRssKib = Math.max(peakRssKib, probe.residentKib());
  }

  private void checkHealth() {
    long start = System.nanoTime();
    boolean ok = server.get("/api/health").isPresent();
    long took = System.nanoTime() - start;
    if (ok) {
      answered = true;
    }
    if (answered) {
      healthChecks++;
      if (!ok) {
        healthFailures++;
      }
      slowestHealthNanos = Math.max(slowestHealthNanos, took);
    }
  }

  private void sampleHeap() {
    JvmHeap.Occupancy heap = JvmHeap.occupancy(probe.rootPid());
    if (heap.usedKib() >= 0) {
      peakHeapUsedKib = Math.max(peakHeapUsedKib, heap.usedKib());
      peakHeapCommittedKib = Math.max(peakHeapCommittedKib, heap.committedKib());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
