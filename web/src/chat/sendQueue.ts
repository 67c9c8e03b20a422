import type { Clock, TimerHandle } from './clock'
import {
  isChange,
  type MessageChange,
  type MessageStore,
  type OutgoingChange,
  type OutgoingEntry,
  type OutgoingMessage,
} from './messageStore'
import {
  deleteFrame,
  editFrame,
  reactFrame,
  sendFrame,
  type ClientFrame,
  type ErrorFrame,
  type ReplyQuote,
} from './protocol'
import { TokenBucket } from './tokenBucket'

/** Refusals that a resend cannot change; every other failure is resent after a reconnect. */
const FINAL_ERRORS = new Set(['too_large', 'bad_frame', 'not_found', 'forbidden', 'read_only', 'not_a_member'])
/** A change refused for a reason a resend may fix (too fast, storage down) goes again after this. */
const CHANGE_RETRY_MS = 3_000
const NOT_CONFIRMED = 'Not confirmed by the server. Retry it.'

/** Short words for the person, per stable error code; the server's text is the fallback. */
const ERROR_TEXT: Record<string, string> = {
  too_large: 'Too long: a message may hold at most 2000 characters.',
  rate_limited: 'Sending too fast. Wait a moment and retry.',
  unavailable: 'The server could not store this message. Retry it.',
  bad_frame: 'The server could not read this message.',
  not_found: 'That message is no longer there.',
  forbidden: 'Only its author can change a message.',
  muted: 'Not sent: you are muted in this room.',
  slow_mode: 'Not sent: slow mode is on. Retry when the composer says you may send again.',
  read_only: 'Only moderators post in this room.',
  not_a_member: 'Not sent: this room is for its members.',
}

/** What a failed change was, for the notice that says so. */
const CHANGE_WORDS: Record<MessageChange['kind'], string> = {
  edit: 'The edit was not saved',
  delete: 'The message was not deleted',
  react: 'The reaction was not saved',
}

/** The words for the person of an `error` frame: ours for a code we know, the server's otherwise. */
export function errorText(frame: ErrorFrame): string {
  return ERROR_TEXT[frame.code] ?? frame.message
}

/** The frame that puts one outgoing entry on the wire, under its clientId. */
export function frameFor(entry: OutgoingEntry): ClientFrame {
  if (!isChange(entry)) return sendFrame(entry.text, entry.clientId, entry.replyTo?.id)
  const { change, clientId } = entry
  switch (change.kind) {
    case 'edit':
      return editFrame(change.id, change.text, clientId)
    case 'delete':
      return deleteFrame(change.id, clientId)
    case 'react':
      return reactFrame(change.id, change.emoji, change.on, clientId)
  }
}

export type SendQueueOptions = {
  store: MessageStore
  clock: Clock
  newClientId: () => string
  /** How long a sent message may wait for its ack before the link is probed. */
  ackTimeoutMs: number
  sendBurst: number
  sendPerSecond: number
}

/** What the queue needs of the room around it. */
export type SendQueueEvents = {
  /** Whether sending may start: the connection is live and its history is in. */
  canSend(): boolean
  /** Puts a frame on the wire; false when it could not. */
  write(frame: ClientFrame): boolean
  /** The room's resume point, so that a message remembers what this tab had seen when it went. */
  resumeSeq(): number | null
  /** An ack is overdue: the link is asked whether it still works. */
  probe(): void
  /** Tells the person something went wrong, in a notice. */
  notice(text: string): void
  changed(): void
}

/**
 * This tab's messages and changes on their way to the server. Each is shown at once (it lives in
 * the {@link MessageStore} as an outgoing entry), goes on the wire once the connection allows,
 * paced by a {@link TokenBucket}, and waits for its `ack`. Whatever has no ack goes again after a
 * reconnect under its original `clientId`, which the server stores at most once; a refusal that
 * a resend cannot change fails it for good.
 */
export class SendQueue {
  private readonly bucket: TokenBucket
  private readonly ackTimers = new Map<string, TimerHandle>()
  /** Sends whose ack is overdue, waiting for the probe to tell a dead link from a slow server. */
  private readonly overdue = new Set<string>()
  private pumpTimer: TimerHandle | null = null
  private changeRetryTimer: TimerHandle | null = null

  constructor(
    private readonly options: SendQueueOptions,
    private readonly events: SendQueueEvents,
  ) {
    this.bucket = new TokenBucket(options.sendBurst, options.sendPerSecond, options.clock.now())
  }

  private get store(): MessageStore {
    return this.options.store
  }

  /**
   * Shows the message at once, as pending, and sends it as soon as the connection allows.
   * `replyTo` is the quote of the message it answers, shown until the server's copy has its own.
   */
  send(text: string, replyTo?: ReplyQuote): string {
    const clientId = this.options.newClientId()
    const entry: OutgoingMessage = { clientId, text, createdAt: this.options.clock.now(), status: 'queued' }
    if (replyTo !== undefined) entry.replyTo = replyTo
    this.store.addOutgoing(entry)
    this.pump()
    this.events.changed()
    return clientId
  }

  /** Replaces the text of one of this person's messages; shown at once, resent until acked. */
  edit(id: string, text: string): void {
    const target = this.store.byId(id)
    if (target === undefined || target.deleted !== undefined || target.message === text) return
    this.change({ kind: 'edit', id, text })
  }

  /** Deletes one of this person's messages; it shows as deleted at once. */
  delete(id: string): void {
    const target = this.store.byId(id)
    if (target === undefined || target.deleted !== undefined) return
    this.change({ kind: 'delete', id })
  }

  /** Turns this person's reaction with `emoji` on a message on or off. */
  react(id: string, emoji: string, on: boolean): void {
    const target = this.store.byId(id)
    if (target === undefined || target.deleted !== undefined) return
    // A second click before the first is acked takes the first back instead of queueing both.
    for (const entry of this.store.outgoingEntries()) {
      if (!isChange(entry) || entry.status !== 'queued') continue
      const { change } = entry
      if (change.kind === 'react' && change.id === id && change.emoji === emoji && change.on !== on) {
        this.store.removeOutgoing(entry.clientId)
        this.events.changed()
        return
      }
    }
    this.change({ kind: 'react', id, emoji, on })
  }

  /** Sends a failed message again, under the same clientId so that the server can deduplicate. */
  retry(clientId: string): void {
    const entry = this.store.getOutgoing(clientId)
    if (entry === undefined || entry.status !== 'failed') return
    this.store.requeueOutgoing(clientId)
    this.pump()
    this.events.changed()
  }

  /** Drops a failed message the person gave up on. */
  discard(clientId: string): void {
    const entry = this.store.getOutgoing(clientId)
    if (entry === undefined || entry.status !== 'failed') return
    this.store.removeOutgoing(clientId)
    this.events.changed()
  }

  /** Puts queued messages on the wire while sending may go, paced by the token bucket. */
  pump(): void {
    if (!this.events.canSend()) return
    this.clearPumpTimer()
    const now = this.options.clock.now()
    for (const entry of this.store.outgoingEntries()) {
      if (entry.status !== 'queued') continue
      const wait = this.bucket.waitMs(now)
      if (wait > 0) {
        this.pumpTimer = this.options.clock.setTimeout(() => {
          this.pumpTimer = null
          this.pump()
          this.events.changed()
        }, wait)
        return
      }
      if (!this.events.write(frameFor(entry))) return
      this.bucket.take()
      this.store.updateOutgoing(entry.clientId, {
        status: 'pending',
        firstSentAfter: isChange(entry) ? undefined : (entry.firstSentAfter ?? this.events.resumeSeq() ?? 0),
      })
      this.startAckTimer(entry.clientId)
    }
  }

  onAck(clientId: string, seq: number): void {
    this.clearAckTimer(clientId)
    this.overdue.delete(clientId)
    this.store.ack(clientId, seq)
    this.events.changed()
  }

  /**
   * The link works, so a send whose ack is overdue was lost or is stuck on the server's side: the
   * person is told, and may retry (the next reconnect resends it anyway).
   */
  onPong(): void {
    if (this.overdue.size === 0) return
    for (const clientId of this.overdue) {
      const entry = this.store.getOutgoing(clientId)
      if (entry === undefined || entry.status !== 'pending') continue
      if (isChange(entry)) this.failChange(entry, NOT_CONFIRMED, false)
      else this.store.updateOutgoing(clientId, { status: 'failed', error: NOT_CONFIRMED })
    }
    this.overdue.clear()
    this.events.changed()
  }

  /** An `error` frame: returns whether it was about one of this tab's entries without an ack. */
  onError(frame: ErrorFrame): boolean {
    if (frame.clientId === undefined) return false
    const entry = this.store.getOutgoing(frame.clientId)
    if (entry === undefined || entry.status === 'sent') return false
    const text = errorText(frame)
    this.clearAckTimer(frame.clientId)
    this.overdue.delete(frame.clientId)
    if (isChange(entry)) {
      this.failChange(entry, text, FINAL_ERRORS.has(frame.code))
    } else {
      this.store.updateOutgoing(frame.clientId, { status: 'failed', error: text, final: FINAL_ERRORS.has(frame.code) })
    }
    this.events.changed()
    return true
  }

  /**
   * The connection ended. Whatever has no ack goes again, with the same clientId, once live: what
   * was on the wire, and what failed in a way a resend can fix (no ack in time, storage
   * unavailable, too fast). The server stores a clientId once, so a resend of something it did
   * store is only acked.
   */
  connectionLost(): void {
    this.clearPumpTimer()
    this.overdue.clear()
    for (const entry of this.store.outgoingEntries()) {
      if (entry.status === 'pending' || (entry.status === 'failed' && !entry.final)) {
        this.clearAckTimer(entry.clientId)
        this.store.updateOutgoing(entry.clientId, { status: 'queued' })
      }
    }
  }

  stop(): void {
    this.clearPumpTimer()
    if (this.changeRetryTimer !== null) this.options.clock.clearTimeout(this.changeRetryTimer)
    this.changeRetryTimer = null
    for (const timer of this.ackTimers.values()) this.options.clock.clearTimeout(timer)
    this.ackTimers.clear()
  }

  private change(change: MessageChange): void {
    const clientId = this.options.newClientId()
    this.store.addOutgoing({ clientId, change, createdAt: this.options.clock.now(), status: 'queued' })
    this.pump()
    this.events.changed()
  }

  /**
   * A change the server refused. One it refused for good is dropped (the message shows as the
   * server has it) and said in a notice; otherwise it goes again shortly, under the same clientId.
   */
  private failChange(entry: OutgoingChange, text: string, final: boolean): void {
    if (final) {
      this.store.removeOutgoing(entry.clientId)
      this.events.notice(`${CHANGE_WORDS[entry.change.kind]}: ${text}`)
      return
    }
    this.store.updateOutgoing(entry.clientId, { status: 'failed', error: text })
    if (this.changeRetryTimer !== null) return
    this.changeRetryTimer = this.options.clock.setTimeout(() => {
      this.changeRetryTimer = null
      for (const pending of this.store.outgoingEntries()) {
        if (isChange(pending) && pending.status === 'failed' && !pending.final) {
          this.store.updateOutgoing(pending.clientId, { status: 'queued' })
        }
      }
      this.pump()
      this.events.changed()
    }, CHANGE_RETRY_MS)
  }

  private startAckTimer(clientId: string): void {
    this.clearAckTimer(clientId)
    const timer = this.options.clock.setTimeout(() => {
      this.ackTimers.delete(clientId)
      const entry = this.store.getOutgoing(clientId)
      if (entry === undefined || entry.status !== 'pending') return
      // A link that drops frames silently looks just like this. A ping tells: no pong, and the
      // socket is replaced and the message resent; a pong, and the message is shown as failed.
      this.overdue.add(clientId)
      this.events.probe()
    }, this.options.ackTimeoutMs)
    this.ackTimers.set(clientId, timer)
  }

  private clearAckTimer(clientId: string): void {
    const timer = this.ackTimers.get(clientId)
    if (timer !== undefined) {
      this.options.clock.clearTimeout(timer)
      this.ackTimers.delete(clientId)
    }
  }

  private clearPumpTimer(): void {
    if (this.pumpTimer !== null) this.options.clock.clearTimeout(this.pumpTimer)
    this.pumpTimer = null
  }
}
