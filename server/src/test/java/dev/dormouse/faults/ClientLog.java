package dev.dormouse.faults;

import dev.dormouse.protocol.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * What one {@link FaultClient} was acknowledged and shown, and how its connections ended: the raw
 * material of the {@link DeliveryAudit}. It records, it does not judge: a repeated or skipped seq
 * is written down like any other. It also times what a person would notice: how long the client was
 * without a connection (from a connection's end to the next {@code ready}), and how long each
 * message waited for its ack (from its first send, across reconnects). Not thread-safe; its client
 * guards it with its own lock.
 *
 * <p>Besides the seqs it was shown it keeps its view of the room: every message as the client would
 * now display it, after the edits, deletes and reactions it was told of, so the audit can compare
 * what each client ends up showing with what the room stored.
 */
final class ClientLog {

  /** How long one message waited for its ack, and when it was first sent. */
  record AckWait(long sentNanos, Duration waited) {}

  /** A copy of the log, for the audit. */
  record Snapshot(
      String name,
      List<FaultClient.Outgoing> posted,
      List<FaultClient.Change> changes,
      List<Long> seen,
      Map<Long, ShownMessage> view,
      Map<String, Long> acked,
      int ackConflicts,
      List<String> unexpected,
      Map<Integer, Integer> closeCodes,
      int connections,
      int gapsFilled,
      int refusals,
      List<Duration> outages,
      List<AckWait> ackWaits) {}

  private final String name;
  private final List<FaultClient.Outgoing> posted = new ArrayList<>();
  private final List<FaultClient.Change> changes = new ArrayList<>();
  private final Map<String, Long> firstSentNanos = new HashMap<>();
  private final List<AckWait> ackWaits = new ArrayList<>();
  private final List<Duration> outages = new ArrayList<>();
  private final List<Long> seen = new ArrayList<>();
  private final Map<Long, ShownMessage> view = new HashMap<>();
  private final Map<String, Long> seqById = new HashMap<>();
  private final Map<String, Long> acked = new HashMap<>();
  private final List<String> unexpected = new ArrayList<>();
  private final Map<Integer, Integer> closeCodes = new TreeMap<>();
  private long highestSeen;
  private int ackConflicts;
  private int connections;
  private int gapsFilled;
  private int refusals;
  private long offlineSinceNanos = -1;

  ClientLog(String name) {
    this.name = name;
  }

  /** A message sent for the first time; resends of it are not posts. */
  void posted(FaultClient.Outgoing o, long nanos) {
    posted.add(o);
    firstSentNanos.put(o.clientId(), nanos);
  }

  /** A change sent for the first time; resends of it are not new changes. */
  void changed(FaultClient.Change c, long nanos) {
    changes.add(c);
    firstSentNanos.put(c.clientId(), nanos);
  }

  /** A message put in front of the user, from history, a gap fill or live. */
  void shown(ServerFrame.Message m) {
    seen(m.seq());
    updated(m);
  }

  /** A message the user already has, in its current state ({@code history.updated}). */
  void updated(ServerFrame.Message m) {
    view.put(m.seq(), ShownMessage.of(m));
    seqById.put(m.id(), m.seq());
  }

  /** A change entry of the log, applied to the message it names. */
  void shown(ServerFrame.Edited e) {
    seen(e.seq());
    change(e.id(), shown -> shown.afterEdit(e.message()));
  }

  void shown(ServerFrame.Deleted d) {
    seen(d.seq());
    change(d.id(), ShownMessage::asTombstone);
  }

  void shown(ServerFrame.Reaction r) {
    seen(r.seq());
    change(r.id(), shown -> shown.afterReaction(r.emoji(), r.count()));
  }

  /** How many changes to the message posted as {@code postClientId} were sent so far. */
  int changesTo(String postClientId) {
    return (int) changes.stream().filter(c -> c.postClientId().equals(postClientId)).count();
  }

  /** The acks so far, by clientId. */
  Map<String, Long> acked() {
    return acked;
  }

  /** The id of the message at {@code seq}, once the client was shown it; else null. */
  String messageIdAt(long seq) {
    ShownMessage shown = view.get(seq);
    return shown == null ? null : shown.id();
  }

  private void seen(long seq) {
    seen.add(seq);
    highestSeen = Math.max(highestSeen, seq);
  }

  /**
   * A change to a message this client was never shown is a fault of the log, not of this client: it
   * stays unapplied, and the audit finds the message missing or shown unlike stored.
   */
  private void change(String id, UnaryOperator<ShownMessage> how) {
    Long seq = seqById.get(id);
    if (seq == null) {
      unexpected.add("a change to message " + id + ", which this client was never shown");
      return;
    }
    view.computeIfPresent(seq, (s, shown) -> how.apply(shown));
  }

  /** An ack; the same clientId acked again with another seq is a conflict. */
  void acked(ServerFrame.Ack ack, long nanos) {
    Long earlier = acked.putIfAbsent(ack.clientId(), ack.seq());
    if (earlier != null && earlier != ack.seq()) {
      ackConflicts++;
    }
    Long sent = firstSentNanos.get(ack.clientId());
    if (earlier == null && sent != null) {
      ackWaits.add(new AckWait(sent, Duration.ofNanos(nanos - sent)));
    }
  }

  void connected() {
    connections++;
  }

  /** A connection that had opened ended, however; the client is offline from the first end. */
  void disconnected(long nanos) {
    if (connections > 0 && offlineSinceNanos < 0) {
      offlineSinceNanos = nanos;
    }
  }

  /** {@code ready} arrived: the client is in its room again, and an outage, if any, is over. */
  void ready(long nanos) {
    if (offlineSinceNanos >= 0) {
      outages.add(Duration.ofNanos(nanos - offlineSinceNanos));
      offlineSinceNanos = -1;
    }
  }

  /** A connection the server ended: its close code, or 1006 when no close frame came. */
  void closed(int code) {
    closeCodes.merge(code, 1, Integer::sum);
  }

  void gapFilled() {
    gapsFilled++;
  }

  void refused() {
    refusals++;
  }

  void unexpected(String what) {
    unexpected.add(what);
  }

  /** How many unexpected things happened, and the last of them: for a run that hangs. */
  String unexpectedSoFar() {
    return unexpected.isEmpty() ? "0" : unexpected.size() + " (last: " + unexpected.getLast() + ")";
  }

  long highestSeen() {
    return highestSeen;
  }

  int ackedCount() {
    return acked.size();
  }

  int postedCount() {
    return posted.size();
  }

  int connections() {
    return connections;
  }

  Snapshot snapshot() {
    return new Snapshot(
        name,
        List.copyOf(posted),
        List.copyOf(changes),
        List.copyOf(seen),
        Map.copyOf(view),
        Map.copyOf(acked),
        ackConflicts,
        List.copyOf(unexpected),
        Map.copyOf(closeCodes),
        connections,
        gapsFilled,
        refusals,
        List.copyOf(outages),
        List.copyOf(ackWaits));
  }

  /**
   * A message as a client shows it: what a person reads of it. {@code reactions} is each emoji's
   * count, in emoji order.
   */
  record ShownMessage(
      long seq,
      String id,
      String text,
      boolean edited,
      boolean deleted,
      SortedMap<String, Integer> reactions) {

    static ShownMessage of(ServerFrame.Message m) {
      SortedMap<String, Integer> reactions = new TreeMap<>();
      if (m.reactions() != null) {
        m.reactions().forEach(r -> reactions.put(r.emoji(), r.count()));
      }
      return new ShownMessage(
          m.seq(),
          m.id(),
          m.message(),
          m.edited() != null,
          m.deleted() != null,
          Collections.unmodifiableSortedMap(reactions));
    }

    /** The message as read, whichever id it was stored under. */
    ShownMessage withoutIds() {
      return new ShownMessage(seq, null, text, edited, deleted, reactions);
    }

    ShownMessage afterEdit(String newText) {
      return new ShownMessage(seq, id, newText, true, deleted, reactions);
    }

    ShownMessage asTombstone() {
      return new ShownMessage(seq, id, "", false, true, new TreeMap<>());
    }

    ShownMessage afterReaction(String emoji, int count) {
      SortedMap<String, Integer> next = new TreeMap<>(reactions);
      if (count == 0) {
        next.remove(emoji);
      } else {
        next.put(emoji, count);
      }
      return new ShownMessage(seq, id, text, edited, deleted, next);
    }
  }
}
