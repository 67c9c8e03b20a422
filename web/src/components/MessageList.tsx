import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { TimelineItem } from '../chat/messageStore'
import { Namesakes } from '../chat/namesakes'
import type { ChatMessage, UserRef } from '../chat/protocol'
import { toListRows, type ListRow } from '../chat/timeline'
import { useNow } from '../chat/useNow'
import type { MessageActionHandlers } from './MessageActions'
import { MessageRow } from './MessageRow'

/** What the list asks of the room for the message menu. */
export type MessageListActions = {
  reply: (message: ChatMessage) => void
  react: (id: string, emoji: string, on: boolean) => void
  edit: (id: string, text: string) => void
  remove: (id: string) => void
  /** Opens the moderator's delete (with a reason) of someone else's message; absent for others. */
  moderate?: (message: ChatMessage) => void
  /** Opens the report of someone else's message; absent where reports are not taken. */
  report?: (message: ChatMessage) => void
}

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
  actions: MessageListActions
  /** The read marker the room opened with, where the "New messages" divider goes; null for none. */
  unreadFrom: number | null
  /** Called with the highest seq scrolled into view while the page is visible. */
  onRead: (seq: number) => void
}

/** Within this many pixels of the bottom the list follows new messages. */
const STICKY_PX = 96
/** Older messages load when the person scrolls this close to the top. */
const LOAD_OLDER_PX = 400
/** How long a message jumped to stays highlighted. */
const HIGHLIGHT_MS = 2_000
/** How many pages of older messages a jump loads, at most, looking for its target. */
const MAX_JUMP_PAGES = 20

/**
 * A message counts as read once this share of it is in view, or, for one taller than the view,
 * once it fills half the view.
 */
const READ_RATIO = 0.6

/** Moves the focus to a message once its row is rendered, a few frames after the scroll. */
function focusMessage(scroller: HTMLElement, seq: number, framesLeft = 30): void {
  const bubble = scroller.querySelector<HTMLElement>(`[data-testid="message"][data-seq="${seq}"]`)
  if (bubble !== null) {
    bubble.focus({ preventScroll: true })
    return
  }
  if (framesLeft > 0) requestAnimationFrame(() => focusMessage(scroller, seq, framesLeft - 1))
}

/** Where the "New messages" divider is, relative to the view. */
type DividerPlace = 'none' | 'above' | 'inView' | 'below'

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
  const { actions, unreadFrom, onRead } = props
  const now = useNow(30_000)
  const rows = useMemo(() => toListRows(timeline, me, namesakes, unreadFrom), [timeline, me, namesakes, unreadFrom])
  const dividerIndex = rows.findIndex((row) => row.unreadStart)
  const [editingId, setEditingId] = useState<string | null>(null)
  const [highlighted, setHighlighted] = useState<number | null>(null)
  /** The seq a jump goes to (a quote's target, the first unread), while its row is not loaded. */
  const [jumpTarget, setJumpTarget] = useState<{ seq: number; pages: number } | null>(null)
  const [dividerPlace, setDividerPlace] = useState<DividerPlace>('none')
  const onReadRef = useRef(onRead)
  onReadRef.current = onRead
  const observer = useRef<IntersectionObserver | null>(null)
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

  const placeDivider = useCallback(() => {
    const element = scroller.current
    if (!element || dividerIndex < 0) return setDividerPlace('none')
    const divider = element.querySelector('[data-testid="unread-divider"]')
    if (divider === null) {
      const first = virtualizer.getVirtualItems()[0]
      return setDividerPlace(first !== undefined && dividerIndex < first.index ? 'above' : 'below')
    }
    const box = divider.getBoundingClientRect()
    const view = element.getBoundingClientRect()
    if (box.bottom <= view.top) return setDividerPlace('above')
    if (box.top >= view.bottom) return setDividerPlace('below')
    setDividerPlace('inView')
  }, [dividerIndex, virtualizer])

  const onScroll = () => {
    const element = scroller.current
    if (!element) return
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICKY_PX
    setShowJump(!atBottom.current)
    if (atBottom.current) setUnseen(0)
    maybeLoadOlder()
    placeDivider()
  }

  // After every render too: the rows in the DOM follow the scroll a frame later (the setter does
  // nothing when the place did not change).
  useEffect(placeDivider)

  // The first messages open at the bottom; a new one of mine is always shown; a new one from
  // someone else while the person reads further up is counted instead.
  const last = rows[rows.length - 1]
  const newLastKey = last?.key ?? null
  useLayoutEffect(() => {
    const before = lastKey.current
    lastKey.current = newLastKey
    if (newLastKey === null || newLastKey === before) return
    if (before === null && unreadFrom !== null) {
      // A room with unread messages opens at the first of them, so that they are read from there
      // rather than skipped; one older than what is loaded is looked for in older pages.
      if (dividerIndex >= 0) {
        virtualizer.scrollToIndex(dividerIndex, { align: 'start' })
        atBottom.current = false
      } else {
        setJumpTarget({ seq: unreadFrom + 1, pages: 0 })
      }
    } else if (before === null || isMine(last)) {
      virtualizer.scrollToEnd()
      atBottom.current = true
      setShowJump(false)
      setUnseen(0)
    } else if (!atBottom.current) {
      setUnseen((count) => count + 1)
    }
  }, [newLastKey, last, virtualizer])

  // A jump goes to the first loaded message at or after its seq; older pages load until it is there.
  useEffect(() => {
    if (jumpTarget === null) return
    const index = rows.findIndex((row) => row.item.kind === 'message' && row.item.message.seq >= jumpTarget.seq)
    const oldest = rows.find((row) => row.item.kind === 'message')
    const loaded = oldest?.item.kind === 'message' && oldest.item.message.seq <= jumpTarget.seq
    if (index >= 0 && (loaded || !hasOlder || jumpTarget.pages >= MAX_JUMP_PAGES)) {
      const row = rows[index]
      const seq = row?.item.kind === 'message' ? row.item.message.seq : null
      setJumpTarget(null)
      virtualizer.scrollToIndex(index, { align: 'center' })
      atBottom.current = false
      if (seq !== null && scroller.current !== null) {
        setHighlighted(seq)
        focusMessage(scroller.current, seq)
      }
      return
    }
    if (!hasOlder || jumpTarget.pages >= MAX_JUMP_PAGES) return setJumpTarget(null)
    if (!loadingOlder) {
      setJumpTarget({ ...jumpTarget, pages: jumpTarget.pages + 1 })
      onLoadOlder()
    }
  }, [jumpTarget, rows, hasOlder, loadingOlder, onLoadOlder, virtualizer])

  useEffect(() => {
    if (highlighted === null) return
    const timer = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS)
    return () => clearTimeout(timer)
  }, [highlighted])

  // Reading: a message counts once it is in view while the page is visible, not when it arrives.
  useEffect(() => {
    const root = scroller.current
    if (root === null || typeof IntersectionObserver === 'undefined') return
    const inView = new Map<Element, number>()
    const report = () => {
      if (document.visibilityState !== 'visible') return
      let highest = 0
      for (const seq of inView.values()) highest = Math.max(highest, seq)
      if (highest > 0) onReadRef.current(highest)
    }
    const watcher = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const seq = Number(entry.target.getAttribute('data-read-seq'))
          const viewHeight = entry.rootBounds?.height ?? Number.POSITIVE_INFINITY
          const read =
            entry.isIntersecting &&
            (entry.intersectionRatio >= READ_RATIO || entry.intersectionRect.height >= viewHeight / 2)
          if (read && Number.isSafeInteger(seq)) inView.set(entry.target, seq)
          else inView.delete(entry.target)
        }
        report()
      },
      { root, threshold: [0, READ_RATIO, 1] },
    )
    observer.current = watcher
    document.addEventListener('visibilitychange', report)
    window.addEventListener('focus', report)
    return () => {
      watcher.disconnect()
      observer.current = null
      document.removeEventListener('visibilitychange', report)
      window.removeEventListener('focus', report)
    }
  }, [])

  // The rows in the DOM change as the list scrolls; each rendered message is watched while it is.
  const watched = useRef(new Set<Element>())
  useEffect(() => {
    const root = scroller.current
    const watcher = observer.current
    if (root === null || watcher === null) return
    for (const element of watched.current) {
      if (!element.isConnected) {
        watcher.unobserve(element)
        watched.current.delete(element)
      }
    }
    for (const element of root.querySelectorAll('[data-read-seq]')) {
      if (watched.current.has(element)) continue
      watched.current.add(element)
      watcher.observe(element)
    }
  })

  const handlers = useMemo<MessageActionHandlers>(() => {
    const backToMessage = (id: string) =>
      requestAnimationFrame(() =>
        scroller.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`)?.focus(),
      )
    return {
      reply: actions.reply,
      react: actions.react,
      remove: actions.remove,
      moderate: actions.moderate,
      report: actions.report,
      startEdit: (id) => {
        setEditingId((editing) => {
          if (id === null && editing !== null) backToMessage(editing)
          return id
        })
      },
      saveEdit: (id, text) => {
        actions.edit(id, text)
        setEditingId(null)
        backToMessage(id)
      },
      jumpTo: (seq) => setJumpTarget({ seq, pages: 0 }),
    }
  }, [actions])

  const jumpToUnread = () => {
    const row = rows[dividerIndex]
    if (row?.item.kind === 'message') setJumpTarget({ seq: row.item.message.seq, pages: 0 })
    else if (unreadFrom !== null) setJumpTarget({ seq: unreadFrom + 1, pages: 0 })
  }
  const unreadNotLoaded =
    unreadFrom !== null && dividerIndex < 0 && hasOlder && rows.some((row) => row.item.kind === 'message')
  // While the first unread message is above the view (or not loaded yet), a button goes back to it.
  const showJumpToUnread = dividerPlace === 'above' || unreadNotLoaded

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
                        handlers={handlers}
                        editing={row.item.kind === 'message' && row.item.message.id === editingId}
                        highlighted={row.item.kind === 'message' && row.item.message.seq === highlighted}
                      />
                    </li>
                  )
                })}
              </ol>
            </div>
          )}
        </div>
      </div>
      {showJumpToUnread && (
        <button
          type="button"
          onClick={jumpToUnread}
          data-testid="jump-to-unread"
          className="absolute top-3 left-1/2 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-red-700 px-3.5 py-1.5 text-xs font-medium text-white shadow-lg hover:bg-red-800"
        >
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-3.5" aria-hidden="true">
            <path d="M10 17a1 1 0 0 1-1-1V6.4L5.7 9.7a1 1 0 0 1-1.4-1.4l5-5a1 1 0 0 1 1.4 0l5 5a1 1 0 0 1-1.4 1.4L11 6.4V16a1 1 0 0 1-1 1Z" />
          </svg>
          Jump to first unread
        </button>
      )}
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
