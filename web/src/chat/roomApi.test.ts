import { describe, expect, it } from 'vitest'
import { fetchPeoplePage, RoomRequestError } from './roomApi'

function answering(status: number, body: unknown) {
  const urls: string[] = []
  const fetchImpl = (async (input: string) => {
    urls.push(input)
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
  }) as typeof fetch
  return { fetchImpl, urls }
}

describe('fetchPeoplePage', () => {
  it('asks for the first page without after, and a later one after the last user id', async () => {
    const { fetchImpl, urls } = answering(200, { people: [{ id: 'u_1', name: 'Ada', kind: 'guest' }], hasMore: true })
    const page = await fetchPeoplePage('big-room', { after: null, limit: 100 }, fetchImpl)
    expect(page).toEqual({ people: [{ id: 'u_1', name: 'Ada', kind: 'guest' }], hasMore: true })
    await fetchPeoplePage('big-room', { after: 'op_a&b', limit: 100 }, fetchImpl)
    expect(urls).toEqual([
      '/api/rooms/big-room/people?limit=100',
      '/api/rooms/big-room/people?limit=100&after=op_a%26b',
    ])
  })

  it('throws the server’s error code', async () => {
    const { fetchImpl } = answering(401, { code: 'unauthorized', message: 'Sign in first' })
    const failure = await fetchPeoplePage('lobby', { after: null, limit: 100 }, fetchImpl).catch((error) => error)
    expect(failure).toBeInstanceOf(RoomRequestError)
    expect(failure).toMatchObject({ status: 401, code: 'unauthorized' })
  })

  it('throws on an answer of the wrong shape', async () => {
    const { fetchImpl } = answering(200, { people: 'everyone' })
    await expect(fetchPeoplePage('lobby', { after: null, limit: 100 }, fetchImpl)).rejects.toBeInstanceOf(
      RoomRequestError,
    )
  })
})
