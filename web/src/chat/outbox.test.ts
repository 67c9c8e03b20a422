import { describe, expect, it } from 'vitest'
import type { OutgoingEntry } from './messageStore'
import { decodeOutbox, mergeOutbox, TabOutbox, type SavedOutgoing } from './outbox'

const entry = (clientId: string, createdAt: number): SavedOutgoing => ({ clientId, text: clientId, createdAt })

describe('outbox', () => {
  it("replaces a tab's own entries and keeps the other tabs' ones", () => {
    const stored = [entry('other-tab', 1), entry('mine-acked', 2), entry('mine-pending', 3)]
    const merged = mergeOutbox(stored, [entry('mine-pending', 3), entry('mine-new', 4)], ['mine-acked'])
    expect(merged.map((saved) => saved.clientId)).toEqual(['other-tab', 'mine-pending', 'mine-new'])
  })

  it('drops what is not an outbox entry', () => {
    expect(decodeOutbox('nonsense')).toEqual([])
    expect(decodeOutbox([entry('ok', 1), { clientId: 3 }, null, { ...entry('bad', 2), refused: 1 }])).toEqual([
      entry('ok', 1),
    ])
  })
})

describe('tab outbox', () => {
  function memory(stored: SavedOutgoing[]) {
    const saves: Array<{ unacked: string[]; done: string[] }> = []
    return {
      saves,
      memory: {
        load: () => stored,
        save: (unacked: SavedOutgoing[], done: string[]) =>
          saves.push({ unacked: unacked.map((saved) => saved.clientId), done }),
      },
    }
  }
  const outgoing = (clientId: string, status: OutgoingEntry['status']): OutgoingEntry => ({
    clientId,
    text: clientId,
    createdAt: 1,
    status,
  })

  it('loads what a page before this one left unacked, as queued', () => {
    const { memory: kept } = memory([entry('c-1', 1)])
    expect(new TabOutbox(kept).load()).toEqual([{ clientId: 'c-1', text: 'c-1', createdAt: 1, status: 'queued' }])
  })

  it('writes only when what has no ack changed, and names what it no longer holds', () => {
    const { memory: kept, saves } = memory([entry('c-1', 1)])
    const outbox = new TabOutbox(kept)
    outbox.load()
    outbox.save([outgoing('c-1', 'pending'), outgoing('c-2', 'queued')])
    outbox.save([outgoing('c-1', 'pending'), outgoing('c-2', 'queued')])
    outbox.save([outgoing('c-1', 'sent'), outgoing('c-2', 'pending')])
    expect(saves).toEqual([
      { unacked: ['c-1', 'c-2'], done: [] },
      { unacked: ['c-2'], done: ['c-1'] },
    ])
  })
})
