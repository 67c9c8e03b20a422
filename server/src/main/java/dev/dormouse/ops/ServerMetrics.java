package dev.dormouse.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What a person operating Dormouse can watch, served at {@code /metrics} in Prometheus format.
 * Tests read the same page to see, for example, that a room really passivated.
 */
public final class ServerMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong roomsAwake = new AtomicLong();
  private final Counter wakes;
  private final Counter passivations;
  private final Counter framesIn;
  private final Counter framesOut;
  private final Counter storeFailures;
  private final Counter slowConsumers;
  private final Counter sendsRetold;
  private final Timer storeLatency;
  private final Timer broadcastLatency;
  private final DistributionSummary batchSize;
  private final Set<String> awakeRooms = ConcurrentHashMap.newKeySet();

  public ServerMetrics() {
    Gauge.builder("dormouse_connections", connections, AtomicLong::get)
        .description("Open WebSocket connections")
        .register(registry);
    Gauge.builder("dormouse_rooms_awake", roomsAwake, AtomicLong::get)
        .description("Rooms whose entity is running on this node")
        .register(registry);

    wakes =
        Counter.builder("dormouse_room_wakes")
            .description("Rooms started or woken")
            .register(registry);
    passivations =
        Counter.builder("dormouse_room_sleeps")
            .description("Rooms passivated or stopped")
            .register(registry);
    framesIn =
        Counter.builder("dormouse_frames_in")
            .description("Frames received from clients")
            .register(registry);
    framesOut =
        Counter.builder("dormouse_frames_out")
            .description("Frames sent by rooms (before fan-out)")
            .register(registry);
    storeFailures =
        Counter.builder("dormouse_store_failures")
            .description("Batches the store failed to write")
            .register(registry);
    slowConsumers =
        Counter.builder("dormouse_slow_consumers")
            .description("Sockets closed for not reading")
            .register(registry);
    sendsRetold =
        Counter.builder("dormouse_sends_retold")
            .description("Sends told to their room again because no answer came")
            .register(registry);
    storeLatency =
        Timer.builder("dormouse_store_append")
            .description("Time to durably store one batch")
            .publishPercentileHistogram()
            .register(registry);
    batchSize =
        DistributionSummary.builder("dormouse_store_batch_messages")
            .description("Messages per transaction: 1 when load is light, more as rooms get busy")
            .register(registry);
    broadcastLatency =
        Timer.builder("dormouse_broadcast")
            .description("Time for a room to encode one frame and hand it to every socket and node")
            .publishPercentileHistogram()
            .register(registry);
  }

  /** Counts, among the rooms with sockets on this node, those whose entity is not running here. */
  public void watchOpenRooms(Supplier<Set<String>> openRooms) {
    Gauge.builder(
            "dormouse_rooms_asleep",
            () -> openRooms.get().stream().filter(r -> !awakeRooms.contains(r)).count())
        .description(
            "Rooms with sockets on this node whose entity is passivated (or runs on another node)")
        .register(registry);
  }

  public void roomWoke(String room) {
    wakes.increment();
    roomsAwake.incrementAndGet();
    awakeRooms.add(room);
  }

  public void roomSlept(String room) {
    passivations.increment();
    roomsAwake.decrementAndGet();
    awakeRooms.remove(room);
  }

  public void broadcast(Duration took) {
    broadcastLatency.record(took);
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  public void frameIn() {
    framesIn.increment();
  }

  public void framesOut(int count) {
    framesOut.increment(count);
  }

  public void storeFailed() {
    storeFailures.increment();
  }

  public void slowConsumer() {
    slowConsumers.increment();
  }

  public void sendRetold() {
    sendsRetold.increment();
  }

  public void errorSent(String code) {
    registry.counter("dormouse_errors", "code", code).increment();
  }

  public void storeAppended(Duration took, int messages) {
    storeLatency.record(took);
    batchSize.record(messages);
  }

  public String scrape() {
    return registry.scrape();
  }
}
