import { idHash } from '../chat/idHash'

// Initials on a colour picked from the user id, so a person keeps their colour across messages,
// reloads and renames (a colour from the name would make one person look like two after a
// rename). Every background is dark enough for white text (WCAG AA at this size).
const COLOURS = [
  'bg-rose-700',
  'bg-orange-700',
  'bg-amber-700',
  'bg-emerald-700',
  'bg-teal-700',
  'bg-sky-700',
  'bg-blue-700',
  'bg-violet-700',
  'bg-fuchsia-700',
  'bg-pink-700',
] as const

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length >= 2 ? [words[0], words[words.length - 1]] : [words[0]]
  const initials = letters
    .map((word) => (word === undefined ? '' : (Array.from(word)[0] ?? '')))
    .join('')
    .toUpperCase()
  return initials || '?'
}

export function colourOf(userId: string): string {
  return COLOURS[idHash(userId) % COLOURS.length] ?? COLOURS[0]
}

export function Avatar({ name, userId, size = 'md' }: { name: string; userId: string; size?: 'sm' | 'md' }) {
  const dimensions = size === 'sm' ? 'size-7 text-[0.7rem]' : 'size-9 text-sm'
  return (
    <span
      aria-hidden="true"
      data-testid="avatar"
      className={`${dimensions} ${colourOf(userId)} inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold text-white`}
    >
      {initialsOf(name)}
    </span>
  )
}
