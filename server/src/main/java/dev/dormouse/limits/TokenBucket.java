package dev.dormouse.limits;

/**
 * A token bucket: up to {@code burst} events at once, refilled at {@code perSecond}. Not thread
 * safe: its owner (a socket on its event loop, a room on its thread) uses it from one thread.
 */
public final class TokenBucket {

  private final double burst;
  private final double perNano;
  private double tokens;
  private long lastNanos;

  public TokenBucket(int burst, double perSecond, long nowNanos) {
    this.burst = burst;
    this.perNano = perSecond / 1e9;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  public boolean tryTake(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perNano);
    lastNanos = nowNanos;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
