package dev.dormouse.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A page of the HTTP history API: messages oldest first, in current state, as in {@code message}
 * frames. {@code updated}, on an {@code after=} page, holds the messages at or below {@code after}
 * that changed within the page's range (null when none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryPage(
    List<ServerFrame.Message> messages, boolean hasMore, List<ServerFrame.Message> updated) {

  public HistoryPage(List<ServerFrame.Message> messages, boolean hasMore) {
    this(messages, hasMore, null);
  }
}
