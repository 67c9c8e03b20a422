import { useEffect, useState, useSyncExternalStore } from 'react'
import { openBrowserSocket } from './browserSocket'
import { systemClock } from './clock'
import { fetchHistoryPage } from './historyApi'
import { newClientId } from './ids'
import { RoomClient, type RoomState } from './roomClient'
import { loadOwnIds, rememberOwnId } from './storage'

const INITIAL_STATE: RoomState = {
  status: { kind: 'connecting' },
  me: null,
  timeline: [],
  online: [],
  typing: [],
  joined: false,
  hasOlder: false,
  loadingOlder: false,
  notices: [],
  incomingCount: 0,
  lastIncoming: null,
}

const noSubscription = () => () => {}
const initialState = () => INITIAL_STATE

function socketUrl(roomId: string, name: string, since: number | null): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  const params = new URLSearchParams({ name })
  if (since !== null) params.set('since', String(since))
  return `${scheme}//${window.location.host}/api/chat/${encodeURIComponent(roomId)}?${params}`
}

/**
 * Connects this view to a room while it is mounted (and a name is known), and returns the room's
 * state plus the client for actions. The client is made inside the effect, so React's development
 * double-mount opens and closes a socket rather than leaking one.
 */
export function useRoom(roomId: string, name: string | null): { state: RoomState; client: RoomClient | null } {
  const [client, setClient] = useState<RoomClient | null>(null)

  useEffect(() => {
    if (name === null || name === '') return
    const room = new RoomClient({
      socketUrl: (since) => socketUrl(roomId, name, since),
      createSocket: openBrowserSocket,
      fetchHistory: (query) => fetchHistoryPage(roomId, query),
      clock: systemClock,
      newClientId,
      knownOwnIds: loadOwnIds(),
      onIdentity: rememberOwnId,
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
  }, [roomId, name])

  const state = useSyncExternalStore(
    client?.subscribe ?? noSubscription,
    client?.getState ?? initialState,
    initialState,
  )
  return { state, client }
}
