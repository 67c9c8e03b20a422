import { describe, expect, it } from 'vitest'
import { MessageStore, type TimelineItem } from './messageStore'
import type { ChatMessage } from './protocol'
import { Namesakes } from './namesakes'
import { relativeTime } from './time'
import { groupTimeline, sameRow, toListRows } from './timeline'

const base = new Date(2026, 10, 27, 12, 0, 0).getTime()

function stored(seq: number, from: string, minutes: number, own = false): TimelineItem {
  return {
    kind: 'message',
    own,
    message: {
      seq,
      id: `m${seq}`,
      from,
      name: from.toUpperCase(),
      fromKind: 'guest',
      message: 'x',
      timestamp: base + minutes * 60_000,
    },
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
    const rows = groupTimeline([stored(1, 'u_me', 0, true), local], { id: 'u_me', name: 'Ada', kind: 'guest' })
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

describe('list rows', () => {
  it("makes one row per message, with the sender on each group's first and the day on each day's first", () => {
    const rows = toListRows([stored(1, 'ada', 0), stored(2, 'ada', 1), stored(3, 'grace', 2)], null)
    expect(rows.map((row) => `${row.key}:${row.sender?.name ?? ''}:${row.day === null ? '' : 'day'}`)).toEqual([
      'seq-1:ADA:day',
      'seq-2::',
      'seq-3:GRACE:',
    ])
  })

  it('leaves every row the same when a message arrives, so none needs a new render', () => {
    const store = new MessageStore(['u_me'])
    store.addMessages([chat(1, 'u_ada', 0), chat(2, 'u_ada', 1), chat(3, 'u_me', 2)])
    const me = { id: 'u_me', name: 'Me', kind: 'guest' } as const
    const before = toListRows(store.timeline(), me)
    store.addMessages([chat(4, 'u_ada', 4)])
    const after = toListRows(store.timeline(), me)
    expect(after).toHaveLength(before.length + 1)
    // A new timeline, new row objects, and yet every earlier row is the same as before.
    const unchanged = before.filter((row) => after.some((other) => other.key === row.key && sameRow(row, other)))
    expect(unchanged).toHaveLength(before.length)
  })

  it('changes only the row of an outgoing message when it is acked', () => {
    const store = new MessageStore(['u_me'])
    store.addMessages([chat(1, 'u_ada', 0)])
    store.addOutgoing({ clientId: 'c1', text: 'one', createdAt: base + 60_000, status: 'pending' })
    store.addOutgoing({ clientId: 'c2', text: 'two', createdAt: base + 60_000, status: 'pending' })
    const before = toListRows(store.timeline(), null)
    store.ack('c1', 2)
    const after = toListRows(store.timeline(), null)
    const changed = after.filter((row, index) => {
      const old = before[index]
      return old === undefined || !sameRow(old, row)
    })
    expect(changed.map((row) => row.key)).toEqual(['local-c1'])
  })

  it("heads a namesake's group with their kind and short id, and mine with neither", () => {
    const me = { id: 'u_me', name: 'Ada', kind: 'guest' } as const
    const operator = { ...chat(1, 'op_ada', 0), name: 'Ada', fromKind: 'operator' } as const
    const items: TimelineItem[] = [
      { kind: 'message', own: false, message: operator },
      { kind: 'message', own: true, message: { ...chat(2, 'u_me', 1), name: 'Ada' } },
      stored(3, 'grace', 2),
    ]
    const namesakes = Namesakes.among([me, { id: 'op_ada', name: 'Ada' }])
    const headers = toListRows(items, me, namesakes).map((row) => row.sender)
    expect(headers[0]).toMatchObject({
      name: 'Ada',
      kind: 'operator',
      tag: namesakes.tagOf({ id: 'op_ada', name: 'Ada' }),
    })
    expect(headers[0]?.tag).toMatch(/^[0-9a-f]{4}$/)
    expect(headers[1]).toMatchObject({ kind: 'guest', tag: null })
    expect(headers[2]).toMatchObject({ name: 'GRACE', kind: 'guest', tag: null })
  })

  it('changes a row when its sender header does', () => {
    const first = toListRows([stored(1, 'ada', 0)], null)
    const renamed = toListRows(
      [{ kind: 'message', own: false, message: { ...chat(1, 'ada', 0), name: 'Ada King' } }],
      null,
    )
    expect(sameRow(first[0]!, renamed[0]!)).toBe(false)
  })
})

function chat(seq: number, from: string, minutes: number): ChatMessage {
  const timestamp = base + minutes * 60_000
  return { seq, id: `m${seq}`, from, name: from, fromKind: 'guest', message: `text ${seq}`, timestamp }
}

describe('the New messages divider', () => {
  it('goes above the first message from someone else after the marker, and starts a group there', () => {
    const items = [stored(1, 'ada', 0), stored(2, 'me', 1, true), stored(3, 'ada', 2), stored(4, 'ada', 3)]
    const rows = toListRows(items, null, Namesakes.NONE, 1)
    expect(rows.map((row) => row.unreadStart)).toEqual([false, false, true, false])
    // Ada's message 3 would have joined the group of 1 and 2 had the divider not split it.
    expect(rows[2]?.sender).not.toBeNull()
  })

  it('is not there when nothing from others follows the marker, or without a marker', () => {
    const items = [stored(1, 'ada', 0), stored(2, 'me', 1, true)]
    expect(toListRows(items, null, Namesakes.NONE, 1).some((row) => row.unreadStart)).toBe(false)
    expect(toListRows(items, null, Namesakes.NONE, null).some((row) => row.unreadStart)).toBe(false)
  })

  it('changes the row it lands on when it moves, and no other', () => {
    const items = [stored(1, 'ada', 0), stored(2, 'ada', 1), stored(3, 'ada', 2)]
    const before = toListRows(items, null, Namesakes.NONE, 1)
    const after = toListRows(items, null, Namesakes.NONE, null)
    expect(before.map((row, index) => sameRow(row, after[index] as (typeof after)[number]))).toEqual([
      true,
      false,
      true,
    ])
  })
})
