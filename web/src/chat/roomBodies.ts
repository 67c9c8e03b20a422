// The bodies of the room API (docs/protocol.md, "Rooms a team can run"), as the browser sees them:
// a room's settings, its members, invites, bans and mutes, reports, and the directory of public
// rooms. Like the socket's frames (protocol.ts), each body is decoded once, here, into a typed
// value; a body of the wrong shape decodes to null, and the request that got it fails.

import { isPostPolicy, isRole, isVisibility, type PostPolicy, type Role, type Visibility } from './protocol'

type JsonObject = Record<string, unknown>

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isString(value: unknown): value is string {
  return typeof value === 'string'
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** A list under `key`, each entry decoded by `decode`; null if any entry fails. */
function decodeList<T>(value: unknown, key: string, decode: (entry: unknown) => T | null): T[] | null {
  if (!isObject(value) || !Array.isArray(value[key])) return null
  const list: T[] = []
  for (const entry of value[key] as unknown[]) {
    const decoded = decode(entry)
    if (decoded === null) return null
    list.push(decoded)
  }
  return list
}

// ---- Settings ---------------------------------------------------------------------------------

/** What a room's owner and moderators set; `POST /api/rooms` takes these and an optional `id`. */
export type RoomSettings = {
  title: string
  topic: string
  visibility: Visibility
  postPolicy: PostPolicy
  slowModeSeconds: number
}

/**
 * A room as `GET`, `POST` and `PATCH /api/rooms/{id}` answer: its settings, whether anyone claimed
 * it, and the asker's `role`. An unclaimed room has no owner and no `createdAt`.
 */
export type RoomInfo = RoomSettings & {
  id: string
  claimed: boolean
  owner: string | null
  createdAt: number | null
  role: Role
  /** The asker is an operator admin (`dormouse_admin`), who runs every room. */
  admin: boolean
}

export function decodeRoomInfo(value: unknown): RoomInfo | null {
  if (!isObject(value) || !isString(value.id) || typeof value.claimed !== 'boolean') return null
  const { title, topic, visibility, postPolicy, slowModeSeconds } = value
  if (!isString(title) || !isString(topic) || !isVisibility(visibility) || !isPostPolicy(postPolicy)) return null
  if (!isCount(slowModeSeconds)) return null
  if (value.owner !== undefined && !isString(value.owner)) return null
  if (value.createdAt !== undefined && !isTime(value.createdAt)) return null
  if (value.role !== undefined && !isString(value.role)) return null
  return {
    id: value.id,
    claimed: value.claimed,
    owner: isString(value.owner) ? value.owner : null,
    title,
    topic,
    visibility,
    postPolicy,
    slowModeSeconds,
    createdAt: isTime(value.createdAt) ? value.createdAt : null,
    // A role this app does not know grants nothing in it.
    role: isRole(value.role) ? value.role : 'none',
    admin: value.admin === true,
  }
}

// ---- Members ----------------------------------------------------------------------------------

/** One member of a claimed room; `name` is the one last seen, null when never seen. */
export type Member = { userId: string; name: string | null; role: Role }

function decodeMember(value: unknown): Member | null {
  if (!isObject(value) || !isString(value.userId) || !isRole(value.role)) return null
  if (value.name !== undefined && value.name !== null && !isString(value.name)) return null
  return { userId: value.userId, name: isString(value.name) ? value.name : null, role: value.role }
}

/** `GET /api/rooms/{id}/members`. */
export function decodeMembers(value: unknown): Member[] | null {
  return decodeList(value, 'members', decodeMember)
}

/** `PUT /api/rooms/{id}/members/{userId}` answers the member's new role, without a name. */
export function decodeMemberRole(value: unknown): { userId: string; role: Role } | null {
  if (!isObject(value) || !isString(value.userId) || !isRole(value.role)) return null
  return { userId: value.userId, role: value.role }
}

// ---- Invites ----------------------------------------------------------------------------------

/** An invite link to a room: `url` is the app's path `/invite/<code>`; `maxUses` null for no limit. */
export type Invite = {
  code: string
  room: string
  url: string
  expiresAt: number
  maxUses: number | null
  uses: number
  createdBy: string
  createdAt: number
}

export function decodeInvite(value: unknown): Invite | null {
  if (!isObject(value)) return null
  const { code, room, url, expiresAt, maxUses, uses, createdBy, createdAt } = value
  if (!isString(code) || !isString(room) || !isString(url) || !isTime(expiresAt)) return null
  if (maxUses !== null && maxUses !== undefined && !isCount(maxUses)) return null
  if (!isCount(uses) || !isString(createdBy) || !isTime(createdAt)) return null
  return { code, room, url, expiresAt, maxUses: isCount(maxUses) ? maxUses : null, uses, createdBy, createdAt }
}

/** `GET /api/rooms/{id}/invites`: those neither revoked nor expired, newest first. */
export function decodeInvites(value: unknown): Invite[] | null {
  return decodeList(value, 'invites', decodeInvite)
}

/** What `GET /api/invites/{code}` shows anyone holding the code, before they join. */
export type InvitePreview = { code: string; room: string; title: string; visibility: Visibility; expiresAt: number }

export function decodeInvitePreview(value: unknown): InvitePreview | null {
  if (!isObject(value)) return null
  const { code, room, title, visibility, expiresAt } = value
  if (!isString(code) || !isString(room) || !isString(title) || !isVisibility(visibility) || !isTime(expiresAt)) {
    return null
  }
  return { code, room, title, visibility, expiresAt }
}

// ---- Bans and mutes ---------------------------------------------------------------------------

/**
 * A ban or a mute of one person in a room: until when (a ban may be for good: null), why, by whom
 * and when. The lists carry the person's last seen `name` when known.
 */
export type Restriction = {
  userId: string
  name: string | null
  until: number | null
  reason: string | null
  by: string
  at: number
}

export function decodeRestriction(value: unknown): Restriction | null {
  if (!isObject(value) || !isString(value.userId) || !isString(value.by) || !isTime(value.at)) return null
  if (value.until !== null && value.until !== undefined && !isTime(value.until)) return null
  if (value.reason !== null && value.reason !== undefined && !isString(value.reason)) return null
  if (value.name !== null && value.name !== undefined && !isString(value.name)) return null
  return {
    userId: value.userId,
    name: isString(value.name) ? value.name : null,
    until: isTime(value.until) ? value.until : null,
    reason: isString(value.reason) && value.reason !== '' ? value.reason : null,
    by: value.by,
    at: value.at,
  }
}

export function decodeBans(value: unknown): Restriction[] | null {
  return decodeList(value, 'bans', decodeRestriction)
}

export function decodeMutes(value: unknown): Restriction[] | null {
  return decodeList(value, 'mutes', decodeRestriction)
}

// ---- Reports ----------------------------------------------------------------------------------

export type ReportStatus = 'open' | 'resolved'
export type ReportResolution = 'dismiss' | 'delete'

/**
 * A report of a message. A reporter's own answer (`POST …/reports`) has no `excerpt` or `author`;
 * the moderators' queue has both.
 */
export type Report = {
  id: string
  messageId: string
  excerpt: string | null
  author: { id: string; name: string } | null
  reason: string
  by: string
  at: number
  status: ReportStatus
  resolution: ReportResolution | null
  resolvedBy: string | null
  resolvedAt: number | null
}

export function decodeReport(value: unknown): Report | null {
  if (!isObject(value)) return null
  const { id, messageId, reason, by, at, status } = value
  if (!isString(id) || !isString(messageId) || !isString(reason) || !isString(by) || !isTime(at)) return null
  if (status !== 'open' && status !== 'resolved') return null
  if (value.excerpt !== undefined && !isString(value.excerpt)) return null
  let author: Report['author'] = null
  if (value.author !== undefined) {
    if (!isObject(value.author) || !isString(value.author.id) || !isString(value.author.name)) return null
    author = { id: value.author.id, name: value.author.name }
  }
  const resolution = value.resolution
  if (resolution !== undefined && resolution !== 'dismiss' && resolution !== 'delete') return null
  if (value.resolvedBy !== undefined && !isString(value.resolvedBy)) return null
  if (value.resolvedAt !== undefined && !isTime(value.resolvedAt)) return null
  return {
    id,
    messageId,
    excerpt: isString(value.excerpt) ? value.excerpt : null,
    author,
    reason,
    by,
    at,
    status,
    resolution: resolution ?? null,
    resolvedBy: isString(value.resolvedBy) ? value.resolvedBy : null,
    resolvedAt: isTime(value.resolvedAt) ? value.resolvedAt : null,
  }
}

export function decodeReports(value: unknown): Report[] | null {
  return decodeList(value, 'reports', decodeReport)
}

// ---- The directory ----------------------------------------------------------------------------

/** A public room as the directory lists it; `online` counts the people connected now. */
export type DirectoryRoom = { id: string; title: string; topic: string; online: number; lastActivity: number | null }

/** A page of `GET /api/rooms?query=`; `cursor` asks for the next one, null on the last. */
export type DirectoryPage = { rooms: DirectoryRoom[]; cursor: string | null }

function decodeDirectoryRoom(value: unknown): DirectoryRoom | null {
  if (!isObject(value)) return null
  const { id, title, topic, online, lastActivity } = value
  if (!isString(id) || !isString(title) || !isString(topic) || !isCount(online)) return null
  if (lastActivity !== null && lastActivity !== undefined && !isTime(lastActivity)) return null
  return { id, title, topic, online, lastActivity: isTime(lastActivity) ? lastActivity : null }
}

export function decodeDirectoryPage(value: unknown): DirectoryPage | null {
  const rooms = decodeList(value, 'rooms', decodeDirectoryRoom)
  if (rooms === null || !isObject(value)) return null
  if (value.cursor !== null && value.cursor !== undefined && !isString(value.cursor)) return null
  return { rooms, cursor: isString(value.cursor) ? value.cursor : null }
}

// ---- Errors -----------------------------------------------------------------------------------

/**
 * The body of an HTTP error: `{"code","message"}`, with `field` on `invalid_settings` (which
 * field broke its rule) and `until` on `banned` (when the ban ends; absent for good).
 */
export type HttpError = { code: string; message: string; field?: string; until?: number }

export function decodeHttpErrorBody(value: unknown): HttpError | null {
  if (!isObject(value) || !isString(value.code) || !isString(value.message)) return null
  const error: HttpError = { code: value.code, message: value.message }
  if (isString(value.field)) error.field = value.field
  if (isTime(value.until)) error.until = value.until
  return error
}
