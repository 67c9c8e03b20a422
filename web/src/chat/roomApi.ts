import {
  decodeHistoryPage,
  decodeMyRooms,
  decodePeoplePage,
  type HistoryPage,
  type MyRoom,
  type PeoplePage,
} from './protocol'
import {
  decodeBans,
  decodeDirectoryPage,
  decodeHttpErrorBody,
  decodeInvite,
  decodeInvitePreview,
  decodeInvites,
  decodeMemberRole,
  decodeMembers,
  decodeMutes,
  decodeReport,
  decodeReports,
  decodeRestriction,
  decodeRoomInfo,
  type DirectoryPage,
  type Invite,
  type InvitePreview,
  type Member,
  type Report,
  type ReportResolution,
  type ReportStatus,
  type Restriction,
  type RoomInfo,
  type RoomSettings,
} from './roomBodies'
import type { HistoryQuery } from './roomSync'

/** A request to a room's HTTP API that did not give an answer the app can use. */
export class RoomRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
    /** `invalid_settings`: the field that broke its rule. */
    readonly field: string | null = null,
    /** `banned`: when the ban ends; null for good (or not a ban). */
    readonly until: number | null = null,
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

function getPage<T>(path: string, decode: (body: unknown) => T | null, fetchImpl: typeof fetch): Promise<T> {
  return request('GET', path, undefined, decode, fetchImpl)
}

/**
 * One request of the room API, its answer decoded once. Every route takes the session cookie,
 * which a same-origin `fetch` sends by default; the changing ones also check the page's `Origin`,
 * which the browser sets. `decode` null: the answer has no body (`204`).
 */
async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body: unknown,
  decode: ((body: unknown) => T | null) | null,
  fetchImpl: typeof fetch,
): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' } }
  if (body !== undefined) {
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' }
    init.body = JSON.stringify(body)
  }
  const response = await fetchImpl(path, init)
  const answer: unknown = response.status === 204 ? null : await response.json().catch(() => null)
  if (!response.ok) {
    const error = decodeHttpErrorBody(answer)
    throw new RoomRequestError(
      response.status,
      error?.code ?? null,
      error?.message ?? response.statusText,
      error?.field ?? null,
      error?.until ?? null,
    )
  }
  if (decode === null) return undefined as T
  const decoded = decode(answer)
  if (decoded === null) throw new RoomRequestError(response.status, null, `Unexpected answer from ${path}`)
  return decoded
}

function roomRoute(roomId: string, ...parts: string[]): string {
  return ['/api/rooms', roomId, ...parts].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('/')
}

// ---- Settings and members ---------------------------------------------------------------------

/** `POST /api/rooms`: claims a room (a new one when `id` is absent) with these settings. */
export function createRoom(
  settings: Partial<RoomSettings> & { id?: string },
  fetchImpl: typeof fetch = fetch,
): Promise<RoomInfo> {
  return request('POST', '/api/rooms', settings, decodeRoomInfo, fetchImpl)
}

/** `GET /api/rooms/{id}`: the room's settings and the asker's role; `403` for a private room's stranger. */
export function fetchRoomInfo(roomId: string, fetchImpl: typeof fetch = fetch): Promise<RoomInfo> {
  return request('GET', roomRoute(roomId), undefined, decodeRoomInfo, fetchImpl)
}

/** `PATCH /api/rooms/{id}`: changes only the settings given. */
export function updateRoom(
  roomId: string,
  changes: Partial<RoomSettings>,
  fetchImpl: typeof fetch = fetch,
): Promise<RoomInfo> {
  return request('PATCH', roomRoute(roomId), changes, decodeRoomInfo, fetchImpl)
}

export function fetchMembers(roomId: string, fetchImpl: typeof fetch = fetch): Promise<Member[]> {
  return request('GET', roomRoute(roomId, 'members'), undefined, decodeMembers, fetchImpl)
}

/** `PUT /api/rooms/{id}/members/{userId}`: adds a member, or promotes or demotes one. */
export function setMemberRole(
  roomId: string,
  userId: string,
  role: 'member' | 'moderator',
  fetchImpl: typeof fetch = fetch,
): Promise<{ userId: string; role: string }> {
  return request('PUT', roomRoute(roomId, 'members', userId), { role }, decodeMemberRole, fetchImpl)
}

export function removeMember(roomId: string, userId: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  return request('DELETE', roomRoute(roomId, 'members', userId), undefined, null, fetchImpl)
}

// ---- Invites ----------------------------------------------------------------------------------

export type InviteRequest = { expiresInSeconds: number; maxUses: number | null }

export function createInvite(roomId: string, invite: InviteRequest, fetchImpl: typeof fetch = fetch): Promise<Invite> {
  const body = invite.maxUses === null ? { expiresInSeconds: invite.expiresInSeconds } : invite
  return request('POST', roomRoute(roomId, 'invites'), body, decodeInvite, fetchImpl)
}

export function fetchInvites(roomId: string, fetchImpl: typeof fetch = fetch): Promise<Invite[]> {
  return request('GET', roomRoute(roomId, 'invites'), undefined, decodeInvites, fetchImpl)
}

export function revokeInvite(roomId: string, code: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  return request('DELETE', roomRoute(roomId, 'invites', code), undefined, null, fetchImpl)
}

/** `GET /api/invites/{code}`: what the invite is to, for anyone holding the code. */
export function previewInvite(code: string, fetchImpl: typeof fetch = fetch): Promise<InvitePreview> {
  return request('GET', `/api/invites/${encodeURIComponent(code)}`, undefined, decodeInvitePreview, fetchImpl)
}

/** `POST /api/invites/{code}`: the signed-in caller becomes a member; answers the room. */
export function redeemInvite(code: string, fetchImpl: typeof fetch = fetch): Promise<RoomInfo> {
  return request('POST', `/api/invites/${encodeURIComponent(code)}`, undefined, decodeRoomInfo, fetchImpl)
}

// ---- Moderation -------------------------------------------------------------------------------

/** A moderator's delete of anyone's message; the room's log carries it like the author's own. */
export function moderateDelete(
  roomId: string,
  messageId: string,
  reason: string,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const body = reason === '' ? undefined : { reason }
  return request('DELETE', roomRoute(roomId, 'messages', messageId), body, () => ({}), fetchImpl).then(() => {})
}

export function kick(roomId: string, userId: string, reason: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  const body = reason === '' ? { userId } : { userId, reason }
  return request('POST', roomRoute(roomId, 'kicks'), body, () => ({}), fetchImpl).then(() => {})
}

/** Bans or mutes until `until` (epoch ms); a ban with `until` null is for good. */
export function restrict(
  roomId: string,
  kind: 'bans' | 'mutes',
  userId: string,
  until: number | null,
  reason: string,
  fetchImpl: typeof fetch = fetch,
): Promise<Restriction> {
  const body: Record<string, unknown> = { userId }
  if (until !== null) body.until = until
  if (reason !== '') body.reason = reason
  return request('POST', roomRoute(roomId, kind), body, decodeRestriction, fetchImpl)
}

export function fetchRestrictions(
  roomId: string,
  kind: 'bans' | 'mutes',
  fetchImpl: typeof fetch = fetch,
): Promise<Restriction[]> {
  return request('GET', roomRoute(roomId, kind), undefined, kind === 'bans' ? decodeBans : decodeMutes, fetchImpl)
}

export function liftRestriction(
  roomId: string,
  kind: 'bans' | 'mutes',
  userId: string,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  return request('DELETE', roomRoute(roomId, kind, userId), undefined, null, fetchImpl)
}

// ---- Reports ----------------------------------------------------------------------------------

export function reportMessage(
  roomId: string,
  messageId: string,
  reason: string,
  fetchImpl: typeof fetch = fetch,
): Promise<Report> {
  return request('POST', roomRoute(roomId, 'reports'), { messageId, reason }, decodeReport, fetchImpl)
}

export function fetchReports(
  roomId: string,
  status: ReportStatus = 'open',
  fetchImpl: typeof fetch = fetch,
): Promise<Report[]> {
  return request('GET', `${roomRoute(roomId, 'reports')}?status=${status}`, undefined, decodeReports, fetchImpl)
}

export function resolveReport(
  roomId: string,
  reportId: string,
  resolution: ReportResolution,
  fetchImpl: typeof fetch = fetch,
): Promise<Report> {
  return request('POST', roomRoute(roomId, 'reports', reportId), { resolution }, decodeReport, fetchImpl)
}

// ---- The directory ----------------------------------------------------------------------------

/** `GET /api/rooms?query=`: public rooms matching `query` (all when empty), newest activity first. */
export function fetchDirectory(
  query: string,
  cursor: string | null,
  fetchImpl: typeof fetch = fetch,
): Promise<DirectoryPage> {
  const params = new URLSearchParams({ limit: '20' })
  if (query !== '') params.set('query', query)
  if (cursor !== null) params.set('cursor', cursor)
  return request('GET', `/api/rooms?${params}`, undefined, decodeDirectoryPage, fetchImpl)
}
