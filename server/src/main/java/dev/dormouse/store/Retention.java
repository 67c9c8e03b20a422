package dev.dormouse.store;

import java.time.Duration;

/**
 * How much history a room keeps: at most {@code maxMessages} of its newest messages (0: no limit)
 * and none older than {@code maxAge} (null: no limit). A room's seq never goes back when its
 * messages are deleted.
 */
public record Retention(long maxMessages, Duration maxAge) {

  public static final Retention KEEP_EVERYTHING = new Retention(0, null);

  public boolean keepsEverything() {
    return maxMessages <= 0 && maxAge == null;
  }
}
