import { describe, expect, it } from 'vitest'
import { applyPresence, NOBODY, presenceOnNewConnection, type Presence } from './presence'
import { decodeServerFrame, type PresenceFrame } from './protocol'

const ada = { id: 'u_1', name: 'Ada', kind: 'guest' }
const grace = { id: 'u_2', name: 'Grace', kind: 'guest' }
const cy = { id: 'u_3', name: 'Cy', kind: 'guest' }

function frame(json: object): PresenceFrame {
  const decoded = decodeServerFrame(JSON.stringify({ type: 'presence', ...json }))
  if (decoded?.type !== 'presence') throw new Error(`not a presence frame: ${JSON.stringify(json)}`)
  return decoded
}

/** Applies the frames in order to what a fresh connection knows. */
function play(...frames: object[]): Presence {
  return frames.reduce<Presence>((presence, json) => applyPresence(presence, frame(json)), NOBODY)
}

describe('snapshots', () => {
  it('replace the whole list', () => {
    const presence = play({ online: [ada, grace], count: 2 }, { online: [cy], count: 1 })
    expect(presence.online).toEqual([cy])
    expect(presence.count).toBe(1)
  })

  it('from a version 1 server count the people listed', () => {
    expect(play({ online: [ada, grace] }).count).toBe(2)
  })
})

describe('deltas', () => {
  it('add who joined and remove who left', () => {
    const presence = play({ online: [ada, grace], count: 2 }, { joined: [cy], left: ['u_2'], count: 2 })
    expect(presence.online).toEqual([ada, cy])
    expect(presence.count).toBe(2)
  })

  it('may carry only joiners, only leavers, or neither', () => {
    const presence = play(
      { online: [ada], count: 1 },
      { joined: [grace], count: 2 },
      { left: ['u_1'], count: 1 },
      { joined: [], left: [], count: 1 },
      { count: 1 },
    )
    expect(presence.online).toEqual([grace])
    expect(presence.count).toBe(1)
  })

  it('rename someone already listed in place, without a second entry', () => {
    const presence = play(
      { online: [ada, grace], count: 2 },
      { joined: [{ id: 'u_1', name: 'Ada King', kind: 'guest' }], count: 2 },
    )
    expect(presence.online).toEqual([{ id: 'u_1', name: 'Ada King', kind: 'guest' }, grace])
  })

  it('ignore a leave of someone not listed', () => {
    const presence = play({ online: [ada], count: 1 }, { left: ['u_9'], count: 1 })
    expect(presence.online).toEqual([ada])
    expect(presence.count).toBe(1)
  })

  it('that repeat what the snapshot already showed change nothing', () => {
    const snapshot = play({ online: [ada, cy], count: 2 })
    const repeated = applyPresence(snapshot, frame({ joined: [cy], left: ['u_2'], count: 2 }))
    expect(repeated).toEqual(snapshot)
  })

  it('applied twice give what they give once', () => {
    const delta = frame({ joined: [cy], left: ['u_2'], count: 2 })
    const once = applyPresence(play({ online: [ada, grace], count: 2 }), delta)
    expect(applyPresence(once, delta)).toEqual(once)
  })

  it('keep the same list object when they change nothing, so the view does not redraw', () => {
    const snapshot = play({ online: [ada], count: 1 })
    expect(applyPresence(snapshot, frame({ joined: [ada], count: 1 })).online).toBe(snapshot.online)
  })
})

describe('count-only rooms', () => {
  it('keep no list when the first frame of a connection has none', () => {
    const presence = play({ count: 1500 })
    expect(presence.online).toBeNull()
    expect(presence.count).toBe(1500)
  })

  it('follow the count, and ignore lists in later frames', () => {
    const presence = play({ count: 1500 }, { count: 1499 }, { joined: [cy], left: ['u_2'], count: 1499 })
    expect(presence.online).toBeNull()
    expect(presence.count).toBe(1499)
  })

  it('list again when a snapshot comes', () => {
    const presence = play({ count: 1500 }, { online: [ada], count: 1 })
    expect(presence.online).toEqual([ada])
  })

  it('start when a listed room stops matching its count, as when it grows past the limit', () => {
    const presence = play({ online: [ada, grace], count: 2 }, { count: 3 })
    expect(presence.online).toBeNull()
    expect(presence.count).toBe(3)
    // Nothing short of a snapshot brings the list back.
    expect(applyPresence(presence, frame({ left: ['u_3'], count: 2 })).online).toBeNull()
  })
})

describe('a new connection', () => {
  it('keeps showing the last list until its own presence arrives', () => {
    const reconnected = presenceOnNewConnection(play({ online: [ada, grace], count: 2 }))
    expect(reconnected.online).toEqual([ada, grace])
    expect(reconnected.count).toBe(2)
  })

  it('applies no delta to the last connection’s list: the room may now be too big to list', () => {
    const reconnected = presenceOnNewConnection(play({ online: [ada, grace], count: 2 }))
    const presence = applyPresence(reconnected, frame({ count: 1500 }))
    expect(presence.online).toBeNull()
    expect(presence.count).toBe(1500)
  })

  it('takes its snapshot, then its deltas', () => {
    const reconnected = presenceOnNewConnection(play({ online: [ada, grace], count: 2 }))
    const presence = [frame({ online: [grace], count: 1 }), frame({ joined: [cy], count: 2 })].reduce(
      applyPresence,
      reconnected,
    )
    expect(presence.online).toEqual([grace, cy])
  })
})
