package dev.dormouse.bench.scenario;

import dev.dormouse.bench.server.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * One room with many sockets that falls asleep between messages. Dormouse runs with a one-second
 * idle timeout, and the bench waits until /metrics shows no room awake before each message, so
 * every measured message really wakes the room. The peers never passivate a room on that time
 * scale (Node keeps everything in memory; workerd's local hibernation is not observable from
 * outside), so for them this is the first message after the same quiet pause.
 */
public final class Wake implements Scenario {

  private static final Pattern ROOMS_AWAKE = Pattern.compile("(?m)^dormouse_rooms_awake(?:\\{[^}]*})? ([0-9.eE+-]+)");

  private final int sockets;
  private final int wakes;
  private final Duration pause;

  /** {@code wakes} are measured after one unmeasured warm-up wake. */
  public Wake(int sockets, int wakes, Duration pause) {
    this.sockets = sockets;
    this.wakes = wakes;
    this.pause = pause;
  }

  @Override
  public String name() {
    return "wake";
  }

  @Override
  public Map<String, String> serverEnvironment(Target target) {
    return target == Target.DORMOUSE ? Map.of("ROOM_IDLE_TIMEOUT", "1s") : Map.of();
  }

  @Override
  public List<Measurement> run(Bench bench) throws InterruptedException {
    Progress progress = bench.progress();
    String variant = sockets + " sockets";
    progress.say(bench.target().id() + " wake " + variant + ", " + wakes + " wakes");
    Measurement m = new Measurement(bench.target().id(), name(), variant);
    Traffic traffic = new Traffic(bench.dialect(), wakes + 1, sockets);
    String room = "wake-" + ThreadLocalRandom.current().nextInt(1_000_000);
    Crowd crowd = Crowd.join(bench, traffic, sockets, i -> room, Duration.ofSeconds(600));
    m.put("sockets", traffic.joined).put("joinSeconds", Figures.round(crowd.joinSeconds(), 2));
    if (!crowd.allJoined()) {
      Figures.closes(m, bench.loop().call(traffic::closeCodesCopy, Duration.ofSeconds(10)), bench.loop().call(traffic::firstError, Duration.ofSeconds(10)));
      crowd.close();
      return List.of(m.note("not every socket joined; not measured"));
    }
    int asleep = 0;
    for (int w = 0; w <= wakes; w++) {
      if (awaitSleep(bench)) {
        asleep++;
      }
      if (w == 1) {
        bench.loop().call(() -> { traffic.measureFrom(1); return null; }, Duration.ofSeconds(10));
      }
      long index = w;
      long expected = (long) (w + 1) * sockets;
      bench.loop().execute(() -> traffic.post(crowd.get(0), index));
      progress.await(() -> traffic.delivered >= expected, Duration.ofSeconds(30).toNanos(),
          () -> String.format("wake %d: %,d of %,d delivered", index, traffic.delivered, expected));
    }
    Histogram latency = bench.loop().call(traffic::latencyCopy, Duration.ofSeconds(10));
    m.put("wakes", wakes).put("receipts", latency.getTotalCount());
    m.put("missing", (long) (wakes + 1) * sockets - traffic.delivered);
    if (bench.target() == Target.DORMOUSE) {
      m.put("verifiedAsleep", asleep + " of " + (wakes + 1));
    }
    Figures.latency(m, "latency", latency);
    Figures.closes(m, bench.loop().call(traffic::closeCodesCopy, Duration.ofSeconds(10)), bench.loop().call(traffic::firstError, Duration.ofSeconds(10)));
    progress.say(String.format("  first message after a wake: p50 %s ms, p99 %s ms, max %s ms",
        m.figures().get("latencyP50Ms"), m.figures().get("latencyP99Ms"), m.figures().get("latencyMaxMs")));
    crowd.close();
    return List.of(m);
  }

  /** Dormouse: waits until no room is awake. Peers: waits the pause. True when sleep was seen. */
  private boolean awaitSleep(Bench bench) throws InterruptedException {
    if (bench.target() != Target.DORMOUSE) {
      Thread.sleep(pause.toMillis());
      return false;
    }
    Thread.sleep(pause.toMillis());
    return bench.progress().await(() -> roomsAwake(bench).filter(n -> n == 0).isPresent(),
        Duration.ofSeconds(20).toNanos(), () -> "waiting for the room to fall asleep");
  }

  private static Optional<Integer> roomsAwake(Bench bench) {
    return bench.server().get("/metrics").flatMap(text -> {
      Matcher awake = ROOMS_AWAKE.matcher(text);
      return awake.find() ? Optional.of((int) Double.parseDouble(awake.group(1))) : Optional.empty();
    });
  }
}
