package dev.dormouse.limits;

import java.util.HashMap;
import java.util.Map;

/**
 * One token bucket per key (a person, or an address), shared by all the connections with that key
 * on this node, so opening more tabs or minting more guests does not buy more sends. A bucket lives
 * while its key has a socket open.
 */
public final class SendLimits {

  private final int burst;
  private final double perSecond;
  private final Map<String, Entry> byKey = new HashMap<>();

  private static final class Entry {
    final TokenBucket bucket;
    int sockets;

    Entry(TokenBucket bucket) {
      this.bucket = bucket;
    }
  }

  public SendLimits(int burst, double perSecond) {
    this.burst = burst;
    this.perSecond = perSecond;
  }

  public synchronized void opened(String key) {
    byKey.computeIfAbsent(key, k -> new Entry(new TokenBucket(burst, perSecond, System.nanoTime())))
        .sockets++;
  }

  public synchronized void closed(String key) {
    Entry entry = byKey.get(key);
    if (entry != null && --entry.sockets <= 0) {
      byKey.remove(key);
    }
  }

  public synchronized boolean tryTake(String key, long nowNanos) {
    Entry entry = byKey.get(key);
    return entry == null || entry.bucket.tryTake(nowNanos);
  }
}
