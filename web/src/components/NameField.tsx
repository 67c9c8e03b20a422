import { useId, type KeyboardEvent, type ReactNode } from 'react'

/** The server's limit for a display name, in code points; the field stops at it. */
export const MAX_NAME_LENGTH = 32

type NameFieldProps = {
  label: string
  value: string
  onChange: (value: string) => void
  /** Why the name was refused; shown as an alert, in place of the hint. */
  error: string | null
  hint?: string
  /** `sm` for the narrow people panel. */
  size?: 'md' | 'sm'
  id?: string
  autoFocus?: boolean
  placeholder?: string
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void
  /** Beside the input, such as a Save button. */
  children?: ReactNode
}

/**
 * A display-name input with its label and its message (an error, or a hint), used wherever a
 * person picks or changes their name: the lobby, a room link's name prompt, the people panel.
 */
export function NameField({
  label,
  value,
  onChange,
  error,
  hint,
  size = 'md',
  id,
  autoFocus = false,
  placeholder,
  onKeyDown,
  children,
}: NameFieldProps) {
  const generated = useId()
  const fieldId = id ?? generated
  const messageId = `${fieldId}-message`
  const message = error ?? hint ?? null
  const small = size === 'sm'
  return (
    <div className="flex flex-col gap-1.5">
      <label
        htmlFor={fieldId}
        className={small ? 'text-xs font-medium text-zinc-600 dark:text-zinc-300' : 'text-sm font-medium'}
      >
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={fieldId}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          maxLength={MAX_NAME_LENGTH}
          autoComplete="nickname"
          autoFocus={autoFocus}
          placeholder={placeholder}
          dir="auto"
          aria-invalid={error !== null || undefined}
          aria-describedby={message !== null ? messageId : undefined}
          className={`block w-full border-0 bg-white text-zinc-900 ring-1 ring-zinc-300 placeholder:text-zinc-500 focus:ring-2 focus:ring-brand-500 focus:outline-none dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:placeholder:text-zinc-400 dark:focus:ring-brand-400 ${
            small ? 'h-9 rounded-lg px-2.5 text-sm' : 'h-11 rounded-xl px-3.5 shadow-sm'
          }`}
        />
        {children}
      </div>
      {message !== null && (
        <p
          id={messageId}
          role={error !== null ? 'alert' : undefined}
          className={`text-xs ${error !== null ? 'text-red-700 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400'}`}
        >
          {message}
        </p>
      )}
    </div>
  )
}
