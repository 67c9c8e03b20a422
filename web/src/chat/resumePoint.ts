/** A range of seqs in the room's log, both ends included. */
export type SeqRange = { from: number; to: number }

/**
 * Where this view stands in the room's log: every seq up to {@link seq} is in the store or being
 * fetched over HTTP, so the next connection resumes with `since` = {@link seq} of the log named by
 * {@link epoch}. It decides from the frames of each connection (`ready`, `gap`, `history`, then
 * live entries) where the view stands and which holes must be fetched; it does no I/O.
 */
export class ResumePoint {
  private resumeSeq: number | null = null
  private logEpoch: string | null = null
  /** The room's seq from the current connection's `ready`, until its `history` arrives. */
  private readySeq: number | null = null
  private gapOnThisConnection: SeqRange | null = null

  /** Null until the first join's history came (and again after a reset): then no `since` is sent. */
  get seq(): number | null {
    return this.resumeSeq
  }

  /** The `epoch` of the log this view's seqs come from; null before the first `ready`. */
  get epoch(): string | null {
    return this.logEpoch
  }

  /** A new connection starts: what the last one said about its own replay no longer holds. */
  connecting(): void {
    this.readySeq = null
    this.gapOnThisConnection = null
  }

  ready(roomSeq: number, epoch: string | null): void {
    this.logEpoch = epoch
    this.readySeq = roomSeq
  }

  /** The server's log is not the one this view was built from: the next history is a first join's. */
  reset(): void {
    this.resumeSeq = null
    this.gapOnThisConnection = null
  }

  /** The server could not replay this range; it is fetched over HTTP, and the replay starts after it. */
  gap(from: number, to: number): void {
    this.gapOnThisConnection = { from, to }
    if (this.resumeSeq !== null) this.resumeSeq = Math.max(this.resumeSeq, to)
  }

  /** A first join's history is in the store, up to `highestSeq` (0 in an empty room). */
  joined(highestSeq: number): void {
    this.resumeSeq = Math.max(highestSeq, this.gapOnThisConnection?.to ?? 0)
  }

  /**
   * A resume's replay ends at `lastSeq`. A replay holds every message after the resume point, by
   * the protocol: the seqs between its messages are changes, not holes.
   */
  replayed(lastSeq: number): void {
    this.resumeSeq = Math.max(this.resumeSeq ?? 0, lastSeq)
  }

  /**
   * The connection's `history` is all in. It reaches the room's seq in `ready`, in current state:
   * the entries after its last message up to there are changes, which that state already shows.
   * Returns that seq (null without a `ready` before), through which the view has seen the log.
   */
  historyDone(): number | null {
    const roomSeq = this.readySeq
    if (roomSeq !== null && this.resumeSeq !== null && roomSeq > this.resumeSeq) this.resumeSeq = roomSeq
    this.readySeq = null
    return roomSeq
  }

  /** A live entry (a message or a change) at `seq`: returns the hole before it, to fetch over HTTP. */
  follow(seq: number): SeqRange | null {
    const hole = this.resumeSeq !== null && seq > this.resumeSeq + 1 ? { from: this.resumeSeq + 1, to: seq - 1 } : null
    if (this.resumeSeq === null || seq > this.resumeSeq) this.resumeSeq = seq
    return hole
  }
}
