package dev.dormouse.store;

import dev.dormouse.protocol.UserRef;
import dev.dormouse.protocol.WireSerializable;

/**
 * A change to a message, as an entry of the room's log with a seq of its own: an edit, a delete, or
 * a reaction turned on or off. {@code target} is the changed message's seq, {@code targetId} its
 * id, {@code user} who made the change and {@code at} when. An edit carries the message's text
 * ({@code text}); a reaction its {@code emoji} and the emoji's {@code count} on the message. A
 * delete is {@code moderated} when someone other than the author made it (a moderator, through
 * {@code DELETE /api/rooms/{id}/messages/{messageId}}); its {@code text} is then the reason given,
 * or null. Read back from storage, a change shows the message as it is now: an edit the current
 * text, a reaction the current count.
 */
public record Change(
    long seq,
    Kind kind,
    long target,
    String targetId,
    UserRef user,
    long at,
    String text,
    String emoji,
    int count,
    boolean moderated)
    implements WireSerializable {

  public Change(
      long seq,
      Kind kind,
      long target,
      String targetId,
      UserRef user,
      long at,
      String text,
      String emoji,
      int count) {
    this(seq, kind, target, targetId, user, at, text, emoji, count, false);
  }

  /** A moderated delete's reason; null for every other change, or when none was given. */
  public String reason() {
    return kind == Kind.DELETE && moderated ? text : null;
  }

  /** The kinds of change, as the {@code kind} column of the log stores them. */
  public enum Kind {
    EDIT("edit"),
    DELETE("delete"),
    REACT("react"),
    UNREACT("unreact");

    private final String column;

    Kind(String column) {
      this.column = column;
    }

    public String column() {
      return column;
    }

    public static Kind ofColumn(String column) {
      for (Kind kind : values()) {
        if (kind.column.equals(column)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("not a change: " + column);
    }

    public boolean isReaction() {
      return this == REACT || this == UNREACT;
    }
  }
}
