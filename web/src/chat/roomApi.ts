import {
  decodeHistoryPage,
  decodeHttpError,
  decodeMyRooms,
  decodePeoplePage,
  type HistoryPage,
  type MyRoom,
  type PeoplePage,
} from './protocol'
import type { HistoryQuery } from './roomSync'

/** A request to a room's HTTP API that did not give an answer the app can use. */
export class RoomRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message)
    this.name = 'RoomRequestError'
  }
}

/** Where a page of the people online starts: after the last user id of the page before. */
export type PeopleQuery = { after: string | null; limit: number }

/** `GET /api/rooms/{roomId}/messages` with `before` or `after`, decoded and checked. */
export async function fetchHistoryPage(
  roomId: string,
  query: HistoryQuery,
  fetchImpl: typeof fetch = fetch,
): Promise<HistoryPage> {
  const params = new URLSearchParams({ limit: String(query.limit) })
  if ('before' in query) params.set('before', String(query.before))
  else params.set('after', String(query.after))
  return getPage(roomPath(roomId, 'messages', params), decodeHistoryPage, fetchImpl)
}

/** `GET /api/rooms/{roomId}/people`, for a room too big for `presence` to list, decoded and checked. */
export async function fetchPeoplePage(
  roomId: string,
  query: PeopleQuery,
  fetchImpl: typeof fetch = fetch,
): Promise<PeoplePage> {
  const params = new URLSearchParams({ limit: String(query.limit) })
  if (query.after !== null) params.set('after', query.after)
  return getPage(roomPath(roomId, 'people', params), decodePeoplePage, fetchImpl)
}

/** `GET /api/me/rooms`: the rooms this person joined, with their unread counts. */
export async function fetchMyRooms(fetchImpl: typeof fetch = fetch): Promise<MyRoom[]> {
  return getPage('/api/me/rooms', decodeMyRooms, fetchImpl)
}

function roomPath(roomId: string, resource: string, params: URLSearchParams): string {
  return `/api/rooms/${encodeURIComponent(roomId)}/${resource}?${params}`
}

/** Both take the session cookie, which a same-origin `fetch` sends by default. */
async function getPage<T>(path: string, decode: (body: unknown) => T | null, fetchImpl: typeof fetch): Promise<T> {
  const response = await fetchImpl(path, { headers: { Accept: 'application/json' } })
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const error = decodeHttpError(body)
    throw new RoomRequestError(response.status, error?.code ?? null, error?.message ?? response.statusText)
  }
  const page = decode(body)
  if (page === null) throw new RoomRequestError(response.status, null, `Unexpected answer from ${path}`)
  return page
}
