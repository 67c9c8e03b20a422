import { describe, expect, it } from 'vitest'
import type { TimelineItem } from './messageStore'
import { relativeTime } from './time'
import { groupTimeline } from './timeline'

const base = new Date(2026, 10, 27, 12, 0, 0).getTime()

function stored(seq: number, from: string, minutes: number, own = false): TimelineItem {
  return {
    kind: 'message',
    own,
    message: { seq, id: `m${seq}`, from, name: from.toUpperCase(), message: 'x', timestamp: base + minutes * 60_000 },
  }
}

describe('groupTimeline', () => {
  it('groups consecutive messages from one sender within a few minutes', () => {
    const rows = groupTimeline(
      [stored(1, 'ada', 0), stored(2, 'ada', 1), stored(3, 'grace', 2), stored(4, 'ada', 3), stored(5, 'ada', 20)],
      null,
    )
    expect(rows.map((row) => (row.kind === 'day' ? 'day' : row.group.items.length))).toEqual(['day', 2, 1, 1, 1])
  })

  it('puts local messages in the group of my stored ones', () => {
    const local: TimelineItem = {
      kind: 'outgoing',
      outgoing: { clientId: 'c1', text: 'hi', createdAt: base + 60_000, status: 'pending' },
    }
    const rows = groupTimeline([stored(1, 'u_me', 0, true), local], { id: 'u_me', name: 'Ada' })
    expect(rows).toHaveLength(2)
    expect(rows[1]).toMatchObject({ kind: 'group', group: { own: true } })
  })

  it('starts a new day with a separator', () => {
    const rows = groupTimeline([stored(1, 'ada', 0), stored(2, 'ada', 24 * 60)], null)
    expect(rows.map((row) => row.kind)).toEqual(['day', 'group', 'day', 'group'])
  })
})

describe('relativeTime', () => {
  it('reads like speech for recent messages', () => {
    expect(relativeTime(base, base + 10_000)).toBe('just now')
    expect(relativeTime(base, base + 5 * 60_000)).toBe('5 min ago')
    expect(relativeTime(base, base + 2 * 3_600_000)).toBe('2 h ago')
  })
})
