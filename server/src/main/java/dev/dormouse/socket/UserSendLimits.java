package dev.dormouse.socket;

import java.util.HashMap;
import java.util.Map;

/**
 * One token bucket per person, shared by all their connections on this node, so opening more tabs
 * does not buy more sends. A bucket lives while its person has a socket open.
 */
public final class UserSendLimits {

  private final int burst;
  private final double perSecond;
  private final Map<String, Entry> byUser = new HashMap<>();

  private static final class Entry {
    final TokenBucket bucket;
    int sockets;

    Entry(TokenBucket bucket) {
      this.bucket = bucket;
    }
  }

  public UserSendLimits(int burst, double perSecond) {
    this.burst = burst;
    this.perSecond = perSecond;
  }

  synchronized void opened(String userId) {
    byUser.computeIfAbsent(
            userId, id -> new Entry(new TokenBucket(burst, perSecond, System.nanoTime())))
        .sockets++;
  }

  synchronized void closed(String userId) {
    Entry entry = byUser.get(userId);
    if (entry != null && --entry.sockets <= 0) {
      byUser.remove(userId);
    }
  }

  synchronized boolean tryTake(String userId, long nowNanos) {
    Entry entry = byUser.get(userId);
    return entry == null || entry.bucket.tryTake(nowNanos);
  }
}
