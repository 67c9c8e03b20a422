import type { TimelineItem } from './messageStore'

/** One visual block: consecutive messages from one sender, close together in time. */
export type MessageGroup = {
  key: string
  own: boolean
  senderId: string
  senderName: string
  /** When the group's first message was sent (or typed, for a local one). */
  timestamp: number
  items: TimelineItem[]
}

export type TimelineRow = { kind: 'day'; key: string; timestamp: number } | { kind: 'group'; group: MessageGroup }

/** Messages further apart than this start a new group even from the same sender. */
const GROUP_WINDOW_MS = 5 * 60_000

export type Me = { id: string; name: string }

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
 * Turns the flat timeline into day separators and sender groups. Local (not yet stored) messages
 * belong to "me", whoever the server currently says that is.
 */
export function groupTimeline(items: readonly TimelineItem[], me: Me | null): TimelineRow[] {
  const rows: TimelineRow[] = []
  let current: MessageGroup | null = null
  let lastDay: string | null = null
  let lastTime = 0
  for (const item of items) {
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
    const sameSender =
      current !== null &&
      (own ? current.own : !current.own && current.senderId === senderId && current.senderName === senderName)
    if (current !== null && sameSender && time - lastTime <= GROUP_WINDOW_MS) {
      current.items.push(item)
    } else {
      current = { key: itemKey(item), own, senderId, senderName, timestamp: time, items: [item] }
      rows.push({ kind: 'group', group: current })
    }
    lastTime = time
  }
  return rows
}
