import { describe, expect, it } from 'vitest'
import type { ErrorFrame } from './protocol'
import {
  actingRole,
  composerMode,
  mayActOn,
  refusalOfClose,
  refusalOfHttp,
  timeLeft,
  type ComposerInputs,
} from './roomAccess'

const error = (code: string, extra: Partial<ErrorFrame> = {}): ErrorFrame => ({
  type: 'error',
  code,
  message: code,
  ...extra,
})

describe('refusals', () => {
  it('reads the room’s close codes, with the reason and end of the error before them', () => {
    expect(refusalOfClose(4003, error('kicked', { reason: 'Calm down' }))).toEqual({
      kind: 'kicked',
      reason: 'Calm down',
    })
    expect(refusalOfClose(4004, error('banned', { until: 99, reason: 'Spam' }))).toEqual({
      kind: 'banned',
      until: 99,
      reason: 'Spam',
    })
    // A ban whose error frame was lost is taken for good: nothing says when it ends.
    expect(refusalOfClose(4004, null)).toEqual({ kind: 'banned', until: null, reason: null })
    expect(refusalOfClose(4005, null)).toEqual({ kind: 'notMember' })
  })

  it('leaves every other close to the reconnect', () => {
    for (const code of [1000, 1006, 1011, 1012, 4000, 4001, 4002]) expect(refusalOfClose(code, null)).toBeNull()
  })

  it('reads 403 banned and not_a_member, and nothing else', () => {
    expect(refusalOfHttp(403, 'banned', 5)).toEqual({ kind: 'banned', until: 5, reason: null })
    expect(refusalOfHttp(403, 'not_a_member', null)).toEqual({ kind: 'notMember' })
    expect(refusalOfHttp(403, 'forbidden_origin', null)).toBeNull()
    expect(refusalOfHttp(404, 'not_a_member', null)).toBeNull()
  })
})

describe('who may act on whom', () => {
  it("gives an operator admin an owner's rights whatever their role, and nobody else", () => {
    expect(actingRole('none', true)).toBe('owner')
    expect(actingRole(null, true)).toBe('owner')
    expect(actingRole('member', false)).toBe('member')
    expect(actingRole(null, false)).toBeNull()
    expect(mayActOn(actingRole('none', true), 'owner')).toBe(false)
    expect(mayActOn(actingRole('none', true), 'moderator')).toBe(true)
  })

  it.each([
    ['owner', 'moderator', true],
    ['owner', 'member', true],
    ['owner', 'none', true],
    ['owner', 'owner', false],
    ['moderator', 'member', true],
    ['moderator', 'none', true],
    ['moderator', 'moderator', false],
    ['moderator', 'owner', false],
    ['member', 'none', false],
    ['none', 'member', false],
  ] as const)('a %s on a %s: %s', (mine, theirs, allowed) => {
    expect(mayActOn(mine, theirs)).toBe(allowed)
  })
})

describe('the composer', () => {
  const base: ComposerInputs = {
    role: 'member',
    postPolicy: 'everyone',
    mutedUntil: null,
    muteReason: null,
    slowUntil: null,
    now: 1_000,
  }

  it('is open by default, and once a mute or slow mode has run out', () => {
    expect(composerMode(base)).toEqual({ kind: 'open' })
    expect(composerMode({ ...base, mutedUntil: 1_000, slowUntil: 999 })).toEqual({ kind: 'open' })
  })

  it('says until when a mute lasts, before anything else', () => {
    expect(composerMode({ ...base, postPolicy: 'moderators', mutedUntil: 5_000, muteReason: 'Spam' })).toEqual({
      kind: 'muted',
      until: 5_000,
      reason: 'Spam',
    })
  })

  it('is read-only in an announcement room for members and strangers, not for moderators', () => {
    expect(composerMode({ ...base, postPolicy: 'moderators' })).toEqual({ kind: 'readOnly' })
    expect(composerMode({ ...base, role: 'none', postPolicy: 'moderators' })).toEqual({ kind: 'readOnly' })
    expect(composerMode({ ...base, role: 'moderator', postPolicy: 'moderators' })).toEqual({ kind: 'open' })
    expect(composerMode({ ...base, role: 'owner', postPolicy: 'moderators' })).toEqual({ kind: 'open' })
  })

  it('waits out slow mode, which never slows moderators', () => {
    expect(composerMode({ ...base, slowUntil: 31_000 })).toEqual({ kind: 'slow', until: 31_000 })
    expect(composerMode({ ...base, role: 'moderator', slowUntil: 31_000 })).toEqual({ kind: 'open' })
  })

  it('counts down in words', () => {
    expect(timeLeft(13_500, 1_000)).toBe('13 s')
    expect(timeLeft(1_000 + 245_000, 1_000)).toBe('4 min 05 s')
    expect(timeLeft(1_000 + 7_380_000, 1_000)).toBe('2 h 03 min')
    expect(timeLeft(1_000 + 3 * 86_400_000, 1_000)).toBe('3 days')
    expect(timeLeft(0, 1_000)).toBe('0 s')
  })
})
