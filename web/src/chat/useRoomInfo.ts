import { useCallback, useEffect, useRef, useState } from 'react'
import { fetchMembers, fetchRoomInfo, RoomRequestError } from './roomApi'
import { refusalOfHttp, type RoomRefusal } from './roomAccess'
import type { UserRef } from './protocol'
import type { Member, RoomInfo } from './roomBodies'

/** What the room's settings route said before the socket opened. */
export type RoomEntry =
  | { kind: 'loading' }
  /** `403 banned` or `not_a_member`: the socket would be refused the same way, so none opens. */
  | { kind: 'refused'; refusal: RoomRefusal }
  /** The settings, or null from a server that did not answer them (the socket goes ahead). */
  | { kind: 'open'; info: RoomInfo | null }

/** How long the settings may take before the room connects without them. */
const INFO_WAIT_MS = 4_000

/** Asks `GET /api/rooms/{id}` for the room's settings and whether this person may come in. */
export async function lookUpRoom(roomId: string): Promise<RoomEntry> {
  try {
    const info = await fetchRoomInfo(roomId, (input, init) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(INFO_WAIT_MS) }),
    )
    return { kind: 'open', info }
  } catch (error) {
    if (error instanceof RoomRequestError) {
      const refusal = refusalOfHttp(error.status, error.code, error.until)
      if (refusal !== null) return { kind: 'refused', refusal }
    }
    return { kind: 'open', info: null }
  }
}

/**
 * The room's entry for this session: looked up once per session user (a new sign-in may be a
 * member where the last was not), and again on `recheck` (a "Rejoin" after a ban ran out).
 */
export function useRoomEntry(roomId: string, userKey: string | null): { entry: RoomEntry; recheck: () => void } {
  const [entry, setEntry] = useState<RoomEntry>({ kind: 'loading' })
  const [asked, setAsked] = useState(0)
  useEffect(() => {
    let current = true
    void lookUpRoom(roomId).then((found) => current && setEntry(found))
    return () => {
      current = false
    }
  }, [roomId, userKey, asked])
  const recheck = useCallback(() => setAsked((n) => n + 1), [])
  return { entry, recheck }
}

/**
 * The members of a claimed room and their roles (`GET /api/rooms/{id}/members`), for the people
 * panel's role badges and the settings panel; an empty list where the server keeps none.
 *
 * No frame says that someone became a member (an invite redeemed in another tab, an owner adding
 * someone), so where `online` is given the list is asked again when a person comes online whom it
 * does not name, once per person. The room passes it for private rooms only, where everyone online
 * is a member: a public room's visitors mostly are not, and each would cost every tab a request.
 */
export function useMembers(
  roomId: string,
  claimed: boolean,
  online: readonly UserRef[] | null,
): { members: Member[]; reload: () => void } {
  const [members, setMembers] = useState<Member[] | null>(null)
  const [asked, setAsked] = useState(0)
  const askedAbout = useRef(new Set<string>())
  useEffect(() => {
    if (!claimed) return
    let current = true
    fetchMembers(roomId).then(
      (list) => current && setMembers(list),
      () => current && setMembers([]),
    )
    return () => {
      current = false
    }
  }, [roomId, claimed, asked])
  const reload = useCallback(() => setAsked((n) => n + 1), [])
  useEffect(() => {
    if (!claimed || members === null || online === null) return
    const listed = new Set(members.map((member) => member.userId))
    const unknown = online.filter((person) => !listed.has(person.id) && !askedAbout.current.has(person.id))
    if (unknown.length === 0) return
    for (const person of unknown) askedAbout.current.add(person.id)
    reload()
  }, [claimed, members, online, reload])
  return { members: members ?? NO_MEMBERS, reload }
}

const NO_MEMBERS: Member[] = []
