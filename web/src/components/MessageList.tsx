import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { OutgoingMessage, TimelineItem } from '../chat/messageStore'
import type { UserRef } from '../chat/protocol'
import { absoluteTime, dayLabel } from '../chat/time'
import { groupTimeline, itemKey, type MessageGroup } from '../chat/timeline'
import { useNow } from '../chat/useNow'
import { Avatar } from './Avatar'
import { MessageText } from './MessageText'
import { RelativeTime } from './RelativeTime'

type MessageListProps = {
  timeline: TimelineItem[]
  me: UserRef | null
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

export function MessageList(props: MessageListProps) {
  const { timeline, me, joined, hasOlder, loadingOlder, onLoadOlder } = props
  const now = useNow(30_000)
  const rows = useMemo(() => groupTimeline(timeline, me), [timeline, me])
  const scroller = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  const [showJump, setShowJump] = useState(false)
  const [unseen, setUnseen] = useState(0)
  const previous = useRef<{ firstKey: string | null; lastKey: string | null; scrollHeight: number }>({
    firstKey: null,
    lastKey: null,
    scrollHeight: 0,
  })

  const firstKey = timeline[0] ? itemKey(timeline[0]) : null
  const last = timeline[timeline.length - 1]
  const lastKey = last ? itemKey(last) : null

  const maybeLoadOlder = useCallback(() => {
    const element = scroller.current
    if (!element || !hasOlder || loadingOlder) return
    if (element.scrollTop < LOAD_OLDER_PX || element.scrollHeight <= element.clientHeight) onLoadOlder()
  }, [hasOlder, loadingOlder, onLoadOlder])

  const onScroll = () => {
    const element = scroller.current
    if (!element) return
    const distance = element.scrollHeight - element.scrollTop - element.clientHeight
    atBottom.current = distance < STICKY_PX
    setShowJump(!atBottom.current)
    if (atBottom.current) setUnseen(0)
    maybeLoadOlder()
  }

  // Keeps the view steady when messages arrive: older ones above keep what the person reads in
  // place; newer ones below are followed only if the person was already at the bottom (or sent
  // them), otherwise counted on the "new messages" button.
  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    const before = previous.current
    if (before.firstKey !== null && firstKey !== before.firstKey && lastKey === before.lastKey) {
      element.scrollTop += element.scrollHeight - before.scrollHeight
    } else if (lastKey !== before.lastKey) {
      const mine = last !== undefined && (last.kind === 'outgoing' || last.own)
      if (atBottom.current || mine || before.lastKey === null) {
        element.scrollTop = element.scrollHeight
        atBottom.current = true
        setShowJump(false)
        setUnseen(0)
      } else {
        setUnseen((count) => count + 1)
      }
    }
    previous.current = { firstKey, lastKey, scrollHeight: element.scrollHeight }
  }, [firstKey, lastKey, last])

  // A short history that does not fill the view cannot be scrolled up: load more right away.
  useEffect(() => {
    if (joined) maybeLoadOlder()
  }, [joined, timeline.length, maybeLoadOlder])

  const jumpToLatest = () => {
    const element = scroller.current
    if (!element) return
    element.scrollTo({ top: element.scrollHeight, behavior: 'smooth' })
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
        className="h-full overflow-y-auto overscroll-contain [overflow-anchor:none]"
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
            <div role="log" aria-live="off">
              <ol className="flex flex-col gap-3">
                {rows.map((row) =>
                  row.kind === 'day' ? (
                    <li key={row.key} className="flex items-center gap-3 py-1">
                      <span aria-hidden="true" className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
                      <span className="text-xs font-medium text-zinc-500 dark:text-zinc-400">
                        {dayLabel(row.timestamp, now)}
                      </span>
                      <span aria-hidden="true" className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
                    </li>
                  ) : (
                    <Group
                      key={row.group.key}
                      group={row.group}
                      now={now}
                      live={props.live}
                      onRetry={props.onRetry}
                      onDiscard={props.onDiscard}
                    />
                  ),
                )}
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

function Group({
  group,
  now,
  live,
  onRetry,
  onDiscard,
}: {
  group: MessageGroup
  now: number
  live: boolean
  onRetry: (clientId: string) => void
  onDiscard: (clientId: string) => void
}) {
  const own = group.own
  return (
    <li data-testid="message-group" data-own={own} className={`flex gap-2.5 ${own ? 'flex-row-reverse' : ''}`}>
      {!own && (
        <div className="pt-5">
          <Avatar name={group.senderName} />
        </div>
      )}
      <div className={`flex max-w-[85%] min-w-0 flex-col gap-1 sm:max-w-[75%] ${own ? 'items-end' : 'items-start'}`}>
        <div className={`flex items-baseline gap-2 px-1 ${own ? 'flex-row-reverse' : ''}`}>
          <span className="text-sm font-semibold text-zinc-800 dark:text-zinc-100" data-testid="sender-name">
            {own ? 'You' : group.senderName}
          </span>
          <RelativeTime timestamp={group.timestamp} now={now} className="text-xs text-zinc-500 dark:text-zinc-400" />
        </div>
        {group.items.map((item) =>
          item.kind === 'message' ? (
            <Bubble
              key={itemKey(item)}
              own={own}
              text={item.message.message}
              timestamp={item.message.timestamp}
              seq={item.message.seq}
              status={own ? 'sent' : undefined}
            />
          ) : (
            <Outgoing
              key={itemKey(item)}
              outgoing={item.outgoing}
              live={live}
              onRetry={onRetry}
              onDiscard={onDiscard}
            />
          ),
        )}
      </div>
    </li>
  )
}

function Bubble({
  own,
  text,
  timestamp,
  seq,
  status,
  muted = false,
}: {
  own: boolean
  text: string
  timestamp: number
  seq?: number
  status?: OutgoingMessage['status']
  muted?: boolean
}) {
  return (
    <div
      data-testid="message"
      data-seq={seq}
      data-own={own}
      data-status={status}
      title={absoluteTime(timestamp)}
      className={`rounded-2xl px-3.5 py-2 text-[0.95rem] leading-6 whitespace-pre-wrap [overflow-wrap:anywhere] ${
        own
          ? 'rounded-br-md bg-brand-600 text-white shadow-sm dark:bg-brand-600'
          : 'rounded-bl-md bg-white text-zinc-900 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-800'
      } ${muted ? 'opacity-70' : ''}`}
    >
      <MessageText text={text} own={own} />
    </div>
  )
}

function Outgoing({
  outgoing,
  live,
  onRetry,
  onDiscard,
}: {
  outgoing: OutgoingMessage
  live: boolean
  onRetry: (clientId: string) => void
  onDiscard: (clientId: string) => void
}) {
  const { status } = outgoing
  return (
    <>
      <Bubble own text={outgoing.text} timestamp={outgoing.createdAt} status={status} muted={status !== 'sent'} />
      {status === 'failed' ? (
        <div
          className="flex flex-wrap items-center justify-end gap-x-2 gap-y-1 px-1 text-xs"
          data-testid="failed-notice"
        >
          <span className="text-red-700 dark:text-red-400">{outgoing.error ?? 'Not sent.'}</span>
          <button
            type="button"
            onClick={() => onRetry(outgoing.clientId)}
            className="rounded px-1.5 py-0.5 font-semibold text-brand-700 hover:bg-brand-50 dark:text-brand-300 dark:hover:bg-zinc-800"
          >
            Retry
          </button>
          <button
            type="button"
            onClick={() => onDiscard(outgoing.clientId)}
            className="rounded px-1.5 py-0.5 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
          >
            Discard
          </button>
        </div>
      ) : (
        <span className="px-1 text-xs text-zinc-500 dark:text-zinc-400">
          {status === 'sent' ? 'Sent' : live ? 'Sending…' : 'Waiting for the connection…'}
        </span>
      )}
    </>
  )
}
