package dev.dormouse.bench.scenario;

/**
 * The web client's reconnect policy, so the storm's clients come back the way browsers do: after
 * a lost connection, exponential backoff with "equal jitter" (web/src/chat/backoff.ts: the delay
 * doubles from 500 ms per failed attempt up to 15 s, and a random half of it is kept), and the
 * attempts start over once a connection had stayed live for 5 s (roomClient.ts,
 * {@code stableAfterMs}). A browser cannot see why an upgrade failed; this client can, so it also
 * waits at least as long as a 429's {@code Retry-After} asks.
 */
final class Backoff {

  static final long BASE_MILLIS = 500;
  static final long MAX_MILLIS = 15_000;
  static final long STABLE_AFTER_MILLIS = 5_000;

  private Backoff() {}

  /** {@code attempt} 0 is the first retry after a connection was lost; {@code random} is in [0, 1). */
  static long delayMillis(int attempt, double random) {
    int exponent = Math.min(Math.max(attempt, 0), 30);
    double ceiling = Math.min(MAX_MILLIS, BASE_MILLIS * Math.pow(2, exponent));
    return Math.round(ceiling / 2 + (ceiling / 2) * random);
  }

  /** The backoff, or the refusal's Retry-After when it asks for longer ({@code retryAfterMillis} -1: none). */
  static long retryMillis(int attempt, double random, long retryAfterMillis) {
    return Math.max(delayMillis(attempt, random), retryAfterMillis);
  }
}
