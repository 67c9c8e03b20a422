package dev.dormouse.store;

import dev.dormouse.protocol.ChatMessage;
import java.util.List;

/**
 * Messages oldest first, in their current state, and whether more lie beyond them in the direction
 * being paged. Change entries are not in pages: the messages show what they did.
 */
public record Page(List<ChatMessage> messages, boolean hasMore) {}
