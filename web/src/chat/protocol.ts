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
 * themselves (with a session or without); `operator`, the operator's identity provider vouches for it.
 */
export type UserKind = 'guest' | 'operator'

export type UserRef = { id: string; name: string; kind: UserKind }

/** A stored message: the `message` frame, and each entry of `history` and of the HTTP history API. */
export type ChatMessage = {
  seq: number
  id: string
  from: string
  name: string
  fromKind: UserKind
  message: string
  timestamp: number
}

// ---- Server to client ------------------------------------------------------------------------

/** `epoch` names the log the seqs belong to; a resume sends it back with `since`. */
export type ReadyFrame = { type: 'ready'; protocol: number; you: UserRef; room: string; seq: number; epoch?: string }
/** The log is not the one resumed from (a wiped or restored database): start the room over. */
export type ResetFrame = { type: 'reset'; epoch: string; seq: number }
export type GapFrame = { type: 'gap'; from: number; to: number; reason: string }
export type HistoryFrame = { type: 'history'; messages: ChatMessage[]; hasMore: boolean }
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
}
export type PongFrame = { type: 'pong' }

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

// ---- Client to server ------------------------------------------------------------------------

export type SendFrame = { type: 'send'; text: string; clientId: string }
export type ClientTypingFrame = { type: 'typing' }
export type PingFrame = { type: 'ping' }

export type ClientFrame = SendFrame | ClientTypingFrame | PingFrame

export function sendFrame(text: string, clientId: string): SendFrame {
  return { type: 'send', text, clientId }
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
    case 'send':
      // Built field by field so that nothing but the documented fields reaches the wire.
      return JSON.stringify({ type: 'send', text: frame.text, clientId: frame.clientId })
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
  return value === 'operator' ? 'operator' : 'guest'
}

function decodeUser(value: unknown): UserRef | null {
  if (!isObject(value) || !isString(value.id) || !isString(value.name)) return null
  const kind = decodeKind(value.kind)
  return kind === null ? null : { id: value.id, name: value.name, kind }
}

/** Checks one stored message; unknown fields are dropped, missing or ill-typed ones reject it. */
export function decodeChatMessage(value: unknown): ChatMessage | null {
  if (!isObject(value)) return null
  const { seq, id, from, name, message, timestamp } = value
  if (!isSeq(seq) || seq < 1) return null
  if (!isString(id) || !isString(from) || !isString(name) || !isString(message)) return null
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) return null
  const fromKind = decodeKind(value.fromKind)
  if (fromKind === null) return null
  return { seq, id, from, name, fromKind, message, timestamp }
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
      const ready: ReadyFrame = { type: 'ready', protocol: frame.protocol, you, room: frame.room, seq: frame.seq }
      if (isString(frame.epoch)) ready.epoch = frame.epoch
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
      return { type: 'history', messages, hasMore: frame.hasMore }
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
      return error
    }
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

/** A page of `GET /api/rooms/{roomId}/messages`, oldest first. */
export type HistoryPage = { messages: ChatMessage[]; hasMore: boolean }

export function decodeHistoryPage(value: unknown): HistoryPage | null {
  if (!isObject(value) || typeof value.hasMore !== 'boolean') return null
  const messages = decodeMessages(value.messages)
  return messages === null ? null : { messages, hasMore: value.hasMore }
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
