import type { Clock, TimerHandle } from './clock'
import type { MessageStore } from './messageStore'
import type { ChangeFrame, ChatMessage, HistoryPage } from './protocol'
import { ResumePoint, type SeqRange } from './resumePoint'

export type HistoryQuery = { before: number; limit: number } | { after: number; limit: number }
export type HistoryFetcher = (query: HistoryQuery) => Promise<HistoryPage>

const GAP_RETRY_MS = 3_000
const GAP_ATTEMPTS = 5
const GAP_PAGE_LIMIT = 100
const OLDER_PAGE_LIMIT = 50

type Gap = SeqRange & { attempts: number }

export type RoomSyncOptions = {
  store: MessageStore
  fetchHistory: HistoryFetcher
  clock: Clock
}

/** What the sync needs of the room around it. */
export type RoomSyncEvents = {
  notice(tone: 'error' | 'info', text: string): void
  changed(): void
  isStopped(): boolean
  /** New messages arrived on the socket, after what this tab had seen. */
  arrived(messages: readonly ChatMessage[]): void
}

/**
 * The room's log as this view holds it: the messages of each connection's `history` and the live
 * entries after it go into the {@link MessageStore} once each, in order, and the {@link ResumePoint}
 * follows them; what the socket could not bring (a gap the server could not replay, a hole in the
 * live stream) is fetched over HTTP and retried, and older pages are loaded on request.
 */
export class RoomSync {
  private readonly resume = new ResumePoint()
  private historyReceived = false
  private joinedRoom = false
  private olderExist = false
  private loadingOlderPage = false
  private incoming = 0
  private lastIncomingMessage: ChatMessage | null = null
  private readonly gaps: Gap[] = []
  private fillingGaps = false
  private gapRetryTimer: TimerHandle | null = null

  constructor(
    private readonly options: RoomSyncOptions,
    private readonly events: RoomSyncEvents,
  ) {}

  private get store(): MessageStore {
    return this.options.store
  }

  /** The resume point: null until the first join's history came. */
  get resumeSeq(): number | null {
    return this.resume.seq
  }

  /** Whether this connection's `history` came, so live entries and sends may follow. */
  get hasHistory(): boolean {
    return this.historyReceived
  }

  /** True once the first `history` arrived, so the view can tell "empty room" from "loading". */
  get joined(): boolean {
    return this.joinedRoom
  }

  get hasOlder(): boolean {
    return this.olderExist
  }

  get loadingOlder(): boolean {
    return this.loadingOlderPage
  }

  /** Messages from others that arrived after the first join, counted once each. */
  get incomingCount(): number {
    return this.incoming
  }

  get lastIncoming(): ChatMessage | null {
    return this.lastIncomingMessage
  }

  /**
   * A new socket is about to open: returns where it resumes from (`lastId` is the id of the
   * message at `since` when this view holds it), and forgets what the last connection said.
   */
  connecting(): { since: number | null; epoch: string | null; lastId: string | null } {
    const since = this.resume.seq
    const lastId = since === null ? null : (this.store.at(since)?.id ?? null)
    const resumeFrom = { since, epoch: this.resume.epoch, lastId }
    this.historyReceived = false
    this.resume.connecting()
    return resumeFrom
  }

  ready(roomSeq: number, epoch: string | null): void {
    this.resume.ready(roomSeq, epoch)
  }

  /**
   * The server's log is not the one this view was built from: drop every message and seq, and
   * take the history that follows as a first join's. Unsent messages stay and are sent again.
   */
  reset(): void {
    this.store.clearMessages()
    this.resume.reset()
    this.gaps.length = 0
    this.olderExist = false
    this.events.notice('info', 'This room was restored or reset on the server; it is shown afresh.')
    this.events.changed()
  }

  gap(from: number, to: number, reason: string): void {
    this.resume.gap(from, to)
    if (reason === 'expired') this.events.notice('info', 'Some older messages are no longer available.')
    this.addGap({ from, to })
  }

  /** A connection's `history`; the caller reports the change once its own part is done. */
  history(messages: ChatMessage[], hasMore: boolean, updated: ChatMessage[]): void {
    const resumed = this.resume.seq !== null
    this.historyReceived = true
    this.store.applyUpdated(updated)
    if (!resumed) {
      // Only the first join says whether older messages exist; a resume's `hasMore` is about
      // the replay, not about what lies before the oldest message shown.
      this.olderExist = hasMore
      this.joinedRoom = true
      this.store.addMessages(messages)
      this.resume.joined(this.store.highestSeq ?? 0)
    } else {
      this.acceptNewer(messages, true)
    }
    const roomSeq = this.resume.historyDone()
    if (roomSeq !== null) this.store.markSeenThrough(roomSeq)
  }

  liveMessages(messages: ChatMessage[]): void {
    if (!this.historyReceived) return
    this.acceptNewer(messages)
    this.events.changed()
  }

  /** An edit, delete or reaction: an entry of the log like a message, seen once, in order. */
  change(frame: ChangeFrame): void {
    if (!this.historyReceived) return
    this.follow(frame.seq)
    if (this.store.applyChange(frame)) this.events.changed()
  }

  /** Loads the page of messages before the oldest one shown. */
  async loadOlder(): Promise<void> {
    const before = this.store.oldestSeq
    if (this.loadingOlderPage || !this.olderExist || before === null || this.events.isStopped()) return
    this.loadingOlderPage = true
    this.events.changed()
    try {
      const page = await this.options.fetchHistory({ before, limit: OLDER_PAGE_LIMIT })
      if (this.events.isStopped()) return
      this.store.addMessages(page.messages.filter((message) => message.seq < before))
      this.olderExist = page.hasMore && page.messages.length > 0
    } catch {
      this.events.notice('error', 'Could not load older messages.')
    } finally {
      this.loadingOlderPage = false
      this.events.changed()
    }
  }

  stop(): void {
    this.clearGapRetry()
  }

  /** Moves the resume point to a new entry's seq, fetching over HTTP any hole before it. */
  private follow(seq: number): void {
    const hole = this.resume.follow(seq)
    if (hole !== null) this.addGap(hole)
  }

  /**
   * Takes messages that follow what this tab has seen: drops repeats, notices holes before live
   * ones (and fetches those over HTTP) and counts the ones from others as incoming. A `replay` (a
   * resume's history) is whole by the protocol: the seqs missing between its messages are changes.
   */
  private acceptNewer(messages: ChatMessage[], replay = false): void {
    const sorted = [...messages].sort((a, b) => a.seq - b.seq)
    if (replay) {
      const last = sorted[sorted.length - 1]
      if (last !== undefined) this.resume.replayed(last.seq)
    } else {
      for (const message of sorted) this.follow(message.seq)
    }
    const added = this.store.addMessages(sorted)
    this.events.arrived(added)
    this.countIncoming(added)
  }

  private countIncoming(added: readonly ChatMessage[]): void {
    for (const message of added) {
      if (!this.store.isOwn(message)) {
        this.incoming++
        this.lastIncomingMessage = message
      }
    }
  }

  // ---- Gaps over HTTP ------------------------------------------------------------------------

  private addGap({ from, to }: SeqRange): void {
    if (from > to) return
    this.gaps.push({ from, to, attempts: 0 })
    void this.fillGaps()
  }

  private async fillGaps(): Promise<void> {
    if (this.fillingGaps || this.events.isStopped()) return
    this.fillingGaps = true
    try {
      while (this.gaps.length > 0 && !this.events.isStopped()) {
        const gap = this.gaps[0]
        if (gap === undefined) break
        try {
          await this.fillGap(gap)
          this.gaps.shift()
        } catch {
          gap.attempts++
          if (gap.attempts >= GAP_ATTEMPTS) {
            this.gaps.shift()
            this.events.notice('error', 'Some messages could not be loaded. Reload the page to try again.')
          } else {
            this.clearGapRetry()
            this.gapRetryTimer = this.options.clock.setTimeout(() => {
              this.gapRetryTimer = null
              void this.fillGaps()
            }, GAP_RETRY_MS * gap.attempts)
          }
          return
        }
      }
    } finally {
      this.fillingGaps = false
    }
  }

  private clearGapRetry(): void {
    if (this.gapRetryTimer !== null) this.options.clock.clearTimeout(this.gapRetryTimer)
    this.gapRetryTimer = null
  }

  private async fillGap(gap: Gap): Promise<void> {
    let cursor = gap.from - 1
    let firstSeen: number | null = null
    /** Whether the range held changes: then seqs without a message are those, not lost messages. */
    let changesSeen = false
    while (cursor < gap.to) {
      const page = await this.options.fetchHistory({ after: cursor, limit: GAP_PAGE_LIMIT })
      if (this.events.isStopped()) return
      const inRange = page.messages.filter((message) => message.seq > cursor && message.seq <= gap.to)
      if (firstSeen === null && inRange[0] !== undefined) firstSeen = inRange[0].seq
      if (page.updated !== undefined && page.updated.length > 0) changesSeen = true
      this.store.applyUpdated(page.updated ?? [])
      this.countIncoming(this.store.addMessages(inRange))
      this.events.changed()
      const last = page.messages[page.messages.length - 1]
      if (last === undefined || !page.hasMore) break
      cursor = last.seq
    }
    this.store.markSeenThrough(gap.to)
    this.events.changed()
    if (!changesSeen && (firstSeen === null || firstSeen > gap.from)) {
      // The server no longer has the start of the range (retention removed it).
      if (!this.store.has(gap.from)) this.events.notice('info', 'Some older messages are no longer available.')
    }
  }
}
