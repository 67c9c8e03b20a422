import { useEffect, useState, type FormEvent } from 'react'
import { Namesakes } from '../chat/namesakes'
import type { PeoplePagesState } from '../chat/peoplePages'
import type { Role, UserRef } from '../chat/protocol'
import { mayActOn } from '../chat/roomAccess'
import { Avatar } from './Avatar'
import { Button } from './Button'
import { NameField } from './NameField'
import { PersonName } from './PersonName'
import { RoleBadge } from './RoleBadge'

/** The roles of a claimed room's people, and what this person may do to them. */
export type PeopleRoles = {
  roleOf: (userId: string) => Role
  myRole: Role | null
  /** Opens the moderation actions on someone (kick, mute, ban). */
  onModerate: (user: UserRef) => void
}

const NO_ROLES: PeopleRoles = { roleOf: () => 'none', myRole: null, onModerate: () => {} }

/** What the people panel needs to page the list of a room too big for `presence` to list. */
export type PeopleDirectory = {
  state: PeoplePagesState
  refresh: () => void
  loadMore: () => void
}

/**
 * Who is online, one entry per user (however many tabs they have open), this person first, with
 * a way for this person to change their name. In a room too big for the server to list (`online`
 * is null) it shows the count, and pages the list over HTTP once it is `shown`.
 */
export function OnlineList({
  online,
  count,
  me,
  stale = false,
  shown = true,
  directory,
  namesakes = Namesakes.NONE,
  onRename,
  roles = NO_ROLES,
}: {
  online: UserRef[] | null
  count: number
  me: UserRef | null
  stale?: boolean
  /** False while the panel is hidden (the sidebar on a phone), so it loads nothing. */
  shown?: boolean
  directory?: PeopleDirectory
  /** Who shares a name with someone else in view, to show their short ids. */
  namesakes?: Namesakes
  /** Resolves to an error to show, or null once the name changed. */
  onRename?: (name: string) => Promise<string | null>
  roles?: PeopleRoles
}) {
  return (
    <section aria-labelledby="online-heading">
      <h2
        id="online-heading"
        className="px-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400"
      >
        Online — {count.toLocaleString()}
      </h2>
      {stale && <p className="mt-1 px-1 text-xs text-zinc-500 dark:text-zinc-400">As of the last connection</p>}
      {online !== null ? (
        // Greyed, not faded: fading would take the names' text below the contrast it needs.
        <ul className={`mt-2 flex flex-col gap-1 ${stale ? 'grayscale' : ''}`} data-testid="online-list">
          {listed(online, me).map((user) => (
            <Entry key={user.id} user={user} me={me} namesakes={namesakes} onRename={onRename} roles={roles} />
          ))}
        </ul>
      ) : (
        directory && (
          <PagedList
            me={me}
            shown={shown}
            directory={directory}
            namesakes={namesakes}
            onRename={onRename}
            roles={roles}
          />
        )
      )}
    </section>
  )
}

function listed(online: UserRef[], me: UserRef | null): UserRef[] {
  // Presence may still carry this person's previous name (another of their tabs joined first, or
  // a version 1 server, which tells the room only about arrivals and departures); `ready` is current.
  const shown = online.map((user) => (me !== null && user.id === me.id ? me : user))
  return shown.sort((a, b) => {
    if (a.id === me?.id) return -1
    if (b.id === me?.id) return 1
    return a.name.localeCompare(b.name)
  })
}

function Entry({
  user,
  me,
  namesakes,
  onRename,
  roles,
}: {
  user: UserRef
  me: UserRef | null
  namesakes: Namesakes
  onRename?: (name: string) => Promise<string | null>
  roles: PeopleRoles
}) {
  const tag = namesakes.tagOf(user)
  const role = roles.roleOf(user.id)
  if (user.id === me?.id && onRename) return <YourEntry user={user} tag={tag} onRename={onRename} role={role} />
  const moderatable = user.id !== me?.id && mayActOn(roles.myRole, role)
  return (
    <li
      className="flex min-w-0 items-center gap-2.5 rounded-lg px-1 py-1 text-sm"
      data-testid="person"
      data-user={user.id}
    >
      <OnlineAvatar user={user} />
      <span className="flex min-w-0 flex-1 items-center gap-1.5">
        <PersonName name={user.name} kind={user.kind} tag={tag} you={user.id === me?.id} />
        <RoleBadge role={role} />
      </span>
      {moderatable && (
        <button
          type="button"
          onClick={() => roles.onModerate(user)}
          aria-label={`Moderate ${user.name}`}
          title={`Moderate ${user.name}`}
          data-testid="moderate-person"
          className="shrink-0 rounded-md p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
            <path d="M10 1.5 3 4.3v5c0 4.2 2.9 7.8 7 9.2 4.1-1.4 7-5 7-9.2v-5l-7-2.8Zm0 2.2 5 2v3.6c0 3.1-2 5.9-5 7.1-3-1.2-5-4-5-7.1V5.7l5-2Z" />
          </svg>
        </button>
      )}
    </li>
  )
}

/**
 * The list of a big room, loaded page by page in the server's order (who arrived first). The socket
 * carries only the count there, so the list is as of its loading: opening the panel loads it anew.
 */
function PagedList({
  me,
  shown,
  directory,
  namesakes,
  onRename,
  roles,
}: {
  me: UserRef | null
  shown: boolean
  directory: PeopleDirectory
  namesakes: Namesakes
  onRename?: (name: string) => Promise<string | null>
  roles: PeopleRoles
}) {
  const { state, refresh, loadMore } = directory
  useEffect(() => {
    if (shown) refresh()
  }, [shown, refresh])
  const others = state.people.filter((user) => user.id !== me?.id)
  return (
    <>
      <p className="mt-1 flex items-center justify-between gap-2 px-1 text-xs text-zinc-500 dark:text-zinc-400">
        <span>Too many to follow live.</span>
        <Button variant="quiet" size="sm" onClick={refresh} disabled={state.loading}>
          Refresh
        </Button>
      </p>
      <ul className="mt-1 flex flex-col gap-1" data-testid="online-list" aria-busy={state.loading}>
        {me !== null && <Entry user={me} me={me} namesakes={namesakes} onRename={onRename} roles={roles} />}
        {others.map((user) => (
          <Entry key={user.id} user={user} me={me} namesakes={namesakes} roles={roles} />
        ))}
      </ul>
      <div className="mt-2 px-1 text-xs text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {state.loading ? (
          <span>Loading…</span>
        ) : state.failed ? (
          <span className="flex items-center gap-2">
            Could not load the list.
            <Button variant="outline" size="sm" onClick={loadMore}>
              Try again
            </Button>
          </span>
        ) : (
          state.hasMore &&
          state.people.length > 0 && (
            <Button variant="outline" size="sm" onClick={loadMore}>
              Show more
            </Button>
          )
        )}
      </div>
    </>
  )
}

function OnlineAvatar({ user }: { user: UserRef }) {
  return (
    <span className="relative shrink-0">
      <Avatar name={user.name} userId={user.id} size="sm" />
      <span
        aria-hidden="true"
        className="absolute -right-0.5 -bottom-0.5 size-2.5 rounded-full bg-emerald-500 ring-2 ring-white dark:ring-zinc-900"
      />
    </span>
  )
}

/** This person's own entry. Renaming keeps the user id, so earlier messages stay theirs. */
function YourEntry({
  user,
  tag,
  onRename,
  role,
}: {
  user: UserRef
  tag: string | null
  onRename: (name: string) => Promise<string | null>
  role: Role
}) {
  const [editing, setEditing] = useState(false)
  const [value, setValue] = useState(user.name)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const open = () => {
    setValue(user.name)
    setError(null)
    setEditing(true)
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const chosen = value.trim()
    if (chosen === '' || saving) return
    if (chosen === user.name) return setEditing(false)
    setSaving(true)
    const failure = await onRename(chosen)
    setSaving(false)
    if (failure === null) setEditing(false)
    else setError(failure)
  }

  if (!editing) {
    return (
      <li className="flex min-w-0 items-center gap-2.5 rounded-lg px-1 py-1 text-sm">
        <OnlineAvatar user={user} />
        <span className="flex min-w-0 flex-1 items-center gap-1.5">
          <PersonName name={user.name} kind={user.kind} tag={tag} you />
          <RoleBadge role={role} />
        </span>
        <button
          type="button"
          onClick={open}
          aria-label="Change your name"
          title="Change your name"
          className="shrink-0 rounded-md p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
            <path d="M13.6 2.9a2 2 0 0 1 2.8 0l.7.7a2 2 0 0 1 0 2.8l-8.9 8.9a2 2 0 0 1-.9.5l-3.1.9a.8.8 0 0 1-1-1l.9-3.1a2 2 0 0 1 .5-.9l9-8.8Zm1.4 1.4-1 1 .7.7 1-1-.7-.7Zm-2.4 2.4-7.6 7.6-.4 1.3 1.3-.4 7.6-7.6-.9-.9Z" />
          </svg>
        </button>
      </li>
    )
  }
  return (
    <li className="rounded-lg px-1 py-1">
      <form onSubmit={submit} className="flex flex-col gap-1.5" data-testid="rename-form">
        <NameField
          label="Your name"
          size="sm"
          value={value}
          onChange={(next) => {
            setValue(next)
            setError(null)
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setEditing(false)
          }}
          error={error}
          autoFocus
        />
        <div className="flex gap-2">
          <Button type="submit" size="sm" disabled={value.trim() === '' || saving}>
            {saving ? 'Saving…' : 'Save'}
          </Button>
          <Button variant="quiet" size="sm" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </div>
      </form>
    </li>
  )
}

export function typingText(typing: UserRef[], namesakes: Namesakes = Namesakes.NONE): string {
  const names = typing.map((user) => {
    const tag = namesakes.tagOf(user)
    return tag === null ? user.name : `${user.name} · ${tag}`
  })
  if (names.length === 0) return ''
  if (names.length === 1) return `${names[0]} is typing…`
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`
  return 'Several people are typing…'
}

export function TypingIndicator({ typing, namesakes }: { typing: UserRef[]; namesakes?: Namesakes }) {
  const text = typingText(typing, namesakes)
  return (
    <div
      className="flex h-5 items-center gap-2 px-1 text-xs text-zinc-600 dark:text-zinc-400"
      data-testid="typing-indicator"
    >
      {text && (
        <>
          <span aria-hidden="true" className="flex gap-0.5">
            <span className="size-1 animate-bounce rounded-full bg-current [animation-delay:-0.3s]" />
            <span className="size-1 animate-bounce rounded-full bg-current [animation-delay:-0.15s]" />
            <span className="size-1 animate-bounce rounded-full bg-current" />
          </span>
          <span>{text}</span>
        </>
      )}
    </div>
  )
}
