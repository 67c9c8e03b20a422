import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { codePointLength, MAX_MESSAGE_CODE_POINTS, type ReplyQuote } from '../chat/protocol'
import { timeLeft, type ComposerMode } from '../chat/roomAccess'
import { useNow } from '../chat/useNow'
import { loadDraft, saveDraft } from '../chat/storage'
import { quoteText } from './ReplyQuote'

/** The counter appears this close to the limit, so it does not distract in normal use. */
const COUNTER_FROM = MAX_MESSAGE_CODE_POINTS - 200

type ComposerProps = {
  roomId: string
  /** The room as people call it, in the placeholder: its title when it has one, else its id. */
  roomName?: string
  onSend: (text: string) => void
  onTyping: () => void
  /** The message the next one answers, shown in a bar above the field; null for none. */
  replyingTo?: ReplyQuote | null
  onCancelReply?: () => void
  /** What the room allows this person now: a mute or slow mode holds the send back. */
  mode?: ComposerMode
}

const OPEN: ComposerMode = { kind: 'open' }

/** In an announcement room the composer gives way to a note, for everyone but its moderators. */
export function ReadOnlyNote() {
  return (
    <p
      className="flex min-h-11 items-center gap-2 rounded-xl bg-zinc-100 px-3.5 py-2.5 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"
      data-testid="read-only-note"
      role="status"
    >
      <svg viewBox="0 0 20 20" fill="currentColor" className="size-4 shrink-0" aria-hidden="true">
        <path d="M15.6 3.2a1 1 0 0 1 1.4.9v11.8a1 1 0 0 1-1.4.9L11 14.7V5.3l4.6-2.1ZM9 5.5v9H6.5l.9 2.7a1 1 0 0 1-1.9.6L4.4 14.5H4a2 2 0 0 1-2-2v-5a2 2 0 0 1 2-2h5Z" />
      </svg>
      This is an announcement room: only its moderators post here.
    </p>
  )
}

/**
 * Says why the send is held back and until when, counting down each second. The countdown itself
 * is hidden from screen readers (a number every second is noise); they hear the end time once.
 */
function HeldBack({ mode, id }: { mode: ComposerMode; id: string }) {
  const now = useNow(1_000)
  if (mode.kind !== 'muted' && mode.kind !== 'slow') return null
  const at = new Date(mode.until).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
  const left = timeLeft(mode.until, now)
  const spoken =
    mode.kind === 'muted'
      ? `You are muted in this room until ${at}.${mode.reason !== null ? ` Reason: ${mode.reason}` : ''}`
      : `Slow mode is on: you may send again at ${new Date(mode.until).toLocaleTimeString()}.`
  return (
    <div
      id={id}
      data-testid={mode.kind === 'muted' ? 'muted-note' : 'slow-mode-note'}
      className={`flex items-center gap-2 rounded-lg px-3 py-1.5 text-xs ${
        mode.kind === 'muted'
          ? 'bg-red-50 text-red-800 dark:bg-red-950/60 dark:text-red-200'
          : 'bg-amber-50 text-amber-900 dark:bg-amber-950/60 dark:text-amber-200'
      }`}
    >
      <span className="sr-only" role="status">
        {spoken}
      </span>
      <span aria-hidden="true" className="min-w-0 flex-1">
        {mode.kind === 'muted' ? (
          <>
            <span className="font-semibold">You are muted until {at}</span> · {left} left
            {mode.reason !== null && <span> · {mode.reason}</span>}
          </>
        ) : (
          <>
            <span className="font-semibold">Slow mode</span> · you may send again in {left}
          </>
        )}
      </span>
    </div>
  )
}

/**
 * Enter sends, Shift+Enter adds a line; the message is trimmed, and refused past the limit. What is
 * typed and not sent is kept per room, so a reload or a closed tab does not lose it.
 */
export function Composer({
  roomId,
  roomName = roomId,
  onSend,
  onTyping,
  replyingTo = null,
  onCancelReply = () => {},
  mode = OPEN,
}: ComposerProps) {
  // The room renders only in the browser (never in the prerendered shell), so storage is there.
  const [text, setText] = useState(() => loadDraft(roomId))
  const field = useRef<HTMLTextAreaElement>(null)
  const counterId = useId()
  const length = codePointLength(text)
  const trimmed = text.trim()
  const tooLong = length > MAX_MESSAGE_CODE_POINTS
  const muted = mode.kind === 'muted'
  const heldBack = muted || mode.kind === 'slow'
  const canSend = trimmed !== '' && !tooLong && !heldBack
  const heldId = useId()

  // Entering a room (from the lobby, the name prompt or a link) leaves the focus nowhere, on the
  // body: the message box is where the person goes next. A focus already elsewhere is left alone.
  useEffect(() => {
    const active = document.activeElement
    if (active === null || active === document.body) field.current?.focus()
  }, [])

  // Choosing "Reply" in a message's menu brings the person here to write it.
  const replyId = replyingTo?.id ?? null
  useEffect(() => {
    if (replyId !== null) field.current?.focus()
  }, [replyId])

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    if (!canSend) return
    onSend(trimmed)
    setText('')
    saveDraft(roomId, '')
    field.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape' && replyingTo !== null) {
      event.preventDefault()
      onCancelReply()
      return
    }
    // While an input method composes (Japanese, Chinese…), Enter picks a candidate, not "send".
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      submit()
    }
  }

  if (mode.kind === 'readOnly') return <ReadOnlyNote />
  const describedBy = [length >= COUNTER_FROM ? counterId : null, heldBack ? heldId : null].filter(Boolean).join(' ')

  return (
    <form onSubmit={submit} className="flex flex-col gap-1.5" aria-label="Send a message">
      <HeldBack mode={mode} id={heldId} />
      {replyingTo !== null && (
        <div
          className="flex min-w-0 items-center gap-2 rounded-lg bg-zinc-100 py-1 pr-1 pl-3 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"
          data-testid="replying-to"
        >
          <p className="min-w-0 flex-1 truncate">
            Replying to <span className="font-semibold">{replyingTo.name}</span>
            <span className={replyingTo.deleted ? 'italic' : ''}>: {quoteText(replyingTo)}</span>
          </p>
          <button
            type="button"
            onClick={() => {
              onCancelReply()
              field.current?.focus()
            }}
            aria-label="Cancel reply"
            className="inline-flex size-7 shrink-0 items-center justify-center rounded-md hover:bg-zinc-200 dark:hover:bg-zinc-700"
          >
            <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
              <path d="M6.3 5 10 8.6 13.7 5 15 6.3 11.4 10l3.6 3.7-1.3 1.3-3.7-3.6L6.3 15 5 13.7 8.6 10 5 6.3 6.3 5Z" />
            </svg>
          </button>
        </div>
      )}
      <div className="flex items-end gap-2">
        <div className="relative min-w-0 flex-1">
          <label htmlFor="composer" className="sr-only">
            Message
          </label>
          <textarea
            id="composer"
            ref={field}
            rows={1}
            value={text}
            placeholder={muted ? 'You cannot post while muted' : `Message #${roomName}`}
            disabled={muted}
            aria-describedby={describedBy === '' ? undefined : describedBy}
            aria-invalid={tooLong || undefined}
            onChange={(event) => {
              setText(event.target.value)
              saveDraft(roomId, event.target.value)
              if (event.target.value !== '') onTyping()
            }}
            onKeyDown={onKeyDown}
            enterKeyHint="send"
            // Right-to-left text (Hebrew, Arabic) is typed right to left.
            dir="auto"
            className="block max-h-48 min-h-11 w-full resize-none rounded-xl border-0 bg-white px-3.5 py-2.5 text-[0.95rem] leading-6 text-zinc-900 shadow-sm ring-1 ring-zinc-300 [field-sizing:content] placeholder:text-zinc-500 focus:ring-2 focus:ring-brand-500 focus:outline-none disabled:cursor-not-allowed disabled:bg-zinc-100 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:placeholder:text-zinc-400 dark:focus:ring-brand-400 dark:disabled:bg-zinc-800"
          />
          {length >= COUNTER_FROM && (
            <p
              id={counterId}
              data-testid="char-counter"
              className={`pointer-events-none absolute right-2 -top-5 text-xs tabular-nums ${
                tooLong ? 'font-semibold text-red-700 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400'
              }`}
            >
              {length} / {MAX_MESSAGE_CODE_POINTS}
              {tooLong && <span className="sr-only"> — too long to send</span>}
            </p>
          )}
        </div>
        <button
          type="submit"
          disabled={!canSend}
          aria-label="Send"
          className="inline-flex size-11 shrink-0 items-center justify-center rounded-xl bg-brand-600 text-white shadow-sm hover:bg-brand-700 disabled:cursor-not-allowed disabled:bg-zinc-300 disabled:text-zinc-500 dark:disabled:bg-zinc-800 dark:disabled:text-zinc-500"
        >
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-5" aria-hidden="true">
            <path d="M3.1 2.3a.75.75 0 0 0-.9 1l2.4 6.2h6.9a.5.5 0 0 1 0 1H4.6l-2.4 6.2a.75.75 0 0 0 .9 1l14.5-7.1a.75.75 0 0 0 0-1.3L3.1 2.3Z" />
          </svg>
        </button>
      </div>
    </form>
  )
}
