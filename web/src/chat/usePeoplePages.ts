import { useState, useSyncExternalStore } from 'react'
import { PeoplePages, type PeoplePagesState } from './peoplePages'
import { fetchPeoplePage } from './roomApi'

/** The pages of people online in one room, kept while the room is mounted; nothing loads until asked. */
export function usePeoplePages(roomId: string): { pages: PeoplePages; state: PeoplePagesState } {
  const [pages] = useState(() => new PeoplePages((query) => fetchPeoplePage(roomId, query)))
  const state = useSyncExternalStore(pages.subscribe, pages.getState, pages.getState)
  return { pages, state }
}
