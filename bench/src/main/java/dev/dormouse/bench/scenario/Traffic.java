package dev.dormouse.bench.scenario;

import dev.dormouse.bench.client.Connection;
import dev.dormouse.bench.client.ConnectionListener;
import dev.dormouse.bench.dialect.Dialect;
import dev.dormouse.bench.dialect.Envelope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one scenario's sockets saw: joins, deliveries with their latency, confirmations, errors
 * and closes. It listens on the loop's thread, the only writer of its fields; the scenario
 * thread reads the volatile counters for progress and takes copies of the histograms through
 * the loop. A message is known by its index ({@link Envelope}); its send time is kept by index,
 * so latency is measured from the write to each receipt.
 */
public final class Traffic implements ConnectionListener {

  /** A scenario's reaction to a socket's events, on the loop's thread. */
  public interface Reactions {
    default void joined(Connection connection) {}

    /** A post of this connection is confirmed: acked, or echoed where the server does not ack. */
    default void confirmed(Connection connection, long index, long nowNanos) {}
  }

  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(30);

  private final Dialect dialect;
  private final long[] sentNanos;
  private final int[] senderOf;
  private final long[] lastIndexOf;
  private final byte[] snapshotOf;
  private final Histogram latencyMicros = new Histogram(HIGHEST_MICROS, 3);
  private final Histogram confirmMicros = new Histogram(HIGHEST_MICROS, 3);
  private final TreeMap<Integer, Integer> closeCodes = new TreeMap<>();
  private Reactions reactions = new Reactions() {};
  private long measureFrom;
  private String firstError;

  volatile long opened;
  volatile long joined;
  volatile long closed;
  volatile long sent;
  volatile long delivered;
  volatile long measuredDelivered;
  volatile long confirmed;
  volatile long errors;
  volatile long outOfOrder;
  volatile long firstMeasuredDeliveryNanos;
  volatile long lastDeliveryNanos;
  /** Sockets that have their whole opening snapshot (see {@link Dialect#snapshotPart}). */
  volatile long snapshots;
  volatile long lastSnapshotNanos;
  volatile long lastFrameNanos;
  volatile long frames;
  volatile long frameBytes;

  /** {@code maxMessages} bounds the message indexes; {@code maxConnections} the connection numbers. */
  public Traffic(Dialect dialect, int maxMessages, int maxConnections) {
    this.dialect = dialect;
    this.sentNanos = new long[maxMessages];
    this.senderOf = new int[maxMessages];
    this.lastIndexOf = new long[maxConnections];
    Arrays.fill(lastIndexOf, -1);
    this.snapshotOf = new byte[maxConnections];
  }

  public void react(Reactions reactions) {
    this.reactions = reactions;
  }

  /** Loop thread: from now on only messages with an index of at least {@code index} are measured. */
  public void measureFrom(long index) {
    this.measureFrom = index;
    latencyMicros.reset();
    confirmMicros.reset();
    measuredDelivered = 0;
    firstMeasuredDeliveryNanos = 0;
  }

  public int capacity() {
    return sentNanos.length;
  }

  /** Loop thread: posts message {@code index} from {@code connection}, noting when. */
  public void post(Connection connection, long index) {
    int i = (int) index;
    senderOf[i] = connection.number();
    String frame = dialect.post(Envelope.text(index), Envelope.clientId(index));
    sentNanos[i] = System.nanoTime();
    connection.sendText(frame);
    sent++;
  }

  @Override
  public void onOpen(Connection connection) {
    opened++;
  }

  @Override
  public void onText(Connection connection, ByteBuffer buffer, int start, int end, long nowNanos) {
    frames++;
    frameBytes += end - start;
    lastFrameNanos = nowNanos;
    int number = connection.number();
    if (snapshotOf[number] != dialect.snapshot()) {
      snapshotOf[number] |= (byte) dialect.snapshotPart(buffer, start, end);
      if (snapshotOf[number] == dialect.snapshot()) {
        snapshots++;
        lastSnapshotNanos = nowNanos;
      }
    }
    switch (dialect.read(connection, buffer, start, end)) {
      case MESSAGE -> onMessage(connection, Envelope.messageIndex(buffer, start, end), nowNanos);
      case ACK -> onConfirmed(connection, Envelope.ackIndex(buffer, start, end), nowNanos);
      case JOINED -> {
        joined++;
        reactions.joined(connection);
      }
      case ERROR -> {
        errors++;
        if (firstError == null) {
          byte[] text = new byte[Math.min(300, end - start)];
          buffer.get(start, text);
          firstError = new String(text, StandardCharsets.UTF_8);
        }
      }
      case OTHER -> {}
    }
  }

  @Override
  public void onClose(Connection connection, int code, String reason) {
    closed++;
    closeCodes.merge(code, 1, Integer::sum);
    if (firstError == null && code != 1000) {
      firstError = "socket closed: " + code + " " + reason;
    }
  }

  private void onMessage(Connection connection, long index, long nowNanos) {
    if (index < 0 || index >= sentNanos.length || sentNanos[(int) index] == 0) {
      return;
    }
    int i = (int) index;
    delivered++;
    lastDeliveryNanos = nowNanos;
    int number = connection.number();
    if (index <= lastIndexOf[number]) {
      outOfOrder++;
    }
    lastIndexOf[number] = index;
    if (index >= measureFrom) {
      if (firstMeasuredDeliveryNanos == 0) {
        firstMeasuredDeliveryNanos = nowNanos;
      }
      measuredDelivered++;
      latencyMicros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (nowNanos - sentNanos[i]) / 1000)));
    }
    if (dialect.confirmsByEcho() && senderOf[i] == number) {
      onConfirmed(connection, index, nowNanos);
    }
  }

  private void onConfirmed(Connection connection, long index, long nowNanos) {
    if (index < 0 || index >= sentNanos.length || sentNanos[(int) index] == 0) {
      return;
    }
    confirmed++;
    if (index >= measureFrom) {
      confirmMicros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (nowNanos - sentNanos[(int) index]) / 1000)));
    }
    reactions.confirmed(connection, index, nowNanos);
  }

  // Loop thread only; the scenario thread calls these through ClientLoop.call.

  public Histogram latencyCopy() {
    return latencyMicros.copy();
  }

  public Histogram confirmCopy() {
    return confirmMicros.copy();
  }

  public TreeMap<Integer, Integer> closeCodesCopy() {
    return new TreeMap<>(closeCodes);
  }

  public String firstError() {
    return firstError;
  }
}
