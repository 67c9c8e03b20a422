package dev.dormouse.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One emoji's reactions on a message as one recipient sees them: how many people, and whether the
 * recipient is one of them. A message's summaries come in the order each emoji was first used among
 * its current reactions (the earliest {@code at}, then the emoji in UTF-16 order for a tie), so the
 * store and a room's memory, which both hold every person's row, always give the same order.
 */
public record ReactionSummary(String emoji, int count, boolean mine) {

  /** The summaries of {@code rows} for {@code viewerId} (null: nobody's own). */
  public static List<ReactionSummary> of(List<ChatMessage.Reaction> rows, String viewerId) {
    List<ChatMessage.Reaction> ordered = new ArrayList<>(rows);
    ordered.sort(
        java.util.Comparator.comparingLong(ChatMessage.Reaction::at)
            .thenComparing(ChatMessage.Reaction::emoji)
            .thenComparing(ChatMessage.Reaction::userId));
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, Boolean> mine = new LinkedHashMap<>();
    for (ChatMessage.Reaction row : ordered) {
      counts.computeIfAbsent(row.emoji(), e -> new int[1])[0]++;
      mine.merge(row.emoji(), row.userId().equals(viewerId), Boolean::logicalOr);
    }
    List<ReactionSummary> summaries = new ArrayList<>(counts.size());
    counts.forEach(
        (emoji, count) -> summaries.add(new ReactionSummary(emoji, count[0], mine.get(emoji))));
    return summaries;
  }
}
