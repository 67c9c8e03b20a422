package dev.dormouse.access;

import dev.dormouse.protocol.WireSerializable;

/**
 * A room's settings. A room nobody has claimed has none stored and is {@link #UNCLAIMED}: public,
 * open to every poster, no slow mode, no owner, exactly as rooms were before they could be claimed.
 *
 * @param owner the owner's user id, or null when unclaimed
 * @param slowModeSeconds the least time between two messages of one person; 0 is off
 * @param createdAt when it was claimed, in epoch ms; 0 when unclaimed
 */
public record RoomSettings(
    String owner,
    String title,
    String topic,
    Visibility visibility,
    PostPolicy postPolicy,
    int slowModeSeconds,
    long createdAt)
    implements WireSerializable {

  public static final RoomSettings UNCLAIMED =
      new RoomSettings(null, "", "", Visibility.PUBLIC, PostPolicy.EVERYONE, 0, 0);

  public static final int MAX_TITLE = 100;
  public static final int MAX_TOPIC = 500;

  /** Six hours: a room that wakes reads that far back for who must still wait. */
  public static final int MAX_SLOW_MODE_SECONDS = 21_600;

  public boolean claimed() {
    return owner != null;
  }
}
