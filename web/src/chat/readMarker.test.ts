import { describe, expect, it } from 'vitest'
import { ReadMarker } from './readMarker'
import { FakeClock } from './testSupport'

function setup() {
  const clock = new FakeClock()
  const sent: number[] = []
  let socketOpen = true
  const marker = new ReadMarker(clock, (seq) => {
    if (!socketOpen) return false
    sent.push(seq)
    return true
  })
  return { clock, sent, marker, setSocketOpen: (open: boolean) => (socketOpen = open) }
}

describe('read marker', () => {
  it('sends one read frame for messages read close together, with the highest seq', () => {
    const { clock, sent, marker } = setup()
    marker.connected(10, 20, true)
    marker.read(12)
    marker.read(15)
    marker.read(14)
    expect(sent).toEqual([])
    clock.advance(1_000)
    expect(sent).toEqual([15])
    marker.read(18)
    clock.advance(999)
    expect(sent).toEqual([15])
    clock.advance(1)
    expect(sent).toEqual([15, 18])
  })

  it('never moves backwards, nor sends what the server already has', () => {
    const { clock, sent, marker } = setup()
    marker.connected(10, 20, true)
    expect(marker.read(9)).toBe(false)
    expect(marker.read(10)).toBe(false)
    marker.serverSays(16)
    expect(marker.read(15)).toBe(false)
    clock.advance(5_000)
    expect(sent).toEqual([])
    expect(marker.seq).toBe(16)
  })

  it('sends a marker that moved while the socket was down once the next connection is ready', () => {
    const { clock, sent, marker } = setup()
    marker.connected(10, 20, true)
    marker.disconnected()
    marker.read(17)
    clock.advance(5_000)
    expect(sent).toEqual([])
    marker.connected(10, 21, false)
    clock.advance(1_000)
    expect(sent).toEqual([17])
  })

  it('does not resend what another tab already read further than', () => {
    const { clock, sent, marker } = setup()
    marker.connected(10, 20, true)
    marker.disconnected()
    marker.read(17)
    marker.connected(19, 21, false)
    clock.advance(5_000)
    expect(sent).toEqual([])
    expect(marker.seq).toBe(19)
  })

  it('keeps the marker to itself on a server without markers, starting where the view opened', () => {
    const { clock, sent, marker } = setup()
    marker.connected(undefined, 20, true)
    expect(marker.seq).toBe(20)
    expect(marker.read(22)).toBe(true)
    clock.advance(5_000)
    expect(sent).toEqual([])
    // A reconnect does not move it to the room's seq: what arrived meanwhile is still unread.
    marker.disconnected()
    marker.connected(undefined, 30, false)
    expect(marker.seq).toBe(22)
  })

  it('tries again after a send that could not go out', () => {
    const { clock, sent, marker, setSocketOpen } = setup()
    marker.connected(0, 5, true)
    setSocketOpen(false)
    marker.read(3)
    clock.advance(1_000)
    expect(sent).toEqual([])
    marker.disconnected()
    setSocketOpen(true)
    marker.connected(0, 5, false)
    clock.advance(1_000)
    expect(sent).toEqual([3])
  })
})
