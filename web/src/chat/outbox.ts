import { isChange, type MessageChange, type OutgoingEntry, type OutgoingMessage } from './messageStore'
import type { ReplyQuote } from './protocol'

/**
 * One of this browser's messages or changes that the server has not acked, as kept across reloads
 * and closed tabs. `refused` holds the words of a refusal that a resend cannot change; anything
 * without it is sent again under its `clientId`, which the server stores at most once per room.
 */
export type SavedOutgoing = SavedMessage | SavedChange

export type SavedMessage = {
  clientId: string
  text: string
  createdAt: number
  replyTo?: ReplyQuote
  firstSentAfter?: number
  refused?: string
}

export type SavedChange = { clientId: string; change: MessageChange; createdAt: number; refused?: string }

/** Where a room's unacked messages are kept (localStorage in the app). */
export type OutboxMemory = {
  load(): SavedOutgoing[]
  /** `unacked` is what this tab has without an ack now; `done` what it had before and no longer has. */
  save(unacked: SavedOutgoing[], done: string[]): void
}

export function toSaved(entry: OutgoingEntry): SavedOutgoing {
  const refused = entry.status === 'failed' && entry.final ? (entry.error ?? 'Not sent.') : undefined
  if (isChange(entry)) {
    const saved: SavedChange = { clientId: entry.clientId, change: entry.change, createdAt: entry.createdAt }
    if (refused !== undefined) saved.refused = refused
    return saved
  }
  const saved: SavedMessage = { clientId: entry.clientId, text: entry.text, createdAt: entry.createdAt }
  if (entry.replyTo !== undefined) saved.replyTo = entry.replyTo
  if (entry.firstSentAfter !== undefined) saved.firstSentAfter = entry.firstSentAfter
  if (refused !== undefined) saved.refused = refused
  return saved
}

export function fromSaved(saved: SavedOutgoing): OutgoingEntry {
  const status = saved.refused === undefined ? 'queued' : 'failed'
  let entry: OutgoingEntry
  if ('change' in saved) {
    entry = { clientId: saved.clientId, change: saved.change, createdAt: saved.createdAt, status }
  } else {
    const message: OutgoingMessage = { clientId: saved.clientId, text: saved.text, createdAt: saved.createdAt, status }
    if (saved.replyTo !== undefined) message.replyTo = saved.replyTo
    if (saved.firstSentAfter !== undefined) message.firstSentAfter = saved.firstSentAfter
    entry = message
  }
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

/**
 * This tab's share of a room's outbox: what it loaded, and what it last saved. Saving is asked for
 * on every change of the room, so it writes only when the unacked entries (or what is kept of
 * them) changed, and names as done the ones it held before and holds no longer.
 */
export class TabOutbox {
  /** The clientIds the outbox holds for this tab, and a digest of what was last saved. */
  private savedIds = new Set<string>()
  private savedDigest = ''

  constructor(private readonly memory: OutboxMemory) {}

  load(): OutgoingEntry[] {
    return this.memory.load().map((saved) => {
      this.savedIds.add(saved.clientId)
      return fromSaved(saved)
    })
  }

  save(entries: readonly OutgoingEntry[]): void {
    const unacked = entries.filter((entry) => entry.status !== 'sent').map(toSaved)
    const digest = JSON.stringify(unacked)
    if (digest === this.savedDigest) return
    const ids = new Set(unacked.map((entry) => entry.clientId))
    const done = [...this.savedIds].filter((clientId) => !ids.has(clientId))
    this.memory.save(unacked, done)
    this.savedIds = ids
    this.savedDigest = digest
  }
}

type Loose = Record<string, unknown>

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null
}

function isChangeValue(value: unknown): value is MessageChange {
  if (!isObject(value) || typeof value.id !== 'string') return false
  switch (value.kind) {
    case 'edit':
      return typeof value.text === 'string'
    case 'delete':
      return true
    case 'react':
      return typeof value.emoji === 'string' && typeof value.on === 'boolean'
    default:
      return false
  }
}

function isQuote(value: unknown): value is ReplyQuote {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.seq === 'number' &&
    typeof value.from === 'string' &&
    typeof value.name === 'string'
  )
}

/** Keeps what an older version or another program wrote from breaking the app. */
export function decodeOutbox(value: unknown): SavedOutgoing[] {
  if (!Array.isArray(value)) return []
  return value.filter((entry): entry is SavedOutgoing => {
    if (!isObject(entry) || typeof entry.clientId !== 'string' || typeof entry.createdAt !== 'number') return false
    if (entry.refused !== undefined && typeof entry.refused !== 'string') return false
    if (entry.change !== undefined) return isChangeValue(entry.change)
    return (
      typeof entry.text === 'string' &&
      (entry.firstSentAfter === undefined || typeof entry.firstSentAfter === 'number') &&
      (entry.replyTo === undefined || isQuote(entry.replyTo))
    )
  })
}
