import type { TimelineItem } from './messageStore'
import { Namesakes } from './namesakes'
import type { UserKind } from './protocol'

/** One visual block: consecutive messages from one sender, close together in time. */
export type MessageGroup = {
  key: string
  own: boolean
  senderId: string
  senderName: string
  senderKind: UserKind
  /** When the group's first message was sent (or typed, for a local one). */
  timestamp: number
  items: TimelineItem[]
}

export type TimelineRow = { kind: 'day'; key: string; timestamp: number } | { kind: 'group'; group: MessageGroup }

/** Messages further apart than this start a new group even from the same sender. */
const GROUP_WINDOW_MS = 5 * 60_000

export type Me = { id: string; name: string; kind: UserKind }

/** A stored message's time is the server's; a local one's is when it was typed. */
function itemTime(item: TimelineItem): number {
  return item.kind === 'message' ? item.message.timestamp : item.outgoing.createdAt
}

function dayKey(timestamp: number): string {
  const date = new Date(timestamp)
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`
}

export function itemKey(item: TimelineItem): string {
  return item.kind === 'message' ? `seq-${item.message.seq}` : `local-${item.outgoing.clientId}`
}

/**
 * The first message the "New messages" divider goes above: the first one from someone else after
 * the read marker the room opened with, deleted or not (it still stands where it was). Null when
 * there is none.
 */
export function firstUnreadSeq(items: readonly TimelineItem[], unreadFrom: number | null): number | null {
  if (unreadFrom === null) return null
  for (const item of items) {
    if (item.kind === 'message' && item.message.seq > unreadFrom && !item.own) return item.message.seq
  }
  return null
}

/**
 * Turns the flat timeline into day separators and sender groups. Local (not yet stored) messages
 * belong to "me", whoever the server currently says that is. The first unread message (`unreadSeq`)
 * starts a group of its own, so the divider above it is followed by its sender's name.
 */
export function groupTimeline(
  items: readonly TimelineItem[],
  me: Me | null,
  unreadSeq: number | null = null,
): TimelineRow[] {
  const rows: TimelineRow[] = []
  let current: MessageGroup | null = null
  let lastDay: string | null = null
  let lastTime = 0
  for (const item of items) {
    if (item.kind === 'message' && item.message.seq === unreadSeq) current = null
    const time = itemTime(item)
    const day = dayKey(time)
    if (day !== lastDay) {
      rows.push({ kind: 'day', key: `day-${day}`, timestamp: time })
      lastDay = day
      current = null
    }
    const own = item.kind === 'outgoing' || item.own
    const senderId = item.kind === 'message' ? item.message.from : 'me'
    const senderName = item.kind === 'message' ? item.message.name : (me?.name ?? 'You')
    const senderKind = item.kind === 'message' ? item.message.fromKind : (me?.kind ?? 'guest')
    const sameSender =
      current !== null &&
      (own ? current.own : !current.own && current.senderId === senderId && current.senderName === senderName)
    if (current !== null && sameSender && time - lastTime <= GROUP_WINDOW_MS) {
      current.items.push(item)
    } else {
      current = { key: itemKey(item), own, senderId, senderName, senderKind, timestamp: time, items: [item] }
      rows.push({ kind: 'group', group: current })
    }
    lastTime = time
  }
  return rows
}

/**
 * Who a group's first row shows, above its first message: the name, what stands behind it, and the
 * short id that tells them apart when someone else in view has the same name (else null).
 */
export type SenderHeader = { id: string; name: string; kind: UserKind; tag: string | null; timestamp: number }

/**
 * One row of the message list, the unit the list virtualizes: one message, with the day separator
 * above it when it is the day's first, and the sender's name above it when it starts a group (one
 * sender, close in time). A group of a thousand messages is still a thousand small rows, of which
 * only the visible ones are in the DOM. Every row is a message, so the row at the top of the view,
 * which the list keeps in place when older messages arrive, always is one.
 */
export type ListRow = {
  key: string
  item: TimelineItem
  own: boolean
  /** When the day that this row opens began (any time of it); null if it is not the day's first. */
  day: number | null
  sender: SenderHeader | null
  /** Whether the "New messages" divider goes above this row. */
  unreadStart: boolean
}

export function toListRows(
  items: readonly TimelineItem[],
  me: Me | null,
  namesakes: Namesakes = Namesakes.NONE,
  unreadFrom: number | null = null,
): ListRow[] {
  const rows: ListRow[] = []
  let day: number | null = null
  const unreadSeq = firstUnreadSeq(items, unreadFrom)
  for (const row of groupTimeline(items, me, unreadSeq)) {
    if (row.kind === 'day') {
      day = row.timestamp
      continue
    }
    const { group } = row
    group.items.forEach((item, index) => {
      const sender = index === 0 ? header(group, namesakes) : null
      const unreadStart = item.kind === 'message' && item.message.seq === unreadSeq
      rows.push({ key: itemKey(item), item, own: group.own, day, sender, unreadStart })
      day = null
    })
  }
  return rows
}

function header(group: MessageGroup, namesakes: Namesakes): SenderHeader {
  const person = { id: group.senderId, name: group.senderName }
  // Mine read "You": nobody needs telling apart from themselves.
  const tag = group.own ? null : namesakes.tagOf(person)
  return { ...person, kind: group.senderKind, tag, timestamp: group.timestamp }
}

/**
 * Whether two rows look the same. The store hands out a new timeline on every change, but keeps
 * each message (and each unchanged outgoing entry) as the same object, so this compares by
 * identity: a row whose message did not change needs no new render.
 */
export function sameRow(a: ListRow, b: ListRow): boolean {
  return (
    a.key === b.key &&
    a.own === b.own &&
    a.day === b.day &&
    a.unreadStart === b.unreadStart &&
    sameItem(a.item, b.item) &&
    sameSender(a.sender, b.sender)
  )
}

function sameItem(a: TimelineItem, b: TimelineItem): boolean {
  if (a.kind === 'message') {
    return b.kind === 'message' && a.message === b.message && a.own === b.own && a.saving === b.saving
  }
  return b.kind === 'outgoing' && a.outgoing === b.outgoing
}

function sameSender(a: SenderHeader | null, b: SenderHeader | null): boolean {
  if (a === null || b === null) return a === b
  return a.id === b.id && a.name === b.name && a.kind === b.kind && a.tag === b.tag && a.timestamp === b.timestamp
}
