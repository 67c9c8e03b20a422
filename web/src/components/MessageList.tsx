import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { TimelineItem } from '../chat/messageStore'
import { Namesakes } from '../chat/namesakes'
import type { UserRef } from '../chat/protocol'
import { toListRows, type ListRow } from '../chat/timeline'
import { useNow } from '../chat/useNow'
import { MessageRow } from './MessageRow'

type MessageListProps = {
  timeline: TimelineItem[]
  me: UserRef | null
  /** Who shares a name with someone else in view, to show their short ids. */
  namesakes?: Namesakes
  joined: boolean
  hasOlder: boolean
  loadingOlder: boolean
  onLoadOlder: () => void
  onRetry: (clientId: string) => void
  onDiscard: (clientId: string) => void
  /** Whether the connection is live, to say why a queued message waits. */
  live: boolean
}

/** Within this many pixels of the bottom the list follows new messages. */
const STICKY_PX = 96
/** Older messages load when the person scrolls this close to the top. */
const LOAD_OLDER_PX = 400

/** A first guess at a row's height, until it is measured. */
function estimateSize(row: ListRow | undefined): number {
  if (row === undefined) return 44
  return 44 + (row.sender !== null ? 40 : 0) + (row.day !== null ? 32 : 0)
}

function isMine(row: ListRow | undefined): boolean {
  return row !== undefined && (row.item.kind === 'outgoing' || row.item.own)
}

/**
 * The messages of a room, virtualized: only the rows in and near the view are in the DOM, so a
 * room with thousands of messages costs what a screenful does. The virtualizer keeps what the
 * person reads in place when older messages are added above (`anchorTo: 'end'`) and follows new
 * ones at the bottom while the person is there (`followOnAppend`); a message of their own is
 * always followed, and others that arrive while they read further up are counted on a button.
 */
export function MessageList(props: MessageListProps) {
  const { timeline, me, namesakes = Namesakes.NONE, joined, hasOlder, loadingOlder, onLoadOlder } = props
  const now = useNow(30_000)
  const rows = useMemo(() => toListRows(timeline, me, namesakes), [timeline, me, namesakes])
  const scroller = useRef<HTMLDivElement>(null)
  const list = useRef<HTMLOListElement>(null)
  const [scrollMargin, setScrollMargin] = useState(0)
  const [showJump, setShowJump] = useState(false)
  const [unseen, setUnseen] = useState(0)
  const lastKey = useRef<string | null>(null)
  /** Whether the person was at the bottom when they last scrolled (or never scrolled). */
  const atBottom = useRef(true)

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => estimateSize(rows[index]),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 8,
    scrollMargin,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: STICKY_PX,
  })

  // The list starts below the "load older" line, and lower still while it is shorter than the view.
  useLayoutEffect(() => {
    const offset = list.current?.offsetTop ?? 0
    if (offset !== scrollMargin) setScrollMargin(offset)
  })

  const maybeLoadOlder = useCallback(() => {
    const element = scroller.current
    if (!element || !hasOlder || loadingOlder) return
    if (element.scrollTop < LOAD_OLDER_PX || element.scrollHeight <= element.clientHeight) onLoadOlder()
  }, [hasOlder, loadingOlder, onLoadOlder])

  const onScroll = () => {
    const element = scroller.current
    if (!element) return
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICKY_PX
    setShowJump(!atBottom.current)
    if (atBottom.current) setUnseen(0)
    maybeLoadOlder()
  }

  // The first messages open at the bottom; a new one of mine is always shown; a new one from
  // someone else while the person reads further up is counted instead.
  const last = rows[rows.length - 1]
  const newLastKey = last?.key ?? null
  useLayoutEffect(() => {
    const before = lastKey.current
    lastKey.current = newLastKey
    if (newLastKey === null || newLastKey === before) return
    if (before === null || isMine(last)) {
      virtualizer.scrollToEnd()
      atBottom.current = true
      setShowJump(false)
      setUnseen(0)
    } else if (!atBottom.current) {
      setUnseen((count) => count + 1)
    }
  }, [newLastKey, last, virtualizer])

  // A short history that does not fill the view cannot be scrolled up: load more right away.
  useEffect(() => {
    if (joined) maybeLoadOlder()
  }, [joined, rows.length, maybeLoadOlder])

  const jumpToLatest = () => {
    virtualizer.scrollToEnd({ behavior: 'smooth' })
    setUnseen(0)
  }

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        onScroll={onScroll}
        data-testid="message-scroller"
        tabIndex={0}
        role="region"
        aria-label="Messages"
        className="relative h-full overflow-y-auto overscroll-contain [overflow-anchor:none]"
      >
        <div className="mx-auto flex min-h-full max-w-3xl flex-col justify-end px-3 pt-2 pb-4 sm:px-6">
          <div className="flex h-12 shrink-0 items-center justify-center">
            {loadingOlder ? (
              <span className="text-xs text-zinc-500 dark:text-zinc-400" role="status">
                Loading older messages…
              </span>
            ) : hasOlder ? (
              <button
                type="button"
                onClick={onLoadOlder}
                className="rounded-full px-3 py-1 text-xs font-medium text-brand-700 hover:bg-brand-50 dark:text-brand-300 dark:hover:bg-zinc-800"
              >
                Load older messages
              </button>
            ) : joined && timeline.length > 0 ? (
              <span className="text-xs text-zinc-500 dark:text-zinc-400">This is the beginning of the room.</span>
            ) : null}
          </div>
          {/* Messages still to send (kept from before a reload) show while the history loads. */}
          {!joined && timeline.length === 0 ? (
            <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">Loading messages…</p>
          ) : timeline.length === 0 ? (
            <div className="py-16 text-center">
              <p className="text-base font-medium text-zinc-700 dark:text-zinc-200">No messages yet</p>
              <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
                Say hello, or share the room link with your team.
              </p>
            </div>
          ) : (
            // role="log" says what this is; announcements come from the room's own live region, so
            // that loading older messages is not read out.
            <div role="log" aria-live="off" data-testid="message-log" data-message-count={rows.length}>
              <ol ref={list} className="relative" style={{ height: virtualizer.getTotalSize() }}>
                {virtualizer.getVirtualItems().map((virtual) => {
                  const row = rows[virtual.index]
                  if (row === undefined) return null
                  return (
                    <li
                      key={virtual.key}
                      ref={virtualizer.measureElement}
                      data-index={virtual.index}
                      className="absolute inset-x-0 top-0"
                      style={{ transform: `translateY(${virtual.start - scrollMargin}px)` }}
                    >
                      <MessageRow
                        row={row}
                        now={now}
                        live={props.live}
                        onRetry={props.onRetry}
                        onDiscard={props.onDiscard}
                      />
                    </li>
                  )
                })}
              </ol>
            </div>
          )}
        </div>
      </div>
      {showJump && (
        <button
          type="button"
          onClick={jumpToLatest}
          className="absolute bottom-3 left-1/2 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-zinc-900 px-3.5 py-1.5 text-xs font-medium text-white shadow-lg hover:bg-zinc-800 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-white"
        >
          {unseen > 0 ? `${unseen} new message${unseen === 1 ? '' : 's'}` : 'Jump to latest'}
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-3.5" aria-hidden="true">
            <path d="M10 3a1 1 0 0 1 1 1v9.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-5 5a1 1 0 0 1-1.4 0l-5-5a1 1 0 1 1 1.4-1.4L9 13.6V4a1 1 0 0 1 1-1Z" />
          </svg>
        </button>
      )}
    </div>
  )
}
