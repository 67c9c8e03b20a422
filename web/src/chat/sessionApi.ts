import { decodeHttpError, decodeSessionUser, type UserRef } from './protocol'

const SESSION_PATH = '/api/session'

/** A `/api/session` request that did not give an answer the app can use. */
export class SessionRequestError extends Error {
  constructor(
    /** The HTTP status, or null when no answer came at all (network down, server stopped). */
    readonly status: number | null,
    readonly code: string | null,
    message: string,
  ) {
    super(message)
    this.name = 'SessionRequestError'
  }

  /** The server answered and refused the name: asking again with the same name cannot help. */
  get refusedName(): boolean {
    return this.status === 400
  }
}

export type SessionLookup = { kind: 'signedIn'; user: UserRef } | { kind: 'signedOut' }

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

async function request(fetchImpl: FetchLike, init: RequestInit): Promise<{ response: Response; body: unknown }> {
  let response: Response
  try {
    response = await fetchImpl(SESSION_PATH, {
      // The session lives in an HttpOnly cookie of this origin: it must go along, and the
      // answer (who this browser is now) must never come from a cache.
      credentials: 'same-origin',
      cache: 'no-store',
      ...init,
      headers: { Accept: 'application/json', ...init.headers },
    })
  } catch (error) {
    throw new SessionRequestError(null, null, error instanceof Error ? error.message : String(error))
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null)
  return { response, body }
}

function failure(response: Response, body: unknown): SessionRequestError {
  const error = decodeHttpError(body)
  return new SessionRequestError(response.status, error?.code ?? null, error?.message ?? response.statusText)
}

/** `GET /api/session`: who this browser's session cookie says it is, if anyone. */
export async function lookUpSession(fetchImpl: FetchLike): Promise<SessionLookup> {
  const { response, body } = await request(fetchImpl, { method: 'GET' })
  // The server answers a browser without a valid session with {"user":null}; servers before
  // that answered 401, which still means the same.
  if (response.status === 401) return { kind: 'signedOut' }
  if (!response.ok) throw failure(response, body)
  if (isSignedOutBody(body)) return { kind: 'signedOut' }
  const user = decodeSessionUser(body)
  if (user === null) throw new SessionRequestError(response.status, null, 'Unexpected session response')
  return { kind: 'signedIn', user }
}

function isSignedOutBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'user' in body && body.user === null
}

/**
 * `POST /api/session`: signs in under `name`. With a valid session cookie the server keeps the
 * user id and only renames; otherwise it starts a new user. The answer sets the cookie.
 */
export async function openSession(name: string, fetchImpl: FetchLike): Promise<UserRef> {
  const { response, body } = await request(fetchImpl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  })
  if (!response.ok) throw failure(response, body)
  const user = decodeSessionUser(body)
  if (user === null) throw new SessionRequestError(response.status, null, 'Unexpected session response')
  return user
}
