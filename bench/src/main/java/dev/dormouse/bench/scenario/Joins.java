package dev.dormouse.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * K sockets join one empty room, opened as fast as the generator's handshake window allows, and
 * each must receive its whole opening snapshot (Dormouse: {@code ready}, {@code history} and
 * {@code presence}; the peers: their {@code ready}). Measured: the time until the last socket
 * has its snapshot, joins per second, and the server's CPU per join, counted until the updates
 * the joins cause to the sockets already there (Dormouse's presence) have stopped arriving, since
 * that work is part of what a join costs.
 */
public final class Joins implements Scenario {

  /** No frame for this long after the last snapshot means the joins' updates are over. */
  private static final long SETTLED_NANOS = 500_000_000L;

  private final List<Integer> sizes;
  private final Duration timeout;

  public Joins(List<Integer> sizes, Duration timeout) {
    this.sizes = sizes;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "joins";
  }

  @Override
  public List<Measurement> run(Bench bench) {
    List<Measurement> results = new ArrayList<>();
    for (int clients : sizes) {
      results.add(measure(bench, clients));
    }
    return results;
  }

  private Measurement measure(Bench bench, int clients) {
    Progress progress = bench.progress();
    String variant = "K=" + clients;
    progress.say(bench.target().id() + " joins " + variant + " into one room");
    Measurement m = new Measurement(bench.target().id(), name(), variant);
    Traffic traffic = new Traffic(bench.dialect(), 1, clients);
    String room = "joins-" + clients + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
    long deadline = System.nanoTime() + timeout.toNanos();
    CpuWindow cpu = CpuWindow.start(bench.server().probe());
    long start = System.nanoTime();
    Crowd crowd = Crowd.join(bench, traffic, clients, i -> room, timeout);
    boolean complete = progress.await(() -> traffic.snapshots + traffic.closed >= clients,
        Math.max(0, deadline - System.nanoTime()),
        () -> String.format("%,d of %,d have their snapshot, %,d closed", traffic.snapshots, clients, traffic.closed));
    progress.await(() -> System.nanoTime() - traffic.lastFrameNanos > SETTLED_NANOS, Math.max(0, deadline - System.nanoTime()),
        () -> String.format("waiting for the joins' updates to stop: %,d frames, %,.0f MiB so far", traffic.frames,
            traffic.frameBytes / 1048576.0));
    CpuWindow.Usage usage = cpu.stop();
    long snapshots = traffic.snapshots;
    double seconds = Math.max(1e-9, (Math.max(traffic.lastSnapshotNanos, start) - start) / 1e9);
    double settled = Math.max(1e-9, (Math.max(traffic.lastFrameNanos, start) - start) / 1e9);

    m.put("clients", clients).put("snapshots", snapshots).put("missingSnapshots", clients - snapshots);
    m.put("seconds", Figures.round(seconds, 2)).put("joinsPerSecond", Math.round(snapshots / seconds));
    m.put("settledSeconds", Figures.round(settled, 2));
    m.put("framesReceived", traffic.frames).put("mibReceived", Figures.round(traffic.frameBytes / 1048576.0, 1));
    Figures.cpu(m, usage, snapshots, "Join");
    Figures.closes(m, bench.loop().call(traffic::closeCodesCopy, Duration.ofSeconds(10)),
        bench.loop().call(traffic::firstError, Duration.ofSeconds(10)));
    if (snapshots < clients) {
      m.note(complete
          ? String.format("%,d sockets never got their snapshot: %,d were closed", clients - snapshots, traffic.closed)
          : String.format("only %,d of %,d sockets had their snapshot after %d s", snapshots, clients, timeout.toSeconds()));
    }
    progress.say(String.format("  %,d of %,d in %.2f s (%,d joins/s), settled after %.2f s, server %s µs/join, %s MiB received",
        snapshots, clients, seconds, Math.round(snapshots / seconds), settled, m.figures().get("serverCpuUsPerJoin"),
        m.figures().get("mibReceived")));
    crowd.close();
    return m;
  }
}
