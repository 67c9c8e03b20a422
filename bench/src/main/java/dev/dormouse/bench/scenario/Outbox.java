package dev.dormouse.bench.scenario;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.function.LongConsumer;

/**
 * One poster's messages until they are acked, kept the way the web client's outbox keeps them
 * (roomClient.ts): new ones wait for a live socket; what was sent but not acked when the socket
 * was lost goes again, first and with the same clientId, once the next socket is in its room. The
 * server stores a clientId once, so a resend of a stored message is only acked.
 */
final class Outbox {

  private final ArrayDeque<Long> queued = new ArrayDeque<>();
  private final LinkedHashSet<Long> inFlight = new LinkedHashSet<>();
  private int posted;

  /** A new message, sent with the next {@link #send}. */
  void add(long index) {
    queued.add(index);
    posted++;
  }

  /** Sends everything waiting, oldest first; it counts as in flight until acked. */
  void send(LongConsumer post) {
    Long index;
    while ((index = queued.poll()) != null) {
      inFlight.add(index);
      post.accept(index);
    }
  }

  void acked(long index) {
    inFlight.remove(index);
    queued.remove(index);
  }

  /** The socket is gone: what was in flight waits again, ahead of what never went. */
  void lost() {
    ArrayDeque<Long> again = new ArrayDeque<>(inFlight);
    again.addAll(queued);
    inFlight.clear();
    queued.clear();
    queued.addAll(again);
  }

  /** Messages not acked yet, sent or not. */
  int unacked() {
    return queued.size() + inFlight.size();
  }

  /** Messages ever added. */
  int posted() {
    return posted;
  }
}
