package dev.dormouse.store;

import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.ErrorCode;

/** What happened to one entry of an appended batch, in the batch's order. */
public sealed interface AppendOutcome {

  /** The seq to ack the write with; 0 for a refusal, which is not acked. */
  long seq();

  record Stored(ChatMessage message) implements AppendOutcome {
    @Override
    public long seq() {
      return message.seq();
    }
  }

  /** A change was stored as the log's next entry. */
  record Changed(Change change) implements AppendOutcome {
    @Override
    public long seq() {
      return change.seq();
    }
  }

  /** The room already holds an entry with this clientId; nothing was written. */
  record Duplicate(long seq) implements AppendOutcome {}

  /** A reaction that changes nothing: not stored, acked with the room's seq at that point. */
  record Unchanged(long seq) implements AppendOutcome {}

  /** The change or reply breaks a rule; nothing was written. */
  record Refused(ErrorCode code, String message) implements AppendOutcome {
    @Override
    public long seq() {
      return 0;
    }
  }
}
