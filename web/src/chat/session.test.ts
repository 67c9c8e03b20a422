import { describe, expect, it } from 'vitest'
import type { UserRef } from './protocol'
import { describeSessionError, SessionKeeper, type NameMemory } from './session'
import { SessionRequestError, type FetchLike } from './sessionApi'

type Seen = { method: string; path: string; body: unknown; init: RequestInit }

/**
 * Plays `/api/session` as the server documents it, with the cookie jar reduced to "which user
 * the cookie names, if any". `down` makes every request fail as fetch does without a network;
 * `gate` holds requests until it resolves, to order concurrent ones.
 */
class FakeSessionServer {
  readonly seen: Seen[] = []
  session: UserRef | null = null
  down = false
  answerGetWith: number | null = null
  /** How a look-up without a session is answered: the documented `{"user":null}`, or an older server's 401. */
  signedOutAs: 'null' | 401 = 'null'
  gate: Promise<void> | null = null
  private nextId = 1

  readonly fetch: FetchLike = async (input, init = {}) => {
    const method = init.method ?? 'GET'
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : null
    this.seen.push({ method, path: input, body, init })
    if (this.gate !== null) await this.gate
    if (this.down) throw new TypeError('fetch failed')
    if (input !== '/api/session') return json(404, { code: 'not_found', message: 'No such path.' })
    if (method === 'GET') {
      if (this.answerGetWith !== null) return json(this.answerGetWith, { code: 'unavailable', message: 'Busy.' })
      if (this.session !== null) return json(200, { user: this.session })
      return this.signedOutAs === 401
        ? json(401, { code: 'unauthorized', message: 'Sign in first.' })
        : json(200, { user: null })
    }
    if (method === 'POST') {
      const raw = typeof body === 'object' && body !== null && 'name' in body ? body.name : null
      const name = typeof raw === 'string' ? raw.trim() : ''
      const length = [...name].length
      if (length < 1 || length > 32) return json(400, { code: 'bad_request', message: 'A name is 1 to 32 characters.' })
      // A valid cookie keeps the id; anything else starts a new user.
      const id = this.session?.id ?? `u_${this.nextId++}`
      this.session = { id, name, kind: 'guest' }
      return json(200, { token: `token-for-${id}`, user: this.session })
    }
    return json(405, { code: 'method_not_allowed', message: 'Use GET, POST or DELETE.' })
  }

  posts(): unknown[] {
    return this.seen.filter((request) => request.method === 'POST').map((request) => request.body)
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

class MemoryNames implements NameMemory {
  constructor(public name = '') {}
  load(): string {
    return this.name
  }
  save(name: string): void {
    this.name = name
  }
}

function setup(options: { remembered?: string; session?: UserRef } = {}) {
  const server = new FakeSessionServer()
  if (options.session) server.session = options.session
  const names = new MemoryNames(options.remembered)
  const keeper = new SessionKeeper(server.fetch, names)
  let notifications = 0
  keeper.subscribe(() => notifications++)
  return { server, names, keeper, notifications: () => notifications }
}

describe('session on load', () => {
  it('knows the person from the session cookie, without asking for a name', async () => {
    const { server, names, keeper } = setup({ session: { id: 'u_7', name: 'Ada', kind: 'guest' } })
    expect(keeper.getState()).toEqual({ kind: 'loading' })
    expect(await keeper.refresh()).toEqual({ id: 'u_7', name: 'Ada', kind: 'guest' })
    expect(keeper.getState()).toEqual({ kind: 'signedIn', user: { id: 'u_7', name: 'Ada', kind: 'guest' } })
    // The session's name is the one remembered from now on.
    expect(names.name).toBe('Ada')
    expect(server.seen.map((request) => request.method)).toEqual(['GET'])
    expect(server.seen[0]?.init).toMatchObject({ credentials: 'same-origin', cache: 'no-store' })
  })

  it('opens the session again under the remembered name when the server has none', async () => {
    const { server, keeper } = setup({ remembered: 'Ada' })
    const user = await keeper.refresh()
    expect(user).toEqual({ id: 'u_1', name: 'Ada', kind: 'guest' })
    expect(keeper.getState()).toEqual({ kind: 'signedIn', user })
    expect(server.seen.map((request) => request.method)).toEqual(['GET', 'POST'])
    expect(server.posts()).toEqual([{ name: 'Ada' }])
    expect(server.seen[1]?.init.headers).toMatchObject({ 'Content-Type': 'application/json' })
  })

  it('asks for a name when there is neither a session nor a remembered name', async () => {
    const { server, keeper } = setup()
    expect(await keeper.refresh()).toBeNull()
    expect(keeper.getState()).toEqual({ kind: 'needsName', error: null })
    expect(server.posts()).toEqual([])
  })

  it('takes an older server\'s 401 for "signed out" too', async () => {
    const { server, keeper } = setup({ remembered: 'Ada' })
    server.signedOutAs = 401
    expect(await keeper.refresh()).toEqual({ id: 'u_1', name: 'Ada', kind: 'guest' })
    expect(server.posts()).toEqual([{ name: 'Ada' }])
  })

  it('takes a body that is neither a user nor null for a failed look-up, not for "signed out"', async () => {
    const odd: FetchLike = async () => json(200, { user: { name: 'no id' } })
    const confused = new SessionKeeper(odd, new MemoryNames('Ada'))
    expect(await confused.refresh()).toBeNull()
    expect(confused.getState()).toEqual({ kind: 'unreachable', name: 'Ada' })
  })

  it('asks for a name, saying why, when the server refuses the remembered one', async () => {
    const { keeper } = setup({ remembered: 'x'.repeat(40) })
    expect(await keeper.refresh()).toBeNull()
    expect(keeper.getState()).toEqual({ kind: 'needsName', error: 'A name is 1 to 32 characters.' })
  })

  it('falls back to the remembered name while the server does not answer, then signs in once it does', async () => {
    const { server, keeper } = setup({ remembered: 'Ada' })
    server.down = true
    expect(await keeper.refresh()).toBeNull()
    expect(keeper.getState()).toEqual({ kind: 'unreachable', name: 'Ada' })
    server.down = false
    expect(await keeper.refresh()).toEqual({ id: 'u_1', name: 'Ada', kind: 'guest' })
    expect(keeper.getState().kind).toBe('signedIn')
  })

  it('runs the first look-up once however many views start it', async () => {
    const { server, keeper } = setup({ session: { id: 'u_7', name: 'Ada', kind: 'guest' } })
    keeper.start()
    keeper.start()
    const [a, b] = await Promise.all([keeper.refresh(), keeper.refresh()])
    expect(a).toEqual(b)
    expect(server.seen).toHaveLength(1)
  })
})

describe('session later on', () => {
  it('keeps the session it knows while the server is down or failing', async () => {
    const { server, keeper } = setup({ session: { id: 'u_7', name: 'Ada', kind: 'guest' } })
    await keeper.refresh()
    server.down = true
    expect(await keeper.refresh()).toEqual({ id: 'u_7', name: 'Ada', kind: 'guest' })
    server.down = false
    server.answerGetWith = 503
    expect(await keeper.refresh()).toEqual({ id: 'u_7', name: 'Ada', kind: 'guest' })
    expect(keeper.getState()).toEqual({ kind: 'signedIn', user: { id: 'u_7', name: 'Ada', kind: 'guest' } })
  })

  it('signs in again under the remembered name when the server stopped accepting the session', async () => {
    const { server, keeper } = setup({ session: { id: 'u_7', name: 'Ada', kind: 'guest' } })
    await keeper.refresh()
    server.session = null // expired, or signed with a key the server no longer has
    expect(await keeper.refresh()).toEqual({ id: 'u_1', name: 'Ada', kind: 'guest' })
    expect(server.posts()).toEqual([{ name: 'Ada' }])
  })

  it('tells subscribers only when who the person is changed', async () => {
    const { keeper, notifications } = setup({ session: { id: 'u_7', name: 'Ada', kind: 'guest' } })
    await keeper.refresh()
    await keeper.refresh()
    expect(notifications()).toBe(1)
  })
})

describe('choosing a name', () => {
  it('signs in under the chosen name, trimmed, and remembers it', async () => {
    const { server, names, keeper } = setup()
    await keeper.refresh()
    expect(await keeper.chooseName('  Grace  ')).toEqual({ id: 'u_1', name: 'Grace', kind: 'guest' })
    expect(server.posts()).toEqual([{ name: 'Grace' }])
    expect(keeper.getState()).toEqual({ kind: 'signedIn', user: { id: 'u_1', name: 'Grace', kind: 'guest' } })
    expect(names.name).toBe('Grace')
  })

  it('renames without changing the user id', async () => {
    const { keeper } = setup({ session: { id: 'u_7', name: 'Ada', kind: 'guest' } })
    await keeper.refresh()
    await keeper.chooseName('Ada King')
    expect(keeper.getState()).toEqual({ kind: 'signedIn', user: { id: 'u_7', name: 'Ada King', kind: 'guest' } })
  })

  it('leaves the session as it was when the server refuses the name, and says why', async () => {
    const { names, keeper } = setup({ session: { id: 'u_7', name: 'Ada', kind: 'guest' } })
    await keeper.refresh()
    const refusal = await keeper.chooseName('   ').catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(SessionRequestError)
    expect(describeSessionError(refusal)).toBe('A name is 1 to 32 characters.')
    expect(keeper.getState()).toEqual({ kind: 'signedIn', user: { id: 'u_7', name: 'Ada', kind: 'guest' } })
    expect(names.name).toBe('Ada')
  })

  it('says so when the server cannot be reached', async () => {
    const { server, keeper } = setup()
    server.down = true
    const failure = await keeper.chooseName('Grace').catch((error: unknown) => error)
    expect(describeSessionError(failure)).toMatch(/Could not reach the server/)
  })

  it('is not undone by a look-up that started before it', async () => {
    const { server, keeper } = setup({ remembered: 'Ada' })
    let release = () => {}
    server.gate = new Promise((resolve) => (release = resolve))
    const lookUp = keeper.refresh()
    const choice = keeper.chooseName('Grace')
    release()
    await Promise.all([lookUp, choice])
    // The look-up saw no session, but must not sign in as "Ada" over the newer choice.
    expect(server.posts()).toEqual([{ name: 'Grace' }])
    expect(keeper.getState()).toEqual({ kind: 'signedIn', user: { id: 'u_1', name: 'Grace', kind: 'guest' } })
  })
})
