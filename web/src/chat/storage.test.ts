import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadRoomTitles, rememberRoomTitle } from './storage'

/** The part of `Storage` the module uses, in memory. */
class MemoryStorage {
  private readonly items = new Map<string, string>()
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value)
  }
}

describe('room titles', () => {
  let storage: MemoryStorage
  beforeEach(() => {
    storage = new MemoryStorage()
    vi.stubGlobal('localStorage', storage)
  })
  afterEach(() => vi.unstubAllGlobals())

  it('keeps the title each room was last seen with, the newest first', () => {
    rememberRoomTitle('a', 'Crew')
    rememberRoomTitle('b', 'Design')
    rememberRoomTitle('a', 'Crew and friends')
    expect([...loadRoomTitles()]).toEqual([
      ['a', 'Crew and friends'],
      ['b', 'Design'],
    ])
  })

  it('forgets a room whose title was taken away', () => {
    rememberRoomTitle('a', 'Crew')
    rememberRoomTitle('a', '')
    expect(loadRoomTitles().has('a')).toBe(false)
  })

  it('keeps as many rooms as the server lists, dropping the oldest', () => {
    for (let n = 0; n < 205; n++) rememberRoomTitle(`room-${n}`, `Room ${n}`)
    const titles = loadRoomTitles()
    expect(titles.size).toBe(200)
    expect(titles.get('room-204')).toBe('Room 204')
    expect(titles.has('room-4')).toBe(false)
  })

  it('ignores what it cannot read', () => {
    storage.setItem('dormouse.roomTitles', JSON.stringify([['a', 'Crew'], ['b'], 'c', [1, 'x']]))
    expect([...loadRoomTitles()]).toEqual([['a', 'Crew']])
    storage.setItem('dormouse.roomTitles', '{not json')
    expect(loadRoomTitles().size).toBe(0)
  })
})
