package dev.dormouse.room;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids that sort by time: 8 base-36 characters of the epoch ms, then 8 random ones. Messages and
 * audit entries take them, so that "newest first" is an order by id.
 */
public final class EntryIds {

  private EntryIds() {}

  public static String next(long now) {
    String random = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    return Long.toString(now, 36) + random;
  }
}
