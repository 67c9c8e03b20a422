import type { Clock, TimerHandle } from './clock'

export type Notice = { id: number; tone: 'error' | 'info'; text: string }

const NOTICE_LIFETIME_MS = 10_000

/**
 * The notices a room shows the person: each once (a repeat of one on screen is dropped), each
 * gone after a while or when dismissed. `changed` is called whenever the list changed.
 */
export class NoticeList {
  private list: Notice[] = []
  private nextId = 1
  private readonly timers = new Map<number, TimerHandle>()

  constructor(
    private readonly clock: Clock,
    private readonly changed: () => void,
    private readonly lifetimeMs = NOTICE_LIFETIME_MS,
  ) {}

  get all(): Notice[] {
    return this.list
  }

  add(tone: Notice['tone'], text: string): void {
    if (this.list.some((notice) => notice.text === text)) return
    const id = this.nextId++
    this.list = [...this.list, { id, tone, text }]
    this.timers.set(
      id,
      this.clock.setTimeout(() => this.dismiss(id), this.lifetimeMs),
    )
    this.changed()
  }

  dismiss(id: number): void {
    const timer = this.timers.get(id)
    if (timer !== undefined) this.clock.clearTimeout(timer)
    this.timers.delete(id)
    const remaining = this.list.filter((notice) => notice.id !== id)
    if (remaining.length === this.list.length) return
    this.list = remaining
    this.changed()
  }

  stop(): void {
    for (const timer of this.timers.values()) this.clock.clearTimeout(timer)
    this.timers.clear()
  }
}
