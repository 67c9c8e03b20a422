import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff'

describe('backoff', () => {
  it('doubles per attempt up to the cap, keeping a random half', () => {
    const policy = { baseMs: 500, maxMs: 15_000 }
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, 0, policy))).toEqual([
      250, 500, 1000, 2000, 4000, 7500, 7500,
    ])
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, 0.999_999, policy))).toEqual([
      500, 1000, 2000, 4000, 8000, 15_000, 15_000,
    ])
  })

  it('spreads clients that retry the same attempt', () => {
    const delays = new Set([0, 0.25, 0.5, 0.75].map((random) => backoffDelay(3, random)))
    expect(delays.size).toBe(4)
  })
})
