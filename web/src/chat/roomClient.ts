import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff'
import type { Clock, TimerHandle } from './clock'
import { MessageStore, type TimelineItem } from './messageStore'
import { TabOutbox, type OutboxMemory } from './outbox'
import { applyPresence, NOBODY, presenceOnNewConnection, type Presence } from './presence'
import {
  PROTOCOL_VERSION,
  readFrame,
  typingFrame,
  type ChatMessage,
  type ClientFrame,
  type ErrorFrame,
  type PresenceFrame,
  type ReadyFrame,
  type ReplyQuote,
  type ServerFrame,
  type UserRef,
} from './protocol'
import { ReadMarker } from './readMarker'
import { ReconnectingSocket, type ConnectionStatus, type SocketFactory } from './reconnectingSocket'
import { RoomSync, type HistoryFetcher } from './roomSync'
import { errorText, SendQueue } from './sendQueue'

// ---- State exposed to the UI ---------------------------------------------------------------

export type Notice = { id: number; tone: 'error' | 'info'; text: string }

export type RoomState = {
  status: ConnectionStatus
  /** Who this tab is on its current (or last) connection. */
  me: UserRef | null
  timeline: TimelineItem[]
  /** Who is online, one entry per user; null in a room too big to list (page it over HTTP). */
  online: UserRef[] | null
  /** How many people are online, from the server: not sockets, and not the length of a page. */
  onlineCount: number
  typing: UserRef[]
  /** True once the first `history` arrived, so the view can tell "empty room" from "loading". */
  joined: boolean
  hasOlder: boolean
  loadingOlder: boolean
  notices: Notice[]
  /** Counts messages from others that arrived live, so the view can show unread counts. */
  incomingCount: number
  lastIncoming: ChatMessage | null
  /** This person's read marker in the room (the highest seq read), once the first `ready` came. */
  readMarker: number | null
  /** Messages from others after the marker that are not deleted, loaded or not. */
  unread: number
  /**
   * Where the "New messages" divider goes: after this seq, the marker when the view opened. Null
   * when there was nothing unread then, or the server keeps no markers.
   */
  unreadFrom: number | null
  /** Whether the server keeps read markers (its `ready` carried `lastRead`). */
  markersKept: boolean
}

export type RoomClientOptions = {
  /**
   * Builds the socket URL; `since` is null on the first connection of this view, `epoch` is the
   * log `since` belongs to (null before the first `ready`), and `lastId` the id of the message at
   * `since` when this view holds it, so a server on an older copy of the log, written to since,
   * can tell that its message at that seq is another one.
   */
  socketUrl: (since: number | null, epoch: string | null, lastId: string | null) => string
  createSocket: SocketFactory
  fetchHistory: HistoryFetcher
  clock: Clock
  /** A number in [0, 1), for the backoff jitter. */
  random?: () => number
  newClientId: () => string
  /** Guest ids this tab had before (for example before a reload): their messages are "mine" too. */
  knownOwnIds?: Iterable<string>
  /** Keeps the messages without an ack across reloads; they are sent again once live. */
  outbox?: OutboxMemory
  /** Called with each guest id the server gives this tab. */
  onIdentity?: (id: string) => void
  /** Called with who the server says this tab is, on every `ready`. */
  onReady?: (you: UserRef) => void
  /**
   * Called when a socket closed before its `ready`, with how many did so in a row. The browser
   * does not say why an upgrade failed, and a session the server no longer accepts fails just
   * like a server that is down: the caller can ask the server which it is.
   */
  onConnectFailed?: (failuresInARow: number) => void
  backoff?: BackoffPolicy
  /** How long a sent message may wait for its ack before it is shown as failed. */
  ackTimeoutMs?: number
  /** After this much silence on a live socket, a `ping` checks that the server is still there. */
  keepaliveIdleMs?: number
  /** How long to wait for any frame after that `ping` before the socket is taken for dead. */
  keepaliveTimeoutMs?: number
  /**
   * How long a `ping` sent because something looked wrong (the browser went offline, a send was
   * not acked in time) waits for its `pong` before the socket is taken for dead.
   */
  probeTimeoutMs?: number
  /** How long someone stays "typing" after their last typing frame. */
  typingDisplayMs?: number
  /** Send pacing, kept under the server's limit (a burst of 10, then 5 per second). */
  sendBurst?: number
  sendPerSecond?: number
  /** A connection that stayed live this long counts as healthy: the backoff starts over after it. */
  stableAfterMs?: number
  /** Called when the server says this person's read marker moved (this tab's or another's). */
  onRead?: (seq: number, unread: number) => void
}

const NOTICE_LIFETIME_MS = 10_000
const TYPING_THROTTLE_MS = 2_000

/**
 * The client side of one room: it owns the socket, reconnects with backoff, resumes with `since`,
 * resends what was not acked under the original `clientId`, fills gaps over HTTP and keeps the
 * messages in a {@link MessageStore}. Nothing here touches the DOM or the real clock, so unit tests
 * drive it with a fake socket and a fake clock.
 */
export class RoomClient {
  private readonly options: Required<
    Omit<
      RoomClientOptions,
      'knownOwnIds' | 'outbox' | 'onIdentity' | 'onReady' | 'onConnectFailed' | 'random' | 'onRead'
    >
  > & {
    random: () => number
    onIdentity: (id: string) => void
    onReady: (you: UserRef) => void
    onConnectFailed: (failuresInARow: number) => void
    onRead: (seq: number, unread: number) => void
  }
  private readonly store: MessageStore
  private readonly listeners = new Set<() => void>()
  private snapshot: RoomState | null = null
  private readonly outbox: TabOutbox | null
  private readonly sends: SendQueue
  private readonly transport: ReconnectingSocket
  private me: UserRef | null = null
  private presence: Presence = NOBODY
  private readonly typing = new Map<string, { user: UserRef; until: number }>()
  private notices: Notice[] = []
  private nextNoticeId = 1
  private readonly sync: RoomSync
  private readonly readMarker: ReadMarker
  /** Whether a `ready` arrived on any connection of this view (the first one sets the divider). */
  private everReady = false
  private unreadFrom: number | null = null
  /**
   * Unread messages older than anything loaded: the server's exact count less the unread ones this
   * tab holds, when the server last said. Reading past the oldest loaded message clears it.
   */
  private unreadNotLoaded = 0
  /** The server's `unread` from `ready`, until the `history` after it is in the store. */
  private pendingUnread: { lastRead: number; unread: number } | null = null
  private markersKept = false

  private typingTimer: TimerHandle | null = null
  private readonly noticeTimers = new Map<number, TimerHandle>()
  private lastTypingSentAt = Number.NEGATIVE_INFINITY

  constructor(options: RoomClientOptions) {
    this.options = {
      backoff: DEFAULT_BACKOFF,
      ackTimeoutMs: 10_000,
      keepaliveIdleMs: 25_000,
      keepaliveTimeoutMs: 10_000,
      probeTimeoutMs: 5_000,
      typingDisplayMs: 5_000,
      sendBurst: 8,
      sendPerSecond: 4,
      stableAfterMs: 5_000,
      ...options,
      random: options.random ?? Math.random,
      onIdentity: options.onIdentity ?? (() => {}),
      onReady: options.onReady ?? (() => {}),
      onConnectFailed: options.onConnectFailed ?? (() => {}),
      onRead: options.onRead ?? (() => {}),
    }
    this.transport = new ReconnectingSocket(this.options, {
      opening: () => this.onOpening(),
      frame: (frame) => this.onFrame(frame),
      lost: () => this.onConnectionLost(),
      connectFailed: (failuresInARow) => this.options.onConnectFailed(failuresInARow),
      statusChanged: () => this.changed(),
    })
    this.readMarker = new ReadMarker(options.clock, (seq) => this.write(readFrame(seq)))
    this.store = new MessageStore(options.knownOwnIds ?? [])
    this.outbox = options.outbox === undefined ? null : new TabOutbox(options.outbox)
    for (const entry of this.outbox?.load() ?? []) this.store.addOutgoing(entry)
    this.sync = new RoomSync(
      { ...this.options, store: this.store },
      {
        notice: (tone, text) => this.notice(tone, text),
        changed: () => this.changed(),
        isStopped: () => this.transport.isStopped,
        // Whoever sent a message is no longer typing it.
        arrived: (messages) => {
          for (const message of messages) this.typing.delete(message.from)
        },
      },
    )
    this.sends = new SendQueue(
      { ...this.options, store: this.store },
      {
        canSend: () => this.transport.isLive && this.sync.hasHistory,
        write: (frame) => this.transport.send(frame),
        resumeSeq: () => this.sync.resumeSeq,
        probe: () => this.transport.probe(),
        notice: (text) => this.notice('error', text),
        changed: () => this.changed(),
      },
    )
  }

  // ---- Subscription (shaped for React's useSyncExternalStore) --------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getState = (): RoomState => {
    if (this.snapshot === null) {
      this.snapshot = {
        status: this.transport.status,
        me: this.me,
        timeline: this.store.timeline(),
        online: this.presence.online,
        onlineCount: this.presence.count,
        typing: [...this.typing.values()].map((entry) => entry.user),
        joined: this.sync.joined,
        hasOlder: this.sync.hasOlder,
        loadingOlder: this.sync.loadingOlder,
        notices: this.notices,
        incomingCount: this.sync.incomingCount,
        lastIncoming: this.sync.lastIncoming,
        readMarker: this.everReady ? this.readMarker.seq : null,
        unread: this.unreadCount(),
        unreadFrom: this.unreadFrom,
        markersKept: this.markersKept,
      }
    }
    return this.snapshot
  }

  private unreadCount(): number {
    if (!this.everReady) return 0
    const marker = this.readMarker.seq
    const oldest = this.store.oldestSeq
    const notLoaded = oldest !== null && marker >= oldest ? 0 : this.unreadNotLoaded
    return notLoaded + this.store.countUnreadAfter(marker)
  }

  private changed(): void {
    this.snapshot = null
    this.outbox?.save(this.store.outgoingEntries())
    for (const listener of this.listeners) listener()
  }

  // ---- Life cycle ---------------------------------------------------------------------------

  start(): void {
    this.transport.start()
  }

  stop(): void {
    if (this.transport.isStopped) return
    this.transport.stop()
    this.sends.stop()
    this.clearTimer('typingTimer')
    this.sync.stop()
    this.readMarker.stop()
    for (const timer of this.noticeTimers.values()) this.options.clock.clearTimeout(timer)
    this.noticeTimers.clear()
    this.changed()
  }

  /**
   * Replaces the connection with a new one at once, resuming where this tab is. The server
   * decides who a socket belongs to at the upgrade, so after the session changed (a new name,
   * a new sign-in) only a new socket carries it. Offline, the next attempt carries it anyway.
   */
  reconnect(): void {
    this.transport.reconnect()
  }

  /** Tells the client whether the browser has a network (the `online`/`offline` events). */
  setNetworkOnline(online: boolean): void {
    this.transport.setNetworkOnline(online)
  }

  /** Skips the rest of the backoff wait, for a "retry now" button or a tab that became visible. */
  reconnectNow(): void {
    this.transport.reconnectNow()
  }

  /** A new socket is about to open: what it resumes from, and what starts over with it. */
  private onOpening(): string {
    const { since, epoch, lastId } = this.sync.connecting()
    const url = this.options.socketUrl(since, epoch, lastId)
    this.presence = presenceOnNewConnection(this.presence)
    return url
  }

  /** What ends with a connection, however it ended; the transport decides when the next one starts. */
  private onConnectionLost(): void {
    this.readMarker.disconnected()
    this.sends.connectionLost()
    // Nobody is typing for us any more: presence comes anew with the next connection.
    this.typing.clear()
  }

  // ---- Incoming frames -----------------------------------------------------------------------

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'ready':
        // An older server is fine: this client still reads version 1 frames.
        if (frame.protocol > PROTOCOL_VERSION) {
          this.notice('info', 'This server was updated. Reload the page to get the matching app.')
        }
        return this.onReady(frame)
      case 'reset':
        return this.sync.reset()
      case 'gap':
        return this.sync.gap(frame.from, frame.to, frame.reason)
      case 'history':
        return this.onHistory(frame.messages, frame.hasMore, frame.updated ?? [])
      case 'presence':
        return this.onPresence(frame)
      case 'message': {
        const { type: _type, ...message } = frame
        return this.sync.liveMessages([message])
      }
      case 'ack':
        return this.sends.onAck(frame.clientId, frame.seq)
      case 'typing':
        return this.onTyping(frame.user)
      case 'error':
        return this.onError(frame)
      case 'pong':
        return this.sends.onPong()
      case 'edited':
      case 'deleted':
      case 'reaction':
        return this.sync.change(frame)
      case 'read':
        return this.onRead(frame.seq, frame.unread)
    }
  }

  private onReady(frame: ReadyFrame): void {
    const { you, seq } = frame
    this.sync.ready(seq, frame.epoch ?? null)
    this.me = you
    this.store.addOwnId(you.id)
    this.options.onIdentity(you.id)
    const first = !this.everReady
    this.everReady = true
    this.readMarker.connected(frame.lastRead, seq, first)
    this.markersKept = frame.lastRead !== undefined
    if (frame.lastRead !== undefined) {
      this.pendingUnread = { lastRead: frame.lastRead, unread: frame.unread ?? 0 }
      if (first && frame.lastRead < seq && (frame.unread ?? 0) > 0) this.unreadFrom = frame.lastRead
    }
    this.transport.live()
    this.changed()
    this.options.onReady(you)
  }

  /** The server's marker for this person moved: another tab read further, or this one's `read` landed. */
  private onRead(seq: number, unread: number): void {
    this.readMarker.serverSays(seq)
    this.unreadNotLoaded = Math.max(0, unread - this.store.countUnreadAfter(seq))
    this.changed()
    this.options.onRead(seq, unread)
  }

  /**
   * This person saw the entry at `seq` (the view calls this for messages scrolled into view while
   * the page is visible): the marker moves, and the server hears of it shortly.
   */
  markRead(seq: number): void {
    if (!this.everReady || this.transport.isStopped) return
    if (this.readMarker.read(seq)) this.changed()
  }

  private onPresence(frame: PresenceFrame): void {
    const before = this.presence
    this.presence = applyPresence(before, frame)
    if (before.online !== this.presence.online || before.count !== this.presence.count) {
      // Whoever went offline is no longer typing. A room without a list lets the display time out.
      const online = this.presence.online
      if (online !== null) {
        const ids = new Set(online.map((user) => user.id))
        for (const id of this.typing.keys()) if (!ids.has(id)) this.typing.delete(id)
      }
      this.changed()
    }
  }

  private onHistory(messages: ChatMessage[], hasMore: boolean, updated: ChatMessage[]): void {
    this.sync.history(messages, hasMore, updated)
    if (this.pendingUnread !== null) {
      const { lastRead, unread } = this.pendingUnread
      this.unreadNotLoaded = Math.max(0, unread - this.store.countUnreadAfter(lastRead))
      this.pendingUnread = null
    }
    this.sends.pump()
    this.changed()
  }

  private onTyping(user: UserRef): void {
    if (this.me !== null && user.id === this.me.id) return
    this.typing.set(user.id, { user, until: this.options.clock.now() + this.options.typingDisplayMs })
    this.scheduleTypingExpiry()
    this.changed()
  }

  private scheduleTypingExpiry(): void {
    this.clearTimer('typingTimer')
    let soonest = Number.POSITIVE_INFINITY
    for (const entry of this.typing.values()) soonest = Math.min(soonest, entry.until)
    if (soonest === Number.POSITIVE_INFINITY) return
    const delay = Math.max(0, soonest - this.options.clock.now())
    this.typingTimer = this.options.clock.setTimeout(() => {
      this.typingTimer = null
      const now = this.options.clock.now()
      for (const [id, entry] of this.typing) if (entry.until <= now) this.typing.delete(id)
      this.scheduleTypingExpiry()
      this.changed()
    }, delay)
  }

  private onError(frame: ErrorFrame): void {
    if (!this.sends.onError(frame)) this.notice('error', frame.message || errorText(frame))
  }

  // ---- Sending -------------------------------------------------------------------------------

  /**
   * Shows the message at once, as pending, and sends it as soon as the connection allows.
   * `replyTo` is the quote of the message it answers, shown until the server's copy has its own.
   */
  send(text: string, replyTo?: ReplyQuote): string {
    return this.sends.send(text, replyTo)
  }

  /** Replaces the text of one of this person's messages; shown at once, resent until acked. */
  edit(id: string, text: string): void {
    this.sends.edit(id, text)
  }

  /** Deletes one of this person's messages; it shows as deleted at once. */
  delete(id: string): void {
    this.sends.delete(id)
  }

  /** Turns this person's reaction with `emoji` on a message on or off. */
  react(id: string, emoji: string, on: boolean): void {
    this.sends.react(id, emoji, on)
  }

  /** Sends a failed message again, under the same clientId so that the server can deduplicate. */
  retry(clientId: string): void {
    this.sends.retry(clientId)
  }

  /** Drops a failed message the person gave up on. */
  discard(clientId: string): void {
    this.sends.discard(clientId)
  }

  /** Tells the others this person is typing, at most once per {@link TYPING_THROTTLE_MS}. */
  notifyTyping(): void {
    if (!this.transport.isLive) return
    const now = this.options.clock.now()
    if (now - this.lastTypingSentAt < TYPING_THROTTLE_MS) return
    this.lastTypingSentAt = now
    this.write(typingFrame())
  }

  private write(frame: ClientFrame): boolean {
    return this.transport.send(frame)
  }

  /** Loads the page of messages before the oldest one shown. */
  loadOlder(): Promise<void> {
    return this.sync.loadOlder()
  }

  // ---- Notices -------------------------------------------------------------------------------

  private notice(tone: Notice['tone'], text: string): void {
    if (this.notices.some((notice) => notice.text === text)) return
    const id = this.nextNoticeId++
    this.notices = [...this.notices, { id, tone, text }]
    const timer = this.options.clock.setTimeout(() => this.dismissNotice(id), NOTICE_LIFETIME_MS)
    this.noticeTimers.set(id, timer)
    this.changed()
  }

  dismissNotice(id: number): void {
    const timer = this.noticeTimers.get(id)
    if (timer !== undefined) this.options.clock.clearTimeout(timer)
    this.noticeTimers.delete(id)
    const remaining = this.notices.filter((notice) => notice.id !== id)
    if (remaining.length === this.notices.length) return
    this.notices = remaining
    this.changed()
  }

  // ---- Helpers -------------------------------------------------------------------------------

  private clearTimer(name: 'typingTimer'): void {
    const timer = this[name]
    if (timer !== null) {
      this.options.clock.clearTimeout(timer)
      this[name] = null
    }
  }
}
