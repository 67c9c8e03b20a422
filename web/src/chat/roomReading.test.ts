import { describe, expect, it } from 'vitest'
import { MessageStore } from './messageStore'
import { RoomReading } from './roomReading'
import { FakeClock, messages } from './testSupport'

function setup() {
  const clock = new FakeClock()
  const store = new MessageStore(['u_me'])
  const sent: number[] = []
  const reading = new RoomReading(clock, store, (seq) => {
    sent.push(seq)
    return true
  })
  return { clock, store, sent, reading }
}

describe('room reading', () => {
  it('shows no marker and nothing unread before the first ready', () => {
    const { store, reading } = setup()
    store.addMessages(messages(1, 5))
    expect(reading).toMatchObject({ markerSeq: null, unread: 0, unreadFrom: null, markersKept: false })
    expect(reading.read(5)).toBe(false)
  })

  it('splits the server’s count between what is loaded and what lies before it', () => {
    const { store, reading } = setup()
    reading.ready(30, 10, 20)
    store.addMessages(messages(21, 30))
    reading.historyIn()
    expect(reading).toMatchObject({ markerSeq: 10, unread: 20, unreadFrom: 10, markersKept: true })
    // Reading past the oldest loaded message clears what was not loaded.
    reading.read(25)
    expect(reading.unread).toBe(5)
  })

  it('places the divider only on the first ready, and only when something was unread', () => {
    const { reading } = setup()
    reading.ready(30, 30, 0)
    expect(reading.unreadFrom).toBeNull()
    reading.ready(40, 30, 10)
    expect(reading.unreadFrom).toBeNull()
  })

  it('follows the server’s word, and tells it of what this person read', () => {
    const { clock, store, sent, reading } = setup()
    reading.ready(10, 0, 10)
    store.addMessages(messages(1, 10))
    reading.historyIn()
    reading.serverSays(6, 4)
    expect(reading).toMatchObject({ markerSeq: 6, unread: 4 })
    reading.read(8)
    clock.advance(1_000)
    expect(sent).toEqual([8])
  })

  it('starts at the room’s seq with a server without markers, and counts only what arrives after', () => {
    const { store, sent, clock, reading } = setup()
    store.addMessages(messages(1, 5))
    reading.ready(5, undefined, undefined)
    store.addMessages(messages(6, 7))
    expect(reading).toMatchObject({ markerSeq: 5, unread: 2, unreadFrom: null, markersKept: false })
    reading.read(7)
    clock.advance(10_000)
    expect(sent).toEqual([])
  })
})
