import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff'
import type { Clock } from './clock'
import { MessageStore, type TimelineItem } from './messageStore'
import { TabOutbox, type OutboxMemory } from './outbox'
import { applyPresence, NOBODY, presenceOnNewConnection, type Presence } from './presence'
import {
  PROTOCOL_VERSION,
  readFrame,
  typingFrame,
  type ChatMessage,
  type ErrorFrame,
  type PresenceFrame,
  type ReadyFrame,
  type ReplyQuote,
  type Role,
  type RoomFrame,
  type ServerFrame,
  type UserRef,
} from './protocol'
import { refusalOfClose, type RoomRefusal } from './roomAccess'
import { NoticeList, type Notice } from './noticeList'
import { ReconnectingSocket, type ConnectionStatus, type SocketFactory } from './reconnectingSocket'
import { RoomReading } from './roomReading'
import { RoomSync, type HistoryFetcher } from './roomSync'
import { errorText, SendQueue } from './sendQueue'
import { TypingList } from './typingList'

// ---- State exposed to the UI ---------------------------------------------------------------

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
  /** This person's role in the room, from `ready` and `role` frames; null from a server without roles. */
  role: Role | null
  /** How many times the server said someone's role changed (`member` frames): the members list is then stale. */
  memberChanges: number
  /** When this person's mute ends (null: not muted), and the moderator's reason. */
  mutedUntil: number | null
  muteReason: string | null
  /** Slow mode: when the server said this person may send again; null when it did not. */
  slowUntil: number | null
  /** The room's settings as the last `room` frame gave them; null before any came. */
  settings: Omit<RoomFrame, 'type'> | null
  /** Why the server ended this connection for good (kicked, banned, not a member); null while it did not. */
  refusal: RoomRefusal | null
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

const TYPING_THROTTLE_MS = 2_000

/** The `error` codes that announce the end of the connection, not the refusal of one write. */
const ENDING_ERRORS = new Set(['kicked', 'banned', 'not_a_member'])

/**
 * The client side of one room, wiring its parts: a {@link ReconnectingSocket} under it, the
 * {@link RoomSync} of the room's log (resume with `since`, gaps over HTTP) in a {@link MessageStore},
 * the {@link SendQueue} that resends what was not acked under the original `clientId`, this
 * person's {@link RoomReading}, presence, who is typing and the notices. It reads each frame once
 * and hands it to the part it is for, and gives the view one state. Nothing here touches the DOM
 * or the real clock, so unit tests drive it with a fake socket and a fake clock.
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
  private readonly listeners = new Set<() => void>()
  private snapshot: RoomState | null = null
  private readonly store: MessageStore
  private readonly outbox: TabOutbox | null
  private readonly transport: ReconnectingSocket
  private readonly sync: RoomSync
  private readonly sends: SendQueue
  private readonly reading: RoomReading
  private readonly typing: TypingList
  private readonly notices: NoticeList
  private me: UserRef | null = null
  private role: Role | null = null
  private memberChanges = 0
  private mutedUntil: number | null = null
  private muteReason: string | null = null
  private slowUntil: number | null = null
  private settings: Omit<RoomFrame, 'type'> | null = null
  private refusal: RoomRefusal | null = null
  /** The last `error` frame about the connection itself (a kick, a ban), for the close that follows. */
  private endingError: ErrorFrame | null = null
  private presence: Presence = NOBODY
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
    const { clock } = options
    this.transport = new ReconnectingSocket(this.options, {
      opening: () => this.onOpening(),
      frame: (frame) => this.onFrame(frame),
      lost: () => this.onConnectionLost(),
      connectFailed: (failuresInARow) => this.options.onConnectFailed(failuresInARow),
      finalClose: (code) => this.onFinalClose(code),
      statusChanged: () => this.changed(),
    })
    this.store = new MessageStore(options.knownOwnIds ?? [])
    this.reading = new RoomReading(clock, this.store, (seq) => this.transport.send(readFrame(seq)))
    this.typing = new TypingList(clock, this.options.typingDisplayMs, () => this.changed())
    this.notices = new NoticeList(clock, () => this.changed())
    this.outbox = options.outbox === undefined ? null : new TabOutbox(options.outbox)
    for (const entry of this.outbox?.load() ?? []) this.store.addOutgoing(entry)
    this.sync = new RoomSync(
      { ...this.options, store: this.store },
      {
        notice: (tone, text) => this.notices.add(tone, text),
        changed: () => this.changed(),
        isStopped: () => this.transport.isStopped,
        // Whoever sent a message is no longer typing it.
        arrived: (messages) => {
          for (const message of messages) this.typing.remove(message.from)
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
        notice: (text) => this.notices.add('error', text),
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
        typing: this.typing.users,
        joined: this.sync.joined,
        hasOlder: this.sync.hasOlder,
        loadingOlder: this.sync.loadingOlder,
        notices: this.notices.all,
        incomingCount: this.sync.incomingCount,
        lastIncoming: this.sync.lastIncoming,
        readMarker: this.reading.markerSeq,
        unread: this.reading.unread,
        unreadFrom: this.reading.unreadFrom,
        markersKept: this.reading.markersKept,
        role: this.role,
        memberChanges: this.memberChanges,
        mutedUntil: this.mutedUntil,
        muteReason: this.muteReason,
        slowUntil: this.slowUntil,
        settings: this.settings,
        refusal: this.refusal,
      }
    }
    return this.snapshot
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
    this.typing.stop()
    this.sync.stop()
    this.reading.stop()
    this.notices.stop()
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

  /**
   * The server refuses this person (an HTTP route said `403 banned` or `not_a_member`): no more
   * connections until {@link rejoin}.
   */
  refuse(refusal: RoomRefusal): void {
    if (this.transport.isStopped) return
    this.refusal = refusal
    this.transport.halt()
    this.changed()
  }

  /** Connects again after a kick (or a ban that ended): the person chose to come back. */
  rejoin(): void {
    if (this.transport.isStopped) return
    this.refusal = null
    this.endingError = null
    this.transport.resume()
    this.changed()
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
  /** The server closed the socket: a kick, a ban or a lost membership ends the room for this person. */
  private onFinalClose(code: number): boolean {
    const refusal = refusalOfClose(code, this.endingError)
    this.endingError = null
    if (refusal === null) return false
    this.refusal = refusal
    return true
  }

  private onConnectionLost(): void {
    this.reading.disconnected()
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
          this.notices.add('info', 'This server was updated. Reload the page to get the matching app.')
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
      case 'muted':
        this.mutedUntil = frame.until
        this.muteReason = frame.until === null ? null : (frame.reason ?? null)
        return this.changed()
      case 'room': {
        const { type: _type, ...settings } = frame
        this.settings = settings
        return this.changed()
      }
      case 'role':
        this.role = frame.role
        return this.changed()
      case 'member':
        this.memberChanges++
        return this.changed()
    }
  }

  private onReady(frame: ReadyFrame): void {
    const { you, seq } = frame
    this.sync.ready(seq, frame.epoch ?? null)
    this.me = you
    // A server without roles says nothing; what this tab knew stays.
    if (frame.role !== undefined) this.role = frame.role
    this.mutedUntil = frame.mutedUntil ?? null
    if (this.mutedUntil === null) this.muteReason = null
    this.store.addOwnId(you.id)
    this.options.onIdentity(you.id)
    this.reading.ready(seq, frame.lastRead, frame.unread)
    this.transport.live()
    this.changed()
    this.options.onReady(you)
  }

  private onHistory(messages: ChatMessage[], hasMore: boolean, updated: ChatMessage[]): void {
    this.sync.history(messages, hasMore, updated)
    this.reading.historyIn()
    this.sends.pump()
    this.changed()
  }

  /** The server's marker for this person moved: another tab read further, or this one's `read` landed. */
  private onRead(seq: number, unread: number): void {
    this.reading.serverSays(seq, unread)
    this.changed()
    this.options.onRead(seq, unread)
  }

  private onPresence(frame: PresenceFrame): void {
    const before = this.presence
    this.presence = applyPresence(before, frame)
    if (before.online !== this.presence.online || before.count !== this.presence.count) {
      // Whoever went offline is no longer typing. A room without a list lets the display time out.
      if (this.presence.online !== null) this.typing.keepOnly(this.presence.online)
      this.changed()
    }
  }

  private onTyping(user: UserRef): void {
    if (this.me !== null && user.id === this.me.id) return
    this.typing.typed(user)
    this.changed()
  }

  private onError(frame: ErrorFrame): void {
    // Said to every socket of the person just before the server closes it (4003, 4004, 4005):
    // the close shows it, as the room's state rather than a notice.
    if (frame.clientId === undefined && ENDING_ERRORS.has(frame.code)) {
      this.endingError = frame
      return
    }
    if (frame.code === 'muted' && frame.until !== undefined) this.mutedUntil = frame.until
    if (frame.code === 'slow_mode' && frame.until !== undefined) this.slowUntil = frame.until
    if (!this.sends.onError(frame)) this.notices.add('error', frame.message || errorText(frame))
    else if (frame.code === 'muted' || frame.code === 'slow_mode') this.changed()
  }

  // ---- What the view asks for ----------------------------------------------------------------

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
    this.transport.send(typingFrame())
  }

  /**
   * This person saw the entry at `seq` (the view calls this for messages scrolled into view while
   * the page is visible): the marker moves, and the server hears of it shortly.
   */
  markRead(seq: number): void {
    if (this.transport.isStopped) return
    if (this.reading.read(seq)) this.changed()
  }

  /** Loads the page of messages before the oldest one shown. */
  loadOlder(): Promise<void> {
    return this.sync.loadOlder()
  }

  dismissNotice(id: number): void {
    this.notices.dismiss(id)
  }
}
