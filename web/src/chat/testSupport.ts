// Fakes for unit tests: a clock that only moves when told to, and a socket the test plays the
// server on. Not imported by the app.
import type { Clock, TimerHandle } from './clock'
import type { ChatMessage } from './protocol'
import type { SocketLike } from './reconnectingSocket'

type Timer = { id: number; at: number; callback: () => void }

export class FakeClock implements Clock {
  private current: number
  private nextId = 1
  private timers: Timer[] = []

  constructor(start = 1_000_000) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, delayMs), callback }
    this.timers.push(timer)
    return timer.id
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle)
  }

  /** Moves time forward, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const end = this.current + ms
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0]
      if (due === undefined) break
      this.timers = this.timers.filter((timer) => timer !== due)
      this.current = Math.max(this.current, due.at)
      due.callback()
    }
    this.current = end
  }

  pendingTimers(): number {
    return this.timers.length
  }
}

export class FakeSocket implements SocketLike {
  readyState = 0
  readonly sent: string[] = []
  closedByClient: { code?: number; reason?: string } | null = null
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError: socket is not open')
    this.sent.push(data)
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason }
    this.readyState = 3
  }

  // ---- The test plays the server ----

  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }

  receive(frame: object | string): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) })
  }

  /** The server (or the network) ends the connection. */
  drop(code = 1006): void {
    this.readyState = 3
    this.onerror?.({})
    this.onclose?.({ code, reason: '' })
  }

  /** The JSON frames the client sent, parsed; bare words are kept as strings. */
  frames(): Array<Record<string, unknown> | string> {
    return this.sent.map((text) => {
      try {
        return JSON.parse(text) as Record<string, unknown>
      } catch {
        return text
      }
    })
  }

  sends(): Array<{ text: string; clientId: string }> {
    return this.frames().filter(
      (frame): frame is { type: 'send'; text: string; clientId: string } =>
        typeof frame === 'object' && frame.type === 'send',
    )
  }
}

export function message(seq: number, from = 'u_other', text = `message ${seq}`): ChatMessage {
  return {
    seq,
    id: `m_${seq}`,
    from,
    name: from === 'u_other' ? 'Grace' : 'Ada',
    fromKind: 'guest',
    message: text,
    timestamp: 1_764_208_800_000 + seq,
  }
}

export function messages(from: number, to: number, sender = 'u_other'): ChatMessage[] {
  const list: ChatMessage[] = []
  for (let seq = from; seq <= to; seq++) list.push(message(seq, sender))
  return list
}

export function messageFrame(chat: ChatMessage): object {
  return { type: 'message', ...chat }
}
