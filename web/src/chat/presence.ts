import type { PresenceFrame, UserRef } from './protocol'

/**
 * Who is online in a room, as far as this tab knows.
 *
 * `online` is one entry per user, or null when the room is too big for the server to list: then
 * only `count` follows the room, and the people panel pages the list over HTTP. `synced` says
 * whether `online` came from this connection's snapshot, so that deltas apply to it.
 */
export type Presence = { online: UserRef[] | null; count: number; synced: boolean }

export const NOBODY: Presence = { online: [], count: 0, synced: false }

/**
 * A new connection keeps showing the last list (the view marks it stale) but applies nothing to
 * it: deltas follow a snapshot of their own connection, and without one the room is count-only.
 */
export function presenceOnNewConnection(presence: Presence): Presence {
  return presence.synced ? { ...presence, synced: false } : presence
}

/**
 * What one `presence` frame does. A snapshot replaces the list. A frame without a list is a delta
 * when this connection had a snapshot, and the count-only form otherwise. Applying a delta is
 * idempotent: a joiner may get one repeating what its snapshot showed.
 */
export function applyPresence(presence: Presence, frame: PresenceFrame): Presence {
  if ('online' in frame) {
    const online = [...byId(frame.online).values()]
    return { online, count: frame.count ?? online.length, synced: true }
  }
  if (!presence.synced || presence.online === null) return { online: null, count: frame.count, synced: false }
  const online = applyDelta(presence.online, 'joined' in frame ? frame.joined : [], 'left' in frame ? frame.left : [])
  // A list that no longer matches the count misses someone: the room grew past the server's
  // limit, and its changes now come as counts only. Nothing short of a snapshot can mend it.
  if (online.length !== frame.count) return { online: null, count: frame.count, synced: false }
  return { online, count: frame.count, synced: true }
}

/**
 * Removes who left, then adds or renames who joined, in place. Returns the same array when nothing
 * changed. A user id in both lists is taken as online: leaving and coming back (a reload) within
 * one delta's interval is the likelier of the two.
 */
function applyDelta(online: UserRef[], joined: UserRef[] = [], left: string[] = []): UserRef[] {
  const users = byId(online)
  let changed = false
  for (const id of left) changed = users.delete(id) || changed
  for (const user of joined) {
    const known = users.get(user.id)
    if (known?.name === user.name) continue
    users.set(user.id, user)
    changed = true
  }
  return changed ? [...users.values()] : online
}

function byId(users: UserRef[]): Map<string, UserRef> {
  return new Map(users.map((user) => [user.id, user]))
}
