package dev.dormouse.bench.scenario;

import dev.dormouse.bench.client.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * Many small rooms, each with one message per second from its first socket, spread evenly over
 * the second: the steady load of a team server rather than one busy room.
 */
public final class ManyRooms implements Scenario {

  private final int rooms;
  private final int perRoom;
  private final int seconds;
  private final Duration drain;

  public ManyRooms(int rooms, int perRoom, int seconds, Duration drain) {
    this.rooms = rooms;
    this.perRoom = perRoom;
    this.seconds = seconds;
    this.drain = drain;
  }

  @Override
  public String name() {
    return "many-rooms";
  }

  @Override
  public List<Measurement> run(Bench bench) {
    Progress progress = bench.progress();
    String variant = rooms + "x" + perRoom + " 1/s per room " + seconds + "s";
    progress.say(bench.target().id() + " many-rooms " + variant);
    Measurement m = new Measurement(bench.target().id(), name(), variant);
    int clients = rooms * perRoom;
    int messages = rooms * seconds;
    Traffic traffic = new Traffic(bench.dialect(), rooms + messages, clients);
    String prefix = "many-" + ThreadLocalRandom.current().nextInt(1_000_000) + "-";
    Crowd crowd = Crowd.join(bench, traffic, clients, i -> prefix + (i / perRoom), Duration.ofSeconds(240));
    m.put("rooms", rooms).put("clients", clients).put("joinSeconds", Figures.round(crowd.joinSeconds(), 2));

    // One unmeasured message per room wakes every room and warms the paths; each joined socket
    // receives exactly one.
    bench.loop().execute(() -> {
      for (int r = 0; r < rooms; r++) {
        traffic.post(crowd.get(r * perRoom), r);
      }
    });
    progress.await(() -> traffic.delivered >= traffic.joined, Duration.ofSeconds(60).toNanos(),
        () -> String.format("warm-up: %,d delivered", traffic.delivered));
    bench.loop().call(() -> { traffic.measureFrom(rooms); return null; }, Duration.ofSeconds(10));

    long expected = (long) messages * perRoom;
    CpuWindow cpu = CpuWindow.start(bench.server().probe());
    long start = System.nanoTime();
    bench.loop().execute(() -> {
      for (int k = 0; k < seconds; k++) {
        for (int r = 0; r < rooms; r++) {
          Connection sender = crowd.get(r * perRoom);
          long index = rooms + (long) k * rooms + r;
          bench.loop().at(start + k * 1_000_000_000L + r * 1_000_000_000L / rooms, () -> traffic.post(sender, index));
        }
      }
    });
    boolean complete = progress.await(() -> traffic.measuredDelivered >= expected || Fanout.stalled(traffic),
        seconds * 1_000_000_000L + drain.toNanos(), () -> Fanout.status(traffic, expected, start));
    CpuWindow.Usage usage = cpu.stop();
    long delivered = traffic.measuredDelivered;
    Histogram latency = bench.loop().call(traffic::latencyCopy, Duration.ofSeconds(10));

    m.put("delivered", delivered).put("missing", expected - delivered).put("outOfOrder", traffic.outOfOrder);
    m.put("deliveredPerSecond", Math.round(delivered / usage.seconds()));
    Figures.latency(m, "latency", latency);
    Figures.cpu(m, usage, delivered, "Delivered");
    Figures.closes(m, bench.loop().call(traffic::closeCodesCopy, Duration.ofSeconds(10)), bench.loop().call(traffic::firstError, Duration.ofSeconds(10)));
    if (delivered < expected) {
      m.note(complete
          ? String.format("%,d deliveries never came: the server closed %,d sockets", expected - delivered, traffic.closed)
          : String.format("still missing %,d deliveries %ds after the last send", expected - delivered, drain.toSeconds()));
    }
    progress.say(String.format("  p99 %s ms, server %.0f%% of a core, %s µs/delivered",
        m.figures().get("latencyP99Ms"), usage.serverCores() * 100, m.figures().get("serverCpuUsPerDelivered")));
    crowd.close();
    return List.of(m);
  }
}
