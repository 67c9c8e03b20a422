import type { UserKind } from '../chat/protocol'

const KIND_WORDS: Record<UserKind, string> = { guest: 'guest', operator: 'verified', bot: 'bot' }

/**
 * A name as a screen reader should hear it where a message is announced: with the short id when
 * someone else in view shares the name, and always with the kind, so that a guest who calls
 * themselves "Ada (verified)" is still heard as a guest.
 */
export function spokenName(name: string, kind: UserKind, tag: string | null): string {
  return `${name}${tag === null ? '' : ` · ${tag}`} (${KIND_WORDS[kind]})`
}

/**
 * A display name with what tells its person apart, since anyone may take any name: the short id
 * when someone else in view goes by the same name, and a mark for who stands behind the name.
 * The marks are words, not colour alone, and sit outside the name, which is truncated first.
 */
export function PersonName({
  name,
  kind,
  tag,
  you = false,
  nameTestId = 'person-name',
  className = '',
}: {
  name: string
  kind: UserKind
  tag: string | null
  /** Adds "(you)": this person's own entry. */
  you?: boolean
  nameTestId?: string
  /** Classes for the name itself (weight, colour). */
  className?: string
}) {
  // The spaces between the parts do not show (flex items are spaced by the gap) but keep the
  // text readable as "Ada · 3f9c Guest" when copied or read out.
  return (
    <span className="inline-flex min-w-0 items-baseline gap-1" data-testid="person">
      <span dir="auto" className={`min-w-0 truncate ${className}`} data-testid={nameTestId}>
        {name}
      </span>{' '}
      {tag !== null && (
        <>
          <span
            className="shrink-0 font-mono text-xs text-zinc-500 dark:text-zinc-400"
            title={`The end of ${name}'s id: someone else here has the same name`}
            data-testid="name-tag"
          >
            <span aria-hidden="true">· </span>
            {tag}
          </span>{' '}
        </>
      )}
      <KindMark kind={kind} />
      {you && (
        <>
          {' '}
          <span className="shrink-0 text-zinc-500 dark:text-zinc-400">(you)</span>
        </>
      )}
    </span>
  )
}

function KindMark({ kind }: { kind: UserKind }) {
  const shape =
    'ml-0.5 inline-flex shrink-0 items-center gap-0.5 self-center rounded px-1 text-[0.625rem] leading-4 font-semibold tracking-wide uppercase ring-1 ring-inset'
  if (kind === 'operator') {
    return (
      <span
        className={`${shape} bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800`}
        title="Verified: this server's sign-in vouches for the name"
        data-testid="kind-mark"
        data-kind={kind}
      >
        <svg viewBox="0 0 16 16" fill="currentColor" className="size-2.5" aria-hidden="true">
          <path d="M13.5 3.9a1 1 0 0 1 .1 1.4l-6.5 7.5a1 1 0 0 1-1.5 0L2.4 9.3a1 1 0 1 1 1.5-1.4l2.5 2.7 5.8-6.6a1 1 0 0 1 1.3-.1Z" />
        </svg>
        Verified
      </span>
    )
  }
  if (kind === 'bot') {
    return (
      <span
        className={`${shape} bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800`}
        title="Bot: posted by this team's own software, with one of the server's API keys"
        data-testid="kind-mark"
        data-kind={kind}
      >
        Bot
      </span>
    )
  }
  return (
    <span
      className={`${shape} text-zinc-600 ring-zinc-300 dark:text-zinc-400 dark:ring-zinc-700`}
      title="Guest: chose this name themselves, and anyone can choose any name"
      data-testid="kind-mark"
      data-kind={kind}
    >
      Guest
    </span>
  )
}
