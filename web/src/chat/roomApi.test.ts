import { describe, expect, it } from 'vitest'
import {
  createRoom,
  fetchDirectory,
  fetchPeoplePage,
  fetchRoomInfo,
  liftRestriction,
  restrict,
  revokeInvite,
  RoomRequestError,
  updateRoom,
} from './roomApi'

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

describe('room API requests', () => {
  function recording(status: number, body: unknown) {
    const calls: Array<{ url: string; method: string; body: unknown }> = []
    const fetchImpl = (async (input: string, init?: RequestInit) => {
      calls.push({
        url: input,
        method: init?.method ?? 'GET',
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      })
      return status === 204
        ? new Response(null, { status })
        : new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
    }) as typeof fetch
    return { fetchImpl, calls }
  }

  const room = {
    id: 'team',
    claimed: true,
    owner: 'u_1',
    title: 'Team',
    topic: '',
    visibility: 'private',
    postPolicy: 'everyone',
    slowModeSeconds: 0,
    createdAt: 1,
    role: 'owner',
  }

  it('creates a room and changes only the settings given', async () => {
    const { fetchImpl, calls } = recording(201, room)
    expect(await createRoom({ title: 'Team', visibility: 'private' }, fetchImpl)).toMatchObject({ id: 'team' })
    await updateRoom('team', { slowModeSeconds: 30 }, fetchImpl)
    expect(calls).toEqual([
      { url: '/api/rooms', method: 'POST', body: { title: 'Team', visibility: 'private' } },
      { url: '/api/rooms/team', method: 'PATCH', body: { slowModeSeconds: 30 } },
    ])
  })

  it('bans for good without until, mutes until a time, and leaves out an empty reason', async () => {
    const { fetchImpl, calls } = recording(201, { userId: 'u_2', until: null, reason: null, by: 'u_1', at: 5 })
    await restrict('team', 'bans', 'u_2', null, 'Spam', fetchImpl)
    await restrict('team', 'mutes', 'u_2', 9_000, '', fetchImpl)
    expect(calls).toEqual([
      { url: '/api/rooms/team/bans', method: 'POST', body: { userId: 'u_2', reason: 'Spam' } },
      { url: '/api/rooms/team/mutes', method: 'POST', body: { userId: 'u_2', until: 9_000 } },
    ])
  })

  it('takes a 204 as done, and names users and codes safely in paths', async () => {
    const { fetchImpl, calls } = recording(204, null)
    await revokeInvite('team', 'a/b', fetchImpl)
    await liftRestriction('team', 'mutes', 'op_x&y', fetchImpl)
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'DELETE /api/rooms/team/invites/a%2Fb',
      'DELETE /api/rooms/team/mutes/op_x%26y',
    ])
  })

  it('carries the field of invalid_settings and the end of a ban', async () => {
    const invalid = recording(400, { code: 'invalid_settings', message: 'Too long.', field: 'title' })
    await expect(updateRoom('team', { title: 'x' }, invalid.fetchImpl)).rejects.toMatchObject({
      status: 400,
      code: 'invalid_settings',
      field: 'title',
    })
    const banned = recording(403, { code: 'banned', message: 'Banned.', until: 77 })
    await expect(fetchRoomInfo('team', banned.fetchImpl)).rejects.toMatchObject({ code: 'banned', until: 77 })
  })

  it('asks the directory with the query and the cursor', async () => {
    const { fetchImpl, calls } = recording(200, { rooms: [], cursor: null })
    await fetchDirectory('plans & more', null, fetchImpl)
    await fetchDirectory('', 'c2', fetchImpl)
    expect(calls.map((call) => call.url)).toEqual([
      '/api/rooms?limit=20&query=plans+%26+more',
      '/api/rooms?limit=20&cursor=c2',
    ])
  })
})
