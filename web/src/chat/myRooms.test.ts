import { describe, expect, it } from 'vitest'
import { documentTitle, lobbyRooms, newActivity, orderRooms, RoomListPoller, totalUnread } from './myRooms'
import type { MyRoom } from './protocol'
import { FakeClock, message } from './testSupport'

function room(name: string, unread: number, latestAt?: number): MyRoom {
  const entry: MyRoom = { room: name, lastRead: 0, unread, seq: 10 }
  if (latestAt !== undefined) entry.latest = { ...message(10), timestamp: latestAt }
  return entry
}

describe('room list', () => {
  it('puts the room with the newest message first and rooms without messages last', () => {
    const ordered = orderRooms([
      room('quiet', 0),
      room('old', 1, 100),
      room('new', 2, 300),
      room('empty', 0),
      room('mid', 0, 200),
    ])
    expect(ordered.map((entry) => entry.room)).toEqual(['new', 'mid', 'old', 'quiet', 'empty'])
  })

  it("merges the server's rooms with the ones this browser opened, latest activity first", () => {
    const listed = lobbyRooms(
      [room('busy', 2, 500), room('quiet', 0)],
      [
        { id: 'just-opened', lastVisited: 400 },
        { id: 'quiet', lastVisited: 450 },
        { id: 'long-ago', lastVisited: 10 },
      ],
    )
    expect(listed.map((entry) => [entry.room, entry.onServer])).toEqual([
      ['busy', true],
      ['quiet', true],
      ['just-opened', false],
      ['long-ago', false],
    ])
    expect(listed[0]?.unread).toBe(2)
    expect(lobbyRooms(null, [{ id: 'a', lastVisited: 1 }]).map((entry) => entry.room)).toEqual(['a'])
  })

  it('totals unread counts, taking the open room from the live view', () => {
    const rooms = [room('a', 2, 1), room('b', 3, 2)]
    expect(totalUnread(rooms)).toBe(5)
    expect(totalUnread(rooms, { room: 'a', unread: 0 })).toBe(3)
    expect(totalUnread(rooms, { room: 'new-here', unread: 1 })).toBe(6)
  })

  it('titles the page with the total', () => {
    expect(documentTitle(3, null)).toBe('(3) Dormouse')
    expect(documentTitle(0, null)).toBe('Dormouse')
    expect(documentTitle(2, 'lobby')).toBe('(2) #lobby · Dormouse')
    expect(documentTitle(0, 'lobby')).toBe('#lobby · Dormouse')
  })

  it('notifies of rooms whose count rose since the last poll, not the open one, not on the first poll', () => {
    const first = [room('a', 1, 1), room('b', 0, 1), room('open', 0, 1)]
    expect(newActivity(null, first, 'open')).toEqual([])
    const next = [room('a', 1, 1), room('b', 2, 5), room('open', 4, 6), room('c', 1, 7)]
    expect(newActivity(first, next, 'open').map((note) => note.room)).toEqual(['b', 'c'])
    expect(newActivity(first, next, 'open')[0]).toEqual({
      room: 'b',
      title: '2 unread in #b',
      body: 'Grace: message 10',
    })
  })
})

describe('room list polling', () => {
  function setup() {
    const clock = new FakeClock()
    let visible = true
    let calls = 0
    let answer: Promise<MyRoom[]> = Promise.resolve([room('a', 1, 1)])
    const poller = new RoomListPoller(
      () => {
        calls++
        return answer
      },
      clock,
      () => visible,
    )
    return {
      clock,
      poller,
      calls: () => calls,
      setVisible: (value: boolean) => (visible = value),
      answerWith: (next: Promise<MyRoom[]>) => (answer = next),
    }
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

  it('asks when turned on, then every 15 s while visible', async () => {
    const { clock, poller, calls } = setup()
    expect(calls()).toBe(0)
    poller.setEnabled(true)
    await settle()
    expect(calls()).toBe(1)
    expect(poller.getState().rooms?.map((entry) => entry.room)).toEqual(['a'])
    clock.advance(14_999)
    expect(calls()).toBe(1)
    clock.advance(1)
    await settle()
    expect(calls()).toBe(2)
  })

  it('stops while the page is hidden and asks at once when it is visible again', async () => {
    const { clock, poller, calls, setVisible } = setup()
    poller.setEnabled(true)
    await settle()
    setVisible(false)
    poller.hidden()
    clock.advance(60_000)
    expect(calls()).toBe(1)
    setVisible(true)
    poller.refresh()
    await settle()
    expect(calls()).toBe(2)
  })

  it('asks once more, not twice, when asked during a request', async () => {
    const { poller, calls, answerWith } = setup()
    let release: (rooms: MyRoom[]) => void = () => {}
    answerWith(new Promise((resolve) => (release = resolve)))
    poller.setEnabled(true)
    poller.refresh()
    poller.refresh()
    expect(calls()).toBe(1)
    answerWith(Promise.resolve([]))
    release([room('a', 0)])
    await settle()
    await settle()
    expect(calls()).toBe(2)
  })

  it('keeps the last list when a poll fails', async () => {
    const { clock, poller, answerWith } = setup()
    poller.setEnabled(true)
    await settle()
    answerWith(Promise.reject(new Error('down')))
    clock.advance(15_000)
    await settle()
    expect(poller.getState()).toMatchObject({ error: true, rooms: [{ room: 'a' }] })
  })

  it('asks nothing while off', async () => {
    const { clock, poller, calls } = setup()
    poller.refresh()
    clock.advance(60_000)
    await settle()
    expect(calls()).toBe(0)
  })
})
