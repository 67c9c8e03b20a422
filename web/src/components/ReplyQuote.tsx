import type { ReplyQuote } from '../chat/protocol'

/** What a quote says: the target's words as stored with the reply, or that they are gone. */
export function quoteText(quote: ReplyQuote): string {
  return quote.deleted === true || quote.excerpt === undefined ? 'Message deleted' : quote.excerpt
}

/**
 * The quote above a reply. With `onJump` it is a button that goes to the message it quotes; the
 * composer's "Replying to" bar shows one without.
 */
export function ReplyQuoteView({ quote, onJump }: { quote: ReplyQuote; onJump?: (seq: number) => void }) {
  const gone = quote.deleted === true || quote.excerpt === undefined
  const body = (
    <>
      <svg viewBox="0 0 20 20" fill="currentColor" className="size-3.5 shrink-0" aria-hidden="true">
        <path d="M7.7 4.3a1 1 0 0 1 0 1.4L5.4 8H11a6 6 0 0 1 6 6v1a1 1 0 1 1-2 0v-1a4 4 0 0 0-4-4H5.4l2.3 2.3a1 1 0 1 1-1.4 1.4l-4-4a1 1 0 0 1 0-1.4l4-4a1 1 0 0 1 1.4 0Z" />
      </svg>
      <span className="shrink-0 font-semibold">{quote.name}</span>
      <span className={`min-w-0 truncate ${gone ? 'italic' : ''}`} dir="auto">
        {quoteText(quote)}
      </span>
    </>
  )
  const className =
    'flex max-w-full min-w-0 items-center gap-1.5 rounded-lg border-l-4 border-zinc-300 bg-zinc-100 px-2 py-1 text-left text-xs text-zinc-700 dark:border-zinc-600 dark:bg-zinc-800/70 dark:text-zinc-300'
  if (onJump === undefined) {
    return (
      <div className={className} data-testid="reply-quote">
        {body}
      </div>
    )
  }
  return (
    // Named by what it shows, with words around it for screen readers (a label of its own would
    // not match what sighted people read on it).
    <button
      type="button"
      onClick={() => onJump(quote.seq)}
      className={`${className} hover:bg-zinc-200 dark:hover:bg-zinc-700`}
      data-testid="reply-quote"
    >
      <span className="sr-only">In reply to </span>
      {body}
      <span className="sr-only">. Go to that message.</span>
    </button>
  )
}
