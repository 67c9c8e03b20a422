import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { openBrowserSocket } from './browserSocket'
import { systemClock } from './clock'
import { fetchHistoryPage } from './roomApi'
import { newClientId } from './ids'
import type { UserRef } from './protocol'
import { RoomClient, type RoomState } from './roomClient'
import { loadOutbox, loadOwnIds, rememberOwnId, saveOutbox } from './storage'
import { lookUpRoom } from './useRoomInfo'
import { roomListPoller } from './useRoomList'
import { sessionKeeper } from './useSession'

const INITIAL_STATE: RoomState = {
  status: { kind: 'connecting' },
  me: null,
  timeline: [],
  online: [],
  onlineCount: 0,
  typing: [],
  joined: false,
  hasOlder: false,
  loadingOlder: false,
  notices: [],
  incomingCount: 0,
  lastIncoming: null,
  readMarker: null,
  unread: 0,
  unreadFrom: null,
  markersKept: false,
  role: null,
  memberChanges: 0,
  mutedUntil: null,
  muteReason: null,
  slowUntil: null,
  settings: null,
  refusal: null,
}

const noSubscription = () => () => {}
const initialState = () => INITIAL_STATE

function socketUrl(
  roomId: string,
  name: string,
  since: number | null,
  epoch: string | null,
  lastId: string | null,
): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  const params = new URLSearchParams({ name })
  if (since !== null) params.set('since', String(since))
  if (since !== null && epoch !== null) params.set('epoch', epoch)
  if (since !== null && lastId !== null) params.set('last', lastId)
  return `${scheme}//${window.location.host}/api/chat/${encodeURIComponent(roomId)}?${params}`
}

/** How often one mounted room asks the server again because a socket was not the session's user. */
const MAX_IDENTITY_CHECKS = 2

function sameUser(a: UserRef, b: UserRef): boolean {
  return a.id === b.id && a.name === b.name
}

/**
 * Who the room connects as: the session user when known; otherwise (the server did not answer
 * the session look-up) the remembered name, which the server uses only for a guest.
 */
export type RoomIdentity = { user: UserRef | null; name: string }

/**
 * Connects this view to a room while it is mounted, and returns the room's state plus the client
 * for actions. The client is made inside the effect, so React's development double-mount opens
 * and closes a socket rather than leaking one.
 *
 * The server decides who a socket is at the upgrade, from the session cookie. So when the session
 * changes (a new name, a session opened again) the socket is replaced, and when a socket turns out
 * not to be the session's user (the cookie lapsed) or keeps failing to open (the server refuses
 * the cookie, which the browser reports as a plain failure), the session is looked up again.
 */
export function useRoom(roomId: string, identity: RoomIdentity): { state: RoomState; client: RoomClient | null } {
  const [client, setClient] = useState<RoomClient | null>(null)
  const latestIdentity = useRef(identity)
  latestIdentity.current = identity
  /** The session user the current socket was opened under (null: none was known). */
  const openedUnder = useRef<UserRef | null>(null)

  useEffect(() => {
    const keeper = sessionKeeper()
    let identityChecks = 0
    const room = new RoomClient({
      socketUrl: (since, epoch, lastId) => {
        const { user, name } = latestIdentity.current
        openedUnder.current = user
        return socketUrl(roomId, user?.name ?? name, since, epoch, lastId)
      },
      createSocket: openBrowserSocket,
      fetchHistory: (query) => fetchHistoryPage(roomId, query),
      clock: systemClock,
      newClientId,
      knownOwnIds: loadOwnIds(),
      outbox: { load: () => loadOutbox(roomId), save: (unacked, done) => saveOutbox(roomId, unacked, done) },
      onIdentity: rememberOwnId,
      onReady: (you) => {
        const expected = openedUnder.current
        if (expected !== null && expected.id === you.id) {
          identityChecks = 0
          return
        }
        // A guest, not the session user: the cookie did not go along. Looking the session up
        // again opens a new one if needed, and the change replaces this socket (see below).
        // Bounded, for a browser that refuses to keep the cookie at all.
        if (identityChecks >= MAX_IDENTITY_CHECKS) return
        identityChecks++
        void keeper.refresh()
      },
      onConnectFailed: (failuresInARow) => {
        if (failuresInARow >= 2) void keeper.refresh()
        // The browser does not say why an upgrade failed: a ban or a private room's refusal
        // (403) looks like a server that is down. The room's settings route says which.
        if (failuresInARow === 1 || failuresInARow % 5 === 0) {
          void lookUpRoom(roomId).then((entry) => {
            if (entry.kind === 'refused') room.refuse(entry.refusal)
          })
        }
      },
      // A marker that moved changes this room's badge, and maybe others' totals: ask at once.
      onRead: () => roomListPoller().refresh(),
    })
    const online = () => room.setNetworkOnline(true)
    const offline = () => room.setNetworkOnline(false)
    // A tab coming back into view skips the rest of a long backoff wait.
    const visible = () => {
      if (document.visibilityState === 'visible') room.reconnectNow()
    }
    window.addEventListener('online', online)
    window.addEventListener('offline', offline)
    document.addEventListener('visibilitychange', visible)
    if (!navigator.onLine) room.setNetworkOnline(false)
    room.start()
    setClient(room)
    return () => {
      window.removeEventListener('online', online)
      window.removeEventListener('offline', offline)
      document.removeEventListener('visibilitychange', visible)
      room.stop()
      setClient(null)
    }
  }, [roomId])

  // A changed session (renamed here or in another tab, or opened again) needs a new socket.
  const user = identity.user
  const userKey = user === null ? null : `${user.id}\n${user.name}`
  useEffect(() => {
    const current = latestIdentity.current.user
    if (client === null || current === null) return
    const under = openedUnder.current
    if (under !== null && sameUser(under, current)) return
    const me = client.getState().me
    if (under === null && me !== null && sameUser(me, current)) {
      // Opened before the session was known, and the cookie made it the session user anyway.
      openedUnder.current = current
      return
    }
    client.reconnect()
  }, [client, userKey])

  const state = useSyncExternalStore(
    client?.subscribe ?? noSubscription,
    client?.getState ?? initialState,
    initialState,
  )
  return { state, client }
}
