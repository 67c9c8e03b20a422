package dev.dormouse.faults;

import dev.dormouse.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@link FaultClient} was acknowledged and shown, and how its connections ended: the raw
 * material of the {@link DeliveryAudit}. It records, it does not judge: a repeated or skipped seq
 * is written down like any other. Not thread-safe; its client guards it with its own lock.
 */
final class ClientLog {

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
      int refusals) {}

  private final String name;
  private final List<FaultClient.Outgoing> posted;
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

  ClientLog(String name, List<FaultClient.Outgoing> posted) {
    this.name = name;
    this.posted = List.copyOf(posted);
  }

  /** A message put in front of the user, from history, a gap fill or live. */
  void shown(ServerFrame.Message m) {
    seen.add(m.seq());
    textBySeq.putIfAbsent(m.seq(), m.message());
    highestSeen = Math.max(highestSeen, m.seq());
  }

  /** An ack; the same clientId acked again with another seq is a conflict. */
  void acked(ServerFrame.Ack ack) {
    Long earlier = acked.putIfAbsent(ack.clientId(), ack.seq());
    if (earlier != null && earlier != ack.seq()) {
      ackConflicts++;
    }
  }

  void connected() {
    connections++;
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

  int connections() {
    return connections;
  }

  Snapshot snapshot() {
    return new Snapshot(
        name,
        posted,
        List.copyOf(seen),
        Map.copyOf(textBySeq),
        Map.copyOf(acked),
        ackConflicts,
        List.copyOf(unexpected),
        Map.copyOf(closeCodes),
        connections,
        gapsFilled,
        refusals);
  }
}
