package dev.dormouse.faults;

import dev.dormouse.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checker of the fault-injection run: the room's final history, read over HTTP, against what
 * each client was acknowledged and shown. Every count here must come out 0 (or complete) for the
 * delivery guarantees of docs/protocol.md to hold.
 */
record DeliveryAudit(
    int posted,
    int acked,
    int ackedButLost,
    int ackedWithAnotherSeq,
    int ackConflicts,
    int storedMoreThanOnce,
    int storedButNeverPosted,
    int stored,
    long firstBadSeqIndex,
    List<ClientVerdict> clients) {

  /**
   * One reading client's log against the history: it must be exactly 1..K, each shown as stored.
   */
  record ClientVerdict(
      String name,
      int shown,
      int repeats,
      int skipped,
      int missing,
      int divergent,
      List<String> unexpected) {
    boolean complete() {
      return repeats == 0 && skipped == 0 && missing == 0 && divergent == 0;
    }
  }

  static DeliveryAudit of(List<ServerFrame.Message> history, List<ClientLog.Snapshot> logs) {
    Map<String, List<Long>> seqsByText = new HashMap<>();
    Map<Long, String> textBySeq = new HashMap<>();
    long firstBad = -1;
    for (int i = 0; i < history.size(); i++) {
      ServerFrame.Message m = history.get(i);
      seqsByText.computeIfAbsent(m.message(), t -> new ArrayList<>()).add(m.seq());
      textBySeq.put(m.seq(), m.message());
      if (firstBad < 0 && m.seq() != i + 1) {
        firstBad = i;
      }
    }

    int posted = 0;
    int acked = 0;
    int lost = 0;
    int otherSeq = 0;
    int conflicts = 0;
    Set<String> postedTexts = new HashSet<>();
    for (ClientLog.Snapshot log : logs) {
      posted += log.posted().size();
      conflicts += log.ackConflicts();
      for (FaultClient.Outgoing o : log.posted()) {
        postedTexts.add(o.text());
        Long ackedSeq = log.acked().get(o.clientId());
        if (ackedSeq == null) {
          continue;
        }
        acked++;
        List<Long> stored = seqsByText.get(o.text());
        if (stored == null) {
          lost++;
        } else if (!stored.contains(ackedSeq)) {
          otherSeq++;
        }
      }
    }
    int storedTwice = seqsByText.values().stream().mapToInt(seqs -> seqs.size() - 1).sum();
    int neverPosted =
        (int) history.stream().filter(m -> !postedTexts.contains(m.message())).count();
    long k = history.size();

    List<ClientVerdict> verdicts = new ArrayList<>();
    for (ClientLog.Snapshot log : logs) {
      verdicts.add(verdict(log, k, textBySeq));
    }
    return new DeliveryAudit(
        posted,
        acked,
        lost,
        otherSeq,
        conflicts,
        storedTwice,
        neverPosted,
        history.size(),
        firstBad,
        verdicts);
  }

  private static ClientVerdict verdict(
      ClientLog.Snapshot log, long k, Map<Long, String> textBySeq) {
    int repeats = 0;
    int skipped = 0;
    long highest = 0;
    Set<Long> distinct = new HashSet<>();
    for (long seq : log.seen()) {
      if (seq <= highest) {
        repeats++;
      } else {
        if (seq != highest + 1) {
          skipped++;
        }
        highest = seq;
      }
      distinct.add(seq);
    }
    int missing = 0;
    for (long seq = 1; seq <= k; seq++) {
      if (!distinct.contains(seq)) {
        missing++;
      }
    }
    int divergent = 0;
    for (var shown : log.textBySeq().entrySet()) {
      if (!shown.getValue().equals(textBySeq.get(shown.getKey()))) {
        divergent++;
      }
    }
    return new ClientVerdict(
        log.name(), log.seen().size(), repeats, skipped, missing, divergent, log.unexpected());
  }

  /** Whether the stored seqs are exactly 1..K. */
  boolean seqsAreOneToK() {
    return firstBadSeqIndex < 0;
  }

  long completeClients() {
    return clients.stream().filter(ClientVerdict::complete).count();
  }

  int repeats() {
    return clients.stream().mapToInt(ClientVerdict::repeats).sum();
  }

  int skipped() {
    return clients.stream().mapToInt(ClientVerdict::skipped).sum();
  }

  int missing() {
    return clients.stream().mapToInt(ClientVerdict::missing).sum();
  }

  int divergent() {
    return clients.stream().mapToInt(ClientVerdict::divergent).sum();
  }

  String seqs() {
    return seqsAreOneToK()
        ? "1.." + stored
        : "NOT-1..K(first bad at index " + firstBadSeqIndex + ")";
  }

  String summary() {
    return "acked="
        + acked
        + "/"
        + posted
        + " lost="
        + ackedButLost
        + " acked-with-another-seq="
        + ackedWithAnotherSeq
        + " ack-conflicts="
        + ackConflicts
        + " duplicates="
        + storedMoreThanOnce
        + " never-posted="
        + storedButNeverPosted
        + " seqs="
        + seqs()
        + " clients-complete="
        + completeClients()
        + "/"
        + clients.size()
        + " repeats="
        + repeats()
        + " skipped="
        + skipped()
        + " missing="
        + missing()
        + " divergent="
        + divergent();
  }
}
