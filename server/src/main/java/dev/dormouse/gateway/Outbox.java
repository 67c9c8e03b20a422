package dev.dormouse.gateway;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.util.ByteString;

/**
 * The bounded buffer of frames waiting to be written to one socket. Any thread may offer; only the
 * socket's {@link WebSocketStage} takes. The stage parks when the buffer is empty, and the next
 * offer wakes it, so an idle socket costs no polling and a busy one no wake-ups.
 */
final class Outbox {

  private final ArrayBlockingQueue<ByteString> frames;
  private final AtomicBoolean parked = new AtomicBoolean();
  private volatile Runnable wakeUp = () -> {};

  Outbox(int capacity) {
    this.frames = new ArrayBlockingQueue<>(capacity);
  }

  /** False when the buffer is full: the reader is too slow to keep. */
  boolean offer(ByteString frame) {
    if (!frames.offer(frame)) {
      return false;
    }
    if (parked.compareAndSet(true, false)) {
      wakeUp.run();
    }
    return true;
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

  boolean isEmpty() {
    return frames.isEmpty();
  }

  void discard() {
    frames.clear();
  }
}
