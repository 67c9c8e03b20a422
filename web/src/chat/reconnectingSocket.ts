import { backoffDelay, type BackoffPolicy } from './backoff'
import type { Clock, TimerHandle } from './clock'
import { decodeServerFrame, encodeClientFrame, pingFrame, type ClientFrame, type ServerFrame } from './protocol'

/** The part of the browser's WebSocket this client uses, so tests can hand it a fake one. */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
}

export type SocketFactory = (url: string) => SocketLike

const SOCKET_CONNECTING = 0
const SOCKET_OPEN = 1

export type ConnectionStatus =
  /** The first connection of this view, not yet ready. */
  | { kind: 'connecting' }
  /** `ready` arrived; frames flow. */
  | { kind: 'live' }
  /** The connection was lost. `retryAt` is when the next attempt starts, null while one is under way. */
  | { kind: 'reconnecting'; retryAt: number | null; attempt: number }
  /** The browser says it has no network; the next attempt waits for it to come back. */
  | { kind: 'offline' }
  /**
   * `stop()` was called, or the server closed the socket with a code that {@link
   * ReconnectingSocketEvents.finalClose} took as final (a kick, a ban): no reconnect follows.
   */
  | { kind: 'closed' }

export type ReconnectingSocketOptions = {
  createSocket: SocketFactory
  clock: Clock
  /** A number in [0, 1), for the backoff jitter. */
  random: () => number
  backoff: BackoffPolicy
  /** After this much silence on a live socket, a `ping` checks that the server is still there. */
  keepaliveIdleMs: number
  /** How long to wait for any frame after that `ping` before the socket is taken for dead. */
  keepaliveTimeoutMs: number
  /** How long a {@link ReconnectingSocket.probe} waits for its `pong`. */
  probeTimeoutMs: number
  /** A connection that stayed live this long counts as healthy: the backoff starts over after it. */
  stableAfterMs: number
}

/** What the room on top of the socket hears from it. */
export type ReconnectingSocketEvents = {
  /** A new socket is about to open: returns its URL (the room's resume point goes in it). */
  opening(): string
  /** A frame arrived, decoded by the protocol module; frames it cannot read are dropped. */
  frame(frame: ServerFrame): void
  /** The connection ended, however it ended; the socket already plans the next one. */
  lost(): void
  /** A socket closed before the room called {@link ReconnectingSocket.live}, this many in a row. */
  connectFailed(failuresInARow: number): void
  /**
   * The server closed the socket with `code`: true if a reconnect cannot change why (the room's
   * own codes, 4003 kicked and the like). The socket then waits for {@link ReconnectingSocket.resume}.
   */
  finalClose(code: number): boolean
  /** {@link ReconnectingSocket.status} changed. */
  statusChanged(): void
}

/**
 * The transport under a room: one WebSocket at a time, replaced with exponential backoff when it
 * is lost, paused while the browser is offline, and checked with a `ping` when it goes quiet,
 * because a socket can die without a close event (a laptop lid, a dropped Wi-Fi). It knows
 * nothing of messages: the room above says when a connection is live (its `ready` came) and
 * what goes on the wire.
 */
export class ReconnectingSocket {
  private currentStatus: ConnectionStatus = { kind: 'connecting' }
  private socket: SocketLike | null = null
  private attempt = 0
  private failedConnects = 0
  private networkOnline = true
  private started = false
  private stopped = false
  /** The server ended the last connection for good; only {@link resume} starts another. */
  private halted = false
  private liveSince: number | null = null
  private lastFrameAt = 0
  /** When the `ping` on the wire must have been answered by; null while none is. */
  private pingDeadline: number | null = null
  private reconnectTimer: TimerHandle | null = null
  private keepaliveTimer: TimerHandle | null = null

  constructor(
    private readonly options: ReconnectingSocketOptions,
    private readonly events: ReconnectingSocketEvents,
  ) {}

  get status(): ConnectionStatus {
    return this.currentStatus
  }

  /** Whether frames can go on the wire: the room's `ready` came on the current socket. */
  get isLive(): boolean {
    return this.currentStatus.kind === 'live' && this.socket !== null
  }

  get isStopped(): boolean {
    return this.stopped
  }

  start(): void {
    if (this.started) return
    this.started = true
    this.connect()
  }

  /** Closes the socket for good. The status becomes `closed` without a `statusChanged`: the caller says so. */
  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.clearReconnectTimer()
    this.clearKeepaliveTimer()
    const socket = this.socket
    this.socket = null
    if (socket !== null) this.closeGently(socket, 'leaving')
    this.currentStatus = { kind: 'closed' }
  }

  /**
   * Stops reconnecting without stopping for good: the room learnt (over HTTP, say) that the
   * server refuses this person. The socket, if any, is closed; {@link resume} starts again.
   */
  halt(): void {
    if (this.stopped || this.halted) return
    this.halted = true
    this.clearReconnectTimer()
    const socket = this.socket
    if (socket !== null) {
      this.closeGently(socket, 'refused')
      this.forgetConnection()
    }
    this.setStatus({ kind: 'closed' })
  }

  /** Connects again after a final close or a {@link halt}: the person chose to (a "Rejoin" button). */
  resume(): void {
    if (this.stopped || !this.halted) return
    this.halted = false
    this.attempt = 0
    this.failedConnects = 0
    this.setStatus({ kind: 'reconnecting', retryAt: null, attempt: 0 })
    this.connect()
  }

  get isHalted(): boolean {
    return this.halted
  }

  /**
   * The room's `ready` came: the connection is live and the backoff may start over once it stayed
   * so. The status becomes `live` without a `statusChanged`, since the room reports the change.
   */
  live(): void {
    this.failedConnects = 0
    this.liveSince = this.options.clock.now()
    this.currentStatus = { kind: 'live' }
    this.scheduleKeepalive()
  }

  /** Puts one frame on the wire; false when there is no open socket or the send failed. */
  send(frame: ClientFrame): boolean {
    const socket = this.socket
    if (socket === null || socket.readyState !== SOCKET_OPEN) return false
    try {
      socket.send(encodeClientFrame(frame))
      return true
    } catch {
      return false
    }
  }

  /**
   * Something looked wrong (an ack is overdue, the browser went offline): pings now, and takes the
   * socket for dead if nothing comes back within the probe timeout.
   */
  probe(): void {
    this.ping(this.options.probeTimeoutMs)
  }

  /**
   * Replaces the connection with a new one at once. The server decides who a socket belongs to
   * at the upgrade, so after the session changed only a new socket carries it. Offline, the next
   * attempt carries it anyway.
   */
  reconnect(): void {
    if (this.stopped || this.halted || !this.started || this.currentStatus.kind === 'offline') return
    this.clearReconnectTimer()
    const socket = this.socket
    if (socket !== null) {
      this.closeGently(socket, 'reconnecting')
      this.forgetConnection()
    }
    this.connect()
  }

  /** Tells the socket whether the browser has a network (the `online`/`offline` events). */
  setNetworkOnline(online: boolean): void {
    if (this.stopped || online === this.networkOnline) return
    this.networkOnline = online
    if (!online) {
      // A live socket may still work (a server on this machine), so it is asked at once rather
      // than at the next keepalive; only a waiting retry pauses.
      if (this.currentStatus.kind === 'live') this.probe()
      if (this.currentStatus.kind === 'reconnecting' && this.currentStatus.retryAt !== null) {
        this.clearReconnectTimer()
        this.setStatus({ kind: 'offline' })
      }
    } else if (this.currentStatus.kind === 'offline' || this.currentStatus.kind === 'reconnecting') {
      this.reconnectNow()
    }
  }

  /** Skips the rest of the backoff wait, for a "retry now" button or a tab that became visible. */
  reconnectNow(): void {
    if (this.stopped || this.halted) return
    const status = this.currentStatus
    const waiting = (status.kind === 'reconnecting' && status.retryAt !== null) || status.kind === 'offline'
    if (!waiting) return
    this.clearReconnectTimer()
    this.connect()
  }

  private connect(): void {
    if (this.stopped || this.halted) return
    const url = this.events.opening()
    if (this.currentStatus.kind !== 'connecting') {
      this.setStatus({ kind: 'reconnecting', retryAt: null, attempt: this.attempt })
    }
    let socket: SocketLike
    try {
      socket = this.options.createSocket(url)
    } catch {
      this.scheduleReconnect()
      return
    }
    this.socket = socket
    socket.onmessage = (event) => {
      if (this.socket !== socket) return
      if (typeof event.data === 'string') this.onText(event.data)
    }
    socket.onclose = (event) => {
      if (this.socket === socket) this.onSocketLost(event.code)
    }
    // An error is always followed by a close; the close does the work.
    socket.onerror = () => {}
    socket.onopen = () => {
      if (this.socket === socket) this.lastFrameAt = this.options.clock.now()
    }
  }

  private onText(text: string): void {
    this.lastFrameAt = this.options.clock.now()
    this.pingDeadline = null
    const frame = decodeServerFrame(text)
    if (frame !== null) this.events.frame(frame)
  }

  private closeGently(socket: SocketLike, reason: string): void {
    detach(socket)
    if (socket.readyState === SOCKET_CONNECTING) {
      // Aborting a handshake can leave the server counting this tab as present; finishing it
      // and then closing normally cannot.
      socket.onopen = () => socket.close(1000, reason)
    } else {
      socket.close(1000, reason)
    }
  }

  private onSocketLost(code?: number): void {
    const socket = this.socket
    if (socket !== null) detach(socket)
    const reachedReady = this.liveSince !== null
    this.forgetConnection()
    if (code !== undefined && this.events.finalClose(code)) {
      this.halted = true
      this.setStatus({ kind: 'closed' })
      return
    }
    this.scheduleReconnect()
    if (reachedReady) {
      this.failedConnects = 0
    } else {
      this.failedConnects++
      this.events.connectFailed(this.failedConnects)
    }
  }

  /** What ends with a connection, however it ended; the caller decides when the next one starts. */
  private forgetConnection(): void {
    this.socket = null
    this.clearKeepaliveTimer()
    this.pingDeadline = null
    const wasStable = this.liveSince !== null && this.options.clock.now() - this.liveSince >= this.options.stableAfterMs
    this.liveSince = null
    if (wasStable) this.attempt = 0
    this.events.lost()
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.halted) return
    if (!this.networkOnline) {
      this.setStatus({ kind: 'offline' })
      return
    }
    const delay = backoffDelay(this.attempt, this.options.random(), this.options.backoff)
    this.attempt++
    const retryAt = this.options.clock.now() + delay
    this.clearReconnectTimer()
    this.reconnectTimer = this.options.clock.setTimeout(() => {
      this.reconnectTimer = null
      this.connect()
    }, delay)
    this.setStatus({ kind: 'reconnecting', retryAt, attempt: this.attempt })
  }

  private setStatus(status: ConnectionStatus): void {
    this.currentStatus = status
    this.events.statusChanged()
  }

  // ---- Keepalive -----------------------------------------------------------------------------

  /** After a quiet spell the socket pings; if nothing at all comes back in time, it is replaced. */
  private scheduleKeepalive(): void {
    this.clearKeepaliveTimer()
    const now = this.options.clock.now()
    const due = this.pingDeadline ?? this.lastFrameAt + this.options.keepaliveIdleMs
    this.keepaliveTimer = this.options.clock.setTimeout(() => this.onKeepalive(), Math.max(0, due - now))
  }

  private onKeepalive(): void {
    this.keepaliveTimer = null
    if (this.socket === null || this.currentStatus.kind !== 'live') return
    const now = this.options.clock.now()
    if (this.pingDeadline !== null && now >= this.pingDeadline) {
      const socket = this.socket
      detach(socket)
      socket.close(4001, 'no answer to ping')
      this.onSocketLost()
      return
    }
    if (this.pingDeadline === null && now - this.lastFrameAt >= this.options.keepaliveIdleMs) {
      this.ping(this.options.keepaliveTimeoutMs)
      return
    }
    this.scheduleKeepalive()
  }

  /**
   * Pings now and takes the socket for dead if nothing comes back within `timeoutMs`. A ping
   * already on the wire is not repeated; only its deadline may come sooner.
   */
  private ping(timeoutMs: number): void {
    if (this.socket === null || this.currentStatus.kind !== 'live') return
    const deadline = this.options.clock.now() + timeoutMs
    if (this.pingDeadline === null) this.send(pingFrame())
    if (this.pingDeadline === null || deadline < this.pingDeadline) this.pingDeadline = deadline
    this.scheduleKeepalive()
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer !== null) this.options.clock.clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
  }

  private clearKeepaliveTimer(): void {
    if (this.keepaliveTimer !== null) this.options.clock.clearTimeout(this.keepaliveTimer)
    this.keepaliveTimer = null
  }
}

function detach(socket: SocketLike): void {
  socket.onopen = null
  socket.onmessage = null
  socket.onclose = null
  socket.onerror = null
}
