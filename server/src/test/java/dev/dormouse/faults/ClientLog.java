package dev.dormouse.faults;

import dev.dormouse.protocol.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@link FaultClient} was acknowledged and shown, and how its connections ended: the raw
 * material of the {@link DeliveryAudit}. It records, it does not judge: a repeated or skipped seq
 * is written down like any other. It also times what a person would notice: how long the client was
 * without a connection (from a connection's end to the next {@code ready}), and how long each
 * message waited for its ack (from its first send, across reconnects). Not thread-safe; its client
 * guards it with its own lock.
 */
final class ClientLog {

  /** How long one message waited for its ack, and when it was first sent. */
  record AckWait(long sentNanos, Duration waited) {}

  /** A copy of the log, for the audit. */
  record Snapshot(
      String name,
      List<FaultClient.Outgoing> posted,
      List<Long> seen,
      Map<Long, String> textBySeq,
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
  private final Map<String, Long> firstSentNanos = new HashMap<>();
  private final List<AckWait> ackWaits = new ArrayList<>();
  private final List<Duration> outages = new ArrayList<>();
  private final List<Long> seen = new ArrayList<>();
  private final Map<Long, String> textBySeq = new HashMap<>();
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

  /** A message put in front of the user, from history, a gap fill or live. */
  void shown(ServerFrame.Message m) {
    seen.add(m.seq());
    textBySeq.putIfAbsent(m.seq(), m.message());
    highestSeen = Math.max(highestSeen, m.seq());
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
        List.copyOf(seen),
        Map.copyOf(textBySeq),
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
}
