import { Link } from '@tanstack/react-router'
import type { MouseEvent } from 'react'
import type { ListedRoom, LiveCount } from '../chat/myRooms'
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

/** What a row shows of a room: the server's entries, and the lobby's rooms only this browser knows. */
type RoomEntry = Pick<ListedRoom, 'room' | 'title' | 'unread' | 'latest' | 'lastVisited'> & { onServer?: boolean }

/**
 * The rooms this person joined, newest activity first, each with its unread count. The open room's
 * count comes from the live view (`live`), which knows it before the next poll. A room only this
 * browser knows (`onServer: false`) can be forgotten with `onForget`; `onOpen` may take over a
 * link's click (the lobby saves the typed name first).
 */
export function RoomList({
  rooms,
  live = null,
  now,
  compact = false,
  testId = 'room-list',
  titles,
  onOpen,
  onForget,
}: {
  rooms: readonly RoomEntry[]
  /** Titles this browser saw for rooms whose entries carry none; a room without one shows its id. */
  titles?: ReadonlyMap<string, string>
  live?: LiveCount | null
  now: number
  /** The sidebar's form: room names and badges only. */
  compact?: boolean
  testId?: string
  onOpen?: (room: string, event: MouseEvent<HTMLAnchorElement>) => void
  onForget?: (room: string) => void
}) {
  return (
    <ul
      className={compact ? 'flex flex-col gap-0.5' : 'divide-y divide-zinc-200 dark:divide-zinc-800'}
      data-testid={testId}
    >
      {rooms.map((room) => {
        const current = live?.room === room.room
        const unread = current ? (live?.unread ?? 0) : room.unread
        const latest = room.latest
        const activity = latest?.timestamp ?? room.lastVisited
        // The server's title is the current one; this browser's memory covers rooms it does not list.
        const title = room.title ?? titles?.get(room.room)
        return (
          <li key={room.room} data-testid="room-list-entry" data-room={room.room} className="flex items-center">
            <Link
              to="/rooms/$roomId"
              params={{ roomId: room.room }}
              aria-current={current ? 'page' : undefined}
              onClick={onOpen === undefined ? undefined : (event) => onOpen(room.room, event)}
              className={`flex min-w-0 flex-1 items-center gap-2 ${
                compact
                  ? `rounded-lg px-2 py-1.5 text-sm ${current ? 'bg-brand-50 font-semibold text-brand-800 dark:bg-zinc-800 dark:text-brand-200' : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800'}`
                  : 'px-4 py-3 hover:bg-zinc-50 focus-visible:outline-offset-[-2px] dark:hover:bg-zinc-800/60'
              }`}
            >
              <span aria-hidden="true" className="font-semibold text-brand-600 dark:text-brand-300">
                #
              </span>
              <span className="flex min-w-0 flex-1 flex-col">
                <span className={`truncate ${unread > 0 ? 'font-semibold' : 'font-medium'}`}>
                  {title ?? room.room}
                  {title !== undefined && !compact && (
                    <span className="ml-1.5 text-xs font-normal text-zinc-600 dark:text-zinc-400">#{room.room}</span>
                  )}
                </span>
                {!compact && latest !== undefined && (
                  <span className="truncate text-xs text-zinc-600 dark:text-zinc-400">
                    {latest.name}: {latest.message}
                  </span>
                )}
              </span>
              {!compact && activity !== undefined && (
                <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">{relativeTime(activity, now)}</span>
              )}
              <UnreadBadge count={unread} />
            </Link>
            {onForget !== undefined && room.onServer === false && (
              <button
                type="button"
                aria-label={`Forget room ${room.room}`}
                onClick={() => onForget(room.room)}
                className="mr-2 rounded-lg p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-700 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
              >
                <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
                  <path d="M6.3 5 10 8.6 13.7 5 15 6.3 11.4 10l3.6 3.7-1.3 1.3-3.7-3.6L6.3 15 5 13.7 8.6 10 5 6.3 6.3 5Z" />
                </svg>
              </button>
            )}
          </li>
        )
      })}
    </ul>
  )
}
