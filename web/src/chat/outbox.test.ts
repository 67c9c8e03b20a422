import { describe, expect, it } from 'vitest'
import { decodeOutbox, mergeOutbox, type SavedOutgoing } from './outbox'

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
