package dev.dormouse.store;

import dev.dormouse.protocol.ChatMessage;

/** One entry of a room's log, as read back in seq order: a message, or a change to one. */
public sealed interface LogEntry {

  long seq();

  /** A message, in its current state. */
  record Posted(ChatMessage message) implements LogEntry {
    @Override
    public long seq() {
      return message.seq();
    }
  }

  record Changed(Change change) implements LogEntry {
    @Override
    public long seq() {
      return change.seq();
    }
  }
}
