import type { Clock } from './clock'
import type { MessageStore } from './messageStore'
import { ReadMarker } from './readMarker'

/**
 * This person's reading of one room: the {@link ReadMarker} (which tells the server), where the
 * "New messages" divider goes, and how many messages from others are unread, loaded or not. The
 * server's counts come in `ready` and `read`; what this tab holds of them is counted in the store.
 */
export class RoomReading {
  private readonly marker: ReadMarker
  /** Whether a `ready` arrived on any connection of this view (the first one sets the divider). */
  private everReady = false
  private divider: number | null = null
  /**
   * Unread messages older than anything loaded: the server's exact count less the unread ones this
   * tab holds, when the server last said. Reading past the oldest loaded message clears it.
   */
  private unreadNotLoaded = 0
  /** The server's `unread` from `ready`, until the `history` after it is in the store. */
  private pendingUnread: { lastRead: number; unread: number } | null = null
  private kept = false

  constructor(
    clock: Clock,
    private readonly store: MessageStore,
    /** Puts a `read` frame on the socket; false when it could not. */
    sendRead: (seq: number) => boolean,
  ) {
    this.marker = new ReadMarker(clock, sendRead)
  }

  /** The highest seq read, once the first `ready` came. */
  get markerSeq(): number | null {
    return this.everReady ? this.marker.seq : null
  }

  /** Where the divider goes: after this seq, the marker when the view opened; null with nothing unread then. */
  get unreadFrom(): number | null {
    return this.divider
  }

  /** Whether the server keeps read markers (its `ready` carried `lastRead`). */
  get markersKept(): boolean {
    return this.kept
  }

  /** Messages from others after the marker that are not deleted, loaded or not. */
  get unread(): number {
    if (!this.everReady) return 0
    const marker = this.marker.seq
    const oldest = this.store.oldestSeq
    const notLoaded = oldest !== null && marker >= oldest ? 0 : this.unreadNotLoaded
    return notLoaded + this.store.countUnreadAfter(marker)
  }

  /** A `ready`: `lastRead` and `unread` are absent from a server without markers. */
  ready(roomSeq: number, lastRead: number | undefined, unread: number | undefined): void {
    const first = !this.everReady
    this.everReady = true
    this.marker.connected(lastRead, roomSeq, first)
    this.kept = lastRead !== undefined
    if (lastRead !== undefined) {
      this.pendingUnread = { lastRead, unread: unread ?? 0 }
      if (first && lastRead < roomSeq && (unread ?? 0) > 0) this.divider = lastRead
    }
  }

  /** The `history` after the `ready` is in the store: the server's count can be split now. */
  historyIn(): void {
    if (this.pendingUnread === null) return
    const { lastRead, unread } = this.pendingUnread
    this.unreadNotLoaded = Math.max(0, unread - this.store.countUnreadAfter(lastRead))
    this.pendingUnread = null
  }

  /** The server's marker for this person moved: another tab read further, or this one's `read` landed. */
  serverSays(seq: number, unread: number): void {
    this.marker.serverSays(seq)
    this.unreadNotLoaded = Math.max(0, unread - this.store.countUnreadAfter(seq))
  }

  /** This person saw the entry at `seq`. Returns whether the marker moved. */
  read(seq: number): boolean {
    return this.everReady && this.marker.read(seq)
  }

  disconnected(): void {
    this.marker.disconnected()
  }

  stop(): void {
    this.marker.stop()
  }
}
