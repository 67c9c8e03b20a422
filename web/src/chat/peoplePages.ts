import type { PeoplePage, UserRef } from './protocol'
import type { PeopleQuery } from './roomApi'

export type PeoplePagesState = {
  /** The people loaded so far, in the server's order (who arrived first), each once. */
  people: UserRef[]
  /** True until the first page arrived, and while the server says more follow. */
  hasMore: boolean
  loading: boolean
  /** The last request failed; `loadMore` tries it again. */
  failed: boolean
}

const PAGE_LIMIT = 100

const EMPTY: PeoplePagesState = { people: [], hasMore: true, loading: false, failed: false }

/**
 * The people online in a room too big for `presence` to list, paged over HTTP on demand. The pages
 * are a picture of when they were loaded: in such a room the socket carries only the count, so
 * `refresh` starts over. Shaped for React's useSyncExternalStore, like the room client.
 */
export class PeoplePages {
  private state: PeoplePagesState = EMPTY
  private readonly listeners = new Set<() => void>()
  /** Bumped by `refresh`, so that the answer to an older request is dropped. */
  private generation = 0

  constructor(
    private readonly fetchPage: (query: PeopleQuery) => Promise<PeoplePage>,
    private readonly limit = PAGE_LIMIT,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getState = (): PeoplePagesState => this.state

  /** Drops what was loaded and loads the first page. */
  refresh(): Promise<void> {
    this.generation++
    this.set(EMPTY)
    return this.loadMore()
  }

  /** Loads the page after the last person loaded, unless one is on its way or none is left. */
  async loadMore(): Promise<void> {
    if (this.state.loading || !this.state.hasMore) return
    const generation = this.generation
    const last = this.state.people[this.state.people.length - 1]
    this.set({ ...this.state, loading: true, failed: false })
    try {
      const page = await this.fetchPage({ after: last?.id ?? null, limit: this.limit })
      if (generation !== this.generation) return
      const known = new Set(this.state.people.map((user) => user.id))
      const added = page.people.filter((user) => !known.has(user.id))
      // A full page of people already loaded would ask for the same page forever.
      const hasMore = page.hasMore && added.length > 0
      this.set({ people: [...this.state.people, ...added], hasMore, loading: false, failed: false })
    } catch {
      if (generation !== this.generation) return
      this.set({ ...this.state, loading: false, failed: true })
    }
  }

  private set(state: PeoplePagesState): void {
    this.state = state
    for (const listener of this.listeners) listener()
  }
}
