import { useEffect, useSyncExternalStore } from 'react'
import { SessionKeeper, type SessionState } from './session'
import { loadDisplayName, saveDisplayName, touchesDisplayName } from './storage'

const LOADING: SessionState = { kind: 'loading' }

let shared: SessionKeeper | null = null

/**
 * The one keeper of this tab, shared by every view, so that going from the lobby to a room does
 * not ask the server again. Made on first use: the static shell is rendered without a browser.
 */
export function sessionKeeper(): SessionKeeper {
  shared ??= new SessionKeeper((input, init) => fetch(input, init), {
    load: loadDisplayName,
    save: saveDisplayName,
  })
  return shared
}

/**
 * Who this browser is, looked up once per page load. When another tab picks or changes the name,
 * it remembers the new one, and this tab asks the server again so that both stay one person.
 */
export function useSession(): { session: SessionState; keeper: SessionKeeper } {
  const keeper = sessionKeeper()
  const session = useSyncExternalStore(keeper.subscribe, keeper.getState, () => LOADING)
  useEffect(() => {
    keeper.start()
    const onStorage = (event: StorageEvent) => {
      if (touchesDisplayName(event)) void keeper.refresh()
    }
    window.addEventListener('storage', onStorage)
    return () => window.removeEventListener('storage', onStorage)
  }, [keeper])
  return { session, keeper }
}
