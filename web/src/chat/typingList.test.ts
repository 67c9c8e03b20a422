import { describe, expect, it } from 'vitest'
import type { UserRef } from './protocol'
import { FakeClock } from './testSupport'
import { TypingList } from './typingList'

const grace: UserRef = { id: 'u_grace', name: 'Grace', kind: 'guest' }
const linus: UserRef = { id: 'u_linus', name: 'Linus', kind: 'guest' }

function setup() {
  const clock = new FakeClock()
  let expiries = 0
  const typing = new TypingList(clock, 5_000, () => expiries++)
  return { clock, typing, expiries: () => expiries }
}

describe('typing list', () => {
  it('shows each person for a while after their last typing frame', () => {
    const { clock, typing, expiries } = setup()
    typing.typed(grace)
    clock.advance(3_000)
    typing.typed(linus)
    clock.advance(1_999)
    expect(typing.users).toEqual([grace, linus])
    clock.advance(1)
    expect(typing.users).toEqual([linus])
    clock.advance(3_000)
    expect(typing.users).toEqual([])
    expect(expiries()).toBe(2)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('drops someone whose message arrived, or who is no longer online', () => {
    const { typing } = setup()
    typing.typed(grace)
    typing.typed(linus)
    typing.remove(grace.id)
    expect(typing.users).toEqual([linus])
    typing.keepOnly([grace])
    expect(typing.users).toEqual([])
  })

  it('plans nothing more once stopped', () => {
    const { clock, typing } = setup()
    typing.typed(grace)
    typing.stop()
    expect(clock.pendingTimers()).toBe(0)
  })
})
