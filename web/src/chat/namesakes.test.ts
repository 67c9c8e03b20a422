import { describe, expect, it } from 'vitest'
import { idHash } from './idHash'
import { Namesakes, peopleInView } from './namesakes'
import { message } from './testSupport'

const hex = (id: string) => idHash(id).toString(16).padStart(8, '0')

describe('Namesakes', () => {
  it('tags nobody while every name in view is one person’s', () => {
    const namesakes = Namesakes.among([
      { id: 'u_1', name: 'Ada' },
      { id: 'u_2', name: 'Grace' },
      { id: 'u_1', name: 'Ada' },
    ])
    expect(namesakes.tagOf({ id: 'u_1', name: 'Ada' })).toBeNull()
    expect(namesakes.tagOf({ id: 'u_2', name: 'Grace' })).toBeNull()
  })

  it('tags each of two people who share a name with four digits of their own id', () => {
    const namesakes = Namesakes.among([
      { id: 'u_1', name: 'Ada' },
      { id: 'op_ada', name: 'Ada' },
      { id: 'u_2', name: 'Grace' },
    ])
    const guest = namesakes.tagOf({ id: 'u_1', name: 'Ada' })
    const operator = namesakes.tagOf({ id: 'op_ada', name: 'Ada' })
    expect(guest).toBe(hex('u_1').slice(0, 4))
    expect(operator).toBe(hex('op_ada').slice(0, 4))
    expect(guest).not.toBe(operator)
    expect(namesakes.tagOf({ id: 'u_2', name: 'Grace' })).toBeNull()
  })

  it('does not take someone who was renamed for two people', () => {
    const namesakes = Namesakes.among([
      { id: 'u_1', name: 'Ada' },
      { id: 'u_1', name: 'Ada King' },
    ])
    expect(namesakes.tagOf({ id: 'u_1', name: 'Ada' })).toBeNull()
    expect(namesakes.tagOf({ id: 'u_1', name: 'Ada King' })).toBeNull()
  })

  it('takes names that differ only in case, width or spacing for one name', () => {
    const namesakes = Namesakes.among([
      { id: 'u_1', name: 'Ada Lovelace' },
      { id: 'u_2', name: 'ada  lovelace' },
      { id: 'u_3', name: 'Ａｄａ Lovelace' },
    ])
    const tags = ['u_1', 'u_2', 'u_3'].map((id, index) =>
      namesakes.tagOf({ id, name: ['Ada Lovelace', 'ada  lovelace', 'Ａｄａ Lovelace'][index] ?? '' }),
    )
    expect(tags.every((tag) => tag !== null && tag.length === 4)).toBe(true)
    expect(new Set(tags).size).toBe(3)
  })

  it('gives all eight digits to namesakes whose first four match', () => {
    // Someone trying ids until one matches another Ada's four digits: found, like them, by search.
    const byPrefix = new Map<string, string>()
    let pair: [string, string] | null = null
    for (let n = 0; pair === null; n++) {
      const id = `u_${n}`
      const prefix = hex(id).slice(0, 4)
      const earlier = byPrefix.get(prefix)
      if (earlier !== undefined) pair = [earlier, id]
      else byPrefix.set(prefix, id)
    }
    const [real, lookalike] = pair
    const namesakes = Namesakes.among([
      { id: real, name: 'Ada' },
      { id: lookalike, name: 'Ada' },
    ])
    expect(namesakes.tagOf({ id: real, name: 'Ada' })).toBe(hex(real))
    expect(namesakes.tagOf({ id: lookalike, name: 'Ada' })).toBe(hex(lookalike))
  })
})

describe('peopleInView', () => {
  it('holds who is online, this person, and who sent the messages loaded', () => {
    const people = [
      ...peopleInView([{ id: 'u_2', name: 'Grace', kind: 'guest' }], { id: 'u_me', name: 'Ada', kind: 'guest' }, [
        { kind: 'message', own: false, message: message(1, 'u_old') },
        { kind: 'outgoing', outgoing: { clientId: 'c1', text: 'hi', createdAt: 1, status: 'pending' } },
      ]),
    ]
    expect(people.map((person) => person.id)).toEqual(['u_2', 'u_me', 'u_old'])
  })
})
