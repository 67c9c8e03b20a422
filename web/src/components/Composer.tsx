import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { codePointLength, MAX_MESSAGE_CODE_POINTS, type ReplyQuote } from '../chat/protocol'
import { loadDraft, saveDraft } from '../chat/storage'
import { quoteText } from './ReplyQuote'

/** The counter appears this close to the limit, so it does not distract in normal use. */
const COUNTER_FROM = MAX_MESSAGE_CODE_POINTS - 200

type ComposerProps = {
  roomId: string
  onSend: (text: string) => void
  onTyping: () => void
  /** The message the next one answers, shown in a bar above the field; null for none. */
  replyingTo?: ReplyQuote | null
  onCancelReply?: () => void
}

/**
 * Enter sends, Shift+Enter adds a line; the message is trimmed, and refused past the limit. What is
 * typed and not sent is kept per room, so a reload or a closed tab does not lose it.
 */
export function Composer({ roomId, onSend, onTyping, replyingTo = null, onCancelReply = () => {} }: ComposerProps) {
  // The room renders only in the browser (never in the prerendered shell), so storage is there.
  const [text, setText] = useState(() => loadDraft(roomId))
  const field = useRef<HTMLTextAreaElement>(null)
  const counterId = useId()
  const length = codePointLength(text)
  const trimmed = text.trim()
  const tooLong = length > MAX_MESSAGE_CODE_POINTS
  const canSend = trimmed !== '' && !tooLong

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

  return (
    <form onSubmit={submit} className="flex flex-col gap-1.5" aria-label="Send a message">
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
            placeholder={`Message #${roomId}`}
            aria-describedby={length >= COUNTER_FROM ? counterId : undefined}
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
            className="block max-h-48 min-h-11 w-full resize-none rounded-xl border-0 bg-white px-3.5 py-2.5 text-[0.95rem] leading-6 text-zinc-900 shadow-sm ring-1 ring-zinc-300 [field-sizing:content] placeholder:text-zinc-500 focus:ring-2 focus:ring-brand-500 focus:outline-none dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:placeholder:text-zinc-400 dark:focus:ring-brand-400"
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
