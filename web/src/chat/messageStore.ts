import type { ChangeFrame, ChatMessage, ReactionCount, ReplyQuote } from './protocol'

/**
 * Where one of this tab's messages stands:
 * - `queued`: waiting for a live connection (or for the send pacing) before it goes on the wire;
 * - `pending`: on the wire, waiting for its `ack`;
 * - `sent`: acked with a seq, waiting for the `message` frame that carries it;
 * - `failed`: refused by an `error` frame or not acked in time; the person may retry it.
 */
export type OutgoingStatus = 'queued' | 'pending' | 'sent' | 'failed'

export type OutgoingMessage = {
  clientId: string
  text: string
  /** The message this one answers, quoted as this tab saw it when the reply was written. */
  replyTo?: ReplyQuote
  createdAt: number
  status: OutgoingStatus
  seq?: number
  /** Why it failed, in words for the person. */
  error?: string
  /** Failed for good (the server refused the message itself): a resend cannot change that. */
  final?: boolean
  /**
   * The highest seq this tab had seen when the message first went on the wire. Its stored copy,
   * if any, has a greater seq: this is what lets {@link MessageStore.timeline} recognise it
   * before the ack says so.
   */
  firstSentAfter?: number
}

/** What this person asked to change about a stored message (by its id). */
export type MessageChange =
  | { kind: 'edit'; id: string; text: string }
  | { kind: 'delete'; id: string }
  | { kind: 'react'; id: string; emoji: string; on: boolean }

/**
 * A change of this tab's without its effect in view yet. It goes through the same states as an
 * outgoing message and is resent under its `clientId` until acked; `sent` waits for the change
 * entry at `seq` (or for a history that covers it), so the change never flickers back.
 */
export type OutgoingChange = {
  clientId: string
  change: MessageChange
  createdAt: number
  status: OutgoingStatus
  seq?: number
  error?: string
  final?: boolean
}

export type OutgoingEntry = OutgoingMessage | OutgoingChange

export function isChange(entry: OutgoingEntry): entry is OutgoingChange {
  return 'change' in entry
}

/** The fields of an outgoing entry that sending, acks and errors move. */
export type OutgoingUpdate = Partial<Pick<OutgoingMessage, 'status' | 'seq' | 'error' | 'final' | 'firstSentAfter'>>

/**
 * A stored message as the timeline shows it. `saving` is set while a change of this tab's to it
 * waits for the server: `message` then already shows that change.
 */
export type TimelineItem =
  | { kind: 'message'; message: ChatMessage; own: boolean; saving?: true }
  | { kind: 'outgoing'; outgoing: OutgoingMessage }

/**
 * The messages of one room as this tab knows them: stored messages by seq (each seq at most once,
 * whatever path it came by: history, live frame, HTTP page), each in its current state, and this
 * tab's own outgoing messages and changes by `clientId` until the server's copy replaces them.
 *
 * Changes (edits, deletes, reactions) are entries of the room's log with seqs of their own. Each
 * is applied once: a change whose seq was seen is dropped, as a message's is. A change to a message
 * this tab has not loaded only counts as seen: the message comes in its current state when loaded.
 */
export class MessageStore {
  private readonly bySeq = new Map<number, ChatMessage>()
  private readonly seqById = new Map<string, number>()
  /** The seqs of the change entries seen (messages are in `bySeq`). */
  private readonly changeSeqs = new Set<number>()
  private sorted: ChatMessage[] = []
  private readonly outgoing = new Map<string, OutgoingEntry>()
  /** Seqs this tab's sends were acked with: they are "mine" even under another guest id. */
  private readonly ownSeqs = new Set<number>()
  private readonly ownIds = new Set<string>()

  constructor(knownOwnIds: Iterable<string> = []) {
    for (const id of knownOwnIds) this.ownIds.add(id)
  }

  get size(): number {
    return this.sorted.length
  }

  has(seq: number): boolean {
    return this.bySeq.has(seq)
  }

  at(seq: number): ChatMessage | undefined {
    return this.bySeq.get(seq)
  }

  byId(id: string): ChatMessage | undefined {
    const seq = this.seqById.get(id)
    return seq === undefined ? undefined : this.bySeq.get(seq)
  }

  /** Whether an entry (message or change) with this seq was seen. */
  seen(seq: number): boolean {
    return this.bySeq.has(seq) || this.changeSeqs.has(seq)
  }

  get highestSeq(): number | null {
    return this.sorted.length === 0 ? null : (this.sorted[this.sorted.length - 1]?.seq ?? null)
  }

  get oldestSeq(): number | null {
    return this.sorted[0]?.seq ?? null
  }

  get messages(): readonly ChatMessage[] {
    return this.sorted
  }

  /** Forgets every stored message (the room's log was reset); what is being sent stays. */
  clearMessages(): void {
    this.bySeq.clear()
    this.seqById.clear()
    this.changeSeqs.clear()
    this.sorted = []
    this.ownSeqs.clear()
    for (const entry of this.outgoing.values()) {
      if (isChange(entry) && entry.status === 'sent') this.outgoing.delete(entry.clientId)
    }
  }

  addOwnId(id: string): void {
    this.ownIds.add(id)
  }

  isOwn(message: ChatMessage): boolean {
    return this.ownIds.has(message.from) || this.ownSeqs.has(message.seq)
  }

  /**
   * Adds stored messages, dropping any seq already present. Returns the ones that were new, in seq
   * order, so the caller can count and announce only those.
   */
  addMessages(messages: readonly ChatMessage[]): ChatMessage[] {
    const added: ChatMessage[] = []
    for (const message of messages) {
      if (this.seen(message.seq)) continue
      this.bySeq.set(message.seq, message)
      this.seqById.set(message.id, message.seq)
      added.push(message)
      // The server's copy of an acked message replaces this tab's local one.
      for (const entry of this.outgoing.values()) {
        if (entry.seq === message.seq) this.outgoing.delete(entry.clientId)
      }
    }
    if (added.length === 0) return added
    added.sort((a, b) => a.seq - b.seq)
    const last = this.sorted[this.sorted.length - 1]
    const first = added[0]
    if (last !== undefined && first !== undefined && first.seq > last.seq) {
      // The common case, a live message: append without re-sorting everything.
      this.sorted = this.sorted.concat(added)
    } else {
      this.sorted = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq)
    }
    return added
  }

  // ---- Changes -------------------------------------------------------------------------------

  /**
   * Applies one change entry of the log. Returns false for a seq already seen, which is dropped.
   * A reaction by one of this tab's own ids sets `mine`; anyone else's only moves the count.
   */
  applyChange(frame: ChangeFrame): boolean {
    if (this.seen(frame.seq)) return false
    this.changeSeqs.add(frame.seq)
    this.settleChangesAt(frame.seq)
    const target = this.byId(frame.id)
    if (target === undefined || target.deleted !== undefined) return true
    switch (frame.type) {
      case 'edited':
        this.replace({ ...target, message: frame.message, edited: frame.edited })
        break
      case 'deleted':
        this.replace(tombstone(target, frame.deleted, frame.moderated === true ? (frame.reason ?? null) : undefined))
        this.dropQuotesOf(frame.id)
        break
      case 'reaction': {
        const reactions = withReaction(target.reactions ?? [], frame.emoji, frame.count, (before) =>
          this.ownIds.has(frame.user.id) ? frame.on : before,
        )
        const { reactions: _old, ...rest } = target
        this.replace(reactions.length > 0 ? { ...rest, reactions } : rest)
        break
      }
    }
    return true
  }

  /**
   * Takes messages in their current state (a resume's `updated`, a page's `updated`) for the ones
   * this tab holds; one it does not hold is left to be loaded with its neighbours.
   */
  applyUpdated(messages: readonly ChatMessage[]): void {
    for (const message of messages) {
      if (!this.bySeq.has(message.seq)) continue
      this.replace(message)
      if (message.deleted !== undefined) this.dropQuotesOf(message.id)
    }
  }

  /** Counts what a seq range fetched over HTTP held as seen: its change entries are in the pages' state. */
  markSeenThrough(seq: number): void {
    for (const entry of [...this.outgoing.values()]) {
      if (isChange(entry) && entry.status === 'sent' && entry.seq !== undefined && entry.seq <= seq) {
        this.outgoing.delete(entry.clientId)
      }
    }
  }

  /**
   * How many messages after `marker` are unread: from others, not deleted. Only the messages this
   * tab holds are counted; the caller adds what lies before them.
   */
  countUnreadAfter(marker: number): number {
    let count = 0
    for (let index = this.sorted.length - 1; index >= 0; index--) {
      const message = this.sorted[index]
      if (message === undefined || message.seq <= marker) break
      if (message.deleted === undefined && !this.isOwn(message)) count++
    }
    return count
  }

  private replace(message: ChatMessage): void {
    this.bySeq.set(message.seq, message)
    const index = this.indexOf(message.seq)
    if (index < 0) return
    const sorted = this.sorted.slice()
    sorted[index] = message
    this.sorted = sorted
  }

  private indexOf(seq: number): number {
    let low = 0
    let high = this.sorted.length - 1
    while (low <= high) {
      const middle = (low + high) >> 1
      const at = this.sorted[middle]?.seq ?? 0
      if (at === seq) return middle
      if (at < seq) low = middle + 1
      else high = middle - 1
    }
    return -1
  }

  /** A deleted message's words leave every quote of it too, stored or still being sent. */
  private dropQuotesOf(id: string): void {
    for (const message of this.sorted) {
      const quote = message.replyTo
      if (quote?.id === id && quote.deleted !== true) this.replace({ ...message, replyTo: deletedQuote(quote) })
    }
    for (const entry of this.outgoing.values()) {
      if (!isChange(entry) && entry.replyTo?.id === id && entry.replyTo.deleted !== true) {
        this.outgoing.set(entry.clientId, { ...entry, replyTo: deletedQuote(entry.replyTo) })
      }
    }
  }

  private settleChangesAt(seq: number): void {
    for (const entry of this.outgoing.values()) {
      if (isChange(entry) && entry.status === 'sent' && entry.seq === seq) this.outgoing.delete(entry.clientId)
    }
  }

  // ---- Outgoing ------------------------------------------------------------------------------

  getOutgoing(clientId: string): OutgoingEntry | undefined {
    return this.outgoing.get(clientId)
  }

  /** Every outgoing message and change, in the order they go on the wire. */
  outgoingEntries(): OutgoingEntry[] {
    return [...this.outgoing.values()]
  }

  outgoingMessages(): OutgoingMessage[] {
    return this.outgoingEntries().filter((entry): entry is OutgoingMessage => !isChange(entry))
  }

  addOutgoing(entry: OutgoingEntry): void {
    this.outgoing.set(entry.clientId, entry)
  }

  updateOutgoing(clientId: string, change: OutgoingUpdate): OutgoingEntry | undefined {
    const entry = this.outgoing.get(clientId)
    if (entry === undefined) return undefined
    const { firstSentAfter: _firstSentAfter, ...common } = change
    const updated: OutgoingEntry = isChange(entry) ? { ...entry, ...common } : { ...entry, ...change }
    if (change.status !== undefined && change.status !== 'failed') {
      delete updated.error
      delete updated.final
    }
    this.outgoing.set(clientId, updated)
    return updated
  }

  removeOutgoing(clientId: string): void {
    this.outgoing.delete(clientId)
  }

  /** Moves an entry to the end, as a retried message is sent after the ones before it. */
  requeueOutgoing(clientId: string): void {
    const entry = this.outgoing.get(clientId)
    if (entry === undefined) return
    this.outgoing.delete(clientId)
    const requeued: OutgoingEntry = { ...entry, status: 'queued' }
    delete requeued.error
    delete requeued.final
    this.outgoing.set(clientId, requeued)
  }

  /**
   * Records the `ack` of a send. Returns false for a clientId this tab does not know (for
   * example one acked after a reload), which is harmless.
   */
  ack(clientId: string, seq: number): boolean {
    const entry = this.outgoing.get(clientId)
    // A change's ack names the change entry (or, for a reaction that changed nothing, the room's
    // seq): it says nothing about whose message is at that seq.
    if (entry === undefined || !isChange(entry)) this.ownSeqs.add(seq)
    if (entry === undefined) return false
    if (this.seen(seq)) {
      this.outgoing.delete(clientId)
    } else {
      const sent: OutgoingEntry = { ...entry, status: 'sent', seq }
      delete sent.error
      delete sent.final
      this.outgoing.set(clientId, sent)
    }
    return true
  }

  /**
   * Stored messages in seq order, then this tab's messages that the server has not echoed yet.
   *
   * One case needs care: a message stored just before the connection dropped, whose ack was
   * lost. The replay brings the stored copy (under this tab's previous guest id) while the local
   * copy waits for the ack of its resend. Until that ack, the local copy is hidden if an own
   * stored message with the same text arrived after it was first sent, so it is never shown twice.
   */
  timeline(): TimelineItem[] {
    const changes = new Map<string, MessageChange[]>()
    for (const entry of this.outgoing.values()) {
      if (!isChange(entry) || (entry.status === 'failed' && entry.final === true)) continue
      changes.set(entry.change.id, [...(changes.get(entry.change.id) ?? []), entry.change])
    }
    const items: TimelineItem[] = this.sorted.map((message) => {
      const own = this.isOwn(message)
      const pending = changes.get(message.id)
      if (pending === undefined) return { kind: 'message', message, own }
      return { kind: 'message', message: pending.reduce(withLocalChange, message), own, saving: true }
    })
    const claimed = new Set<number>()
    for (const outgoing of this.outgoing.values()) {
      if (isChange(outgoing)) continue
      if (outgoing.status !== 'sent' && this.findUnackedEcho(outgoing, claimed) !== null) continue
      items.push({ kind: 'outgoing', outgoing })
    }
    return items
  }

  private findUnackedEcho(outgoing: OutgoingMessage, claimed: Set<number>): ChatMessage | null {
    const after = outgoing.firstSentAfter
    if (after === undefined) return null
    const text = outgoing.text.trim().normalize('NFC')
    for (let index = this.sorted.length - 1; index >= 0; index--) {
      const message = this.sorted[index]
      if (message === undefined || message.seq <= after) break
      if (claimed.has(message.seq) || this.ownSeqs.has(message.seq) || !this.ownIds.has(message.from)) continue
      if (message.message.trim() === text) {
        claimed.add(message.seq)
        return message
      }
    }
    return null
  }
}

/** `moderatorReason`: undefined when the author deleted it, null for a moderator who gave no reason. */
function tombstone(message: ChatMessage, deleted: number, moderatorReason?: string | null): ChatMessage {
  const { edited: _edited, reactions: _reactions, replyTo, ...rest } = message
  const stone: ChatMessage = { ...rest, message: '', deleted }
  if (moderatorReason !== undefined) stone.moderated = true
  if (moderatorReason !== undefined && moderatorReason !== null) stone.reason = moderatorReason
  if (replyTo !== undefined) {
    const { excerpt: _excerpt, ...quote } = replyTo
    stone.replyTo = quote
  }
  return stone
}

function deletedQuote(quote: ReplyQuote): ReplyQuote {
  const { excerpt: _excerpt, ...rest } = quote
  return { ...rest, deleted: true }
}

/**
 * Sets one emoji's count (dropping it at zero), keeping the order each emoji was first used in; a
 * new emoji goes last. `mine` maps the receiver's old flag (false for a new emoji) to the new one.
 */
export function withReaction(
  reactions: readonly ReactionCount[],
  emoji: string,
  count: number,
  mine: (before: boolean) => boolean,
): ReactionCount[] {
  const existing = reactions.find((reaction) => reaction.emoji === emoji)
  if (count <= 0) return reactions.filter((reaction) => reaction.emoji !== emoji)
  if (existing === undefined) return [...reactions, { emoji, count, mine: mine(false) }]
  return reactions.map((reaction) =>
    reaction.emoji === emoji ? { emoji, count, mine: mine(reaction.mine) } : reaction,
  )
}

/** How a message looks with one of this tab's changes applied ahead of the server's word. */
function withLocalChange(message: ChatMessage, change: MessageChange): ChatMessage {
  if (message.deleted !== undefined) return message
  switch (change.kind) {
    case 'edit':
      return { ...message, message: change.text }
    case 'delete':
      return tombstone(message, message.timestamp)
    case 'react': {
      const existing = message.reactions?.find((reaction) => reaction.emoji === change.emoji)
      if ((existing?.mine ?? false) === change.on) return message
      const count = (existing?.count ?? 0) + (change.on ? 1 : -1)
      const reactions = withReaction(message.reactions ?? [], change.emoji, count, () => change.on)
      const { reactions: _old, ...rest } = message
      return reactions.length > 0 ? { ...rest, reactions } : rest
    }
  }
}

/** The most code points of a target's text a reply quotes, as the server stores it. */
export const EXCERPT_CODE_POINTS = 120

/** The quote a reply shows before the server's copy brings its own. */
export function replyQuoteOf(message: ChatMessage): ReplyQuote {
  return {
    id: message.id,
    seq: message.seq,
    from: message.from,
    name: message.name,
    fromKind: message.fromKind,
    excerpt: [...message.message].slice(0, EXCERPT_CODE_POINTS).join(''),
  }
}
