package dev.dormouse.bench.scenario;

import dev.dormouse.bench.client.Connection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * A scenario's sockets, opened and joined to their rooms. Every 16,000 connections use the next
 * loopback source address (127.0.0.1, .2, ...), because one source address has only about 28,000
 * ephemeral ports toward one server port.
 */
public final class Crowd {

  static final int PER_SOURCE_ADDRESS = 16_000;

  private final Bench bench;
  private final Connection[] connections;
  private final double joinSeconds;
  private final long joined;

  private Crowd(Bench bench, Connection[] connections, double joinSeconds, long joined) {
    this.bench = bench;
    this.connections = connections;
    this.joinSeconds = joinSeconds;
    this.joined = joined;
  }

  /** Opens {@code clients} sockets, client {@code i} in room {@code roomOf(i)}, and waits for all to join. */
  public static Crowd join(Bench bench, Traffic traffic, int clients, IntFunction<String> roomOf, Duration timeout) {
    InetSocketAddress server = new InetSocketAddress("127.0.0.1", bench.server().port());
    long start = System.nanoTime();
    Connection[] connections =
        bench.loop().call(
            () -> {
              Connection[] opened = new Connection[clients];
              for (int i = 0; i < clients; i++) {
                opened[i] = bench.loop().open(i, server, sourceAddress(i), bench.dialect().path(roomOf.apply(i), i),
                    bench.dialect().subprotocol(), traffic);
              }
              return opened;
            },
            Duration.ofSeconds(60));
    boolean all =
        bench.progress().await(
            () -> traffic.joined + traffic.closed >= clients,
            timeout.toNanos(),
            () -> String.format("joining: %,d of %,d in their rooms, %,d closed", traffic.joined, clients, traffic.closed));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!all || traffic.closed > 0) {
      bench.progress().say(String.format("  only %,d of %,d sockets joined", traffic.joined, clients));
    }
    return new Crowd(bench, connections, seconds, traffic.joined);
  }

  /** The loopback address connection {@code number} comes from, any port. */
  static InetSocketAddress sourceAddress(int number) {
    return new InetSocketAddress("127.0.0." + (1 + number / PER_SOURCE_ADDRESS), 0);
  }

  public Connection get(int number) {
    return connections[number];
  }

  public int size() {
    return connections.length;
  }

  public double joinSeconds() {
    return joinSeconds;
  }

  /** Sockets in their rooms when the join ended. */
  public long joined() {
    return joined;
  }

  public boolean allJoined() {
    return joined == connections.length;
  }

  public void close() {
    bench.loop().call(
        () -> {
          for (Connection c : connections) {
            c.close();
          }
          return null;
        },
        Duration.ofSeconds(60));
  }
}
