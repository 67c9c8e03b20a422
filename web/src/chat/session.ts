import type { UserRef } from './protocol'
import { lookUpSession, openSession, SessionRequestError, type FetchLike } from './sessionApi'

export type SessionState =
  /** The first `GET /api/session` has not answered yet. */
  | { kind: 'loading' }
  /** The server knows this browser as `user`: the same id in every tab, after every reload. */
  | { kind: 'signedIn'; user: UserRef }
  /** No session, and no remembered name to open one with (or the server refused it): ask. */
  | { kind: 'needsName'; error: string | null }
  /** The server did not answer the first look-up. `name` is the remembered one ('' if none). */
  | { kind: 'unreachable'; name: string }

/** Where the display name is remembered between visits (localStorage in the app). */
export type NameMemory = { load(): string; save(name: string): void }

const LOADING: SessionState = { kind: 'loading' }

/**
 * Who this browser is. The identity is the server's session (an HttpOnly cookie this code never
 * sees); the remembered name only lets a lapsed session be opened again without asking the
 * person. Shaped for React's useSyncExternalStore; nothing here touches the DOM.
 */
export class SessionKeeper {
  private state: SessionState = LOADING
  private readonly listeners = new Set<() => void>()
  private refreshing: Promise<UserRef | null> | null = null
  private started = false
  /**
   * Counts name choices. A look-up that started before the latest choice must not overwrite
   * its result: it may have signed in again under the old remembered name.
   */
  private choices = 0

  constructor(
    private readonly fetchImpl: FetchLike,
    private readonly names: NameMemory,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getState = (): SessionState => this.state

  get user(): UserRef | null {
    return this.state.kind === 'signedIn' ? this.state.user : null
  }

  /** Runs the first look-up; later calls do nothing. */
  start(): void {
    if (!this.started) void this.refresh()
  }

  /**
   * Asks the server who this browser is and, when the session is gone (expired, a new server
   * key, cookies cleared), opens a new one under the remembered name without asking the person.
   * Callers at the same time share one round trip. Resolves to the user, or null if there is none.
   */
  refresh(): Promise<UserRef | null> {
    this.started = true
    this.refreshing ??= this.lookUp().finally(() => {
      this.refreshing = null
    })
    return this.refreshing
  }

  private async lookUp(): Promise<UserRef | null> {
    const choicesBefore = this.choices
    const superseded = () => this.choices !== choicesBefore
    try {
      const lookup = await lookUpSession(this.fetchImpl)
      if (superseded()) return this.user
      if (lookup.kind === 'signedIn') return this.signedIn(lookup.user)
      const remembered = this.names.load().trim()
      if (remembered === '') {
        this.setState({ kind: 'needsName', error: null })
        return null
      }
      const user = await openSession(remembered, this.fetchImpl)
      return superseded() ? this.user : this.signedIn(user)
    } catch (error) {
      if (superseded()) return this.user
      if (error instanceof SessionRequestError && error.refusedName) {
        this.setState({ kind: 'needsName', error: error.message })
        return null
      }
      // No usable answer (the server is down or restarting): what was known still stands.
      if (this.state.kind === 'loading') this.setState({ kind: 'unreachable', name: this.names.load().trim() })
      return this.user
    }
  }

  /**
   * Signs in under `name`, or renames: with a live session the server keeps the user id. Throws
   * a {@link SessionRequestError} when the server refuses the name or does not answer; the state
   * then stays as it was.
   */
  async chooseName(name: string): Promise<UserRef> {
    const choice = ++this.choices
    const user = await openSession(name.trim(), this.fetchImpl)
    if (choice === this.choices) this.signedIn(user)
    return user
  }

  private signedIn(user: UserRef): UserRef {
    // Remembered as the server cleaned it, so the next silent sign-in uses the same name.
    this.names.save(user.name)
    const current = this.user
    if (current === null || current.id !== user.id || current.name !== user.name) {
      this.setState({ kind: 'signedIn', user })
    }
    return user
  }

  private setState(state: SessionState): void {
    this.state = state
    for (const listener of this.listeners) listener()
  }
}

/** Words for the person about a failed name choice. */
export function describeSessionError(error: unknown): string {
  if (error instanceof SessionRequestError) {
    if (error.status === null) return 'Could not reach the server. Check the connection and try again.'
    if (error.refusedName) return error.message || 'Names are 1 to 32 characters.'
    // Other refusals (a wrong origin, say) carry the server's own explanation.
    if (error.status < 500 && error.message !== '') return error.message
  }
  return 'The server could not save the name. Try again.'
}
