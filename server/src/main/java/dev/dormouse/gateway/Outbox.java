package dev.dormouse.gateway;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.util.ByteString;

/**
 * The bounded buffer of frames waiting to be written to one socket. Any thread may offer; only the
 * socket's {@link WebSocketStage} takes. The stage parks when the buffer is empty, and the next
 * offer wakes it, so an idle socket costs no polling and a busy one no wake-ups.
 *
 * <p>A socket is too slow when its backlog stays above {@code softLimit} for longer than {@code
 * grace}, or reaches {@code hardLimit}. A burst alone never condemns a socket that reads: a room
 * commits up to {@code room.max-batch} messages at once and hands them to every socket together, so
 * the hard limit leaves room for a whole batch (and its acks) above the soft one.
 */
final class Outbox {

  /** What became of an offered frame. */
  enum Offer {
    QUEUED,
    TOO_SLOW
  }

  private final ArrayBlockingQueue<ByteString> frames;
  private final int softLimit;
  private final long graceNanos;
  private final AtomicBoolean parked = new AtomicBoolean();
  private volatile Runnable wakeUp = () -> {};
  private long overSoftSinceNanos;

  Outbox(int softLimit, int hardLimit, Duration grace) {
    this.frames = new ArrayBlockingQueue<>(hardLimit);
    this.softLimit = softLimit;
    this.graceNanos = grace.toNanos();
  }

  /** Callers offer one at a time (the socket serializes its deliveries). */
  Offer offer(ByteString frame, long nowNanos) {
    int backlog = frames.size();
    if (backlog <= softLimit) {
      overSoftSinceNanos = 0;
    } else if (overSoftSinceNanos == 0) {
      overSoftSinceNanos = nowNanos;
    } else if (nowNanos - overSoftSinceNanos > graceNanos) {
      return Offer.TOO_SLOW;
    }
    if (!frames.offer(frame)) {
      return Offer.TOO_SLOW;
    }
    if (parked.compareAndSet(true, false)) {
      wakeUp.run();
    }
    return Offer.QUEUED;
  }

  // The methods below belong to the stage.

  void attach(Runnable wakeUp) {
    this.wakeUp = wakeUp;
  }

  ByteString poll() {
    return frames.poll();
  }

  /** Parks the taker, unless a frame slipped in meanwhile; then it is returned instead. */
  ByteString parkOrPoll() {
    parked.set(true);
    ByteString raced = frames.poll();
    if (raced != null) {
      parked.set(false);
    }
    return raced;
  }

  void discard() {
    frames.clear();
  }
}
