import type { Clock, TimerHandle } from './clock'
import type { UserRef } from './protocol'

/**
 * Who is typing in the room, as this tab shows it: each person for `displayMs` after their last
 * typing frame, or until their message arrives or they leave. `expired` is called when someone's
 * time ran out, so the view can drop them.
 */
export class TypingList {
  private readonly typing = new Map<string, { user: UserRef; until: number }>()
  private timer: TimerHandle | null = null

  constructor(
    private readonly clock: Clock,
    private readonly displayMs: number,
    private readonly expired: () => void,
  ) {}

  get users(): UserRef[] {
    return [...this.typing.values()].map((entry) => entry.user)
  }

  typed(user: UserRef): void {
    this.typing.set(user.id, { user, until: this.clock.now() + this.displayMs })
    this.scheduleExpiry()
  }

  /** Someone's message arrived: they are no longer typing it. */
  remove(userId: string): void {
    this.typing.delete(userId)
  }

  /** Whoever is not among the online ones any more is no longer typing. */
  keepOnly(online: readonly UserRef[]): void {
    const ids = new Set(online.map((user) => user.id))
    for (const id of this.typing.keys()) if (!ids.has(id)) this.typing.delete(id)
  }

  clear(): void {
    this.typing.clear()
  }

  stop(): void {
    this.cancel()
  }

  private scheduleExpiry(): void {
    this.cancel()
    let soonest = Number.POSITIVE_INFINITY
    for (const entry of this.typing.values()) soonest = Math.min(soonest, entry.until)
    if (soonest === Number.POSITIVE_INFINITY) return
    const delay = Math.max(0, soonest - this.clock.now())
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      const now = this.clock.now()
      for (const [id, entry] of this.typing) if (entry.until <= now) this.typing.delete(id)
      this.scheduleExpiry()
      this.expired()
    }, delay)
  }

  private cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }
}
