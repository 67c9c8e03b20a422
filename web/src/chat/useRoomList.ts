import { useEffect, useSyncExternalStore } from 'react'
import { systemClock } from './clock'
import { newActivity, RoomListPoller, type RoomListState } from './myRooms'
import { notifyWhileHidden } from './notifications'
import { fetchMyRooms, RoomRequestError } from './roomApi'
import { loadRoomListSupport, saveRoomListSupport } from './storage'

const NOTHING: RoomListState = { rooms: null, error: false }

let shared: RoomListPoller | null = null
/** The room this tab has open, whose messages are announced as they come rather than by the poll. */
let openRoom: string | null = null

/** The one poller of this tab, for the lobby and every room. Made on first use (not in the shell). */
export function roomListPoller(): RoomListPoller {
  shared ??= new RoomListPoller(
    async () => {
      try {
        return await fetchMyRooms()
      } catch (error) {
        // A server from before the list: stop asking it.
        if (error instanceof RoomRequestError && error.status === 404) {
          saveRoomListSupport(false)
          shared?.setEnabled(false)
        }
        throw error
      }
    },
    systemClock,
    () => document.visibilityState === 'visible',
    (before, after) => {
      for (const note of newActivity(before, after, openRoom)) notifyWhileHidden(note.title, note.body, note.room)
    },
  )
  return shared
}

/**
 * The person's rooms with their unread counts, kept fresh while the page is visible. `signedIn`
 * says whether there is a session to ask with; `supported`, when known, whether the server keeps
 * read markers (a room's `ready` says); otherwise what was learnt before is used.
 */
export function useRoomList(signedIn: boolean, supported: boolean | null, room: string | null = null): RoomListState {
  const poller = roomListPoller()
  const state = useSyncExternalStore(poller.subscribe, poller.getState, () => NOTHING)

  useEffect(() => {
    openRoom = room
    return () => {
      openRoom = null
    }
  }, [room])

  useEffect(() => {
    if (supported !== null) saveRoomListSupport(supported)
    poller.setEnabled(signedIn && (supported ?? loadRoomListSupport()))
  }, [poller, signedIn, supported])

  useEffect(() => {
    const onVisibility = () => (document.visibilityState === 'visible' ? poller.refresh() : poller.hidden())
    const onFocus = () => poller.refresh()
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('focus', onFocus)
    return () => {
      document.removeEventListener('visibilitychange', onVisibility)
      window.removeEventListener('focus', onFocus)
    }
  }, [poller])

  return state
}
