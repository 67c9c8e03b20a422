package dev.dormouse.protocol;

import java.util.List;

/** A page of the HTTP history API: messages oldest first, as in {@code message} frames. */
public record HistoryPage(List<ServerFrame.Message> messages, boolean hasMore) {}
