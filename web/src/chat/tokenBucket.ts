/**
 * The send pacing: a bucket of `burst` tokens that refills at `perSecond`, one token per frame.
 * Kept under the server's own limit, so that a burst of resends after a reconnect is not refused
 * as too fast. Time comes in as an argument, so it is tested without a clock.
 */
export class TokenBucket {
  private tokens: number
  private updatedAt: number

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = burst
    this.updatedAt = now
  }

  /** How long until a token is there: 0 when one is now. */
  waitMs(now: number): number {
    this.refill(now)
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond)
  }

  /** Spends a token; call only when {@link waitMs} said 0. */
  take(): void {
    this.tokens -= 1
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt)
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000)
    this.updatedAt = now
  }
}
