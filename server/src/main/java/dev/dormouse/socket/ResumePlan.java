package dev.dormouse.socket;

import dev.dormouse.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * What a socket must be sent to be up to date with its room through seq {@code upTo}: which ranges
 * it can no longer have ({@code gap} frames), and which stored messages to replay. The same plan
 * serves a joining socket's {@code history} and a live socket that missed a broadcast.
 */
public sealed interface ResumePlan {

  /** A fresh join: the newest {@code count} messages through {@code upTo}. */
  record Latest(long upTo, int count) implements ResumePlan {}

  /** Nothing to replay; {@code hasMore}: older messages exist before what the socket has. */
  record UpToDate(boolean hasMore) implements ResumePlan {}

  /**
   * The gap frames first, then the stored messages after {@code after} through {@code upTo}. {@code
   * hasMore}: messages older than the replay are still stored.
   */
  record Replay(List<ServerFrame.Gap> gaps, long after, long upTo, boolean hasMore)
      implements ResumePlan {

    public int count() {
      return (int) (upTo - after);
    }
  }

  /** Whether {@link #of} needs the oldest stored seq, which costs a store read. */
  static boolean needsOldestSeq(Long since, long upTo) {
    return since != null && since < upTo;
  }

  /**
   * @param since the last seq the socket has; null for a fresh join
   * @param upTo the room's seq the socket must reach
   * @param oldestKept the oldest seq still stored, 0 when none is
   * @param historyOnJoin how many messages a fresh join gets
   * @param resumeLimit the most messages one resume replays; older ones are a gap
   */
  static ResumePlan of(Long since, long upTo, long oldestKept, int historyOnJoin, int resumeLimit) {
    if (since == null) {
      return new Latest(upTo, historyOnJoin);
    }
    if (since >= upTo) {
      return new UpToDate(since > 0);
    }
    long firstKept = oldestKept == 0 ? upTo + 1 : oldestKept;
    List<ServerFrame.Gap> gaps = new ArrayList<>(2);
    long after = since;
    if (firstKept - 1 > after) {
      gaps.add(new ServerFrame.Gap(after + 1, firstKept - 1, ServerFrame.Gap.EXPIRED));
      after = firstKept - 1;
    }
    if (upTo - after > resumeLimit) {
      long limitFrom = upTo - resumeLimit;
      gaps.add(new ServerFrame.Gap(after + 1, limitFrom, ServerFrame.Gap.RESUME_LIMIT));
      after = limitFrom;
    }
    return new Replay(List.copyOf(gaps), after, upTo, after >= firstKept);
  }
}
