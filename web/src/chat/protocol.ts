// The Dormouse wire protocol, version 2, as the browser sees it. docs/protocol.md is the contract;
// protocol/examples/ holds frames that both this module and the server are tested against.
//
// Frames are validated once, here, at the edge: the rest of the app works with these types and
// never touches raw JSON. A frame that does not validate is ignored (decode returns null), so a
// newer server that adds frame types or fields cannot break an older client.
//
// Version 2 changed only `presence` (a snapshot, then deltas, or only a count in a big room) and
// still reads a version 1 server's frames: there, every `presence` is a snapshot without a count.
// People's `kind` (and messages' `fromKind`) came later in version 2; without it, everyone is a guest.
// Changes to messages (edits, deletes, reactions), replies and read markers came later still
// (issue 11): a server without them sends none of their frames or fields, and this client then
// shows plain messages and keeps its read marker to itself.

export const PROTOCOL_VERSION = 2

/**
 * The WebSocket subprotocol that asks for this whole protocol. A socket that offers none is served
 * the article's plain rows of messages only.
 */
export const SUBPROTOCOL = 'dormouse.v2'

/** The most code points a message may hold after the server's clean-up. */
export const MAX_MESSAGE_CODE_POINTS = 2000

/**
 * What stands behind a display name, which anyone may choose: `guest`, the person chose it
 * themselves (with a session or without); `operator`, the operator's identity provider vouches for it;
 * `bot`, a team's backend posted it with one of the server's API keys.
 */
export type UserKind = 'guest' | 'operator' | 'bot'

export type UserRef = { id: string; name: string; kind: UserKind }

/** A person's role in a room; `none` for someone who is not a member (of a public room, say). */
export type Role = 'owner' | 'moderator' | 'member' | 'none'
/** `public`: listed, anyone may join; `unlisted`: anyone with the link; `private`: members only. */
export type Visibility = 'public' | 'unlisted' | 'private'
/** `moderators` makes an announcement room: only the owner and moderators post. */
export type PostPolicy = 'everyone' | 'moderators'

/**
 * The quote a reply carries of its target, as stored with the reply. `excerpt` is the first 120
 * code points of the target's text then; once the target is deleted it is gone, and `deleted` is true.
 */
export type ReplyQuote = {
  id: string
  seq: number
  from: string
  name: string
  fromKind: UserKind
  excerpt?: string
  deleted?: true
}

/** One emoji's reactions on a message: how many people, and whether the receiver is one of them. */
export type ReactionCount = { emoji: string; count: number; mine: boolean }

/**
 * A stored message in its current state: the `message` frame, each entry of `history` (and of its
 * `updated`) and of the HTTP history API. A tombstone (`deleted` set) has an empty `message` and
 * no `edited`, `reactions` or excerpt.
 */
export type ChatMessage = {
  seq: number
  id: string
  from: string
  name: string
  fromKind: UserKind
  message: string
  timestamp: number
  /** When it was last edited; absent if never. */
  edited?: number
  /** When it was deleted; absent unless it is a tombstone. */
  deleted?: number
  /** A tombstone only: a moderator deleted it, not its author. */
  moderated?: true
  /** A tombstone a moderator left: why, when they said. */
  reason?: string
  replyTo?: ReplyQuote
  /** Absent when there are none; in the order each emoji was first used on the message. */
  reactions?: ReactionCount[]
}

// ---- Server to client ------------------------------------------------------------------------

/**
 * `epoch` names the log the seqs belong to; a resume sends it back with `since`. `lastRead` is this
 * person's read marker in the room and `unread` the exact number of messages from others after it
 * that are not deleted; a server from before read markers sends neither.
 */
export type ReadyFrame = {
  type: 'ready'
  protocol: number
  you: UserRef
  room: string
  seq: number
  epoch?: string
  lastRead?: number
  unread?: number
  /** This person's role in the room; absent from a server before moderation. */
  role?: Role
  /** When this person's mute in the room ends; absent when they are not muted. */
  mutedUntil?: number
}
/** The log is not the one resumed from (a wiped or restored database): start the room over. */
export type ResetFrame = { type: 'reset'; epoch: string; seq: number }
export type GapFrame = { type: 'gap'; from: number; to: number; reason: string }
/**
 * `messages` are the messages after the resume point (or the latest ones), in their current state;
 * `updated`, on a resume only, the messages at or before it that changed since, each once.
 */
export type HistoryFrame = { type: 'history'; messages: ChatMessage[]; hasMore: boolean; updated?: ChatMessage[] }
/** Everyone online, one entry per user: replaces the list. A version 1 server sends no `count`. */
export type PresenceSnapshot = { type: 'presence'; online: UserRef[]; count?: number }
/**
 * Who came online or changed name (`joined`, by id) and who went offline (`left`, user ids) since
 * the last frame, and how many are online now. Either list may be absent.
 */
export type PresenceDelta = { type: 'presence'; joined?: UserRef[]; left?: string[]; count: number }
/**
 * Only how many are online, in a room too big to list (`PRESENCE_LIST_LIMIT`). On the wire it is
 * also a delta with neither list: what it means depends on whether this connection had a snapshot.
 */
export type PresenceCount = { type: 'presence'; count: number }
export type PresenceFrame = PresenceSnapshot | PresenceDelta | PresenceCount
export type MessageFrame = { type: 'message' } & ChatMessage
export type AckFrame = { type: 'ack'; clientId: string; seq: number }
export type TypingFrame = { type: 'typing'; user: UserRef }
/** `from` ("server") and `timestamp` are there so the article's plain client shows it as a row. */
export type ErrorFrame = {
  type: 'error'
  code: string
  message: string
  clientId?: string
  from?: string
  timestamp?: number
  /** `slow_mode` and `muted`: when the person may write again; `banned`: when the ban ends. */
  until?: number
  /** `kicked`, `banned`: the moderator's reason, when they gave one. */
  reason?: string
}
export type PongFrame = { type: 'pong' }
/** A message's text was edited: `seq` is the change's own seq in the room's log, `id` the message's. */
export type EditedFrame = { type: 'edited'; seq: number; id: string; message: string; edited: number }
/** A message was deleted: it becomes a tombstone, and replies quoting it lose their excerpt. */
export type DeletedFrame = {
  type: 'deleted'
  seq: number
  id: string
  deleted: number
  /** A moderator deleted it, not its author; `reason` is theirs, when given. */
  moderated?: true
  reason?: string
}
/** Someone turned a reaction on or off; `count` is that emoji's count on the message now. */
export type ReactionFrame = {
  type: 'reaction'
  seq: number
  id: string
  emoji: string
  user: UserRef
  on: boolean
  count: number
}
/**
 * This person's read marker in the room moved (from this socket or another of theirs). `seq` is the
 * marker, not an entry of the log, so it is never deduplicated as one.
 */
export type ReadFrame = { type: 'read'; seq: number; unread: number }
/**
 * This person was muted in the room until `until` (with the moderator's `reason`), or the mute was
 * lifted (`until` null). A mute that simply runs out is not announced: the client counts down.
 */
export type MutedFrame = { type: 'muted'; until: number | null; reason?: string }
/** The room's settings changed (a `PATCH` was stored): everyone in the room hears the new ones. */
export type RoomFrame = {
  type: 'room'
  title: string
  topic: string
  visibility: Visibility
  postPolicy: PostPolicy
  slowModeSeconds: number
}
/** This person's role in the room changed. */
export type RoleFrame = { type: 'role'; role: Role }
/** Someone's role in the room changed (`none`: taken out), told to everyone in it. */
export type MemberFrame = { type: 'member'; userId: string; role: Role }

/** The frames that are entries of the room's log besides messages: each has its own seq. */
export type ChangeFrame = EditedFrame | DeletedFrame | ReactionFrame

export type ServerFrame =
  | ReadyFrame
  | ResetFrame
  | GapFrame
  | HistoryFrame
  | PresenceFrame
  | MessageFrame
  | AckFrame
  | TypingFrame
  | ErrorFrame
  | PongFrame
  | ChangeFrame
  | ReadFrame
  | MutedFrame
  | RoomFrame
  | RoleFrame
  | MemberFrame

// ---- Client to server ------------------------------------------------------------------------

/** `replyTo` is the id of the message this one answers. */
export type SendFrame = { type: 'send'; text: string; clientId: string; replyTo?: string }
export type EditFrame = { type: 'edit'; id: string; text: string; clientId: string }
export type DeleteFrame = { type: 'delete'; id: string; clientId: string }
export type ReactFrame = { type: 'react'; id: string; emoji: string; on: boolean; clientId: string }
/** How far this person has read; no clientId and no ack (the server answers with `read`). */
export type ClientReadFrame = { type: 'read'; seq: number }
export type ClientTypingFrame = { type: 'typing' }
export type PingFrame = { type: 'ping' }

export type ClientFrame =
  SendFrame | EditFrame | DeleteFrame | ReactFrame | ClientReadFrame | ClientTypingFrame | PingFrame

export function sendFrame(text: string, clientId: string, replyTo?: string): SendFrame {
  return replyTo === undefined ? { type: 'send', text, clientId } : { type: 'send', text, clientId, replyTo }
}

export function editFrame(id: string, text: string, clientId: string): EditFrame {
  return { type: 'edit', id, text, clientId }
}

export function deleteFrame(id: string, clientId: string): DeleteFrame {
  return { type: 'delete', id, clientId }
}

export function reactFrame(id: string, emoji: string, on: boolean, clientId: string): ReactFrame {
  return { type: 'react', id, emoji, on, clientId }
}

export function readFrame(seq: number): ClientReadFrame {
  return { type: 'read', seq }
}

export function typingFrame(): ClientTypingFrame {
  return { type: 'typing' }
}

export function pingFrame(): PingFrame {
  return { type: 'ping' }
}

/** The text to put on the socket for a client frame. `ping` is the bare word, not JSON. */
export function encodeClientFrame(frame: ClientFrame): string {
  switch (frame.type) {
    case 'ping':
      return 'ping'
    case 'typing':
      return JSON.stringify({ type: 'typing' })
    // Built field by field, in the documented order, so that nothing else reaches the wire.
    case 'send':
      return JSON.stringify(
        frame.replyTo === undefined
          ? { type: 'send', text: frame.text, clientId: frame.clientId }
          : { type: 'send', text: frame.text, clientId: frame.clientId, replyTo: frame.replyTo },
      )
    case 'edit':
      return JSON.stringify({ type: 'edit', id: frame.id, text: frame.text, clientId: frame.clientId })
    case 'delete':
      return JSON.stringify({ type: 'delete', id: frame.id, clientId: frame.clientId })
    case 'react':
      return JSON.stringify({ type: 'react', id: frame.id, emoji: frame.emoji, on: frame.on, clientId: frame.clientId })
    case 'read':
      return JSON.stringify({ type: 'read', seq: frame.seq })
  }
}

// ---- Decoding --------------------------------------------------------------------------------

type JsonObject = Record<string, unknown>

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isString(value: unknown): value is string {
  return typeof value === 'string'
}

function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** A count of people: a whole number, zero or more. */
const isCount = isSeq

/**
 * A kind this client does not know, or none (a server from before kinds), reads as `guest`: only
 * the server's explicit word makes someone vouched-for. Null for a kind that is not even a string.
 */
function decodeKind(value: unknown): UserKind | null {
  if (value === undefined) return 'guest'
  if (!isString(value)) return null
  return value === 'operator' || value === 'bot' ? value : 'guest'
}

function decodeUser(value: unknown): UserRef | null {
  if (!isObject(value) || !isString(value.id) || !isString(value.name)) return null
  const kind = decodeKind(value.kind)
  return kind === null ? null : { id: value.id, name: value.name, kind }
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function decodeReplyQuote(value: unknown): ReplyQuote | null {
  if (!isObject(value)) return null
  const { id, seq, from, name, excerpt, deleted } = value
  if (!isString(id) || !isSeq(seq) || seq < 1 || !isString(from) || !isString(name)) return null
  const fromKind = decodeKind(value.fromKind)
  if (fromKind === null) return null
  if (excerpt !== undefined && !isString(excerpt)) return null
  if (deleted !== undefined && typeof deleted !== 'boolean') return null
  const quote: ReplyQuote = { id, seq, from, name, fromKind }
  // A deleted target's words are gone, whatever else the quote says.
  if (deleted === true) quote.deleted = true
  else if (excerpt !== undefined) quote.excerpt = excerpt
  return quote
}

function decodeReactions(value: unknown): ReactionCount[] | null {
  if (!Array.isArray(value)) return null
  const reactions: ReactionCount[] = []
  for (const entry of value) {
    if (!isObject(entry) || !isString(entry.emoji) || !isCount(entry.count) || typeof entry.mine !== 'boolean') {
      return null
    }
    if (entry.count > 0) reactions.push({ emoji: entry.emoji, count: entry.count, mine: entry.mine })
  }
  return reactions
}

/** Checks one stored message; unknown fields are dropped, missing or ill-typed ones reject it. */
export function decodeChatMessage(value: unknown): ChatMessage | null {
  if (!isObject(value)) return null
  const { seq, id, from, name, message, timestamp } = value
  if (!isSeq(seq) || seq < 1) return null
  if (!isString(id) || !isString(from) || !isString(name) || !isString(message)) return null
  if (!isTime(timestamp)) return null
  const fromKind = decodeKind(value.fromKind)
  if (fromKind === null) return null
  const decoded: ChatMessage = { seq, id, from, name, fromKind, message, timestamp }
  if (value.deleted !== undefined) {
    if (!isTime(value.deleted)) return null
    // A tombstone keeps who and when, and nothing of what was said.
    decoded.message = ''
    decoded.deleted = value.deleted
    const moderation = decodeModeration(value)
    if (moderation === null) return null
    Object.assign(decoded, moderation)
  } else if (value.edited !== undefined) {
    if (!isTime(value.edited)) return null
    decoded.edited = value.edited
  }
  if (value.replyTo !== undefined) {
    const quote = decodeReplyQuote(value.replyTo)
    if (quote === null) return null
    if (decoded.deleted !== undefined) delete quote.excerpt
    decoded.replyTo = quote
  }
  if (value.reactions !== undefined && decoded.deleted === undefined) {
    const reactions = decodeReactions(value.reactions)
    if (reactions === null) return null
    if (reactions.length > 0) decoded.reactions = reactions
  }
  return decoded
}

/** A moderator's delete: `moderated` and the optional `reason` of a tombstone or a `deleted` frame. */
function decodeModeration(value: JsonObject): { moderated?: true; reason?: string } | null {
  if (value.moderated !== undefined && typeof value.moderated !== 'boolean') return null
  if (value.reason !== undefined && !isString(value.reason)) return null
  if (value.moderated !== true) return {}
  return isString(value.reason) ? { moderated: true, reason: value.reason } : { moderated: true }
}

export function isRole(value: unknown): value is Role {
  return value === 'owner' || value === 'moderator' || value === 'member' || value === 'none'
}

export function isVisibility(value: unknown): value is Visibility {
  return value === 'public' || value === 'unlisted' || value === 'private'
}

export function isPostPolicy(value: unknown): value is PostPolicy {
  return value === 'everyone' || value === 'moderators'
}

function decodeUsers(value: unknown): UserRef[] | null {
  if (!Array.isArray(value)) return null
  const users: UserRef[] = []
  for (const entry of value) {
    const user = decodeUser(entry)
    if (user === null) return null
    users.push(user)
  }
  return users
}

function decodePresence(frame: JsonObject): PresenceFrame | null {
  if (frame.count !== undefined && !isCount(frame.count)) return null
  if (frame.online !== undefined) {
    // A list makes it a snapshot, whatever else the frame holds.
    const online = decodeUsers(frame.online)
    if (online === null) return null
    return isCount(frame.count) ? { type: 'presence', online, count: frame.count } : { type: 'presence', online }
  }
  if (!isCount(frame.count)) return null
  const delta: PresenceDelta = { type: 'presence', count: frame.count }
  if (frame.joined !== undefined) {
    const joined = decodeUsers(frame.joined)
    if (joined === null) return null
    delta.joined = joined
  }
  if (frame.left !== undefined) {
    if (!Array.isArray(frame.left) || !frame.left.every(isString)) return null
    delta.left = [...frame.left]
  }
  return delta
}

function decodeMessages(value: unknown): ChatMessage[] | null {
  if (!Array.isArray(value)) return null
  const messages: ChatMessage[] = []
  for (const entry of value) {
    const message = decodeChatMessage(entry)
    if (message === null) return null
    messages.push(message)
  }
  return messages
}

function decodeObject(frame: JsonObject): ServerFrame | null {
  switch (frame.type) {
    case 'ready': {
      const you = decodeUser(frame.you)
      if (you === null || typeof frame.protocol !== 'number') return null
      if (!isString(frame.room) || !isSeq(frame.seq)) return null
      if (frame.lastRead !== undefined && !isSeq(frame.lastRead)) return null
      if (frame.unread !== undefined && !isCount(frame.unread)) return null
      // A role this client does not know (a newer server's) reads as none: it grants nothing here.
      if (frame.role !== undefined && !isString(frame.role)) return null
      if (frame.mutedUntil !== undefined && !isTime(frame.mutedUntil)) return null
      const ready: ReadyFrame = { type: 'ready', protocol: frame.protocol, you, room: frame.room, seq: frame.seq }
      if (isString(frame.epoch)) ready.epoch = frame.epoch
      if (isSeq(frame.lastRead)) ready.lastRead = frame.lastRead
      if (isCount(frame.unread)) ready.unread = frame.unread
      if (isString(frame.role)) ready.role = isRole(frame.role) ? frame.role : 'none'
      if (isTime(frame.mutedUntil)) ready.mutedUntil = frame.mutedUntil
      return ready
    }
    case 'reset': {
      if (!isString(frame.epoch) || !isSeq(frame.seq)) return null
      return { type: 'reset', epoch: frame.epoch, seq: frame.seq }
    }
    case 'gap': {
      if (!isSeq(frame.from) || !isSeq(frame.to) || frame.from > frame.to) return null
      const reason = isString(frame.reason) ? frame.reason : 'unknown'
      return { type: 'gap', from: frame.from, to: frame.to, reason }
    }
    case 'history': {
      const messages = decodeMessages(frame.messages)
      if (messages === null || typeof frame.hasMore !== 'boolean') return null
      const history: HistoryFrame = { type: 'history', messages, hasMore: frame.hasMore }
      if (frame.updated !== undefined) {
        const updated = decodeMessages(frame.updated)
        if (updated === null) return null
        history.updated = updated
      }
      return history
    }
    case 'presence':
      return decodePresence(frame)
    case 'message': {
      const message = decodeChatMessage(frame)
      return message === null ? null : { type: 'message', ...message }
    }
    case 'ack': {
      if (!isString(frame.clientId) || !isSeq(frame.seq)) return null
      return { type: 'ack', clientId: frame.clientId, seq: frame.seq }
    }
    case 'typing': {
      const user = decodeUser(frame.user)
      return user === null ? null : { type: 'typing', user }
    }
    case 'error': {
      if (!isString(frame.code) || !isString(frame.message)) return null
      const error: ErrorFrame = { type: 'error', code: frame.code, message: frame.message }
      if (isString(frame.clientId)) error.clientId = frame.clientId
      if (isString(frame.from)) error.from = frame.from
      if (typeof frame.timestamp === 'number') error.timestamp = frame.timestamp
      if (isTime(frame.until)) error.until = frame.until
      if (isString(frame.reason)) error.reason = frame.reason
      return error
    }
    case 'edited': {
      const { seq, id, message, edited } = frame
      if (!isSeq(seq) || seq < 1 || !isString(id) || !isString(message) || !isTime(edited)) return null
      return { type: 'edited', seq, id, message, edited }
    }
    case 'deleted': {
      const { seq, id, deleted } = frame
      if (!isSeq(seq) || seq < 1 || !isString(id) || !isTime(deleted)) return null
      const moderation = decodeModeration(frame)
      return moderation === null ? null : { type: 'deleted', seq, id, deleted, ...moderation }
    }
    case 'reaction': {
      const { seq, id, emoji, on, count } = frame
      const user = decodeUser(frame.user)
      if (!isSeq(seq) || seq < 1 || !isString(id) || !isString(emoji) || user === null) return null
      if (typeof on !== 'boolean' || !isCount(count)) return null
      return { type: 'reaction', seq, id, emoji, user, on, count }
    }
    case 'read': {
      if (!isSeq(frame.seq) || !isCount(frame.unread)) return null
      return { type: 'read', seq: frame.seq, unread: frame.unread }
    }
    case 'muted': {
      if (frame.until !== null && !isTime(frame.until)) return null
      if (frame.reason !== undefined && !isString(frame.reason)) return null
      const muted: MutedFrame = { type: 'muted', until: frame.until }
      if (isString(frame.reason)) muted.reason = frame.reason
      return muted
    }
    case 'room': {
      const { title, topic, visibility, postPolicy, slowModeSeconds } = frame
      if (!isString(title) || !isString(topic) || !isVisibility(visibility) || !isPostPolicy(postPolicy)) return null
      if (!isCount(slowModeSeconds)) return null
      return { type: 'room', title, topic, visibility, postPolicy, slowModeSeconds }
    }
    case 'role':
      return isRole(frame.role) ? { type: 'role', role: frame.role } : null
    case 'member':
      return isString(frame.userId) && isRole(frame.role)
        ? { type: 'member', userId: frame.userId, role: frame.role }
        : null
    default:
      return null
  }
}

/**
 * Decodes one text frame from the server. Returns null for anything this client does not
 * understand (bad JSON, an unknown `type`, a missing field): the caller ignores such frames.
 */
export function decodeServerFrame(text: string): ServerFrame | null {
  if (text === 'pong') return { type: 'pong' }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return null
  }
  return isObject(parsed) ? decodeObject(parsed) : null
}

// ---- HTTP ------------------------------------------------------------------------------------

/**
 * A page of `GET /api/rooms/{roomId}/messages`, oldest first. An `after=` page may carry `updated`:
 * messages at or before `after` that changed within the page's range of seqs.
 */
export type HistoryPage = { messages: ChatMessage[]; hasMore: boolean; updated?: ChatMessage[] }

export function decodeHistoryPage(value: unknown): HistoryPage | null {
  if (!isObject(value) || typeof value.hasMore !== 'boolean') return null
  const messages = decodeMessages(value.messages)
  if (messages === null) return null
  const page: HistoryPage = { messages, hasMore: value.hasMore }
  if (value.updated !== undefined) {
    const updated = decodeMessages(value.updated)
    if (updated === null) return null
    page.updated = updated
  }
  return page
}

/**
 * One room of `GET /api/me/rooms`: a claimed room's title (absent when it has none), this person's
 * marker and unread count there, the room's seq, and its newest message that is not deleted (absent
 * in a room without one).
 */
export type MyRoom = {
  room: string
  title?: string
  lastRead: number
  unread: number
  seq: number
  latest?: ChatMessage
}

/** The answer of `GET /api/me/rooms`, in the server's order (newest latest message first). */
export function decodeMyRooms(value: unknown): MyRoom[] | null {
  if (!isObject(value) || !Array.isArray(value.rooms)) return null
  const rooms: MyRoom[] = []
  for (const entry of value.rooms) {
    if (!isObject(entry) || !isString(entry.room) || !isValidRoomId(entry.room)) return null
    if (!isSeq(entry.lastRead) || !isCount(entry.unread) || !isSeq(entry.seq)) return null
    const room: MyRoom = { room: entry.room, lastRead: entry.lastRead, unread: entry.unread, seq: entry.seq }
    if (entry.title !== undefined) {
      if (!isString(entry.title)) return null
      room.title = entry.title
    }
    if (entry.latest !== undefined) {
      const latest = decodeChatMessage(entry.latest)
      if (latest === null) return null
      room.latest = latest
    }
    rooms.push(room)
  }
  return rooms
}

/** A page of `GET /api/rooms/{roomId}/people`, in the order people arrived. */
export type PeoplePage = { people: UserRef[]; hasMore: boolean }

export function decodePeoplePage(value: unknown): PeoplePage | null {
  if (!isObject(value) || typeof value.hasMore !== 'boolean') return null
  const people = decodeUsers(value.people)
  return people === null ? null : { people, hasMore: value.hasMore }
}

/** The body of an HTTP error: `{"code":"…","message":"…"}`. */
export function decodeHttpError(value: unknown): { code: string; message: string } | null {
  if (!isObject(value) || !isString(value.code) || !isString(value.message)) return null
  return { code: value.code, message: value.message }
}

/**
 * The person in an answer of `/api/session`: `{"user":{"id","name","kind"}}` from `GET`, the same plus
 * `token` from `POST`. The token is not kept: the browser holds the session as an HttpOnly cookie.
 */
export function decodeSessionUser(value: unknown): UserRef | null {
  return isObject(value) ? decodeUser(value.user) : null
}

/** The rule for room ids: 1–64 characters from `[A-Za-z0-9_-]`. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export function isValidRoomId(roomId: string): boolean {
  return ROOM_ID_PATTERN.test(roomId)
}

/** Counts code points, as the server does, rather than UTF-16 units. */
export function codePointLength(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}

/** The most UTF-16 units a reaction's emoji may take. */
export const MAX_EMOJI_UNITS = 32

const EMOJI_CODE_POINT = /[\p{Emoji_Presentation}\p{Extended_Pictographic}]/u
const KEYCAP = /^[0-9#*]\uFE0F?\u20E3$/u
const FLAG = /^\p{Regional_Indicator}{2}$/u

/**
 * The server's rule for a reaction: exactly one grapheme, holding an emoji code point (or a keycap
 * or flag sequence), at most {@link MAX_EMOJI_UNITS} UTF-16 units. Anything else is `bad_frame`, so
 * the app checks before sending.
 */
export function isReactionEmoji(text: string): boolean {
  if (text === '' || text.length > MAX_EMOJI_UNITS) return false
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)]
  if (graphemes.length !== 1) return false
  return EMOJI_CODE_POINT.test(text) || KEYCAP.test(text) || FLAG.test(text)
}
