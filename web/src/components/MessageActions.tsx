import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import type { ChatMessage } from '../chat/protocol'

/** The emoji the picker offers: the common ones, so a reaction is one tap. */
export const QUICK_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'] as const

/** What the person can do with a stored message; one stable object for the whole list. */
export type MessageActionHandlers = {
  reply: (message: ChatMessage) => void
  react: (id: string, emoji: string, on: boolean) => void
  /** Opens the inline editor for a message (null closes it). */
  startEdit: (id: string | null) => void
  saveEdit: (id: string, text: string) => void
  remove: (id: string) => void
  /** Scrolls to the message at `seq` (a reply's target) and highlights it. */
  jumpTo: (seq: number) => void
  /** A moderator's delete of someone else's message, which asks for a reason; absent for others. */
  moderate?: (message: ChatMessage) => void
  /** Reports someone else's message to the room's moderators. */
  report?: (message: ChatMessage) => void
}

type Panel = 'closed' | 'menu' | 'react' | 'confirmDelete'

const itemClass =
  'inline-flex h-8 items-center gap-1.5 rounded-lg px-2.5 text-xs font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800'

/**
 * The message menu: a button beside the bubble that opens a row of actions under it: reply, react
 * (a few common emoji), and for one's own messages edit and delete (which asks first). On devices
 * with a mouse the button shows on hover or focus; on touch screens and narrow windows it is
 * always there. The panel opens inside the row, so the list measures it rather than clipping it.
 */
export function MessageMenu({
  message,
  own,
  handlers,
}: {
  message: ChatMessage
  own: boolean
  handlers: MessageActionHandlers
}) {
  const [panel, setPanel] = useState<Panel>('closed')
  const toggle = useRef<HTMLButtonElement>(null)
  const panelRef = useRef<HTMLDivElement>(null)
  const panelId = useId()

  // The first button of a panel that opened takes the focus, so the keyboard goes on from there.
  useEffect(() => {
    if (panel !== 'closed') panelRef.current?.querySelector<HTMLButtonElement>('button')?.focus()
  }, [panel])

  const close = () => {
    setPanel('closed')
    toggle.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && panel !== 'closed') {
      event.stopPropagation()
      close()
    }
  }

  const act = (action: () => void) => {
    setPanel('closed')
    action()
  }

  return (
    <div className="contents" onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        aria-label="Message actions"
        aria-expanded={panel !== 'closed'}
        aria-controls={panel === 'closed' ? undefined : panelId}
        onClick={() => setPanel((open) => (open === 'closed' ? 'menu' : 'closed'))}
        data-testid="message-actions"
        className={`inline-flex size-8 shrink-0 items-center justify-center self-center rounded-full text-zinc-500 hover:bg-zinc-200 hover:text-zinc-800 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 ${
          panel === 'closed'
            ? 'opacity-0 group-focus-within:opacity-100 group-hover:opacity-100 focus-visible:opacity-100 max-md:opacity-100 [@media(hover:none)]:opacity-100'
            : 'opacity-100'
        }`}
      >
        <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
          <path d="M4 10a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Zm7.5 0a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0ZM19 10a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Z" />
        </svg>
      </button>
      {panel !== 'closed' && (
        // A line of its own under the bubble (basis-full), with the panel as wide as its buttons.
        <div className={`order-last flex basis-full ${own ? 'justify-end' : ''}`}>
          <div
            id={panelId}
            ref={panelRef}
            role="group"
            aria-label={panel === 'react' ? 'Pick a reaction' : 'Message actions'}
            data-testid="message-menu"
            className="flex max-w-full flex-wrap items-center gap-1 rounded-xl bg-white p-1 shadow-md ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-700"
          >
            {panel === 'menu' && (
              <>
                <button type="button" className={itemClass} onClick={() => act(() => handlers.reply(message))}>
                  Reply
                </button>
                <button type="button" className={itemClass} onClick={() => setPanel('react')}>
                  React
                </button>
                {!own && handlers.report !== undefined && (
                  <button type="button" className={itemClass} onClick={() => act(() => handlers.report?.(message))}>
                    Report
                  </button>
                )}
                {!own && handlers.moderate !== undefined && (
                  <button
                    type="button"
                    className={`${itemClass} text-red-700 dark:text-red-400`}
                    onClick={() => act(() => handlers.moderate?.(message))}
                  >
                    Delete…
                  </button>
                )}
                {own && (
                  <>
                    <button
                      type="button"
                      className={itemClass}
                      onClick={() => act(() => handlers.startEdit(message.id))}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className={`${itemClass} text-red-700 dark:text-red-400`}
                      onClick={() => setPanel('confirmDelete')}
                    >
                      Delete
                    </button>
                  </>
                )}
              </>
            )}
            {panel === 'react' &&
              QUICK_EMOJI.map((emoji) => {
                const mine = message.reactions?.some((reaction) => reaction.emoji === emoji && reaction.mine) ?? false
                return (
                  <button
                    key={emoji}
                    type="button"
                    aria-label={mine ? `Remove your ${emoji} reaction` : `React with ${emoji}`}
                    aria-pressed={mine}
                    onClick={() => act(() => handlers.react(message.id, emoji, !mine))}
                    className={`inline-flex size-9 items-center justify-center rounded-lg text-lg hover:bg-zinc-100 dark:hover:bg-zinc-800 ${mine ? 'bg-brand-50 ring-1 ring-brand-300 dark:bg-brand-900/40 dark:ring-brand-700' : ''}`}
                  >
                    {emoji}
                  </button>
                )
              })}
            {panel === 'confirmDelete' && (
              <>
                <span className="px-2 text-xs font-medium text-zinc-700 dark:text-zinc-200">Delete this message?</span>
                <button
                  type="button"
                  className="inline-flex h-8 items-center rounded-lg bg-red-700 px-3 text-xs font-semibold text-white hover:bg-red-800"
                  onClick={() => act(() => handlers.remove(message.id))}
                >
                  Delete
                </button>
                <button type="button" className={itemClass} onClick={close}>
                  Cancel
                </button>
              </>
            )}
          </div>
        </div>
      )}
    </div>
  )
}

/** The reactions under a message, as chips that turn one's own on and off. */
export function ReactionChips({ message, handlers }: { message: ChatMessage; handlers: MessageActionHandlers }) {
  const reactions = message.reactions ?? []
  if (reactions.length === 0) return null
  return (
    <ul className="flex flex-wrap gap-1 px-1" aria-label="Reactions" data-testid="reactions">
      {reactions.map((reaction) => (
        <li key={reaction.emoji}>
          <button
            type="button"
            aria-pressed={reaction.mine}
            aria-label={`${reaction.emoji} ${reaction.count}${reaction.mine ? ', including you' : ''}`}
            title={reaction.mine ? 'Remove your reaction' : 'React with this too'}
            onClick={() => handlers.react(message.id, reaction.emoji, !reaction.mine)}
            data-testid="reaction-chip"
            className={`inline-flex h-7 items-center gap-1 rounded-full px-2 text-sm ring-1 ${
              reaction.mine
                ? 'bg-brand-50 text-brand-800 ring-brand-300 dark:bg-brand-900/50 dark:text-brand-100 dark:ring-brand-600'
                : 'bg-white text-zinc-700 ring-zinc-200 hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-800'
            }`}
          >
            <span aria-hidden="true">{reaction.emoji}</span>
            <span aria-hidden="true" className="text-xs font-semibold tabular-nums">
              {reaction.count}
            </span>
          </button>
        </li>
      ))}
    </ul>
  )
}

/** Edits a message in place: Enter saves, Shift+Enter adds a line, Escape cancels. */
export function MessageEditor({
  message,
  handlers,
  own,
}: {
  message: ChatMessage
  handlers: MessageActionHandlers
  own: boolean
}) {
  const [text, setText] = useState(message.message)
  const field = useRef<HTMLTextAreaElement>(null)
  const labelId = useId()

  useEffect(() => {
    const element = field.current
    if (element === null) return
    element.focus()
    element.setSelectionRange(element.value.length, element.value.length)
  }, [])

  const save = () => {
    const trimmed = text.trim()
    if (trimmed === '') return
    handlers.saveEdit(message.id, trimmed)
  }

  return (
    <div
      className={`flex w-full min-w-64 flex-col gap-1 ${own ? 'items-end' : 'items-start'}`}
      data-testid="message-editor"
    >
      <label id={labelId} htmlFor={`${labelId}-field`} className="sr-only">
        Edit message
      </label>
      <textarea
        id={`${labelId}-field`}
        ref={field}
        value={text}
        rows={1}
        dir="auto"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault()
            event.stopPropagation()
            handlers.startEdit(null)
          } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault()
            save()
          }
        }}
        className="block max-h-48 w-full resize-none rounded-xl border-0 bg-white px-3.5 py-2 text-[0.95rem] leading-6 text-zinc-900 shadow-sm ring-2 ring-brand-500 [field-sizing:content] focus:outline-none dark:bg-zinc-900 dark:text-zinc-100 dark:ring-brand-400"
      />
      <div className="flex items-center gap-2 px-1 text-xs text-zinc-600 dark:text-zinc-400">
        <span>Enter to save, Escape to cancel</span>
        <button type="button" className={itemClass} onClick={() => handlers.startEdit(null)}>
          Cancel
        </button>
        <button
          type="button"
          onClick={save}
          disabled={text.trim() === ''}
          className="inline-flex h-8 items-center rounded-lg bg-brand-600 px-3 text-xs font-semibold text-white hover:bg-brand-700 disabled:bg-zinc-300 disabled:text-zinc-600"
        >
          Save
        </button>
      </div>
    </div>
  )
}
