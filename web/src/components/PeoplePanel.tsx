import { useState, type FormEvent } from 'react'
import type { UserRef } from '../chat/protocol'
import { Avatar } from './Avatar'
import { Button } from './Button'
import { NameField } from './NameField'

/**
 * Who is online, one entry per user (however many tabs they have open), this person first, with
 * a way for this person to change their name.
 */
export function OnlineList({
  online,
  me,
  stale = false,
  onRename,
}: {
  online: UserRef[]
  me: UserRef | null
  stale?: boolean
  /** Resolves to an error to show, or null once the name changed. */
  onRename?: (name: string) => Promise<string | null>
}) {
  // Presence may still carry this person's previous name (another of their tabs joined first, and
  // the server tells the room only about arrivals and departures); the server's `ready` is current.
  const shown = online.map((user) => (me !== null && user.id === me.id ? me : user))
  const sorted = shown.sort((a, b) => {
    if (a.id === me?.id) return -1
    if (b.id === me?.id) return 1
    return a.name.localeCompare(b.name)
  })
  return (
    <section aria-labelledby="online-heading">
      <h2
        id="online-heading"
        className="px-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400"
      >
        Online — {online.length}
      </h2>
      {stale && <p className="mt-1 px-1 text-xs text-zinc-500 dark:text-zinc-400">As of the last connection</p>}
      <ul className={`mt-2 flex flex-col gap-1 ${stale ? 'opacity-60' : ''}`} data-testid="online-list">
        {sorted.map((user) =>
          user.id === me?.id && onRename ? (
            <YourEntry key={user.id} user={user} onRename={onRename} />
          ) : (
            <li key={user.id} className="flex items-center gap-2.5 rounded-lg px-1 py-1">
              <OnlineAvatar user={user} />
              <span className="truncate text-sm">
                {user.name}
                {user.id === me?.id && <span className="text-zinc-500 dark:text-zinc-400"> (you)</span>}
              </span>
            </li>
          ),
        )}
      </ul>
    </section>
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
function YourEntry({ user, onRename }: { user: UserRef; onRename: (name: string) => Promise<string | null> }) {
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
      <li className="flex items-center gap-2.5 rounded-lg px-1 py-1">
        <OnlineAvatar user={user} />
        <span className="min-w-0 flex-1 truncate text-sm">
          {user.name}
          <span className="text-zinc-500 dark:text-zinc-400"> (you)</span>
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

export function typingText(typing: UserRef[]): string {
  const names = typing.map((user) => user.name)
  if (names.length === 0) return ''
  if (names.length === 1) return `${names[0]} is typing…`
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`
  return 'Several people are typing…'
}

export function TypingIndicator({ typing }: { typing: UserRef[] }) {
  const text = typingText(typing)
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
