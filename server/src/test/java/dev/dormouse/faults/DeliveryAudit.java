package dev.dormouse.faults;

import dev.dormouse.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checker of the fault-injection run: the room's final history, read over HTTP, against what
 * each client was acknowledged and shown. Every count here must come out 0 (or complete) for the
 * delivery guarantees of docs/protocol.md to hold.
 *
 * <p>The room's log holds messages and changes to them. Its seqs are the stored messages' seqs and
 * the acked changes' seqs, and together they must be exactly 1..K: a change applied twice, or a
 * message stored twice, leaves a seq that nothing accounts for. Each message must be stored in the
 * state its author's acked changes, applied once each in order, leave it in.
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
    int changesAcked,
    int changedUnlikeAcked,
    long firstBadSeqIndex,
    List<ClientVerdict> clients) {

  /**
   * One reading client's log against the history: it must be shown every message once, in order,
   * and end up showing each as stored. A change entry whose message came in a resume's history
   * already changed is not shown on its own, so change seqs may be absent, never repeated.
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
    Map<Long, String> postedTagBySeq = new HashMap<>();
    Set<String> postedTags = new HashSet<>();
    Map<Long, String> changeBySeq = new HashMap<>();
    int posted = 0;
    int conflicts = 0;
    for (ClientLog.Snapshot log : logs) {
      posted += log.posted().size();
      conflicts += log.ackConflicts();
      for (FaultClient.Outgoing o : log.posted()) {
        postedTags.add(tag(o.text()));
        Long seq = log.acked().get(o.clientId());
        if (seq != null) {
          postedTagBySeq.put(seq, tag(o.text()));
        }
      }
      for (FaultClient.Change c : log.changes()) {
        Long seq = log.acked().get(c.clientId());
        if (seq != null) {
          changeBySeq.put(seq, c.clientId());
        }
      }
    }

    // A tombstone has no text left to tell it by: its seq names the post it was.
    Map<String, List<Long>> seqsByTag = new HashMap<>();
    Map<Long, ServerFrame.Message> storedBySeq = new HashMap<>();
    for (ServerFrame.Message m : history) {
      String tag =
          m.deleted() != null
              ? postedTagBySeq.getOrDefault(m.seq(), "tombstone@" + m.seq())
              : tag(m.message());
      seqsByTag.computeIfAbsent(tag, t -> new ArrayList<>()).add(m.seq());
      storedBySeq.put(m.seq(), m);
    }

    int acked = 0;
    int lost = 0;
    int otherSeq = 0;
    int changedUnlikeAcked = 0;
    for (ClientLog.Snapshot log : logs) {
      for (FaultClient.Outgoing o : log.posted()) {
        Long ackedSeq = log.acked().get(o.clientId());
        if (ackedSeq == null) {
          continue;
        }
        acked++;
        List<Long> stored = seqsByTag.get(tag(o.text()));
        if (stored == null) {
          lost++;
        } else if (!stored.contains(ackedSeq)) {
          otherSeq++;
        } else if (!expectedState(o, ackedSeq, log).equals(shown(storedBySeq.get(ackedSeq)))) {
          changedUnlikeAcked++;
        }
      }
    }
    int storedTwice = seqsByTag.values().stream().mapToInt(seqs -> seqs.size() - 1).sum();
    int neverPosted =
        (int) seqsByTag.keySet().stream().filter(tag -> !postedTags.contains(tag)).count();

    // The log: every stored message's seq and every acked change's seq, once each, 1..K.
    List<Long> logSeqs = new ArrayList<>(storedBySeq.keySet());
    changeBySeq.keySet().stream()
        .filter(seq -> !storedBySeq.containsKey(seq))
        .forEach(logSeqs::add);
    logSeqs.sort(null);
    long firstBad = -1;
    for (int i = 0; i < logSeqs.size(); i++) {
      if (logSeqs.get(i) != i + 1) {
        firstBad = i;
        break;
      }
    }
    if (firstBad < 0 && logSeqs.size() < storedBySeq.size() + changeBySeq.size()) {
      // A change acked with a message's seq: two entries claim one place in the log.
      firstBad = logSeqs.size();
    }

    List<ClientVerdict> verdicts = new ArrayList<>();
    for (ClientLog.Snapshot log : logs) {
      verdicts.add(verdict(log, storedBySeq));
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
        changeBySeq.size(),
        changedUnlikeAcked,
        firstBad,
        verdicts);
  }

  /**
   * A message's text starts with its clientId, and every edit keeps it, so it tells posts apart.
   */
  private static String tag(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }

  /** What a person should read of a message: the post with its author's acked changes applied. */
  private static ClientLog.ShownMessage expectedState(
      FaultClient.Outgoing post, long seq, ClientLog.Snapshot log) {
    ServerFrame.Message stored =
        new ServerFrame.Message(seq, null, null, null, null, post.text(), 0);
    ClientLog.ShownMessage expected = ClientLog.ShownMessage.of(stored);
    Map<String, Integer> reactions = new TreeMap<>();
    for (FaultClient.Change c : log.changes()) {
      if (!c.postClientId().equals(post.clientId()) || !log.acked().containsKey(c.clientId())) {
        continue;
      }
      // A script's steps are sent one at a time, each after the last one's ack: list order is
      // the order they were applied in.
      FaultClient.Step step = c.step();
      expected =
          switch (step.kind()) {
            case EDIT -> expected.afterEdit(step.text());
            case DELETE -> expected.asTombstone();
            case REACT -> {
              reactions.merge(step.emoji(), step.on() ? 1 : -1, Integer::sum);
              yield expected.afterReaction(step.emoji(), reactions.get(step.emoji()));
            }
          };
    }
    return expected;
  }

  /** What a person reads of a stored message, whoever's copy it is; null when absent. */
  private static ClientLog.ShownMessage shown(ServerFrame.Message stored) {
    return stored == null ? null : ClientLog.ShownMessage.of(stored).withoutIds();
  }

  private static ClientVerdict verdict(
      ClientLog.Snapshot log, Map<Long, ServerFrame.Message> storedBySeq) {
    int repeats = 0;
    int skipped = 0;
    long highest = 0;
    Set<Long> distinct = new HashSet<>();
    for (long seq : log.seen()) {
      if (!distinct.add(seq)) {
        repeats++;
      } else if (seq < highest) {
        skipped++;
      }
      highest = Math.max(highest, seq);
    }
    int missing = 0;
    int divergent = 0;
    for (var stored : storedBySeq.entrySet()) {
      if (!distinct.contains(stored.getKey())) {
        missing++;
      }
      ClientLog.ShownMessage shown = log.view().get(stored.getKey());
      if (shown != null && !shown.withoutIds().equals(shown(stored.getValue()))) {
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
        ? "1.." + (stored + changesAcked)
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
        + " changes-acked="
        + changesAcked
        + " changed-unlike-acked="
        + changedUnlikeAcked
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
