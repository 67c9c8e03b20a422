package dev.dormouse.bench.scenario;

import dev.dormouse.bench.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * N sockets in one room; one of them posts M messages at R per second, or all at once ("max"),
 * and every socket, the sender included, must receive each. A warm-up of unmeasured messages runs
 * first: a thousand on a fresh server, a few hundred after that, and more until the JVM's JIT
 * is quiet ({@link Warmup}).
 */
public final class Fanout implements Scenario {

  /** One run's sizes; {@code ratePerSecond} 0 means as fast as the socket takes them. */
  public record Shape(int clients, int messages, int ratePerSecond) {
    String label() {
      return "N=" + clients + " M=" + messages + " R=" + (ratePerSecond == 0 ? "max" : ratePerSecond + "/s");
    }
  }

  private static final long STALL_NANOS = 5_000_000_000L;
  /** Unmeasured messages before the first shape on a fresh server. */
  public static final int FIRST_WARMUP = 1000;
  private static final int WARMUP_WINDOW = 50;

  private final List<Shape> shapes;
  private final int warmup;
  private final Duration drain;

  public Fanout(List<Shape> shapes, int warmup, Duration drain) {
    this.shapes = shapes;
    this.warmup = warmup;
    this.drain = drain;
  }

  @Override
  public String name() {
    return "fanout";
  }

  @Override
  public List<Measurement> run(Bench bench) {
    List<Measurement> results = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      // The first run on a fresh server warms up longer, and every run until the JVM's JIT is
      // quiet: a new shape's joins and traffic make it deoptimize and compile again (seen here).
      results.add(measure(bench, shapes.get(i), Warmup.atLeast(i == 0 ? Math.max(warmup, FIRST_WARMUP) : warmup)));
    }
    return results;
  }

  private Measurement measure(Bench bench, Shape shape, Warmup warmup) {
    Progress progress = bench.progress();
    progress.say(bench.target().id() + " fanout " + shape.label());
    Measurement m = new Measurement(bench.target().id(), name(), shape.label());
    Traffic traffic = new Traffic(bench.dialect(), warmup.maximum() + shape.messages(), shape.clients());
    String room = "fanout-" + shape.clients() + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
    Crowd crowd = Crowd.join(bench, traffic, shape.clients(), i -> room, Duration.ofSeconds(240));
    m.put("clients", shape.clients()).put("messages", shape.messages()).put("joinSeconds", Figures.round(crowd.joinSeconds(), 2));
    if (!crowd.allJoined()) {
      Figures.closes(m, bench.loop().call(traffic::closeCodesCopy, Duration.ofSeconds(10)), bench.loop().call(traffic::firstError, Duration.ofSeconds(10)));
      crowd.close();
      return m.note("not every socket joined; not measured");
    }
    Connection sender = crowd.get(0);

    int warmed = warmUp(bench, traffic, sender, shape.clients(), warmup, m);
    bench.loop().call(() -> {
      traffic.react(new Traffic.Reactions() {});
      traffic.measureFrom(warmed);
      return null;
    }, Duration.ofSeconds(10));
    long expected = (long) shape.messages() * shape.clients();
    long sendNanos = shape.ratePerSecond() == 0 ? 0 : shape.messages() * 1_000_000_000L / shape.ratePerSecond();
    CpuWindow cpu = CpuWindow.start(bench.server().probe());
    long start = System.nanoTime();
    if (shape.ratePerSecond() == 0) {
      bench.loop().execute(() -> postAll(traffic, sender, warmed, shape.messages()));
    } else {
      bench.loop().execute(() -> {
        for (int k = 0; k < shape.messages(); k++) {
          long index = warmed + k;
          bench.loop().at(start + k * 1_000_000_000L / shape.ratePerSecond(), () -> traffic.post(sender, index));
        }
      });
    }
    boolean complete = progress.await(() -> traffic.measuredDelivered >= expected || stalled(traffic),
        sendNanos + drain.toNanos(), () -> status(traffic, expected, start));
    CpuWindow.Usage usage = cpu.stop();
    long delivered = traffic.measuredDelivered;
    Histogram latency = bench.loop().call(traffic::latencyCopy, Duration.ofSeconds(10));
    // Throughput counts up to the last receipt, not the time spent waiting for what never came.
    double seconds = Math.max(1e-9, (Math.max(traffic.lastDeliveryNanos, start) - start) / 1e9);

    m.put("rate", shape.ratePerSecond() == 0 ? "max" : shape.ratePerSecond());
    m.put("sent", traffic.sent - warmed).put("delivered", delivered).put("missing", expected - delivered);
    m.put("outOfOrder", traffic.outOfOrder).put("errors", traffic.errors);
    m.put("seconds", Figures.round(seconds, 2)).put("deliveredPerSecond", Math.round(delivered / seconds));
    Figures.latency(m, "latency", latency);
    Figures.cpu(m, usage, delivered, "Delivered");
    Figures.closes(m, bench.loop().call(traffic::closeCodesCopy, Duration.ofSeconds(10)), bench.loop().call(traffic::firstError, Duration.ofSeconds(10)));
    if (delivered < expected) {
      m.note(complete
          ? String.format("%,d deliveries never came: the server closed %,d sockets", expected - delivered, traffic.closed)
          : String.format("still missing %,d deliveries %ds after the last send", expected - delivered, drain.toSeconds()));
    }
    progress.say(String.format("  %,d delivered/s, p99 %s ms, server %s µs/delivered",
        Math.round(delivered / seconds), m.figures().get("latencyP99Ms"), m.figures().get("serverCpuUsPerDelivered")));
    crowd.close();
    return m;
  }

  /** Sockets were closed under the run and nothing has arrived for a while: the rest never will. */
  static boolean stalled(Traffic traffic) {
    return traffic.closed > 0 && System.nanoTime() - traffic.lastDeliveryNanos > STALL_NANOS;
  }

  /**
   * Warms the server up in rounds (see {@link Warmup}) and answers how many messages that took.
   * Each round is posted with at most {@code WARMUP_WINDOW} unconfirmed, so the warm-up itself
   * builds no backlog that could trip a server's slow-consumer limit.
   */
  private static int warmUp(Bench bench, Traffic traffic, Connection sender, int clients, Warmup warmup, Measurement m) {
    int posted = 0;
    CpuWindow.Usage last = null;
    for (int round = warmup.nextRound(0, null); round > 0; round = warmup.nextRound(posted, last)) {
      CpuWindow cpu = CpuWindow.start(bench.server().probe());
      postWindowed(bench, traffic, sender, posted, posted + round);
      long expected = (long) (posted + round) * clients;
      boolean done = bench.progress().await(() -> traffic.delivered >= expected, Duration.ofSeconds(120).toNanos(),
          () -> String.format("warm-up: %,d of %,d delivered, %,d errors, %,d closed", traffic.delivered, expected,
              traffic.errors, traffic.closed));
      last = cpu.stop();
      posted += round;
      if (!done) {
        break;
      }
    }
    m.put("warmupMessages", posted);
    if (last != null && last.hasCompiler()) {
      m.put("warmupLastRoundJitShare", Figures.round(last.compilerShare(), 3));
    }
    return posted;
  }

  /** Posts messages {@code from} until {@code to}, each as the one before it is confirmed. */
  private static void postWindowed(Bench bench, Traffic traffic, Connection sender, long from, long to) {
    AtomicLong next = new AtomicLong(from);
    traffic.react(new Traffic.Reactions() {
      @Override
      public void confirmed(Connection connection, long index, long nowNanos) {
        long i = next.getAndIncrement();
        if (i < to) {
          traffic.post(sender, i);
        }
      }
    });
    bench.loop().execute(() -> {
      for (int k = 0; k < WARMUP_WINDOW && next.get() < to; k++) {
        traffic.post(sender, next.getAndIncrement());
      }
    });
  }

  private static void postAll(Traffic traffic, Connection sender, long from, int count) {
    for (long i = from; i < from + count; i++) {
      traffic.post(sender, i);
    }
  }

  static String status(Traffic traffic, long expected, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return String.format("%,d of %,d delivered (%,.0f/s), %,d sent, %,d errors, %,d closed", traffic.measuredDelivered,
        expected, traffic.measuredDelivered / Math.max(seconds, 1e-9), traffic.sent, traffic.errors, traffic.closed);
  }
}
