import type { UserRef } from '../chat/protocol'
import { Avatar } from './Avatar'

/** Who is online, one entry per user, this person first. */
export function OnlineList({ online, me, stale = false }: { online: UserRef[]; me: UserRef | null; stale?: boolean }) {
  const sorted = [...online].sort((a, b) => {
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
        {sorted.map((user) => (
          <li key={user.id} className="flex items-center gap-2.5 rounded-lg px-1 py-1">
            <span className="relative">
              <Avatar name={user.name} size="sm" />
              <span
                aria-hidden="true"
                className="absolute -right-0.5 -bottom-0.5 size-2.5 rounded-full bg-emerald-500 ring-2 ring-white dark:ring-zinc-900"
              />
            </span>
            <span className="truncate text-sm">
              {user.name}
              {user.id === me?.id && <span className="text-zinc-500 dark:text-zinc-400"> (you)</span>}
            </span>
          </li>
        ))}
      </ul>
    </section>
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
