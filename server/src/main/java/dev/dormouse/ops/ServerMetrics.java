package dev.dormouse.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a person operating Dormouse can watch, served at {@code /metrics} in Prometheus format.
 * Tests read the same page to see, for example, that a room really passivated.
 */
public final class ServerMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong roomsAwake = new AtomicLong();
  private final Counter wakes;
  private final Counter passivations;
  private final Counter framesIn;
  private final Counter framesOut;
  private final Counter storeFailures;
  private final Counter slowConsumers;
  private final Timer storeLatency;

  public ServerMetrics() {
    Gauge.builder("dormouse_connections", connections, AtomicLong::get)
        .description("Open WebSocket connections")
        .register(registry);
    Gauge.builder("dormouse_rooms_awake", roomsAwake, AtomicLong::get)
        .description("Rooms whose entity is running")
        .register(registry);
    wakes = Counter.builder("dormouse_room_wakes").description("Rooms started or woken").register(registry);
    passivations =
        Counter.builder("dormouse_room_sleeps").description("Rooms passivated or stopped").register(registry);
    framesIn = Counter.builder("dormouse_frames_in").description("Frames received from clients").register(registry);
    framesOut =
        Counter.builder("dormouse_frames_out").description("Frames sent by rooms (before fan-out)").register(registry);
    storeFailures =
        Counter.builder("dormouse_store_failures").description("Batches the store failed to write").register(registry);
    slowConsumers =
        Counter.builder("dormouse_slow_consumers").description("Sockets closed for not reading").register(registry);
    storeLatency =
        Timer.builder("dormouse_store_append")
            .description("Time to durably store one batch")
            .publishPercentileHistogram()
            .register(registry);
  }

  public void roomWoke() {
    wakes.increment();
    roomsAwake.incrementAndGet();
  }

  public void roomSlept() {
    passivations.increment();
    roomsAwake.decrementAndGet();
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

  public void errorSent(String code) {
    registry.counter("dormouse_errors", "code", code).increment();
  }

  public void storeAppended(Duration took) {
    storeLatency.record(took);
  }

  public String scrape() {
    return registry.scrape();
  }
}
