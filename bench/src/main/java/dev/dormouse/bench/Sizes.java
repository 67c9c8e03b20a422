package dev.dormouse.bench;

import dev.dormouse.bench.scenario.DurableWrites;
import dev.dormouse.bench.scenario.Fanout;
import dev.dormouse.bench.scenario.Idle;
import dev.dormouse.bench.scenario.Joins;
import dev.dormouse.bench.scenario.ManyRooms;
import dev.dormouse.bench.scenario.Scenario;
import dev.dormouse.bench.scenario.Storm;
import dev.dormouse.bench.scenario.Wake;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How big each scenario is. The full suite runs all five servers in about 35 minutes on a 2-core
 * machine, most of it idle sockets held for a whole heartbeat cycle; the quick one runs Dormouse
 * alone in two to three.
 */
record Sizes(
    List<Fanout.Shape> fanout,
    int fanoutWarmup,
    int manyRooms,
    int manyRoomsSeconds,
    List<Integer> joins,
    Duration joinTimeout,
    int idleConnections,
    int idleOneRoom,
    Duration pingInterval,
    int wakeSockets,
    int wakes,
    List<Integer> durableRooms,
    int durableSeconds,
    int stormClients,
    Duration drain) {

  static final int CLIENTS_PER_ROOM = 10;
  static final int DURABLE_WINDOW = 64;
  static final int IDLE_ROOM_SIZE = 100;
  static final Duration IDLE_JOIN_TIMEOUT = Duration.ofSeconds(180);
  /** The reconnect storm's shape; its size is the issue's, 10,000 clients, in the quick run too. */
  static final int STORM_CLIENTS = 10_000;
  static final int STORM_ROOM_SIZE = 100;
  static final int STORM_LOG = 20;
  static final int STORM_POSTED_DURING = 5;
  static final Duration STORM_TIMEOUT = Duration.ofSeconds(180);
  /** Four times the default cap of 256 sockets per address, watched for 20 s after the restart. */
  static final int STORM_CAPPED_CLIENTS = 1000;
  static final Duration STORM_CAPPED_WINDOW = Duration.ofSeconds(20);

  static Sizes full(int idleConnections) {
    return new Sizes(
        List.of(
            new Fanout.Shape(100, 2000, 200),
            new Fanout.Shape(100, 2000, 0),
            new Fanout.Shape(500, 2000, 200),
            new Fanout.Shape(500, 2000, 0),
            // 100 sockets × 20 messages/s: the 2,000 deliveries/s the latency goal speaks of.
            new Fanout.Shape(100, 400, 20)),
        200,
        500,
        20,
        List.of(1000, 5000),
        Duration.ofSeconds(120),
        idleConnections,
        5000,
        // Dormouse's default: the idle window is two of them, one whole heartbeat cycle.
        Duration.ofSeconds(30),
        1000,
        5,
        List.of(1, 100),
        10,
        STORM_CLIENTS,
        Duration.ofSeconds(45));
  }

  static Sizes quick(int idleConnections) {
    return new Sizes(
        List.of(new Fanout.Shape(100, 1000, 200), new Fanout.Shape(100, 1000, 0)),
        100,
        50,
        5,
        List.of(300),
        Duration.ofSeconds(60),
        idleConnections,
        300,
        Duration.ofSeconds(5),
        100,
        3,
        List.of(1, 20),
        4,
        STORM_CLIENTS,
        Duration.ofSeconds(20));
  }

  /** In the order they run; consecutive ones with the same server settings share a server start. */
  List<Scenario> scenarios() {
    return List.of(
        new Fanout(fanout, fanoutWarmup, drain),
        new ManyRooms(manyRooms, CLIENTS_PER_ROOM, manyRoomsSeconds, drain),
        new DurableWrites(durableRooms, DURABLE_WINDOW, 2, durableSeconds),
        new Joins(joins, joinTimeout),
        new Idle(idleConnections, IDLE_ROOM_SIZE, pingInterval, IDLE_JOIN_TIMEOUT),
        new Idle(idleOneRoom, idleOneRoom, pingInterval, IDLE_JOIN_TIMEOUT),
        new Wake(wakeSockets, wakes, Duration.ofMillis(1500)),
        Storm.everyoneBack(stormClients, STORM_ROOM_SIZE, STORM_LOG, STORM_POSTED_DURING, STORM_TIMEOUT),
        Storm.defaultCaps(STORM_CAPPED_CLIENTS, STORM_ROOM_SIZE, STORM_LOG, STORM_CAPPED_WINDOW));
  }

  String describe() {
    String shapes = String.join(", ", fanout.stream()
        .map(s -> "N=" + s.clients() + " M=" + s.messages() + " R=" + (s.ratePerSecond() == 0 ? "max" : s.ratePerSecond() + "/s"))
        .toList());
    return "fanout " + shapes + " (after " + String.format("%,d", Fanout.FIRST_WARMUP)
        + " unmeasured messages on a fresh server, " + fanoutWarmup
        + " before each later shape, then more until the JIT is quiet); many-rooms " + manyRooms + " rooms × "
        + CLIENTS_PER_ROOM + " sockets for " + manyRoomsSeconds + " s; joins of " + joins + " sockets into one room (at most "
        + joinTimeout.toSeconds() + " s each); idle " + idleConnections + " sockets in rooms of " + IDLE_ROOM_SIZE + " and "
        + idleOneRoom + " in one room, held for " + pingInterval.multipliedBy(2).toSeconds() + " s (PING_INTERVAL="
        + pingInterval.toSeconds() + "s); wake "
        + wakeSockets + " sockets, " + wakes + " measured wakes; durable writes in " + durableRooms + " rooms, window "
        + DURABLE_WINDOW + ", " + durableSeconds + " s each; storm " + stormClients + " clients in rooms of " + STORM_ROOM_SIZE
        + " with " + STORM_LOG + " messages each, restarted, " + STORM_POSTED_DURING + " posted per room during the storm and 1 after (at most "
        + STORM_TIMEOUT.toSeconds() + " s), and " + STORM_CAPPED_CLIENTS + " restarted into the default caps, watched for "
        + STORM_CAPPED_WINDOW.toSeconds() + " s; drain timeout " + drain.toSeconds() + " s.";
  }

  Sizes withFanout(List<Fanout.Shape> shapes) {
    return new Sizes(shapes, fanoutWarmup, manyRooms, manyRoomsSeconds, joins, joinTimeout, idleConnections, idleOneRoom, pingInterval, wakeSockets, wakes,
        durableRooms, durableSeconds, stormClients, drain);
  }

  Sizes withJoins(List<Integer> sizes) {
    return new Sizes(fanout, fanoutWarmup, manyRooms, manyRoomsSeconds, sizes, joinTimeout, idleConnections, idleOneRoom, pingInterval, wakeSockets, wakes,
        durableRooms, durableSeconds, stormClients, drain);
  }

  Sizes withStormClients(int clients) {
    return new Sizes(fanout, fanoutWarmup, manyRooms, manyRoomsSeconds, joins, joinTimeout, idleConnections, idleOneRoom, pingInterval, wakeSockets, wakes,
        durableRooms, durableSeconds, clients, drain);
  }

  /** Fanout shapes written {@code N:M:R,...}, R a rate per second or "max". */
  static List<Fanout.Shape> parseFanout(String spec) {
    return Arrays.stream(spec.split(",")).map(part -> {
      String[] f = part.split(":");
      if (f.length != 3) {
        throw new IllegalArgumentException("a fanout shape is N:M:R, for example 100:2000:max; not " + part);
      }
      return new Fanout.Shape(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2].equals("max") ? 0 : Integer.parseInt(f[2]));
    }).toList();
  }
}
