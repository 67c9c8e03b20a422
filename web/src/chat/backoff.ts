export type BackoffPolicy = {
  /** Delay before the first retry, before jitter. */
  baseMs: number
  /** The delay stops doubling here. */
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 15_000 }

/**
 * Exponential backoff with "equal jitter": the delay doubles per failed attempt up to a cap, and a
 * random half of it is kept. The random half spreads out clients that all lost the same server at
 * once, so a restarted server is not hit by every tab in the same millisecond; the fixed half
 * keeps a retry from coming back almost immediately.
 *
 * @param attempt 0 for the first retry after a connection was lost
 * @param random a number in [0, 1), injected for tests
 */
export function backoffDelay(attempt: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(attempt, 0), 30)
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent)
  return Math.round(ceiling / 2 + (ceiling / 2) * random)
}
