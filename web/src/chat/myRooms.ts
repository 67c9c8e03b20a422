import type { Clock, TimerHandle } from './clock'
import type { ChatMessage, MyRoom } from './protocol'
import type { VisitedRoom } from './storage'

/** How often the room list is asked for again while the page is visible. */
export const ROOM_LIST_POLL_MS = 15_000

/**
 * The person's rooms, newest latest message first and rooms without one last, as the server
 * orders them; sorted again here so that a merge of a live count cannot reorder them oddly.
 */
export function orderRooms(rooms: readonly MyRoom[]): MyRoom[] {
  return rooms
    .map((room, index) => ({ room, index }))
    .sort((a, b) => {
      const at = a.room.latest?.timestamp
      const bt = b.room.latest?.timestamp
      if (at === undefined || bt === undefined) {
        if (at !== bt) return at === undefined ? 1 : -1
        return a.index - b.index
      }
      return bt - at || a.index - b.index
    })
    .map(({ room }) => room)
}

/**
 * A room of the lobby's list: the server's entry for it with its unread count and latest message,
 * or, for a room the server does not list, only when this browser last opened it.
 */
export type ListedRoom = {
  room: string
  /** A claimed room's title, as the server lists it. */
  title?: string
  unread: number
  latest?: ChatMessage
  lastVisited?: number
  /** Whether the server lists it; only a room it does not can be forgotten from this browser. */
  onServer: boolean
}

/**
 * The lobby's one list of the person's rooms: the server's, and the rooms this browser opened that
 * the server does not list, because it keeps no read markers, or not yet (a first visit's marker
 * is written within a second). The room with the latest activity comes first: its newest message
 * or this browser's last visit, whichever is later.
 */
export function lobbyRooms(server: readonly MyRoom[] | null, visited: readonly VisitedRoom[]): ListedRoom[] {
  const lastVisited = new Map(visited.map((room) => [room.id, room.lastVisited]))
  const listed: ListedRoom[] = (server ?? []).map((room) => {
    const entry: ListedRoom = { room: room.room, unread: room.unread, onServer: true }
    if (room.title !== undefined) entry.title = room.title
    if (room.latest !== undefined) entry.latest = room.latest
    const visitedAt = lastVisited.get(room.room)
    if (visitedAt !== undefined) entry.lastVisited = visitedAt
    return entry
  })
  const onServer = new Set(listed.map((room) => room.room))
  for (const room of visited) {
    if (!onServer.has(room.id))
      listed.push({ room: room.id, unread: 0, lastVisited: room.lastVisited, onServer: false })
  }
  const activity = (room: ListedRoom) => Math.max(room.latest?.timestamp ?? 0, room.lastVisited ?? 0)
  return listed
    .map((room, index) => ({ room, index }))
    .sort((a, b) => activity(b.room) - activity(a.room) || a.index - b.index)
    .map(({ room }) => room)
}

/** The open room's count, which this tab knows better than the last poll. */
export type LiveCount = { room: string; unread: number }

/** Every room's unread count, with the open room's taken from the live view. */
export function totalUnread(rooms: readonly MyRoom[], live: LiveCount | null = null): number {
  let total = live?.unread ?? 0
  for (const room of rooms) if (room.room !== live?.room) total += room.unread
  return total
}

/** "(3) #lobby · Dormouse" in a room, "(3) Dormouse" elsewhere; no count when nothing is unread. */
export function documentTitle(unread: number, roomId: string | null): string {
  const place = roomId === null ? 'Dormouse' : `#${roomId} · Dormouse`
  return unread > 0 ? `(${unread}) ${place}` : place
}

/** A desktop notification to show: one per room whose unread count rose since the last poll. */
export type RoomNotification = { room: string; title: string; body: string }

/**
 * What the last poll brought that the person has not been told of: rooms whose count rose. The
 * open room is left out, since its own messages are announced as they arrive.
 */
export function newActivity(
  before: readonly MyRoom[] | null,
  after: readonly MyRoom[],
  openRoom: string | null,
): RoomNotification[] {
  if (before === null) return []
  const previous = new Map(before.map((room) => [room.room, room.unread]))
  const notes: RoomNotification[] = []
  for (const room of after) {
    if (room.room === openRoom || room.unread <= (previous.get(room.room) ?? 0)) continue
    const latest = room.latest
    notes.push({
      room: room.room,
      title: `${room.unread} unread in #${room.room}`,
      body: latest === undefined ? '' : `${latest.name}: ${latest.message}`,
    })
  }
  return notes
}

export type RoomListState = { rooms: MyRoom[] | null; error: boolean }

/**
 * Keeps the person's room list fresh: `GET /api/me/rooms` every {@link ROOM_LIST_POLL_MS} while
 * the page is visible, at once when it becomes visible or gets the focus, and at once when asked
 * (after a `read` frame, which changes a count). A room list is small, and a channel per person
 * would be a second socket per tab for a number that may be 15 s late. Nothing is asked while the
 * page is hidden, nor while the list is off (signed out, or a server without it).
 */
export class RoomListPoller {
  private state: RoomListState = { rooms: null, error: false }
  private readonly listeners = new Set<() => void>()
  private timer: TimerHandle | null = null
  private enabled = false
  private inFlight = false
  private again = false

  constructor(
    private readonly fetchRooms: () => Promise<MyRoom[]>,
    private readonly clock: Clock,
    private readonly isVisible: () => boolean,
    /** Called with each answer and the one before it, for notifications. */
    private readonly onUpdate: (before: MyRoom[] | null, after: MyRoom[]) => void = () => {},
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getState = (): RoomListState => this.state

  /** Turns polling on (a signed-in person, on a server with the list) or off. */
  setEnabled(enabled: boolean): void {
    if (enabled === this.enabled) return
    this.enabled = enabled
    if (enabled) this.refresh()
    else this.cancel()
  }

  /** The page became visible or got the focus; or a count changed. Asks now (once at a time). */
  refresh(): void {
    if (!this.enabled || !this.isVisible()) return this.cancel()
    if (this.inFlight) {
      this.again = true
      return
    }
    this.cancel()
    this.inFlight = true
    void this.fetchRooms().then(
      (rooms) => this.settle({ rooms: orderRooms(rooms), error: false }),
      () => this.settle({ rooms: this.state.rooms, error: true }),
    )
  }

  /** The page was hidden: no more polls until it is visible again. */
  hidden(): void {
    this.cancel()
  }

  private settle(next: RoomListState): void {
    this.inFlight = false
    const before = this.state.rooms
    this.state = next
    if (next.rooms !== null && !next.error) this.onUpdate(before, next.rooms)
    for (const listener of this.listeners) listener()
    if (this.again) {
      this.again = false
      return this.refresh()
    }
    if (this.enabled && this.isVisible()) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = null
        this.refresh()
      }, ROOM_LIST_POLL_MS)
    }
  }

  private cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }
}
