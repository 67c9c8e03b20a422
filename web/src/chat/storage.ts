// What the browser remembers between visits. Every access is guarded: storage can be full,
// disabled, or hold something an older version wrote.
import { decodeOutbox, mergeOutbox, type SavedOutgoing } from './outbox'

const NAME_KEY = 'dormouse.name'
const ROOMS_KEY = 'dormouse.rooms'
const OWN_IDS_KEY = 'dormouse.ownIds'
const ROOM_LIST_KEY = 'dormouse.roomList'
const ROOM_TITLES_KEY = 'dormouse.roomTitles'
const outboxKey = (roomId: string) => `dormouse.outbox.${roomId}`
const draftKey = (roomId: string) => `dormouse.draft.${roomId}`
const MAX_ROOMS = 12
const MAX_OWN_IDS = 50
/** As many as `GET /api/me/rooms` lists. */
const MAX_ROOM_TITLES = 200

export type VisitedRoom = { id: string; lastVisited: number }

function read(storage: Storage | undefined, key: string): unknown {
  try {
    const raw = storage?.getItem(key)
    return raw == null ? null : JSON.parse(raw)
  } catch {
    return null
  }
}

function write(storage: Storage | undefined, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value))
  } catch {
    // Private mode or a full quota: forgetting is acceptable.
  }
}

function local(): Storage | undefined {
  return typeof localStorage === 'undefined' ? undefined : localStorage
}

function session(): Storage | undefined {
  return typeof sessionStorage === 'undefined' ? undefined : sessionStorage
}

export function loadDisplayName(): string {
  const value = read(local(), NAME_KEY)
  return typeof value === 'string' ? value : ''
}

export function saveDisplayName(name: string): void {
  write(local(), NAME_KEY, name.trim())
}

/** Whether a `storage` event (another tab wrote) may concern the display name. */
export function touchesDisplayName(event: StorageEvent): boolean {
  // A null key means the whole storage was cleared.
  return event.key === NAME_KEY || event.key === null
}

export function loadVisitedRooms(): VisitedRoom[] {
  const value = read(local(), ROOMS_KEY)
  if (!Array.isArray(value)) return []
  return value
    .filter(
      (entry): entry is VisitedRoom =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof entry.id === 'string' &&
        typeof entry.lastVisited === 'number',
    )
    .sort((a, b) => b.lastVisited - a.lastVisited)
}

export function rememberVisitedRoom(id: string, now = Date.now()): void {
  const rooms = [{ id, lastVisited: now }, ...loadVisitedRooms().filter((room) => room.id !== id)]
  write(local(), ROOMS_KEY, rooms.slice(0, MAX_ROOMS))
}

export function forgetVisitedRoom(id: string): void {
  write(
    local(),
    ROOMS_KEY,
    loadVisitedRooms().filter((room) => room.id !== id),
  )
}

/**
 * The titles of rooms as this browser last saw them open, newest first: the list of a person's
 * rooms (`GET /api/me/rooms`) and the visited rooms carry ids only, and a private room's id is
 * random. A title changed elsewhere shows here once the room is opened again.
 */
export function loadRoomTitles(): Map<string, string> {
  const value = read(local(), ROOM_TITLES_KEY)
  if (!Array.isArray(value)) return new Map()
  const titles = new Map<string, string>()
  for (const entry of value) {
    if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string') {
      titles.set(entry[0], entry[1])
    }
  }
  return titles
}

/** Remembers a room's title; an empty one (the room has none) forgets it. */
export function rememberRoomTitle(id: string, title: string): void {
  const others = [...loadRoomTitles()].filter(([room]) => room !== id)
  const titles = title === '' ? others : [[id, title], ...others]
  write(local(), ROOM_TITLES_KEY, titles.slice(0, MAX_ROOM_TITLES))
}

/**
 * Guest ids this tab was given. Guests get a new id per connection, so a reload would otherwise
 * show the person's own earlier messages as someone else's. Kept per tab (sessionStorage): another
 * tab is another person as far as the server can tell.
 */
export function loadOwnIds(): string[] {
  const value = read(session(), OWN_IDS_KEY)
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []
}

export function rememberOwnId(id: string): void {
  const ids = loadOwnIds()
  if (ids.includes(id)) return
  write(session(), OWN_IDS_KEY, [...ids, id].slice(-MAX_OWN_IDS))
}

/**
 * A room's messages without an ack, kept in localStorage so that a reload or a closed tab does not
 * lose them: the next visit to the room sends them under the same clientIds.
 */
export function loadOutbox(roomId: string): SavedOutgoing[] {
  return decodeOutbox(read(local(), outboxKey(roomId)))
}

export function saveOutbox(roomId: string, unacked: SavedOutgoing[], done: string[]): void {
  const merged = mergeOutbox(loadOutbox(roomId), unacked, done)
  if (merged.length === 0) remove(local(), outboxKey(roomId))
  else write(local(), outboxKey(roomId), merged)
}

/** What the person had typed in a room's message box and not sent. */
export function loadDraft(roomId: string): string {
  const value = read(local(), draftKey(roomId))
  return typeof value === 'string' ? value : ''
}

export function saveDraft(roomId: string, text: string): void {
  if (text === '') remove(local(), draftKey(roomId))
  else write(local(), draftKey(roomId), text)
}

function remove(storage: Storage | undefined, key: string): void {
  try {
    storage?.removeItem(key)
  } catch {
    // As for write: nothing to do.
  }
}

/**
 * Whether this server keeps read markers and so answers `GET /api/me/rooms`: learnt from a room's
 * `ready`, so that the lobby does not ask a server from before them (whose 404 is an error).
 */
export function loadRoomListSupport(): boolean {
  return read(local(), ROOM_LIST_KEY) === true
}

export function saveRoomListSupport(supported: boolean): void {
  if (loadRoomListSupport() !== supported) write(local(), ROOM_LIST_KEY, supported)
}
