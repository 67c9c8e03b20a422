import type { Clock, TimerHandle } from './clock'

/** How long a read marker that moved waits before it goes on the wire, gathering what follows. */
export const READ_COALESCE_MS = 1_000

/**
 * This person's read marker in one room, and when to tell the server about it. The marker only
 * moves forward; reading another message within {@link READ_COALESCE_MS} of the last one sends one
 * `read` frame for both, and a marker that moved while the socket was down goes once it is back.
 * The server's own word (`ready.lastRead`, a `read` frame from another tab) moves it as well.
 *
 * A server from before read markers has none: then the marker is this view's alone (it starts at
 * the room's seq when the view opened) and nothing is sent, which such a server would refuse.
 */
export class ReadMarker {
  private current = 0
  /** The highest marker the server is known to have: what it said, or what was sent to it. */
  private acknowledged = 0
  private supported = false
  private live = false
  private timer: TimerHandle | null = null

  constructor(
    private readonly clock: Clock,
    /** Puts `{"type":"read","seq":N}` on the socket; false when it could not. */
    private readonly send: (seq: number) => boolean,
    private readonly delayMs = READ_COALESCE_MS,
  ) {}

  get seq(): number {
    return this.current
  }

  /**
   * A new connection is ready: `lastRead` is the server's marker, absent from a server without
   * markers (then `roomSeq`, where the view opened, stands in for it the first time).
   */
  connected(lastRead: number | undefined, roomSeq: number, firstConnection: boolean): void {
    this.live = true
    this.supported = lastRead !== undefined
    if (lastRead !== undefined) {
      this.acknowledged = lastRead
      this.current = Math.max(this.current, lastRead)
    } else if (firstConnection) {
      this.current = Math.max(this.current, roomSeq)
    }
    this.schedule()
  }

  disconnected(): void {
    this.live = false
    this.cancel()
  }

  /** The server says the marker is at `seq` (another tab of this person read further, or this one). */
  serverSays(seq: number): void {
    this.acknowledged = Math.max(this.acknowledged, seq)
    this.current = Math.max(this.current, seq)
  }

  /** This person saw the entry at `seq`. Returns whether the marker moved. */
  read(seq: number): boolean {
    if (seq <= this.current) return false
    this.current = seq
    this.schedule()
    return true
  }

  stop(): void {
    this.cancel()
  }

  private schedule(): void {
    if (!this.supported || !this.live || this.timer !== null || this.current <= this.acknowledged) return
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      this.flush()
    }, this.delayMs)
  }

  private flush(): void {
    if (!this.supported || !this.live || this.current <= this.acknowledged) return
    if (this.send(this.current)) this.acknowledged = this.current
  }

  private cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }
}
