package dev.dormouse.store;

import dev.dormouse.protocol.ChatMessage;

/** What happened to one message of an appended batch, in the batch's order. */
public sealed interface AppendOutcome {

  long seq();

  record Stored(ChatMessage message) implements AppendOutcome {
    @Override
    public long seq() {
      return message.seq();
    }
  }

  /** The room already holds a message with this clientId; nothing was written. */
  record Duplicate(long seq) implements AppendOutcome {}
}
