package dev.dormouse.bench.scenario;

import java.util.BitSet;

/**
 * The seqs one client has received of its room, over all its connections, to check the protocol's
 * promise that a client resuming with {@code since} gets every later message exactly once.
 */
final class SeqLog {

  private final BitSet seen = new BitSet();
  private long highest;
  private long contiguous;
  private int duplicates;

  /** Notes {@code seq}; true when it is new, false when it came before (a duplicate) or is no seq. */
  boolean add(long seq) {
    if (seq <= 0 || seq > Integer.MAX_VALUE) {
      return false;
    }
    if (seen.get((int) seq)) {
      duplicates++;
      return false;
    }
    seen.set((int) seq);
    highest = Math.max(highest, seq);
    while (seen.get((int) contiguous + 1)) {
      contiguous++;
    }
    return true;
  }

  /** The highest seq received: what a resume asks to continue from. */
  long highest() {
    return highest;
  }

  /** The highest seq through which every seq from 1 has been received. */
  long contiguous() {
    return contiguous;
  }

  int duplicates() {
    return duplicates;
  }

  /** Seqs from 1 through {@code latest} never received. */
  long missingThrough(long latest) {
    if (latest <= 0) {
      return 0;
    }
    return latest - seen.get(1, (int) latest + 1).cardinality();
  }
}
