import { Link } from '@tanstack/react-router'
import { useEffect, useId, useState, type MouseEvent } from 'react'
import { fetchDirectory, RoomRequestError } from '../chat/roomApi'
import type { DirectoryRoom } from '../chat/roomBodies'
import { relativeTime } from '../chat/time'
import { Button } from './Button'
import { inputClass } from './Field'

type Listing =
  | { kind: 'loading' }
  | { kind: 'shown'; rooms: DirectoryRoom[]; cursor: string | null; more: 'idle' | 'loading' | 'failed' }
  | { kind: 'failed' }
  /** A server without a directory: the section is left out. */
  | { kind: 'none' }

/** How long typing must pause before the search goes out. */
const SEARCH_PAUSE_MS = 250

/**
 * The directory of public rooms (`GET /api/rooms`), newest activity first, with a search over
 * their ids, titles and topics, and "Show more" for the next page. The count found is announced.
 */
export function PublicRooms({
  now,
  onOpen,
}: {
  now: number
  onOpen?: (room: string, event: MouseEvent<HTMLAnchorElement>) => void
}) {
  const [query, setQuery] = useState('')
  const [listing, setListing] = useState<Listing>({ kind: 'loading' })
  const searchId = useId()
  const headingId = useId()

  useEffect(() => {
    let current = true
    const asked = query.trim()
    const timer = window.setTimeout(
      () => {
        fetchDirectory(asked, null).then(
          (page) => current && setListing({ kind: 'shown', rooms: page.rooms, cursor: page.cursor, more: 'idle' }),
          (error: unknown) => {
            if (!current) return
            const missing = error instanceof RoomRequestError && (error.status === 404 || error.status === 405)
            setListing({ kind: missing ? 'none' : 'failed' })
          },
        )
      },
      asked === '' ? 0 : SEARCH_PAUSE_MS,
    )
    return () => {
      current = false
      window.clearTimeout(timer)
    }
  }, [query])

  const more = async () => {
    if (listing.kind !== 'shown' || listing.cursor === null) return
    setListing({ ...listing, more: 'loading' })
    try {
      const page = await fetchDirectory(query.trim(), listing.cursor)
      setListing({ kind: 'shown', rooms: [...listing.rooms, ...page.rooms], cursor: page.cursor, more: 'idle' })
    } catch {
      setListing({ ...listing, more: 'failed' })
    }
  }

  if (listing.kind === 'none') return null
  const searching = query.trim() !== ''
  const found =
    listing.kind !== 'shown'
      ? ''
      : listing.rooms.length === 0
        ? searching
          ? `No public rooms match “${query.trim()}”.`
          : 'No public rooms yet. Create one and make it public to list it here.'
        : `${listing.rooms.length}${listing.cursor !== null ? '+' : ''} public ${listing.rooms.length === 1 ? 'room' : 'rooms'}${searching ? ` match “${query.trim()}”` : ''}.`

  return (
    <section aria-labelledby={headingId} className="mt-8">
      <h2
        id={headingId}
        className="px-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400"
      >
        Public rooms
      </h2>
      <div className="mt-3">
        <label htmlFor={searchId} className="sr-only">
          Search public rooms
        </label>
        <div className="relative">
          <svg
            viewBox="0 0 20 20"
            fill="currentColor"
            aria-hidden="true"
            className="pointer-events-none absolute top-1/2 left-3.5 size-4 -translate-y-1/2 text-zinc-500 dark:text-zinc-400"
          >
            <path d="M9 3.5a5.5 5.5 0 1 0 3.4 9.8l3.4 3.4a.75.75 0 1 0 1-1l-3.3-3.5A5.5 5.5 0 0 0 9 3.5ZM5 9a4 4 0 1 1 8 0 4 4 0 0 1-8 0Z" />
          </svg>
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Search by name or topic"
            className={`h-11 pl-10 ${inputClass}`}
          />
        </div>
      </div>
      <p className="sr-only" aria-live="polite" data-testid="directory-count">
        {found}
      </p>
      {listing.kind === 'loading' && <p className="mt-3 px-1 text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>}
      {listing.kind === 'failed' && (
        <p className="mt-3 px-1 text-sm text-zinc-600 dark:text-zinc-400">
          The list of public rooms could not be loaded.
        </p>
      )}
      {listing.kind === 'shown' &&
        (listing.rooms.length === 0 ? (
          <p className="mt-3 px-1 text-sm text-zinc-600 dark:text-zinc-400" aria-hidden="true">
            {found}
          </p>
        ) : (
          <ul
            className="mt-3 divide-y divide-zinc-200 overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-zinc-200 dark:divide-zinc-800 dark:bg-zinc-900 dark:ring-zinc-800"
            data-testid="public-rooms"
          >
            {listing.rooms.map((room) => (
              <li key={room.id} data-testid="public-room" data-room={room.id}>
                <Link
                  to="/rooms/$roomId"
                  params={{ roomId: room.id }}
                  onClick={onOpen === undefined ? undefined : (event) => onOpen(room.id, event)}
                  className="flex min-w-0 items-center gap-3 px-4 py-3 hover:bg-zinc-50 focus-visible:outline-offset-[-2px] dark:hover:bg-zinc-800/60"
                >
                  <span aria-hidden="true" className="font-semibold text-brand-600 dark:text-brand-300">
                    #
                  </span>
                  <span className="flex min-w-0 flex-1 flex-col">
                    <span className="truncate font-medium">{room.title === '' ? room.id : room.title}</span>
                    <span className="truncate text-xs text-zinc-600 dark:text-zinc-400">
                      {room.topic === '' ? `#${room.id}` : room.topic}
                    </span>
                  </span>
                  <span className="flex shrink-0 flex-col items-end gap-0.5 text-xs text-zinc-600 dark:text-zinc-400">
                    <span className="inline-flex items-center gap-1">
                      <span
                        aria-hidden="true"
                        className={`size-2 rounded-full ${room.online > 0 ? 'bg-emerald-500' : 'bg-zinc-300 dark:bg-zinc-600'}`}
                      />
                      {room.online.toLocaleString()} online
                    </span>
                    {room.lastActivity !== null && <span>{relativeTime(room.lastActivity, now)}</span>}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ))}
      {listing.kind === 'shown' && listing.cursor !== null && (
        <div className="mt-3 flex items-center gap-3 px-1">
          <Button variant="outline" size="sm" onClick={() => void more()} disabled={listing.more === 'loading'}>
            {listing.more === 'loading' ? 'Loading…' : 'Show more'}
          </Button>
          {listing.more === 'failed' && (
            <span className="text-xs text-red-700 dark:text-red-400">Could not load more. Try again.</span>
          )}
        </div>
      )}
    </section>
  )
}
