// What this person may do in a room, and why not: the states the room view shows when a moderator
// removed them (kicked, banned), when a private room is not theirs, and what the composer allows
// (an announcement room, a mute, slow mode). Pure functions of the server's word and the clock, so
// the rules are tested without a socket. The server enforces every one of them; the app only says
// so before the person tries.

import type { ErrorFrame, PostPolicy, Role } from './protocol'

/** The close codes of a socket the server ended for good (docs/protocol.md). */
export const CLOSE_KICKED = 4003
export const CLOSE_BANNED = 4004
export const CLOSE_NOT_A_MEMBER = 4005

/** Why this person is not in the room, and cannot simply reconnect. */
export type RoomRefusal =
  /** A moderator removed them; they may come back at once, by choice (never by reconnecting). */
  | { kind: 'kicked'; reason: string | null }
  /** Banned until `until`, or for good (null). */
  | { kind: 'banned'; until: number | null; reason: string | null }
  /** A private room, and they are not (or no longer) its member. */
  | { kind: 'notMember' }

/**
 * The refusal a socket's close code means, with the reason and end of the `error` frame that came
 * just before it, if any; null for a close a reconnect may fix.
 */
export function refusalOfClose(code: number, lastError: ErrorFrame | null): RoomRefusal | null {
  const reason = lastError?.reason ?? null
  switch (code) {
    case CLOSE_KICKED:
      return { kind: 'kicked', reason: lastError?.code === 'kicked' ? reason : null }
    case CLOSE_BANNED:
      return lastError?.code === 'banned'
        ? { kind: 'banned', until: lastError.until ?? null, reason }
        : { kind: 'banned', until: null, reason: null }
    case CLOSE_NOT_A_MEMBER:
      return { kind: 'notMember' }
    default:
      return null
  }
}

/**
 * The refusal an HTTP answer of the room's routes means: `403 banned` (with `until` when timed)
 * and `403 not_a_member`; null for anything else.
 */
export function refusalOfHttp(status: number, code: string | null, until: number | null): RoomRefusal | null {
  if (status !== 403) return null
  if (code === 'banned') return { kind: 'banned', until, reason: null }
  if (code === 'not_a_member') return { kind: 'notMember' }
  return null
}

/**
 * The role whose rights this person has in the room: an operator admin (the server's `admin` on
 * the room) has an owner's, since the rules are the same for both: they run the room, and nobody,
 * an admin included, acts on the owner.
 */
export function actingRole(role: Role | null, admin: boolean): Role | null {
  return admin ? 'owner' : role
}

/** Whether a role runs the room: settings, invites, moderation, the reports queue. */
export function isModerator(role: Role | null): boolean {
  return role === 'owner' || role === 'moderator'
}

/**
 * Whether someone of role `mine` may kick, mute or ban someone of role `theirs`: nobody acts on the
 * owner; only the owner acts on a moderator; a moderator acts on members and everyone else.
 */
export function mayActOn(mine: Role | null, theirs: Role): boolean {
  if (!isModerator(mine) || theirs === 'owner') return false
  if (theirs === 'moderator') return mine === 'owner'
  return true
}

/** What the composer allows now. `until` is when it opens again; the view counts down to it. */
export type ComposerMode =
  | { kind: 'open' }
  /** An announcement room, and this person is not one of its moderators. */
  | { kind: 'readOnly' }
  | { kind: 'muted'; until: number; reason: string | null }
  /** Slow mode: this person's last message was too recent. They may type, not send. */
  | { kind: 'slow'; until: number }

export type ComposerInputs = {
  role: Role | null
  postPolicy: PostPolicy
  mutedUntil: number | null
  muteReason: string | null
  slowUntil: number | null
  now: number
}

/** A mute outweighs everything, an announcement room comes next, slow mode last. */
export function composerMode(inputs: ComposerInputs): ComposerMode {
  const { role, postPolicy, mutedUntil, slowUntil, now } = inputs
  if (mutedUntil !== null && mutedUntil > now) return { kind: 'muted', until: mutedUntil, reason: inputs.muteReason }
  if (postPolicy === 'moderators' && !isModerator(role)) return { kind: 'readOnly' }
  if (slowUntil !== null && slowUntil > now && !isModerator(role)) return { kind: 'slow', until: slowUntil }
  return { kind: 'open' }
}

/** "4 min 05 s", "12 s", "2 h 03 min", "3 days": how long until `until`, for a countdown. */
export function timeLeft(until: number, now: number): string {
  const seconds = Math.max(0, Math.ceil((until - now) / 1000))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`
  return `${Math.floor(hours / 24)} days`
}

/** The lengths a moderator picks from for a mute or a ban; null (a ban only) is for good. */
export const MUTE_LENGTHS: ReadonlyArray<{ label: string; seconds: number }> = [
  { label: '5 minutes', seconds: 300 },
  { label: '1 hour', seconds: 3_600 },
  { label: '1 day', seconds: 86_400 },
  { label: '1 week', seconds: 604_800 },
]

export const BAN_LENGTHS: ReadonlyArray<{ label: string; seconds: number | null }> = [
  { label: '1 hour', seconds: 3_600 },
  { label: '1 day', seconds: 86_400 },
  { label: '1 week', seconds: 604_800 },
  { label: 'For good', seconds: null },
]

/** The slow-mode choices of the settings panel, in seconds (0 is off). */
export const SLOW_MODE_CHOICES: ReadonlyArray<{ label: string; seconds: number }> = [
  { label: 'Off', seconds: 0 },
  { label: '10 seconds', seconds: 10 },
  { label: '30 seconds', seconds: 30 },
  { label: '1 minute', seconds: 60 },
  { label: '5 minutes', seconds: 300 },
  { label: '15 minutes', seconds: 900 },
  { label: '1 hour', seconds: 3_600 },
]

/** The invite lifetimes offered, within the server's 60 s .. 30 days. */
export const INVITE_LIFETIMES: ReadonlyArray<{ label: string; seconds: number }> = [
  { label: '1 hour', seconds: 3_600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 604_800 },
  { label: '30 days', seconds: 2_592_000 },
]
