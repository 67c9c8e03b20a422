import { describe, expect, it } from 'vitest'
import { pingFrame, type ServerFrame } from './protocol'
import { ReconnectingSocket, type ReconnectingSocketOptions } from './reconnectingSocket'
import { FakeClock, FakeSocket } from './testSupport'

function setup(overrides: Partial<ReconnectingSocketOptions> = {}) {
  const clock = new FakeClock()
  const sockets: FakeSocket[] = []
  const frames: ServerFrame[] = []
  const log: string[] = []
  let opened = 0
  const transport = new ReconnectingSocket(
    {
      createSocket: (url) => {
        const socket = new FakeSocket(url)
        sockets.push(socket)
        return socket
      },
      clock,
      random: () => 0.5,
      backoff: { baseMs: 500, maxMs: 15_000 },
      keepaliveIdleMs: 25_000,
      keepaliveTimeoutMs: 10_000,
      probeTimeoutMs: 5_000,
      stableAfterMs: 5_000,
      ...overrides,
    },
    {
      opening: () => `ws://dormouse.test/api/chat/lobby?n=${++opened}`,
      frame: (frame) => frames.push(frame),
      lost: () => log.push('lost'),
      connectFailed: (failuresInARow) => log.push(`failed ${failuresInARow}`),
      finalClose: (code) => code >= 4003 && code <= 4005,
      statusChanged: () => log.push(`status ${transport.status.kind}`),
    },
  )
  const socket = (): FakeSocket => {
    const last = sockets[sockets.length - 1]
    if (last === undefined) throw new Error('no socket yet')
    return last
  }
  return { clock, sockets, frames, log, transport, socket }
}

describe('reconnecting socket', () => {
  it('asks the room for the URL of every socket it opens', () => {
    const { clock, sockets, transport, socket } = setup()
    transport.start()
    socket().drop()
    clock.advance(375)
    expect(sockets.map((s) => s.url)).toEqual([
      'ws://dormouse.test/api/chat/lobby?n=1',
      'ws://dormouse.test/api/chat/lobby?n=2',
    ])
  })

  it('hands the room the frames it can read, and drops the others', () => {
    const { frames, transport, socket } = setup()
    transport.start()
    socket().open()
    socket().receive('pong')
    socket().receive('not json')
    socket().receive({ type: 'no-such-frame' })
    expect(frames).toEqual([{ type: 'pong' }])
  })

  it('sends only on an open socket, and is live only once the room says so', () => {
    const { transport, socket } = setup()
    transport.start()
    expect(transport.send(pingFrame())).toBe(false)
    socket().open()
    expect(transport.isLive).toBe(false)
    expect(transport.send(pingFrame())).toBe(true)
    transport.live()
    expect(transport.isLive).toBe(true)
    expect(socket().frames()).toEqual(['ping'])
  })

  it('tells the room a connection ended before any failure count or status of the next attempt', () => {
    const { log, transport, socket } = setup()
    transport.start()
    socket().drop()
    expect(log).toEqual(['lost', 'status reconnecting', 'failed 1'])
  })

  it('pings once per probe, and replaces the socket when nothing answers in time', () => {
    const { clock, sockets, transport, socket } = setup()
    transport.start()
    socket().open()
    transport.live()
    transport.probe()
    transport.probe()
    expect(socket().frames()).toEqual(['ping'])
    clock.advance(4_999)
    expect(sockets).toHaveLength(1)
    clock.advance(1)
    expect(sockets[0]?.closedByClient).toEqual({ code: 4001, reason: 'no answer to ping' })
    expect(transport.status).toMatchObject({ kind: 'reconnecting' })
  })

  it('keeps a socket that answers the probe', () => {
    const { clock, sockets, transport, socket } = setup()
    transport.start()
    socket().open()
    transport.live()
    transport.probe()
    clock.advance(1_000)
    socket().receive('pong')
    clock.advance(10_000)
    expect(sockets).toHaveLength(1)
    expect(transport.isLive).toBe(true)
  })

  it('closes the socket and plans nothing more once stopped', () => {
    const { clock, transport, socket, log } = setup()
    transport.start()
    socket().open()
    transport.live()
    transport.stop()
    expect(socket().closedByClient).toEqual({ code: 1000, reason: 'leaving' })
    expect(transport.status.kind).toBe('closed')
    expect(clock.pendingTimers()).toBe(0)
    transport.reconnect()
    transport.setNetworkOnline(false)
    expect(log).toEqual([])
  })
})

describe('final closes', () => {
  it('does not reconnect after a close the room takes as final, and connects again on resume', () => {
    const { clock, sockets, transport, socket } = setup()
    transport.start()
    socket().open()
    transport.live()
    socket().drop(4004)
    expect(transport.status.kind).toBe('closed')
    clock.advance(60_000)
    transport.reconnectNow()
    transport.reconnect()
    expect(sockets).toHaveLength(1)
    transport.resume()
    expect(sockets).toHaveLength(2)
  })

  it('halts on the room’s word, closing the socket it has', () => {
    const { clock, sockets, transport, socket } = setup()
    transport.start()
    transport.halt()
    expect(transport.status.kind).toBe('closed')
    socket().open()
    expect(socket().closedByClient).toEqual({ code: 1000, reason: 'refused' })
    clock.advance(60_000)
    expect(sockets).toHaveLength(1)
  })
})
