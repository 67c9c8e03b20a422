import { describe, expect, it } from 'vitest'
import { MessageStore } from './messageStore'
import type { ChatMessage, ReplyQuote } from './protocol'
import { message } from './testSupport'

const grace = { id: 'u_other', name: 'Grace', kind: 'guest' as const }
const ada = { id: 'u_me', name: 'Ada', kind: 'guest' as const }

function quoteOf(target: ChatMessage): ReplyQuote {
  return {
    id: target.id,
    seq: target.seq,
    from: target.from,
    name: target.name,
    fromKind: target.fromKind,
    excerpt: target.message,
  }
}

function storeWith(...messages: ChatMessage[]): MessageStore {
  const store = new MessageStore(['u_me'])
  store.addMessages(messages)
  return store
}

const shown = (store: MessageStore, seq: number) => store.at(seq)

describe('changes to messages', () => {
  it('applies an edit once, however often its seq comes', () => {
    const store = storeWith(message(1), message(2))
    expect(store.applyChange({ type: 'edited', seq: 3, id: 'm_1', message: 'first', edited: 10 })).toBe(true)
    expect(store.applyChange({ type: 'edited', seq: 4, id: 'm_1', message: 'second', edited: 20 })).toBe(true)
    // A replay of the older edit must not bring its text back.
    expect(store.applyChange({ type: 'edited', seq: 3, id: 'm_1', message: 'first', edited: 10 })).toBe(false)
    expect(shown(store, 1)).toMatchObject({ message: 'second', edited: 20 })
    expect(store.seen(3) && store.seen(4)).toBe(true)
  })

  it('drops a message frame whose seq was a change', () => {
    const store = storeWith(message(1))
    store.applyChange({ type: 'edited', seq: 2, id: 'm_1', message: 'x', edited: 10 })
    expect(store.addMessages([message(2)])).toEqual([])
    expect(store.size).toBe(1)
  })

  it('turns a deleted message into a tombstone that keeps who and when', () => {
    const original = { ...message(1), edited: 5, reactions: [{ emoji: '👍', count: 1, mine: false }] }
    const store = storeWith(original)
    store.applyChange({ type: 'deleted', seq: 2, id: 'm_1', deleted: 99 })
    expect(shown(store, 1)).toEqual({
      seq: 1,
      id: 'm_1',
      from: 'u_other',
      name: 'Grace',
      fromKind: 'guest',
      timestamp: original.timestamp,
      message: '',
      deleted: 99,
    })
    // A late edit or reaction of a tombstone changes nothing.
    store.applyChange({ type: 'edited', seq: 3, id: 'm_1', message: 'back?', edited: 100 })
    store.applyChange({ type: 'reaction', seq: 4, id: 'm_1', emoji: '👍', user: grace, on: true, count: 2 })
    expect(shown(store, 1)).toMatchObject({ message: '', deleted: 99 })
    expect(shown(store, 1)).not.toHaveProperty('reactions')
  })

  it('drops the excerpt of every reply quoting a deleted message, stored or still being sent', () => {
    const target = message(1, 'u_other', 'the secret plan')
    const reply = { ...message(2, 'u_me', 'agreed'), replyTo: quoteOf(target) }
    const store = storeWith(target, reply)
    store.addOutgoing({ clientId: 'c-1', text: 'me too', createdAt: 1, status: 'pending', replyTo: quoteOf(target) })
    store.applyChange({ type: 'deleted', seq: 3, id: 'm_1', deleted: 99 })
    expect(shown(store, 2)?.replyTo).toEqual({
      id: 'm_1',
      seq: 1,
      from: 'u_other',
      name: 'Grace',
      fromKind: 'guest',
      deleted: true,
    })
    expect(store.outgoingMessages()[0]?.replyTo).toMatchObject({ id: 'm_1', deleted: true })
    expect(JSON.stringify(store.timeline())).not.toContain('secret')
  })

  it('sets reaction counts from the server, keeps mine for this person, and keeps first-use order', () => {
    const store = storeWith(message(1))
    store.applyChange({ type: 'reaction', seq: 2, id: 'm_1', emoji: '👍', user: grace, on: true, count: 1 })
    store.applyChange({ type: 'reaction', seq: 3, id: 'm_1', emoji: '🎉', user: ada, on: true, count: 1 })
    store.applyChange({ type: 'reaction', seq: 4, id: 'm_1', emoji: '👍', user: ada, on: true, count: 2 })
    expect(shown(store, 1)?.reactions).toEqual([
      { emoji: '👍', count: 2, mine: true },
      { emoji: '🎉', count: 1, mine: true },
    ])
    store.applyChange({ type: 'reaction', seq: 5, id: 'm_1', emoji: '👍', user: grace, on: false, count: 1 })
    expect(shown(store, 1)?.reactions?.[0]).toEqual({ emoji: '👍', count: 1, mine: true })
    store.applyChange({ type: 'reaction', seq: 6, id: 'm_1', emoji: '🎉', user: ada, on: false, count: 0 })
    store.applyChange({ type: 'reaction', seq: 7, id: 'm_1', emoji: '👍', user: ada, on: false, count: 0 })
    expect(shown(store, 1)).not.toHaveProperty('reactions')
  })

  it('only counts a change to a message it does not hold as seen', () => {
    const store = storeWith(message(5))
    expect(store.applyChange({ type: 'edited', seq: 6, id: 'm_1', message: 'x', edited: 1 })).toBe(true)
    expect(store.size).toBe(1)
    expect(store.seen(6)).toBe(true)
  })

  it('takes the current state of updated messages it holds, and leaves the others to paging', () => {
    const store = storeWith(message(3), message(4))
    store.applyUpdated([
      { ...message(3), message: 'edited meanwhile', edited: 50 },
      { ...message(1), message: 'older, not loaded', edited: 51 },
    ])
    expect(shown(store, 3)).toMatchObject({ message: 'edited meanwhile', edited: 50 })
    expect(store.has(1)).toBe(false)
    expect(store.oldestSeq).toBe(3)
  })

  it('keeps unchanged messages the same objects, so their rows do not render again', () => {
    const store = storeWith(message(1), message(2))
    const before = store.timeline()
    store.applyChange({ type: 'edited', seq: 3, id: 'm_2', message: 'x', edited: 1 })
    const after = store.timeline()
    expect(after[0]).toEqual(before[0])
    expect(
      after[0]?.kind === 'message' && before[0]?.kind === 'message' && after[0].message === before[0].message,
    ).toBe(true)
    expect(after[1]).not.toEqual(before[1])
  })
})

describe("this tab's changes before the server's word", () => {
  it('shows a pending edit, delete and reaction at once, marked as saving', () => {
    const store = storeWith(message(1, 'u_me', 'typo'), message(2), message(3, 'u_me', 'gone soon'))
    store.addOutgoing({
      clientId: 'e',
      change: { kind: 'edit', id: 'm_1', text: 'fixed' },
      createdAt: 1,
      status: 'pending',
    })
    store.addOutgoing({
      clientId: 'r',
      change: { kind: 'react', id: 'm_2', emoji: '❤️', on: true },
      createdAt: 2,
      status: 'queued',
    })
    store.addOutgoing({ clientId: 'd', change: { kind: 'delete', id: 'm_3' }, createdAt: 3, status: 'pending' })
    const [edited, reacted, deleted] = store.timeline()
    expect(edited).toMatchObject({ message: { message: 'fixed' }, saving: true })
    expect(reacted).toMatchObject({ message: { reactions: [{ emoji: '❤️', count: 1, mine: true }] }, saving: true })
    expect(deleted).toMatchObject({ message: { message: '' }, saving: true })
    // Outgoing changes are not rows of their own.
    expect(store.timeline()).toHaveLength(3)
  })

  it('takes back a reaction of mine by one, at once', () => {
    const store = storeWith({ ...message(1), reactions: [{ emoji: '👍', count: 3, mine: true }] })
    store.addOutgoing({
      clientId: 'r',
      change: { kind: 'react', id: 'm_1', emoji: '👍', on: false },
      createdAt: 1,
      status: 'pending',
    })
    expect(store.timeline()[0]).toMatchObject({ message: { reactions: [{ emoji: '👍', count: 2, mine: false }] } })
  })

  it('keeps an acked change in view until its entry arrives, then shows the stored state alone', () => {
    const store = storeWith(message(1, 'u_me', 'typo'))
    store.addOutgoing({
      clientId: 'e',
      change: { kind: 'edit', id: 'm_1', text: 'fixed' },
      createdAt: 1,
      status: 'pending',
    })
    store.ack('e', 2)
    expect(store.timeline()[0]).toMatchObject({ message: { message: 'fixed' }, saving: true })
    store.applyChange({ type: 'edited', seq: 2, id: 'm_1', message: 'fixed', edited: 9 })
    expect(store.timeline()).toEqual([
      { kind: 'message', message: expect.objectContaining({ message: 'fixed', edited: 9 }), own: true },
    ])
    expect(store.outgoingEntries()).toEqual([])
  })

  it("does not take a change's ack for a message of mine", () => {
    const store = storeWith(message(1), message(2))
    store.addOutgoing({
      clientId: 'r',
      change: { kind: 'react', id: 'm_1', emoji: '👍', on: true },
      createdAt: 1,
      status: 'pending',
    })
    // A reaction that changed nothing is acked with the room's seq, here another person's message.
    store.ack('r', 2)
    expect(store.isOwn(message(2))).toBe(false)
    expect(store.outgoingEntries()).toEqual([])
  })
})

describe('unread', () => {
  it('counts the messages from others after the marker that are not deleted', () => {
    const store = storeWith(message(1), message(2), message(3, 'u_me'), message(4), message(5))
    store.applyChange({ type: 'deleted', seq: 6, id: 'm_5', deleted: 1 })
    expect(store.countUnreadAfter(1)).toBe(2)
    expect(store.countUnreadAfter(4)).toBe(0)
    expect(store.countUnreadAfter(0)).toBe(3)
  })
})
