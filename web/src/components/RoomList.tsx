import { Link } from '@tanstack/react-router'
import type { LiveCount } from '../chat/myRooms'
import type { MyRoom } from '../chat/protocol'
import { relativeTime } from '../chat/time'

/** A count of unread messages, as a badge that says what it counts. */
export function UnreadBadge({ count, className = '' }: { count: number; className?: string }) {
  if (count <= 0) return null
  return (
    <span
      className={`inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-red-700 px-1.5 text-xs font-semibold text-white tabular-nums ${className}`}
      data-testid="unread-badge"
    >
      <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
      <span className="sr-only">{`${count} unread`}</span>
    </span>
  )
}

/**
 * The rooms this person joined, newest activity first, each with its unread count. The open room's
 * count comes from the live view (`live`), which knows it before the next poll.
 */
export function RoomList({
  rooms,
  live = null,
  now,
  compact = false,
}: {
  rooms: readonly MyRoom[]
  live?: LiveCount | null
  now: number
  /** The sidebar's form: room names and badges only. */
  compact?: boolean
}) {
  return (
    <ul
      className={compact ? 'flex flex-col gap-0.5' : 'divide-y divide-zinc-200 dark:divide-zinc-800'}
      data-testid="room-list"
    >
      {rooms.map((room) => {
        const current = live?.room === room.room
        const unread = current ? (live?.unread ?? 0) : room.unread
        const latest = room.latest
        return (
          <li key={room.room} data-testid="room-list-entry" data-room={room.room}>
            <Link
              to="/rooms/$roomId"
              params={{ roomId: room.room }}
              aria-current={current ? 'page' : undefined}
              className={`flex min-w-0 items-center gap-2 ${
                compact
                  ? `rounded-lg px-2 py-1.5 text-sm ${current ? 'bg-brand-50 font-semibold text-brand-800 dark:bg-zinc-800 dark:text-brand-200' : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800'}`
                  : 'px-4 py-3 hover:bg-zinc-50 focus-visible:outline-offset-[-2px] dark:hover:bg-zinc-800/60'
              }`}
            >
              <span aria-hidden="true" className="font-semibold text-brand-600 dark:text-brand-300">
                #
              </span>
              <span className="flex min-w-0 flex-1 flex-col">
                <span className={`truncate ${unread > 0 ? 'font-semibold' : 'font-medium'}`}>{room.room}</span>
                {!compact && latest !== undefined && (
                  <span className="truncate text-xs text-zinc-600 dark:text-zinc-400">
                    {latest.name}: {latest.message}
                  </span>
                )}
              </span>
              {!compact && latest !== undefined && (
                <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
                  {relativeTime(latest.timestamp, now)}
                </span>
              )}
              <UnreadBadge count={unread} />
            </Link>
          </li>
        )
      })}
    </ul>
  )
}
