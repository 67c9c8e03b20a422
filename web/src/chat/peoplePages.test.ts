import { describe, expect, it } from 'vitest'
import { PeoplePages } from './peoplePages'
import type { PeoplePage, UserRef } from './protocol'
import type { PeopleQuery } from './roomApi'

function people(from: number, to: number): UserRef[] {
  const list: UserRef[] = []
  for (let n = from; n <= to; n++)
    list.push({ id: `u_${String(n).padStart(3, '0')}`, name: `Person ${n}`, kind: 'guest' })
  return list
}

/** A server holding `everyone`, sorted by id, that answers each request when the test says so. */
function server(everyone: UserRef[]) {
  const queries: PeopleQuery[] = []
  const waiting: Array<{ answer: () => void; fail: () => void }> = []
  const fetchPage = (query: PeopleQuery) =>
    new Promise<PeoplePage>((resolve, reject) => {
      queries.push(query)
      const start = query.after === null ? 0 : everyone.findIndex((user) => user.id > (query.after ?? ''))
      const rest = start < 0 ? [] : everyone.slice(start)
      waiting.push({
        answer: () => resolve({ people: rest.slice(0, query.limit), hasMore: rest.length > query.limit }),
        fail: () => reject(new Error('503')),
      })
    })
  const next = () => {
    const request = waiting.shift()
    if (request === undefined) throw new Error('no request waiting')
    return request
  }
  return { fetchPage, queries, next }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('PeoplePages', () => {
  it('loads the first page, then each next one after the last user id, until there are no more', async () => {
    const room = server(people(1, 5))
    const pages = new PeoplePages(room.fetchPage, 2)
    const first = pages.refresh()
    expect(pages.getState().loading).toBe(true)
    room.next().answer()
    await first
    expect(pages.getState()).toMatchObject({ people: people(1, 2), hasMore: true, loading: false })
    for (let i = 0; i < 2; i++) {
      const more = pages.loadMore()
      room.next().answer()
      await more
    }
    expect(room.queries).toEqual([
      { after: null, limit: 2 },
      { after: 'u_002', limit: 2 },
      { after: 'u_004', limit: 2 },
    ])
    expect(pages.getState()).toMatchObject({ people: people(1, 5), hasMore: false })
    await pages.loadMore()
    expect(room.queries).toHaveLength(3)
  })

  it('asks once while a page is on its way', async () => {
    const room = server(people(1, 5))
    const pages = new PeoplePages(room.fetchPage, 2)
    void pages.refresh()
    void pages.loadMore()
    expect(room.queries).toHaveLength(1)
  })

  it('says when a page failed, and tries it again on the next loadMore', async () => {
    const room = server(people(1, 3))
    const pages = new PeoplePages(room.fetchPage, 2)
    const first = pages.refresh()
    room.next().fail()
    await first
    expect(pages.getState()).toMatchObject({ people: [], failed: true, loading: false })
    const again = pages.loadMore()
    room.next().answer()
    await again
    expect(pages.getState()).toMatchObject({ people: people(1, 2), failed: false })
    expect(room.queries.map((query) => query.after)).toEqual([null, null])
  })

  it('starts over on refresh and drops the answer to the request before it', async () => {
    const room = server(people(1, 3))
    const pages = new PeoplePages(room.fetchPage, 2)
    void pages.refresh()
    const stale = room.next()
    const fresh = pages.refresh()
    room.next().answer()
    await fresh
    stale.answer()
    await settle()
    expect(pages.getState().people).toEqual(people(1, 2))
  })

  it('lists each person once, and stops when a page brings nobody new', async () => {
    const everyone = people(1, 2)
    const pages = new PeoplePages(async () => ({ people: everyone, hasMore: true }), 2)
    await pages.refresh()
    await pages.loadMore()
    expect(pages.getState()).toMatchObject({ people: everyone, hasMore: false })
  })
})
