package dev.dormouse.bench.scenario;

import dev.dormouse.bench.client.Connection;
import dev.dormouse.bench.server.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The sustained rate of durable messages: one socket in each of R rooms keeps W posts in flight,
 * posting again as each is confirmed (Dormouse's ack; the stored Durable Object's echo, which its
 * output gate holds until the write is durable). Only servers that store take part.
 */
public final class DurableWrites implements Scenario {

  private static final int CAPACITY = 4_000_000;

  private final List<Integer> roomCounts;
  private final int window;
  private final int warmupSeconds;
  private final int seconds;

  public DurableWrites(List<Integer> roomCounts, int window, int warmupSeconds, int seconds) {
    this.roomCounts = roomCounts;
    this.window = window;
    this.warmupSeconds = warmupSeconds;
    this.seconds = seconds;
  }

  @Override
  public String name() {
    return "durable-writes";
  }

  @Override
  public boolean appliesTo(Target target) {
    return target.stores();
  }

  @Override
  public List<Measurement> run(Bench bench) throws InterruptedException {
    return roomCounts.stream().map(rooms -> measure(bench, rooms)).toList();
  }

  private Measurement measure(Bench bench, int rooms) {
    Progress progress = bench.progress();
    String variant = rooms + (rooms == 1 ? " room" : " rooms") + " W=" + window;
    progress.say(bench.target().id() + " durable-writes " + variant);
    Measurement m = new Measurement(bench.target().id(), name(), variant);
    Traffic traffic = new Traffic(bench.dialect(), CAPACITY, rooms);
    String prefix = "durable-" + ThreadLocalRandom.current().nextInt(1_000_000) + "-";
    Crowd crowd = Crowd.join(bench, traffic, rooms, i -> prefix + i, Duration.ofSeconds(120));
    AtomicLong next = new AtomicLong();
    long stopAt = System.nanoTime() + (warmupSeconds + seconds) * 1_000_000_000L;
    traffic.react(new Traffic.Reactions() {
      @Override
      public void confirmed(Connection connection, long index, long nowNanos) {
        long i = next.getAndIncrement();
        if (nowNanos < stopAt && i < CAPACITY) {
          traffic.post(connection, i);
        }
      }
    });
    bench.loop().execute(() -> {
      for (int r = 0; r < crowd.size(); r++) {
        for (int k = 0; k < window; k++) {
          traffic.post(crowd.get(r), next.getAndIncrement());
        }
      }
    });
    sleepSeconds(warmupSeconds);
    long confirmedBefore = bench.loop().call(() -> {
      traffic.measureFrom(next.get());
      return traffic.confirmed;
    }, Duration.ofSeconds(10));
    CpuWindow cpu = CpuWindow.start(bench.server().probe());
    long start = System.nanoTime();
    progress.await(() -> System.nanoTime() >= stopAt, seconds * 2_000_000_000L + 5_000_000_000L,
        () -> String.format("%,d confirmed (%,.0f/s)", traffic.confirmed - confirmedBefore,
            (traffic.confirmed - confirmedBefore) / ((System.nanoTime() - start) / 1e9)));
    CpuWindow.Usage usage = cpu.stop();
    long confirmed = traffic.confirmed - confirmedBefore;
    Histogram confirmLatency = bench.loop().call(traffic::confirmCopy, Duration.ofSeconds(10));

    m.put("rooms", rooms).put("window", window).put("confirmed", confirmed);
    m.put("storedPerSecond", Math.round(confirmed / usage.seconds())).put("errors", traffic.errors);
    Figures.latency(m, "confirm", confirmLatency);
    Figures.cpu(m, usage, confirmed, "Stored");
    Figures.closes(m, bench.loop().call(traffic::closeCodesCopy, Duration.ofSeconds(10)), bench.loop().call(traffic::firstError, Duration.ofSeconds(10)));
    progress.say(String.format("  %,d stored/s, confirm p99 %s ms, server %s µs/stored",
        m.figures().get("storedPerSecond"), m.figures().get("confirmP99Ms"), m.figures().get("serverCpuUsPerStored")));
    // Let the posts in flight finish before the sockets go, so the server is not measured closing mid-write.
    progress.await(() -> traffic.confirmed >= traffic.sent, 30_000_000_000L, () -> "draining posts in flight");
    crowd.close();
    return m;
  }

  private static void sleepSeconds(int seconds) {
    try {
      Thread.sleep(seconds * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
