package dev.dormouse.access;

import dev.dormouse.protocol.WireSerializable;
import java.util.Locale;

/**
 * A ban or a mute of one person in one room, as a moderator set it: {@code until} when it ends in
 * epoch ms (null: a ban for good; a mute always ends), {@code reason} as given ("" when none),
 * {@code by} the moderator's user id and {@code at} when. One that has run out counts nowhere.
 */
public record Restriction(Kind kind, String userId, Long until, String reason, String by, long at)
    implements WireSerializable {

  /** The kinds, as the {@code kind} column of {@code room_restrictions} stores them. */
  public enum Kind {
    BAN,
    MUTE;

    public String column() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind ofColumn(String column) {
      return valueOf(column.toUpperCase(Locale.ROOT));
    }
  }

  /** The most a reason holds, in code points. */
  public static final int MAX_REASON = 500;

  public boolean inForce(long now) {
    return until == null || until > now;
  }
}
