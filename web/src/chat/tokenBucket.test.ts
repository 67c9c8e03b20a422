import { describe, expect, it } from 'vitest'
import { TokenBucket } from './tokenBucket'

function spend(bucket: TokenBucket, now: number): number {
  let sent = 0
  while (bucket.waitMs(now) === 0) {
    bucket.take()
    sent++
  }
  return sent
}

describe('token bucket', () => {
  it('lets a full burst go at once, then says how long the next token takes', () => {
    const bucket = new TokenBucket(8, 4, 0)
    expect(spend(bucket, 0)).toBe(8)
    expect(bucket.waitMs(0)).toBe(250)
    expect(bucket.waitMs(100)).toBe(150)
    expect(bucket.waitMs(250)).toBe(0)
  })

  it('refills at its rate, never beyond the burst', () => {
    const bucket = new TokenBucket(8, 4, 0)
    spend(bucket, 0)
    expect(spend(bucket, 1_000)).toBe(4)
    expect(spend(bucket, 60_000)).toBe(8)
  })

  it('takes a clock that went backwards for no time at all', () => {
    const bucket = new TokenBucket(2, 4, 10_000)
    spend(bucket, 10_000)
    expect(bucket.waitMs(5_000)).toBe(250)
  })
})
