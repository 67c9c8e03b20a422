import { memo, type ReactNode } from 'react'
import type { OutgoingMessage } from '../chat/messageStore'
import type { ChatMessage } from '../chat/protocol'
import { absoluteTime, dayLabel } from '../chat/time'
import { sameRow, type ListRow, type SenderHeader } from '../chat/timeline'
import { Avatar } from './Avatar'
import { MessageEditor, MessageMenu, ReactionChips, type MessageActionHandlers } from './MessageActions'
import { MessageText } from './MessageText'
import { ReplyQuoteView } from './ReplyQuote'
import { PersonName } from './PersonName'
import { RelativeTime } from './RelativeTime'

export type RowProps = {
  row: ListRow
  /** The clock for "5 min ago" and "Today"; only rows that show a time look at it. */
  now: number
  /** Whether the connection is live, to say why a queued message waits. */
  live: boolean
  onRetry: (clientId: string) => void
  onDiscard: (clientId: string) => void
  handlers: MessageActionHandlers
  /** Whether this row's message is being edited in place. */
  editing: boolean
  /** Whether this row's message was just jumped to, and is highlighted for a moment. */
  highlighted: boolean
}

function showsTime(row: ListRow): boolean {
  return row.day !== null || row.sender !== null
}

/**
 * One row of the message list. Memoized: a new message, an ack or a tick of the clock renders only
 * the rows it changes, not the hundreds already on the page.
 */
export const MessageRow = memo(
  function MessageRow({ row, now, live, onRetry, onDiscard, handlers, editing, highlighted }: RowProps) {
    const { own, sender, item, day } = row
    return (
      <>
        {row.unreadStart && (
          <div className="flex items-center gap-3 pt-3 pb-1" data-testid="unread-divider" role="separator">
            <span aria-hidden="true" className="h-px flex-1 bg-red-300 dark:bg-red-800" />
            <span className="text-xs font-semibold text-red-700 dark:text-red-400">New messages</span>
            <span aria-hidden="true" className="h-px flex-1 bg-red-300 dark:bg-red-800" />
          </div>
        )}
        {day !== null && (
          <div className="flex items-center gap-3 pt-3 pb-1">
            <span aria-hidden="true" className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
            <span className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{dayLabel(day, now)}</span>
            <span aria-hidden="true" className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          </div>
        )}
        <div
          data-testid="message-row"
          data-own={own}
          data-group-start={sender !== null}
          data-read-seq={item.kind === 'message' ? item.message.seq : undefined}
          className={`group flex gap-2.5 rounded-xl transition-colors duration-700 ${own ? 'flex-row-reverse' : ''} ${
            sender !== null ? 'pt-3' : 'pt-1'
          } ${highlighted ? 'bg-amber-50 ring-2 ring-amber-300 dark:bg-amber-950/60 dark:ring-amber-700' : ''}`}
        >
          {!own &&
            (sender !== null ? (
              <div className="pt-5">
                <Avatar name={sender.name} userId={sender.id} />
              </div>
            ) : (
              <div aria-hidden="true" className="w-9 shrink-0" />
            ))}
          <div
            className={`flex max-w-[85%] min-w-0 flex-col gap-1 sm:max-w-[75%] ${own ? 'items-end' : 'items-start'}`}
          >
            {sender !== null && <Sender sender={sender} own={own} now={now} />}
            {item.kind === 'message' ? (
              <Stored
                message={item.message}
                own={own}
                saving={item.saving === true}
                editing={editing}
                handlers={handlers}
              />
            ) : (
              <Outgoing outgoing={item.outgoing} live={live} onRetry={onRetry} onDiscard={onDiscard} />
            )}
          </div>
        </div>
      </>
    )
  },
  (before, after) =>
    sameRow(before.row, after.row) &&
    (!showsTime(after.row) || before.now === after.now) &&
    (after.row.item.kind !== 'outgoing' || before.live === after.live) &&
    before.onRetry === after.onRetry &&
    before.onDiscard === after.onDiscard &&
    before.handlers === after.handlers &&
    before.editing === after.editing &&
    before.highlighted === after.highlighted,
)

/** A stored message: its quote, its bubble (or the editor) with the menu beside it, its reactions. */
function Stored({
  message,
  own,
  saving,
  editing,
  handlers,
}: {
  message: ChatMessage
  own: boolean
  saving: boolean
  editing: boolean
  handlers: MessageActionHandlers
}) {
  const deleted = message.deleted !== undefined
  return (
    <>
      {message.replyTo !== undefined && !deleted && <ReplyQuoteView quote={message.replyTo} onJump={handlers.jumpTo} />}
      {editing && !deleted ? (
        <MessageEditor message={message} handlers={handlers} own={own} />
      ) : (
        // The bubble leaves room for the menu button beside it; the menu's panel wraps below both.
        <div
          className={`flex max-w-full min-w-0 flex-wrap items-center gap-1 ${own ? 'flex-row-reverse' : ''} ${
            deleted ? '' : '*:data-[testid=message]:max-w-[calc(100%-2.25rem)]'
          }`}
        >
          <Bubble
            own={own}
            timestamp={message.timestamp}
            seq={message.seq}
            id={message.id}
            status={own ? 'sent' : undefined}
            deleted={deleted}
            muted={saving}
          >
            {deleted ? (
              message.moderated === true ? (
                <span data-testid="moderated-mark">
                  Removed by a moderator{message.reason !== undefined ? `: ${message.reason}` : ''}
                </span>
              ) : (
                'Message deleted'
              )
            ) : (
              <>
                <MessageText text={message.message} own={own} />
                {message.edited !== undefined && (
                  <span
                    className={`ml-1.5 text-xs whitespace-nowrap ${own ? 'text-white' : 'text-zinc-500 dark:text-zinc-400'}`}
                    title={`Edited ${absoluteTime(message.edited)}`}
                    data-testid="edited-mark"
                  >
                    (edited)
                  </span>
                )}
              </>
            )}
          </Bubble>
          {!deleted && <MessageMenu message={message} own={own} handlers={handlers} />}
        </div>
      )}
      {!deleted && <ReactionChips message={message} handlers={handlers} />}
    </>
  )
}

function Sender({ sender, own, now }: { sender: SenderHeader; own: boolean; now: number }) {
  const nameStyle = 'text-sm font-semibold text-zinc-800 dark:text-zinc-100'
  return (
    <div className={`flex max-w-full min-w-0 items-baseline gap-2 px-1 ${own ? 'flex-row-reverse' : ''}`}>
      {own ? (
        <span className={nameStyle} data-testid="sender-name">
          You
        </span>
      ) : (
        <PersonName
          name={sender.name}
          kind={sender.kind}
          tag={sender.tag}
          nameTestId="sender-name"
          className={nameStyle}
        />
      )}
      <RelativeTime
        timestamp={sender.timestamp}
        now={now}
        className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400"
      />
    </div>
  )
}

function Bubble({
  own,
  timestamp,
  seq,
  id,
  status,
  muted = false,
  deleted = false,
  children,
}: {
  own: boolean
  timestamp: number
  seq?: number
  id?: string
  status?: OutgoingMessage['status']
  muted?: boolean
  deleted?: boolean
  children: ReactNode
}) {
  return (
    <div
      data-testid="message"
      data-seq={seq}
      data-message-id={id}
      data-own={own}
      data-status={status}
      data-deleted={deleted || undefined}
      // A reply's quote moves the focus here, so the keyboard lands where the eyes do.
      tabIndex={seq === undefined ? undefined : -1}
      // Hebrew or Arabic text reads right to left, whoever wrote it.
      dir="auto"
      title={absoluteTime(timestamp)}
      className={`min-w-0 rounded-2xl px-3.5 py-2 text-[0.95rem] leading-6 whitespace-pre-wrap [overflow-wrap:anywhere] ${
        deleted
          ? 'bg-transparent text-zinc-600 italic ring-1 ring-zinc-300 ring-dashed dark:text-zinc-400 dark:ring-zinc-700'
          : own
            ? 'rounded-br-md bg-brand-600 text-white shadow-sm dark:bg-brand-600'
            : 'rounded-bl-md bg-white text-zinc-900 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-800'
      } ${muted ? 'opacity-70' : ''}`}
    >
      {children}
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
      {outgoing.replyTo !== undefined && <ReplyQuoteView quote={outgoing.replyTo} />}
      <Bubble own timestamp={outgoing.createdAt} status={status} muted={status !== 'sent'}>
        <MessageText text={outgoing.text} own />
      </Bubble>
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
