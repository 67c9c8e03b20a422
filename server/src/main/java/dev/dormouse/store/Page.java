package dev.dormouse.store;

import dev.dormouse.protocol.ChatMessage;
import java.util.List;

/** Messages oldest first, and whether more lie beyond them in the direction being paged. */
public record Page(List<ChatMessage> messages, boolean hasMore) {}
