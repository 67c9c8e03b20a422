import type { OutgoingMessage } from './messageStore'

/**
 * One of this browser's messages that the server has not acked, as kept across reloads and
 * closed tabs. `refused` holds the words of a refusal that a resend cannot change; anything
 * without it is sent again under its `clientId`, which the server stores at most once per room.
 */
export type SavedOutgoing = {
  clientId: string
  text: string
  createdAt: number
  firstSentAfter?: number
  refused?: string
}

/** Where a room's unacked messages are kept (localStorage in the app). */
export type OutboxMemory = {
  load(): SavedOutgoing[]
  /** `unacked` is what this tab has without an ack now; `done` what it had before and no longer has. */
  save(unacked: SavedOutgoing[], done: string[]): void
}

export function toSaved(entry: OutgoingMessage): SavedOutgoing {
  const saved: SavedOutgoing = { clientId: entry.clientId, text: entry.text, createdAt: entry.createdAt }
  if (entry.firstSentAfter !== undefined) saved.firstSentAfter = entry.firstSentAfter
  if (entry.status === 'failed' && entry.final) saved.refused = entry.error ?? 'Not sent.'
  return saved
}

export function fromSaved(saved: SavedOutgoing): OutgoingMessage {
  const entry: OutgoingMessage = {
    clientId: saved.clientId,
    text: saved.text,
    createdAt: saved.createdAt,
    status: saved.refused === undefined ? 'queued' : 'failed',
  }
  if (saved.firstSentAfter !== undefined) entry.firstSentAfter = saved.firstSentAfter
  if (saved.refused !== undefined) {
    entry.error = saved.refused
    entry.final = true
  }
  return entry
}

/**
 * The stored outbox after one tab's save. Tabs of one room share it, so a tab replaces only the
 * entries it knows about and leaves the others' alone; order is by when a message was typed.
 */
export function mergeOutbox(stored: SavedOutgoing[], unacked: SavedOutgoing[], done: string[]): SavedOutgoing[] {
  const byId = new Map(stored.map((entry) => [entry.clientId, entry]))
  for (const clientId of done) byId.delete(clientId)
  for (const entry of unacked) byId.set(entry.clientId, entry)
  return [...byId.values()].sort((a, b) => a.createdAt - b.createdAt)
}

/** Keeps what an older version or another program wrote from breaking the app. */
export function decodeOutbox(value: unknown): SavedOutgoing[] {
  if (!Array.isArray(value)) return []
  return value.filter(
    (entry): entry is SavedOutgoing =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.clientId === 'string' &&
      typeof entry.text === 'string' &&
      typeof entry.createdAt === 'number' &&
      (entry.firstSentAfter === undefined || typeof entry.firstSentAfter === 'number') &&
      (entry.refused === undefined || typeof entry.refused === 'string'),
  )
}
