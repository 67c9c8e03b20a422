import { Link } from '@tanstack/react-router'
import type { RoomRefusal } from '../chat/roomAccess'
import { absoluteTime } from '../chat/time'
import { useNow } from '../chat/useNow'
import { Button } from './Button'

/** The words for when a ban ends: "until Friday 5 December 2025 at 14:00:00" or "for good". */
export function banEnd(until: number | null): string {
  return until === null ? 'for good' : `until ${absoluteTime(until)}`
}

/**
 * Why this person is not in the room: a moderator removed them (with a way back in), banned them
 * (until when, or for good), or the room is private and they need an invite. Announced as an alert
 * when it replaces the room, since it ends what they were doing.
 */
export function RoomRefusalView({
  roomId,
  refusal,
  onRejoin,
}: {
  roomId: string
  refusal: RoomRefusal
  /** Connects again: after a kick, or a ban whose time ran out. */
  onRejoin?: () => void
}) {
  const now = useNow(15_000)
  const banOver = refusal.kind === 'banned' && refusal.until !== null && refusal.until <= now
  const { title, body } = words(refusal, roomId)
  const reason = refusal.kind === 'notMember' ? null : refusal.reason
  return (
    <div
      className="flex flex-1 items-center justify-center px-4 py-10"
      data-testid="room-refusal"
      data-kind={refusal.kind}
    >
      <div
        role="alert"
        className="w-full max-w-md rounded-2xl bg-white p-6 text-center shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800"
      >
        <span
          aria-hidden="true"
          className={`mx-auto flex size-12 items-center justify-center rounded-full ${
            refusal.kind === 'notMember'
              ? 'bg-brand-50 text-brand-700 dark:bg-brand-900/40 dark:text-brand-200'
              : 'bg-red-50 text-red-700 dark:bg-red-950/60 dark:text-red-300'
          }`}
        >
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-6">
            {refusal.kind === 'notMember' ? (
              <path d="M10 2a4 4 0 0 0-4 4v2H5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V9a1 1 0 0 0-1-1h-1V6a4 4 0 0 0-4-4Zm2 6V6a2 2 0 1 0-4 0v2h4Z" />
            ) : (
              <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16ZM5.6 6.9l7.5 7.5a5.5 5.5 0 0 1-7.5-7.5Zm1.4-1.3a5.5 5.5 0 0 1 7.5 7.5L7 5.6Z" />
            )}
          </svg>
        </span>
        <h2 className="mt-4 text-lg font-semibold">{title}</h2>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          {banOver ? 'The ban is over: you may come back.' : body}
        </p>
        {reason !== null && (
          <p className="mt-3 rounded-lg bg-zinc-100 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200">
            <span className="font-medium">Reason:</span> {reason}
          </p>
        )}
        <div className="mt-6 flex flex-wrap justify-center gap-2">
          {(refusal.kind === 'kicked' || banOver) && onRejoin !== undefined && (
            <Button onClick={onRejoin} autoFocus>
              Rejoin
            </Button>
          )}
          <Link
            to="/"
            className="inline-flex h-11 items-center justify-center rounded-xl px-4 text-sm font-semibold text-brand-700 ring-1 ring-brand-200 ring-inset hover:bg-brand-50 dark:text-brand-200 dark:ring-brand-800 dark:hover:bg-zinc-800"
          >
            All rooms
          </Link>
        </div>
      </div>
    </div>
  )
}

function words(refusal: RoomRefusal, roomId: string): { title: string; body: string } {
  switch (refusal.kind) {
    case 'kicked':
      return {
        title: 'A moderator removed you from this room.',
        body: 'You may come back when you are ready: Rejoin connects you again.',
      }
    case 'banned':
      return {
        title: refusal.until === null ? 'You are banned from this room for good.' : 'You are banned from this room.',
        body:
          refusal.until === null
            ? 'Its moderators closed it to you. You cannot read or post here.'
            : `You cannot read or post here ${banEnd(refusal.until)}.`,
      }
    case 'notMember':
      return {
        title: `#${roomId} is a private room.`,
        body: 'Only its members can read and post here. Ask one of them for an invite link.',
      }
  }
}
