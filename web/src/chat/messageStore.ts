import type { ChatMessage } from './protocol'

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

export type TimelineItem =
  { kind: 'message'; message: ChatMessage; own: boolean } | { kind: 'outgoing'; outgoing: OutgoingMessage }

/**
 * The messages of one room as this tab knows them: stored messages by seq (each seq at most once,
 * whatever path it came by: history, live frame, HTTP page) and this tab's own outgoing messages by
 * `clientId` until the server's copy replaces them.
 */
export class MessageStore {
  private readonly bySeq = new Map<number, ChatMessage>()
  private sorted: ChatMessage[] = []
  private readonly outgoing = new Map<string, OutgoingMessage>()
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
    this.sorted = []
    this.ownSeqs.clear()
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
      if (this.bySeq.has(message.seq)) continue
      this.bySeq.set(message.seq, message)
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

  // ---- Outgoing ------------------------------------------------------------------------------

  getOutgoing(clientId: string): OutgoingMessage | undefined {
    return this.outgoing.get(clientId)
  }

  outgoingMessages(): OutgoingMessage[] {
    return [...this.outgoing.values()]
  }

  addOutgoing(entry: OutgoingMessage): void {
    this.outgoing.set(entry.clientId, entry)
  }

  updateOutgoing(clientId: string, change: Partial<Omit<OutgoingMessage, 'clientId'>>): OutgoingMessage | undefined {
    const entry = this.outgoing.get(clientId)
    if (entry === undefined) return undefined
    const updated: OutgoingMessage = { ...entry, ...change }
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
    const requeued: OutgoingMessage = { ...entry, status: 'queued' }
    delete requeued.error
    delete requeued.final
    this.outgoing.set(clientId, requeued)
  }

  /**
   * Records the `ack` of a send. Returns false for a clientId this tab does not know (for
   * example one acked after a reload), which is harmless.
   */
  ack(clientId: string, seq: number): boolean {
    this.ownSeqs.add(seq)
    const entry = this.outgoing.get(clientId)
    if (entry === undefined) return false
    if (this.bySeq.has(seq)) {
      this.outgoing.delete(clientId)
    } else {
      const sent: OutgoingMessage = { ...entry, status: 'sent', seq }
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
    const items: TimelineItem[] = this.sorted.map((message) => ({
      kind: 'message',
      message,
      own: this.isOwn(message),
    }))
    const claimed = new Set<number>()
    for (const outgoing of this.outgoing.values()) {
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
