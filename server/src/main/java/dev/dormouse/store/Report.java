package dev.dormouse.store;

import dev.dormouse.room.RoomId;
import java.util.Locale;
import java.util.Optional;

/**
 * A report of a message to the room's moderators, with what the message says now: {@code excerpt}
 * is empty once it is deleted, and {@code authorId}/{@code authorName} are null once retention has
 * removed it.
 *
 * @param resolution null while the report is open
 */
public record Report(
    String id,
    RoomId room,
    String messageId,
    String reason,
    String by,
    long at,
    Resolution resolution,
    String resolvedBy,
    Long resolvedAt,
    String excerpt,
    String authorId,
    String authorName) {

  /** What a moderator did about a report. */
  public enum Resolution {
    DISMISS,
    DELETE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Resolution> parse(String wire) {
      for (Resolution r : values()) {
        if (r.wire().equals(wire)) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    }
  }

  public boolean open() {
    return resolution == null;
  }
}
