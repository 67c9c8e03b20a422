import { describe, expect, it } from 'vitest'
import type { ChatMessage, HistoryPage } from './protocol'
import { mergeOutbox, type OutboxMemory, type SavedOutgoing } from './outbox'
import { RoomClient, type RoomClientOptions } from './roomClient'
import type { HistoryQuery } from './roomSync'
import { FakeClock, FakeSocket, message, messageFrame, messages } from './testSupport'

type Join = {
  you?: string
  seq: number
  history: ChatMessage[]
  hasMore?: boolean
  gap?: { from: number; to: number; reason: string }
  protocol?: number
  /** The fields of the `presence` frame after `history`; a snapshot of this tab alone by default. */
  presence?: object
  /** The read marker in `ready`; absent, as from a server without markers, unless given. */
  lastRead?: number
  unread?: number
  updated?: ChatMessage[]
}

function setup(overrides: Partial<RoomClientOptions> = {}) {
  const clock = new FakeClock()
  const sockets: FakeSocket[] = []
  const historyCalls: HistoryQuery[] = []
  let serveHistory: (query: HistoryQuery) => Promise<HistoryPage> = async () => ({ messages: [], hasMore: false })
  let nextClientId = 0
  const client = new RoomClient({
    socketUrl: (since, epoch, lastId) =>
      `ws://dormouse.test/api/chat/lobby?name=Ada${since === null ? '' : `&since=${since}`}${epoch === null ? '' : `&epoch=${epoch}`}${lastId === null ? '' : `&last=${lastId}`}`,
    createSocket: (url) => {
      const socket = new FakeSocket(url)
      sockets.push(socket)
      return socket
    },
    fetchHistory: (query) => {
      historyCalls.push(query)
      return serveHistory(query)
    },
    clock,
    random: () => 0.5,
    newClientId: () => `c-${++nextClientId}`,
    ...overrides,
  })
  client.start()

  const socket = (): FakeSocket => {
    const last = sockets[sockets.length - 1]
    if (last === undefined) throw new Error('no socket yet')
    return last
  }

  /** Plays the server's side of a successful (re)connection on the newest socket. */
  const join = ({
    you = 'u_me',
    seq,
    history,
    hasMore = false,
    gap,
    protocol = 2,
    presence,
    lastRead,
    unread,
    updated,
  }: Join): FakeSocket => {
    const current = socket()
    current.open()
    const marker = lastRead === undefined ? {} : { lastRead, unread: unread ?? 0 }
    current.receive({
      type: 'ready',
      protocol,
      you: { id: you, name: 'Ada', kind: 'guest' },
      room: 'lobby',
      seq,
      ...marker,
    })
    if (gap) current.receive({ type: 'gap', ...gap })
    current.receive({
      type: 'history',
      messages: history.map(messageFrame),
      hasMore,
      ...(updated === undefined ? {} : { updated: updated.map(messageFrame) }),
    })
    current.receive({
      type: 'presence',
      ...(presence ?? { online: [{ id: you, name: 'Ada', kind: 'guest' }], count: 1 }),
    })
    return current
  }

  const seqs = () => client.getState().timeline.flatMap((item) => (item.kind === 'message' ? [item.message.seq] : []))

  return {
    client,
    clock,
    sockets,
    socket,
    join,
    seqs,
    historyCalls,
    serveHistoryWith: (handler: (query: HistoryQuery) => Promise<HistoryPage>) => {
      serveHistory = handler
    },
  }
}

/** Lets pending promise callbacks (the HTTP fetches) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** What a server holding `all` answers to the history API. */
function historyServer(all: ChatMessage[]) {
  return async (query: HistoryQuery): Promise<HistoryPage> => {
    if ('after' in query) {
      const newer = all.filter((m) => m.seq > query.after)
      return { messages: newer.slice(0, query.limit), hasMore: newer.length > query.limit }
    }
    const older = all.filter((m) => m.seq < query.before)
    return { messages: older.slice(-query.limit), hasMore: older.length > query.limit }
  }
}

describe('backoff', () => {
  it('waits longer after each failed attempt and says when it will retry', () => {
    const { client, clock, sockets, socket, join } = setup()
    join({ seq: 0, history: [] })
    socket().drop(1012)

    const waits: number[] = []
    for (let attempt = 0; attempt < 4; attempt++) {
      const status = client.getState().status
      expect(status.kind).toBe('reconnecting')
      if (status.kind !== 'reconnecting' || status.retryAt === null) throw new Error('no retry planned')
      const wait = status.retryAt - clock.now()
      waits.push(wait)
      const before = sockets.length
      clock.advance(wait - 1)
      expect(sockets.length).toBe(before)
      clock.advance(1)
      expect(sockets.length).toBe(before + 1)
      expect(client.getState().status).toMatchObject({ kind: 'reconnecting', retryAt: null })
      socket().drop() // the server is still down
    }
    expect(waits).toEqual([375, 750, 1500, 3000])
  })

  it('starts over after a connection that stayed live', () => {
    const { client, clock, socket, join } = setup({ keepaliveIdleMs: 600_000 })
    join({ seq: 0, history: [] })
    socket().drop()
    clock.advance(375)
    socket().drop()
    clock.advance(750)
    join({ seq: 0, history: [] })
    clock.advance(60_000)
    socket().drop()
    const status = client.getState().status
    expect(status.kind === 'reconnecting' && status.retryAt! - clock.now()).toBe(375)
  })

  it('waits for the network when the browser is offline, then connects at once', () => {
    const { client, clock, sockets, socket, join } = setup()
    join({ seq: 0, history: [] })
    socket().drop()
    client.setNetworkOnline(false)
    expect(client.getState().status.kind).toBe('offline')
    clock.advance(60_000)
    expect(sockets).toHaveLength(1)
    client.setNetworkOnline(true)
    expect(sockets).toHaveLength(2)
  })
})

describe('resume', () => {
  it('connects without since first, then with the highest seq seen', () => {
    const { clock, socket, join, sockets } = setup()
    expect(socket().url).not.toContain('since')
    join({ seq: 3, history: messages(1, 3) })
    socket().receive(messageFrame(message(4)))
    socket().drop()
    clock.advance(10_000)
    expect(sockets).toHaveLength(2)
    expect(socket().url).toContain('since=4')
  })

  it('names the message it resumes from, so an older copy of the log can tell it apart', () => {
    const { clock, socket, join } = setup()
    join({ seq: 3, history: messages(1, 3) })
    socket().drop()
    clock.advance(10_000)
    expect(socket().url).toContain(`since=3&last=${message(3).id}`)
  })

  it('resumes an empty room from 0', () => {
    const { clock, socket, join } = setup()
    join({ seq: 0, history: [] })
    socket().drop()
    clock.advance(10_000)
    expect(socket().url).toContain('since=0')
  })

  it('keeps the resume point when a reconnect fails before its history', () => {
    const { clock, socket, join } = setup()
    join({ seq: 5, history: messages(1, 5) })
    socket().drop()
    clock.advance(10_000)
    socket().open()
    socket().receive({
      type: 'ready',
      protocol: 2,
      you: { id: 'u_2', name: 'Ada', kind: 'guest' },
      room: 'lobby',
      seq: 9,
    })
    socket().drop() // before the history: the seqs 6..9 were never seen
    clock.advance(10_000)
    expect(socket().url).toContain('since=5')
  })

  it('resumes with the epoch of its log, and starts over when the server resets it', () => {
    const { clock, socket, seqs } = setup()
    socket().open()
    socket().receive({
      type: 'ready',
      protocol: 2,
      you: { id: 'u_me', name: 'Ada', kind: 'guest' },
      room: 'lobby',
      seq: 5,
      epoch: 'old',
    })
    socket().receive({ type: 'history', messages: messages(1, 5).map(messageFrame), hasMore: false })
    socket().drop()
    clock.advance(10_000)
    expect(socket().url).toContain('since=5&epoch=old')
    socket().open()
    socket().receive({
      type: 'ready',
      protocol: 2,
      you: { id: 'u_me', name: 'Ada', kind: 'guest' },
      room: 'lobby',
      seq: 2,
      epoch: 'new',
    })
    socket().receive({ type: 'reset', epoch: 'new', seq: 2 })
    socket().receive({ type: 'history', messages: messages(1, 2).map(messageFrame), hasMore: false })
    socket().receive(messageFrame(message(3)))
    // Without the reset, 1..5 would stay and the new 3 would be dropped as already seen.
    expect(seqs()).toEqual([1, 2, 3])
    socket().drop()
    clock.advance(10_000)
    expect(socket().url).toContain('since=3&epoch=new')
  })

  it('adds the replay after what was shown, and live messages after that', () => {
    const { clock, socket, join, seqs } = setup()
    join({ seq: 3, history: messages(1, 3) })
    socket().drop()
    clock.advance(10_000)
    join({ you: 'u_me2', seq: 6, history: messages(4, 6) })
    socket().receive(messageFrame(message(7)))
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(socket().url).toContain('since=3')
  })
})

describe('dedupe by seq', () => {
  it('shows a message once whichever way it arrives', () => {
    const { clock, socket, join, seqs } = setup()
    join({ seq: 3, history: messages(1, 3) })
    socket().receive(messageFrame(message(3)))
    socket().receive(messageFrame(message(4)))
    socket().receive(messageFrame(message(4)))
    socket().drop()
    clock.advance(10_000)
    // A replay that overlaps what is shown (as after a resend with an older since).
    join({ seq: 5, history: messages(2, 5) })
    socket().receive(messageFrame(message(5)))
    expect(seqs()).toEqual([1, 2, 3, 4, 5])
  })

  it('counts each incoming message once', () => {
    const { client, socket, join } = setup()
    join({ seq: 1, history: messages(1, 1) })
    socket().receive(messageFrame(message(2)))
    socket().receive(messageFrame(message(2)))
    socket().receive(messageFrame(message(3, 'u_me')))
    expect(client.getState().incomingCount).toBe(1)
    expect(client.getState().lastIncoming?.seq).toBe(2)
  })
})

describe('sending', () => {
  it('shows a message as pending at once, then sent on its ack', () => {
    const { client, socket, join } = setup()
    join({ seq: 0, history: [] })
    client.send('hello')
    expect(socket().sends()).toEqual([{ type: 'send', text: 'hello', clientId: 'c-1' }])
    const pending = client.getState().timeline[0]
    expect(pending).toMatchObject({ kind: 'outgoing', outgoing: { status: 'pending', text: 'hello' } })

    socket().receive({ type: 'ack', clientId: 'c-1', seq: 1 })
    expect(client.getState().timeline).toEqual([
      { kind: 'outgoing', outgoing: expect.objectContaining({ status: 'sent', seq: 1 }) },
    ])
    socket().receive(messageFrame(message(1, 'u_me', 'hello')))
    expect(client.getState().timeline).toEqual([{ kind: 'message', message: message(1, 'u_me', 'hello'), own: true }])
  })

  it('treats an echo that comes before the ack the same way', () => {
    const { client, socket, join } = setup()
    join({ seq: 0, history: [] })
    client.send('hello')
    socket().receive(messageFrame(message(1, 'u_me', 'hello')))
    socket().receive({ type: 'ack', clientId: 'c-1', seq: 1 })
    expect(client.getState().timeline).toHaveLength(1)
    expect(client.getState().timeline[0]).toMatchObject({ kind: 'message', own: true })
  })

  it('recognises its own messages by acked seq under an older guest id', () => {
    const { client, clock, socket, join } = setup()
    join({ you: 'u_first', seq: 0, history: [] })
    client.send('from my first connection')
    socket().receive({ type: 'ack', clientId: 'c-1', seq: 1 })
    socket().drop()
    clock.advance(10_000)
    join({ you: 'u_second', seq: 1, history: [message(1, 'u_somebody', 'from my first connection')] })
    expect(client.getState().timeline[0]).toMatchObject({ kind: 'message', own: true })
  })

  it('queues a message typed while disconnected and sends it once after the replay', () => {
    const { client, clock, socket, join } = setup()
    join({ seq: 2, history: messages(1, 2) })
    socket().drop()
    client.send('typed during the outage')
    expect(client.getState().timeline.at(-1)).toMatchObject({ outgoing: { status: 'queued' } })
    clock.advance(10_000)
    const next = socket()
    next.open()
    next.receive({ type: 'ready', protocol: 2, you: { id: 'u_2', name: 'Ada', kind: 'guest' }, room: 'lobby', seq: 3 })
    expect(next.sends()).toEqual([]) // not before the history is in
    next.receive({ type: 'history', messages: [messageFrame(message(3))], hasMore: false })
    expect(next.sends()).toEqual([{ type: 'send', text: 'typed during the outage', clientId: 'c-1' }])
    next.receive({ type: 'ack', clientId: 'c-1', seq: 4 })
    next.receive(messageFrame(message(4, 'u_2', 'typed during the outage')))
    expect(next.sends()).toHaveLength(1)
    const texts = client
      .getState()
      .timeline.map((item) => (item.kind === 'message' ? item.message.message : item.outgoing.text))
    expect(texts.filter((text) => text === 'typed during the outage')).toHaveLength(1)
  })

  it('resends an unacked message with its original clientId after a reconnect', () => {
    const { client, clock, socket, join } = setup()
    join({ seq: 0, history: [] })
    client.send('one')
    client.send('two')
    socket().receive({ type: 'ack', clientId: 'c-1', seq: 1 })
    socket().drop() // "two" went out but its ack never came
    clock.advance(10_000)
    const next = join({ you: 'u_2', seq: 2, history: [message(1, 'u_1', 'one'), message(2, 'u_1', 'two')] })
    expect(next.sends()).toEqual([{ type: 'send', text: 'two', clientId: 'c-2' }])
    // The server recognises the clientId: it acks with the original seq and broadcasts nothing.
    next.receive({ type: 'ack', clientId: 'c-2', seq: 2 })
    expect(client.getState().timeline.map((item) => item.kind)).toEqual(['message', 'message'])
    expect(client.getState().timeline.every((item) => item.kind === 'message' && item.own)).toBe(true)
  })

  it('never shows a message twice while the resend of one stored before a drop waits for its ack', () => {
    const { client, clock, socket, join } = setup()
    join({ you: 'u_first', seq: 2, history: messages(1, 2) })
    client.send('stored, but the ack was lost')
    socket().drop()
    clock.advance(10_000)
    const next = socket()
    next.open()
    next.receive({
      type: 'ready',
      protocol: 2,
      you: { id: 'u_second', name: 'Ada', kind: 'guest' },
      room: 'lobby',
      seq: 3,
    })
    next.receive({
      type: 'history',
      messages: [messageFrame(message(3, 'u_first', 'stored, but the ack was lost'))],
      hasMore: false,
    })
    const texts = () =>
      client.getState().timeline.map((item) => (item.kind === 'message' ? item.message.message : item.outgoing.text))
    expect(next.sends()).toEqual([{ type: 'send', text: 'stored, but the ack was lost', clientId: 'c-1' }])
    expect(texts().filter((text) => text === 'stored, but the ack was lost')).toHaveLength(1)
    next.receive({ type: 'ack', clientId: 'c-1', seq: 3 })
    expect(texts().filter((text) => text === 'stored, but the ack was lost')).toHaveLength(1)
    expect(client.getState().timeline.at(-1)).toMatchObject({ kind: 'message', own: true })
  })

  it('still shows a new message whose text matches an older one of mine', () => {
    const { client, socket, join } = setup()
    join({ you: 'u_me', seq: 1, history: [message(1, 'u_me', 'ok')] })
    socket().drop()
    client.send('ok')
    expect(client.getState().timeline.map((item) => item.kind)).toEqual(['message', 'outgoing'])
  })

  it('fails a message the server refuses, and retries it under the same clientId', () => {
    const { client, socket, join } = setup()
    join({ seq: 0, history: [] })
    client.send('x'.repeat(10))
    socket().receive({ type: 'error', code: 'unavailable', message: 'Disk full.', clientId: 'c-1' })
    expect(client.getState().timeline[0]).toMatchObject({ outgoing: { status: 'failed', error: expect.any(String) } })
    client.retry('c-1')
    expect(
      socket()
        .sends()
        .map((frame) => frame.clientId),
    ).toEqual(['c-1', 'c-1'])
    expect(client.getState().timeline[0]).toMatchObject({ outgoing: { status: 'pending' } })
  })

  it('pings when an ack is overdue, and fails the message if the server answers but never acks', () => {
    const { client, clock, socket, join } = setup({ ackTimeoutMs: 10_000, keepaliveIdleMs: 60_000 })
    join({ seq: 0, history: [] })
    client.send('hello')
    clock.advance(9_999)
    expect(socket().sent).not.toContain('ping')
    clock.advance(1)
    expect(socket().sent.at(-1)).toBe('ping')
    // Until the pong, a dead link and a slow server look the same: the message still waits.
    expect(client.getState().timeline[0]).toMatchObject({ outgoing: { status: 'pending' } })
    socket().receive('pong')
    expect(client.getState().timeline[0]).toMatchObject({
      outgoing: { status: 'failed', error: 'Not confirmed by the server. Retry it.' },
    })
    expect(client.getState().status.kind).toBe('live')
  })

  it('replaces a socket that drops frames silently, found by an overdue ack, and resends under the same clientId', () => {
    const { client, clock, sockets, join } = setup({
      ackTimeoutMs: 10_000,
      probeTimeoutMs: 5_000,
      keepaliveIdleMs: 60_000,
    })
    const first = join({ seq: 0, history: [] })
    client.send('into the void')
    clock.advance(10_000 + 4_999)
    expect(client.getState().status.kind).toBe('live')
    clock.advance(1)
    expect(first.closedByClient).toEqual({ code: 4001, reason: 'no answer to ping' })
    expect(client.getState().status).toMatchObject({ kind: 'reconnecting' })
    expect(client.getState().timeline[0]).toMatchObject({ outgoing: { status: 'queued' } })
    clock.advance(10_000)
    expect(sockets).toHaveLength(2)
    const second = join({ seq: 0, history: [] })
    expect(second.sends()).toEqual([{ type: 'send', text: 'into the void', clientId: 'c-1' }])
  })

  it('resends a message that was shown as not confirmed after the next reconnect, without a retry', () => {
    const { client, clock, socket, join } = setup({ ackTimeoutMs: 10_000, keepaliveIdleMs: 60_000 })
    join({ seq: 0, history: [] })
    client.send('stuck')
    clock.advance(10_000)
    socket().receive('pong')
    expect(client.getState().timeline[0]).toMatchObject({ outgoing: { status: 'failed' } })
    socket().drop()
    clock.advance(10_000)
    const next = join({ you: 'u_me', seq: 0, history: [] })
    expect(next.sends()).toEqual([{ type: 'send', text: 'stuck', clientId: 'c-1' }])
    expect(client.getState().timeline[0]).toMatchObject({ outgoing: { status: 'pending' } })
    next.receive({ type: 'ack', clientId: 'c-1', seq: 1 })
    expect(client.getState().timeline[0]).toMatchObject({ outgoing: { status: 'sent', seq: 1 } })
  })

  it('resends after a reconnect what the server could not store, but not what it refused for good', () => {
    const { client, clock, socket, join } = setup()
    join({ seq: 0, history: [] })
    client.send('the disk was full')
    client.send('too long, say')
    socket().receive({ type: 'error', code: 'unavailable', message: 'Disk full.', clientId: 'c-1' })
    socket().receive({ type: 'error', code: 'too_large', message: 'Too long.', clientId: 'c-2' })
    socket().drop()
    clock.advance(10_000)
    const next = join({ seq: 0, history: [] })
    expect(next.sends().map((frame) => frame.clientId)).toEqual(['c-1'])
    expect(client.getState().timeline[1]).toMatchObject({ outgoing: { clientId: 'c-2', status: 'failed' } })
  })

  it('shows an error frame without a clientId as a notice', () => {
    const { client, clock, socket, join } = setup()
    join({ seq: 0, history: [] })
    socket().receive({ type: 'error', code: 'bad_frame', message: 'Unknown frame type.' })
    expect(client.getState().notices).toEqual([{ id: 1, tone: 'error', text: 'Unknown frame type.' }])
    clock.advance(10_000)
    expect(client.getState().notices).toEqual([])
  })

  it('paces a burst of resends under the rate limit', () => {
    const { client, clock, socket, join } = setup({ sendBurst: 8, sendPerSecond: 4 })
    join({ seq: 0, history: [] })
    socket().drop()
    for (let i = 0; i < 12; i++) client.send(`m${i}`)
    clock.advance(10_000)
    const next = join({ you: 'u_2', seq: 0, history: [] })
    expect(next.sends()).toHaveLength(8)
    clock.advance(250)
    expect(next.sends()).toHaveLength(9)
    clock.advance(750)
    expect(next.sends()).toHaveLength(12)
    expect(next.sends().map((frame) => frame.text)).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`))
  })
})

describe('outbox across reloads', () => {
  /** localStorage as far as one room's outbox goes, shared by the "tabs" of a test. */
  class MemoryOutbox implements OutboxMemory {
    saved: SavedOutgoing[] = []
    load(): SavedOutgoing[] {
      return this.saved
    }
    save(unacked: SavedOutgoing[], done: string[]): void {
      this.saved = mergeOutbox(this.saved, unacked, done)
    }
  }

  it('keeps unacked messages, and the next page load sends them under the same clientIds', () => {
    const outbox = new MemoryOutbox()
    const before = setup({ outbox })
    before.join({ seq: 0, history: [] })
    before.client.send('acked before the reload')
    before.socket().receive({ type: 'ack', clientId: 'c-1', seq: 1 })
    before.socket().drop()
    before.client.send('typed while the server was down')
    expect(outbox.saved.map((saved) => ('text' in saved ? saved.text : null))).toEqual([
      'typed while the server was down',
    ])
    before.client.stop()

    // A reload: a new client, numbering its own clientIds from 1 again.
    const after = setup({ outbox, newClientId: () => 'fresh' })
    expect(after.client.getState().timeline).toMatchObject([
      { kind: 'outgoing', outgoing: { clientId: 'c-2', status: 'queued', text: 'typed while the server was down' } },
    ])
    const socket = after.join({ seq: 1, history: [message(1, 'u_me', 'acked before the reload')] })
    expect(socket.sends()).toEqual([{ type: 'send', text: 'typed while the server was down', clientId: 'c-2' }])
    socket.receive({ type: 'ack', clientId: 'c-2', seq: 2 })
    expect(outbox.saved).toEqual([])
  })

  it('keeps a message the server refused for good as failed, not to be sent again', () => {
    const outbox = new MemoryOutbox()
    const before = setup({ outbox })
    before.join({ seq: 0, history: [] })
    before.client.send('refused')
    before.socket().receive({ type: 'error', code: 'too_large', message: 'Too long.', clientId: 'c-1' })
    before.client.stop()
    const after = setup({ outbox })
    const socket = after.join({ seq: 0, history: [] })
    expect(socket.sends()).toEqual([])
    expect(after.client.getState().timeline[0]).toMatchObject({ outgoing: { status: 'failed' } })
    after.client.discard('c-1')
    expect(outbox.saved).toEqual([])
  })
})

describe('gaps', () => {
  it('fetches a range the resume could not replay, in pages of 100', async () => {
    const all = messages(1, 400)
    const { client, clock, socket, join, seqs, historyCalls, serveHistoryWith } = setup()
    serveHistoryWith(historyServer(all))
    join({ seq: 10, history: messages(1, 10) })
    socket().drop()
    clock.advance(10_000)
    join({ you: 'u_2', seq: 400, history: all.slice(250), gap: { from: 11, to: 250, reason: 'resume_limit' } })
    await settle()
    expect(historyCalls).toEqual([
      { after: 10, limit: 100 },
      { after: 110, limit: 100 },
      { after: 210, limit: 100 },
    ])
    expect(seqs()).toEqual(all.map((m) => m.seq))
    expect(client.getState().notices).toEqual([])
  })

  it('says so when the missing messages are gone', async () => {
    const { client, clock, socket, join, serveHistoryWith } = setup()
    serveHistoryWith(historyServer(messages(80, 100)))
    join({ seq: 10, history: messages(1, 10) })
    socket().drop()
    clock.advance(10_000)
    join({ you: 'u_2', seq: 100, history: messages(91, 100), gap: { from: 11, to: 90, reason: 'expired' } })
    await settle()
    expect(client.getState().notices.map((notice) => notice.text)).toEqual([
      'Some older messages are no longer available.',
    ])
  })

  it('fills a hole in the live stream over HTTP', async () => {
    const all = messages(1, 8)
    const { socket, join, seqs, historyCalls, serveHistoryWith } = setup()
    serveHistoryWith(historyServer(all))
    join({ seq: 3, history: messages(1, 3) })
    socket().receive(messageFrame(message(7)))
    socket().receive(messageFrame(message(8)))
    await settle()
    expect(historyCalls).toEqual([{ after: 3, limit: 100 }])
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('retries a gap fetch that failed', async () => {
    const all = messages(1, 6)
    const { clock, socket, join, seqs, historyCalls, serveHistoryWith } = setup()
    let failures = 1
    serveHistoryWith(async (query) => {
      if (failures-- > 0) throw new Error('network down')
      return historyServer(all)(query)
    })
    join({ seq: 2, history: messages(1, 2) })
    socket().receive(messageFrame(message(6)))
    await settle()
    expect(seqs()).toEqual([1, 2, 6])
    clock.advance(3_000)
    await settle()
    expect(historyCalls).toHaveLength(2)
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6])
  })
})

describe('older messages', () => {
  it('pages backwards from the oldest message shown', async () => {
    const all = messages(1, 120)
    const { client, join, seqs, historyCalls, serveHistoryWith } = setup()
    serveHistoryWith(historyServer(all))
    join({ seq: 120, history: all.slice(70), hasMore: true })
    expect(client.getState().hasOlder).toBe(true)
    await client.loadOlder()
    expect(historyCalls).toEqual([{ before: 71, limit: 50 }])
    expect(seqs()[0]).toBe(21)
    await client.loadOlder()
    expect(seqs()).toEqual(all.map((m) => m.seq))
    expect(client.getState().hasOlder).toBe(false)
    await client.loadOlder()
    expect(historyCalls).toHaveLength(2)
  })
})

describe('keepalive and presence', () => {
  it('pings a quiet connection and drops it when nothing answers', () => {
    const { client, clock, socket, join, sockets } = setup({ keepaliveIdleMs: 25_000, keepaliveTimeoutMs: 10_000 })
    join({ seq: 0, history: [] })
    clock.advance(25_000)
    expect(socket().sent).toContain('ping')
    socket().receive('pong')
    clock.advance(25_000)
    expect(socket().sent.filter((text) => text === 'ping')).toHaveLength(2)
    clock.advance(10_000)
    expect(sockets[0]?.closedByClient).not.toBeNull()
    expect(client.getState().status.kind).toBe('reconnecting')
  })

  it('pings at once when the browser goes offline, and drops the socket if nothing answers', () => {
    const { client, clock, socket, join } = setup({ keepaliveIdleMs: 25_000, probeTimeoutMs: 5_000 })
    const first = join({ seq: 0, history: [] })
    clock.advance(1_000)
    client.setNetworkOnline(false)
    expect(first.sent).toEqual(['ping'])
    clock.advance(4_999)
    expect(client.getState().status.kind).toBe('live')
    clock.advance(1)
    expect(first.closedByClient).toEqual({ code: 4001, reason: 'no answer to ping' })
    // No network: the next attempt waits for the browser's "online".
    expect(client.getState().status).toEqual({ kind: 'offline' })
    client.setNetworkOnline(true)
    expect(socket()).not.toBe(first)
  })

  it('stays live when the browser says offline but the server still answers', () => {
    const { client, clock, socket, join } = setup({ keepaliveIdleMs: 25_000, probeTimeoutMs: 5_000 })
    join({ seq: 0, history: [] })
    client.setNetworkOnline(false)
    socket().receive('pong')
    clock.advance(20_000)
    expect(client.getState().status.kind).toBe('live')
    expect(socket().closedByClient).toBeNull()
  })

  it('shows who is typing for a few seconds', () => {
    const { client, clock, socket, join } = setup({ typingDisplayMs: 5_000 })
    join({ seq: 0, history: [] })
    socket().receive({ type: 'typing', user: { id: 'u_2', name: 'Grace', kind: 'guest' } })
    expect(client.getState().typing).toEqual([{ id: 'u_2', name: 'Grace', kind: 'guest' }])
    clock.advance(5_000)
    expect(client.getState().typing).toEqual([])
  })

  it('stops showing someone as typing once their message arrives', () => {
    const { client, socket, join } = setup()
    join({ seq: 0, history: [] })
    socket().receive({ type: 'typing', user: { id: 'u_other', name: 'Grace', kind: 'guest' } })
    socket().receive(messageFrame(message(1)))
    expect(client.getState().typing).toEqual([])
  })

  it('throttles its own typing frames', () => {
    const { client, clock, socket, join } = setup()
    join({ seq: 0, history: [] })
    client.notifyTyping()
    client.notifyTyping()
    clock.advance(2_000)
    client.notifyTyping()
    expect(
      socket()
        .frames()
        .filter((frame) => typeof frame === 'object' && frame.type === 'typing'),
    ).toHaveLength(2)
  })

  it('closes the socket and stops retrying when stopped', () => {
    const { client, clock, socket, sockets, join } = setup()
    join({ seq: 0, history: [] })
    client.stop()
    expect(socket().closedByClient).toEqual({ code: 1000, reason: 'leaving' })
    expect(client.getState().status.kind).toBe('closed')
    clock.advance(60_000)
    expect(sockets).toHaveLength(1)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('lets a handshake under way finish before closing, so the server sees a clean close', () => {
    const { client, socket } = setup()
    client.stop()
    expect(socket().closedByClient).toBeNull()
    socket().open()
    expect(socket().closedByClient).toEqual({ code: 1000, reason: 'leaving' })
  })
})

describe('presence', () => {
  const me = { id: 'u_me', name: 'Ada', kind: 'guest' }
  const grace = { id: 'u_2', name: 'Grace', kind: 'guest' }
  const cy = { id: 'u_3', name: 'Cy', kind: 'guest' }

  it('starts from the snapshot and follows the deltas', () => {
    const { client, socket, join } = setup()
    join({ seq: 0, history: [], presence: { online: [me, grace], count: 2 } })
    expect(client.getState()).toMatchObject({ online: [me, grace], onlineCount: 2 })
    socket().receive({ type: 'presence', joined: [cy], left: ['u_2'], count: 2 })
    expect(client.getState()).toMatchObject({ online: [me, cy], onlineCount: 2 })
  })

  it('still understands a version 1 server, whose every presence frame is a snapshot', () => {
    const { client, socket, join } = setup()
    join({ seq: 0, history: [], protocol: 1, presence: { online: [me, grace] } })
    expect(client.getState()).toMatchObject({ online: [me, grace], onlineCount: 2 })
    socket().receive({ type: 'presence', online: [me] })
    expect(client.getState()).toMatchObject({ online: [me], onlineCount: 1 })
    expect(client.getState().notices).toEqual([])
  })

  it('asks for a reload only when the server speaks a newer protocol', () => {
    const { client, join } = setup()
    join({ seq: 0, history: [], protocol: 3 })
    expect(client.getState().notices.map((notice) => notice.text)).toEqual([
      'This server was updated. Reload the page to get the matching app.',
    ])
  })

  it('keeps no list in a room too big to list, only the count', () => {
    const { client, socket, join } = setup()
    join({ seq: 0, history: [], presence: { count: 1500 } })
    expect(client.getState()).toMatchObject({ online: null, onlineCount: 1500 })
    socket().receive({ type: 'presence', count: 1501 })
    expect(client.getState()).toMatchObject({ online: null, onlineCount: 1501 })
  })

  it('stops showing someone as typing once they leave', () => {
    const { client, socket, join } = setup()
    join({ seq: 0, history: [], presence: { online: [me, grace, cy], count: 3 } })
    socket().receive({ type: 'typing', user: grace })
    socket().receive({ type: 'typing', user: cy })
    socket().receive({ type: 'presence', left: ['u_2'], count: 2 })
    expect(client.getState().typing).toEqual([cy])
  })

  it('shows the last list while reconnecting, and takes the new connection’s count-only frame over it', () => {
    const { client, clock, socket, join } = setup()
    join({ seq: 0, history: [], presence: { online: [me, grace], count: 2 } })
    socket().drop()
    expect(client.getState()).toMatchObject({ online: [me, grace], onlineCount: 2 })
    clock.advance(60_000)
    join({ seq: 0, history: [], presence: { count: 1500 } })
    expect(client.getState()).toMatchObject({ online: null, onlineCount: 1500 })
  })
})

describe('identity', () => {
  it('replaces a live socket at once when asked, resuming and resending under the same clientId', () => {
    const readies: Array<{ id: string; name: string }> = []
    const { client, clock, socket, sockets, join } = setup({
      onReady: (you) => readies.push(you),
      keepaliveIdleMs: 600_000,
    })
    const first = join({ seq: 3, history: messages(1, 3) })
    client.send('sent before the rename')
    const [pending] = first.sends()

    client.reconnect()
    expect(first.closedByClient).toEqual({ code: 1000, reason: 'reconnecting' })
    expect(sockets).toHaveLength(2)
    expect(socket().url).toContain('since=3')
    expect(client.getState().status).toEqual({ kind: 'reconnecting', retryAt: null, attempt: 0 })

    const second = socket()
    second.open()
    second.receive({
      type: 'ready',
      protocol: 2,
      you: { id: 'u_me', name: 'Ada King', kind: 'guest' },
      room: 'lobby',
      seq: 3,
    })
    second.receive({ type: 'history', messages: [], hasMore: false })
    expect(client.getState().me).toEqual({ id: 'u_me', name: 'Ada King', kind: 'guest' })
    expect(readies).toEqual([
      { id: 'u_me', name: 'Ada', kind: 'guest' },
      { id: 'u_me', name: 'Ada King', kind: 'guest' },
    ])
    expect(second.sends()).toEqual([pending])
    second.receive({ type: 'ack', clientId: 'c-1', seq: 4 })
    // The old socket's late close changes nothing, and no backoff timer was left behind.
    first.drop()
    clock.advance(60_000)
    expect(sockets).toHaveLength(2)
    expect(client.getState().status.kind).toBe('live')
  })

  it('lets a handshake under way finish before it replaces it', () => {
    const { client, socket, sockets } = setup()
    const first = socket()
    client.reconnect()
    expect(sockets).toHaveLength(2)
    expect(client.getState().status.kind).toBe('connecting')
    expect(first.closedByClient).toBeNull()
    first.open()
    expect(first.closedByClient).toEqual({ code: 1000, reason: 'reconnecting' })
  })

  it('leaves reconnecting to the network when the browser is offline', () => {
    const { client, socket, sockets, join } = setup()
    join({ seq: 0, history: [] })
    socket().drop()
    client.setNetworkOnline(false)
    client.reconnect()
    expect(sockets).toHaveLength(1)
    client.setNetworkOnline(true)
    expect(sockets).toHaveLength(2)
  })

  it('counts sockets that close before ready, in a row, and starts over after a ready', () => {
    const failures: number[] = []
    const { clock, socket, join } = setup({ onConnectFailed: (count) => failures.push(count) })
    socket().drop() // refused at the upgrade: never opened
    clock.advance(10_000)
    socket().open()
    socket().drop() // opened, but closed before ready
    expect(failures).toEqual([1, 2])
    clock.advance(10_000)
    join({ seq: 0, history: [] })
    socket().drop() // a live connection lost is not a failed connect
    expect(failures).toEqual([1, 2])
    clock.advance(10_000)
    socket().drop()
    expect(failures).toEqual([1, 2, 1])
  })
})

describe('changes to messages', () => {
  const texts = (client: RoomClient) =>
    client.getState().timeline.map((item) => (item.kind === 'message' ? item.message.message : item.outgoing.text))

  it('sends an edit under a clientId, shows it at once, and resends it after a reconnect until acked', () => {
    const { client, clock, socket, join } = setup()
    join({ seq: 1, history: [message(1, 'u_me', 'tpyo')] })
    client.edit('m_1', 'typo')
    expect(socket().frames()).toContainEqual({ type: 'edit', id: 'm_1', text: 'typo', clientId: 'c-1' })
    expect(client.getState().timeline[0]).toMatchObject({ message: { message: 'typo' }, saving: true })
    socket().drop()
    clock.advance(10_000)
    join({ you: 'u_me', seq: 1, history: [] })
    expect(socket().frames()).toEqual([{ type: 'edit', id: 'm_1', text: 'typo', clientId: 'c-1' }])
    socket().receive({ type: 'ack', clientId: 'c-1', seq: 2 })
    socket().receive({ type: 'edited', seq: 2, id: 'm_1', message: 'typo', edited: 5 })
    expect(client.getState().timeline).toEqual([
      { kind: 'message', message: expect.objectContaining({ message: 'typo', edited: 5 }), own: true },
    ])
  })

  it('sends deletes and reactions the same way, and a reply with the id it answers', () => {
    const { client, socket, join } = setup()
    join({ seq: 2, history: [message(1), message(2, 'u_me')] })
    client.react('m_1', '🎉', true)
    client.delete('m_2')
    const target = message(1)
    client.send('yes', { id: target.id, seq: 1, from: target.from, name: target.name, fromKind: 'guest', excerpt: 'x' })
    expect(socket().frames()).toEqual([
      { type: 'react', id: 'm_1', emoji: '🎉', on: true, clientId: 'c-1' },
      { type: 'delete', id: 'm_2', clientId: 'c-2' },
      { type: 'send', text: 'yes', clientId: 'c-3', replyTo: 'm_1' },
    ])
  })

  it('drops a change the server refuses for good, and says so', () => {
    const { client, socket, join } = setup()
    join({ seq: 1, history: [message(1)] })
    client.delete('m_1')
    socket().receive({ type: 'error', code: 'forbidden', message: 'Not yours.', clientId: 'c-1' })
    expect(texts(client)).toEqual(['message 1'])
    expect(client.getState().notices.map((notice) => notice.text)).toEqual([
      'The message was not deleted: Only its author can change a message.',
    ])
  })

  it('sends a rate-limited change again shortly, under the same clientId', () => {
    const { client, clock, socket, join } = setup()
    join({ seq: 1, history: [message(1)] })
    client.react('m_1', '👍', true)
    socket().receive({ type: 'error', code: 'rate_limited', message: 'Slow down.', clientId: 'c-1' })
    expect(client.getState().timeline[0]).toMatchObject({ saving: true })
    clock.advance(3_000)
    const reacts = socket()
      .frames()
      .filter((frame) => typeof frame === 'object' && frame.type === 'react')
    expect(reacts).toEqual([
      { type: 'react', id: 'm_1', emoji: '👍', on: true, clientId: 'c-1' },
      { type: 'react', id: 'm_1', emoji: '👍', on: true, clientId: 'c-1' },
    ])
  })

  it('keeps changes without an ack across a reload, and sends them again', () => {
    const saved: SavedOutgoing[] = []
    const outbox: OutboxMemory = {
      load: () => [...saved],
      save: (unacked, done) => saved.splice(0, saved.length, ...mergeOutbox(saved, unacked, done)),
    }
    const before = setup({ outbox })
    before.join({ seq: 1, history: [message(1, 'u_me')] })
    before.socket().drop()
    before.client.edit('m_1', 'edited offline')
    before.client.stop()
    const after = setup({ outbox })
    after.join({ seq: 1, history: [message(1, 'u_me')] })
    expect(after.socket().frames()).toEqual([{ type: 'edit', id: 'm_1', text: 'edited offline', clientId: 'c-1' }])
  })

  it('applies each change once, in order, and counts its seq for the resume', () => {
    const { client, clock, socket, join } = setup()
    join({ seq: 2, history: messages(1, 2) })
    socket().receive({ type: 'edited', seq: 3, id: 'm_1', message: 'one', edited: 1 })
    socket().receive({
      type: 'reaction',
      seq: 4,
      id: 'm_2',
      emoji: '👍',
      user: { id: 'u_me', name: 'Ada' },
      on: true,
      count: 1,
    })
    socket().receive({ type: 'edited', seq: 3, id: 'm_1', message: 'stale', edited: 1 })
    expect(texts(client)).toEqual(['one', 'message 2'])
    expect(client.getState().timeline[1]).toMatchObject({
      message: { reactions: [{ emoji: '👍', count: 1, mine: true }] },
    })
    socket().drop()
    clock.advance(10_000)
    expect(socket().url).toContain('since=4')
  })

  it('takes the changed messages of a resume, and needs no HTTP for the changes after the last message', async () => {
    const { client, clock, socket, join, historyCalls } = setup()
    join({ seq: 2, history: messages(1, 2) })
    socket().drop()
    clock.advance(10_000)
    join({ seq: 5, history: [], updated: [{ ...message(1), message: '', deleted: 9 }] })
    await settle()
    expect(historyCalls).toEqual([])
    expect(client.getState().timeline[0]).toMatchObject({ message: { deleted: 9, message: '' } })
    socket().drop()
    clock.advance(10_000)
    expect(socket().url).toContain('since=5')
  })

  it('takes the seqs between the messages of a replay for changes, not for holes', async () => {
    const { clock, socket, join, seqs, historyCalls } = setup()
    join({ seq: 2, history: messages(1, 2) })
    socket().drop()
    clock.advance(10_000)
    // Seq 4 was a reaction to message 3, which the replay shows in its current state.
    join({ seq: 5, history: [{ ...message(3), reactions: [{ emoji: '👍', count: 1, mine: false }] }, message(5)] })
    await settle()
    expect(historyCalls).toEqual([])
    expect(seqs()).toEqual([1, 2, 3, 5])
    socket().receive(messageFrame(message(6)))
    await settle()
    expect(historyCalls).toEqual([])
  })

  it('fetches a hole before a change over HTTP, taking the changed messages of the page', async () => {
    const { client, socket, join, serveHistoryWith, historyCalls } = setup()
    serveHistoryWith(async () => ({
      messages: [],
      hasMore: false,
      updated: [{ ...message(1), message: 'edited', edited: 3 }],
    }))
    join({ seq: 2, history: messages(1, 2) })
    socket().receive({ type: 'edited', seq: 4, id: 'm_2', message: 'two', edited: 4 })
    await settle()
    expect(historyCalls).toEqual([{ after: 2, limit: 100 }])
    expect(texts(client)).toEqual(['edited', 'two'])
    expect(client.getState().notices).toEqual([])
  })
})

describe('read marker', () => {
  it('starts from the server’s marker, and places the divider there when something is unread', () => {
    const { client, join } = setup()
    join({ seq: 5, history: messages(1, 5), lastRead: 3, unread: 2 })
    expect(client.getState()).toMatchObject({ readMarker: 3, unread: 2, unreadFrom: 3 })
  })

  it('has no divider when nothing is unread', () => {
    const { client, join } = setup()
    join({ seq: 5, history: messages(1, 5), lastRead: 5, unread: 0 })
    expect(client.getState()).toMatchObject({ readMarker: 5, unread: 0, unreadFrom: null })
  })

  it('moves as messages are read, not as they arrive, and tells the server once a second at most', () => {
    const { client, clock, socket, join } = setup()
    join({ seq: 5, history: messages(1, 5), lastRead: 3, unread: 2 })
    socket().receive(messageFrame(message(6)))
    expect(client.getState().unread).toBe(3)
    client.markRead(4)
    client.markRead(5)
    expect(client.getState()).toMatchObject({ readMarker: 5, unread: 1 })
    const reads = () =>
      socket()
        .frames()
        .filter((frame) => typeof frame === 'object' && frame.type === 'read')
    expect(reads()).toEqual([])
    clock.advance(1_000)
    expect(reads()).toEqual([{ type: 'read', seq: 5 }])
    // The divider stays where it was when the room opened.
    expect(client.getState().unreadFrom).toBe(3)
  })

  it("follows another tab's reading, and counts unread messages older than what is loaded", () => {
    const reads: number[] = []
    const { client, socket, join } = setup({ onRead: (seq) => reads.push(seq) })
    // 60 unread, of which the 50 loaded are seqs 51..100.
    join({ seq: 100, history: messages(51, 100), lastRead: 40, unread: 60, hasMore: true })
    expect(client.getState().unread).toBe(60)
    socket().receive({ type: 'read', seq: 90, unread: 10 })
    expect(client.getState()).toMatchObject({ readMarker: 90, unread: 10 })
    expect(reads).toEqual([90])
  })

  it('keeps the marker to itself with a server that has none, and sends nothing', () => {
    const { client, clock, socket, join } = setup()
    join({ seq: 3, history: messages(1, 3) })
    socket().receive(messageFrame(message(4)))
    socket().receive(messageFrame(message(5)))
    expect(client.getState()).toMatchObject({ readMarker: 3, unread: 2, unreadFrom: null })
    client.markRead(5)
    clock.advance(5_000)
    expect(client.getState().unread).toBe(0)
    expect(
      socket()
        .frames()
        .filter((frame) => typeof frame === 'object' && frame.type === 'read'),
    ).toEqual([])
  })
})

describe('moderation', () => {
  it('takes a kick as the end of the room, without reconnecting, until the person rejoins', () => {
    const { client, clock, sockets, socket, join } = setup()
    join({ seq: 0, history: [] })
    socket().receive({ type: 'error', code: 'kicked', message: 'A moderator removed you.', reason: 'Off topic' })
    socket().drop(4003)
    expect(client.getState().refusal).toEqual({ kind: 'kicked', reason: 'Off topic' })
    expect(client.getState().status.kind).toBe('closed')
    // The kick's error frame is the room's state, not a notice.
    expect(client.getState().notices).toEqual([])
    clock.advance(60_000)
    expect(sockets).toHaveLength(1)

    client.rejoin()
    expect(sockets).toHaveLength(2)
    expect(client.getState().refusal).toBeNull()
    join({ seq: 0, history: [] })
    expect(client.getState().status.kind).toBe('live')
  })

  it('keeps a ban’s end and reason, and a lost membership, from their closes', () => {
    const banned = setup()
    banned.join({ seq: 0, history: [] })
    banned.socket().receive({ type: 'error', code: 'banned', message: 'Banned.', until: 9_999, reason: 'Spam' })
    banned.socket().drop(4004)
    expect(banned.client.getState().refusal).toEqual({ kind: 'banned', until: 9_999, reason: 'Spam' })

    const removed = setup()
    removed.join({ seq: 0, history: [] })
    removed.socket().receive({ type: 'error', code: 'not_a_member', message: 'Members only.' })
    removed.socket().drop(4005)
    expect(removed.client.getState().refusal).toEqual({ kind: 'notMember' })
    removed.clock.advance(60_000)
    expect(removed.sockets).toHaveLength(1)
  })

  it('stops connecting when the room’s HTTP routes refuse this person', () => {
    const { client, clock, sockets, socket } = setup()
    socket().drop(1006)
    client.refuse({ kind: 'notMember' })
    clock.advance(60_000)
    expect(sockets).toHaveLength(1)
    expect(client.getState().refusal).toEqual({ kind: 'notMember' })
  })

  it('follows the role and mute of ready, muted and role frames', () => {
    const { client, socket } = setup()
    const current = socket()
    current.open()
    current.receive({
      type: 'ready',
      protocol: 2,
      you: { id: 'u_me', name: 'Ada', kind: 'guest' },
      room: 'lobby',
      seq: 0,
      role: 'member',
      mutedUntil: 5_000,
    })
    expect(client.getState()).toMatchObject({ role: 'member', mutedUntil: 5_000 })
    current.receive({ type: 'muted', until: null })
    expect(client.getState()).toMatchObject({ mutedUntil: null, muteReason: null })
    current.receive({ type: 'muted', until: 8_000, reason: 'Cool down' })
    expect(client.getState()).toMatchObject({ mutedUntil: 8_000, muteReason: 'Cool down' })
    current.receive({ type: 'role', role: 'moderator' })
    expect(client.getState().role).toBe('moderator')
    current.receive({
      type: 'room',
      title: 'Team',
      topic: '',
      visibility: 'private',
      postPolicy: 'moderators',
      slowModeSeconds: 0,
    })
    expect(client.getState().settings).toMatchObject({ title: 'Team', postPolicy: 'moderators' })
  })

  it('learns when it may send again from a refused send', () => {
    const { client, socket, join } = setup()
    join({ seq: 0, history: [] })
    const clientId = client.send('too soon')
    socket().receive({ type: 'error', code: 'slow_mode', message: 'Slow mode.', clientId, until: 31_000 })
    expect(client.getState().slowUntil).toBe(31_000)
    const muted = client.send('still here')
    socket().receive({ type: 'error', code: 'muted', message: 'Muted.', clientId: muted, until: 90_000 })
    expect(client.getState().mutedUntil).toBe(90_000)
  })

  it('shows a moderator’s delete as such, with its reason', () => {
    const { client, socket, join } = setup()
    join({ seq: 1, history: [message(1)] })
    socket().receive({ type: 'deleted', seq: 2, id: 'm_1', deleted: 5, moderated: true, reason: 'Spam' })
    const item = client.getState().timeline[0]
    expect(item?.kind === 'message' && item.message).toMatchObject({ deleted: 5, moderated: true, reason: 'Spam' })
  })
})
