import { useId, type ReactNode } from 'react'

/** The look of every text input, select and text area outside the composer. */
export const inputClass =
  'block w-full rounded-xl border-0 bg-white px-3.5 py-2.5 text-zinc-900 shadow-sm ring-1 ring-zinc-300 placeholder:text-zinc-500 focus:ring-2 focus:ring-brand-500 focus:outline-none disabled:opacity-60 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:placeholder:text-zinc-400 dark:focus:ring-brand-400'

const labelClass = 'text-sm font-medium'

/** The hint or the error under a field; the error is an alert, so it is heard when it appears. */
function FieldMessage({ id, error, hint }: { id: string; error: string | null; hint?: ReactNode }) {
  if (error === null && hint === undefined) return null
  return (
    <p
      id={id}
      role={error !== null ? 'alert' : undefined}
      className={`text-xs ${error !== null ? 'text-red-700 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400'}`}
    >
      {error ?? hint}
    </p>
  )
}

type TextFieldProps = {
  label: string
  value: string
  onChange: (value: string) => void
  error?: string | null
  hint?: ReactNode
  placeholder?: string
  maxLength?: number
  /** A text area of this many rows instead of one line. */
  rows?: number
  autoFocus?: boolean
  disabled?: boolean
  required?: boolean
  testId?: string
}

/** A labelled text input (or text area) with its hint or error, for the room forms. */
export function TextField({
  label,
  value,
  onChange,
  error = null,
  hint,
  placeholder,
  maxLength,
  rows,
  autoFocus,
  disabled,
  required,
  testId,
}: TextFieldProps) {
  const id = useId()
  const messageId = `${id}-message`
  const common = {
    id,
    value,
    placeholder,
    maxLength,
    autoFocus,
    disabled,
    required,
    dir: 'auto' as const,
    'data-testid': testId,
    'aria-invalid': error !== null || undefined,
    'aria-describedby': error !== null || hint !== undefined ? messageId : undefined,
  }
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {rows === undefined ? (
        <input {...common} onChange={(event) => onChange(event.target.value)} className={`h-11 ${inputClass}`} />
      ) : (
        <textarea
          {...common}
          rows={rows}
          onChange={(event) => onChange(event.target.value)}
          className={`resize-y ${inputClass}`}
        />
      )}
      <FieldMessage id={messageId} error={error} hint={hint} />
    </div>
  )
}

/** A labelled select of a few fixed choices. */
export function SelectField<T extends string | number>({
  label,
  value,
  choices,
  onChange,
  hint,
  disabled,
}: {
  label: string
  value: T
  choices: ReadonlyArray<{ value: T; label: string }>
  onChange: (value: T) => void
  hint?: ReactNode
  disabled?: boolean
}) {
  const id = useId()
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select
        id={id}
        value={String(value)}
        disabled={disabled}
        aria-describedby={hint !== undefined ? `${id}-message` : undefined}
        onChange={(event) => {
          const chosen = choices.find((choice) => String(choice.value) === event.target.value)
          if (chosen !== undefined) onChange(chosen.value)
        }}
        className={`h-11 ${inputClass}`}
      >
        {choices.map((choice) => (
          <option key={String(choice.value)} value={String(choice.value)}>
            {choice.label}
          </option>
        ))}
      </select>
      <FieldMessage id={`${id}-message`} error={null} hint={hint} />
    </div>
  )
}

/**
 * A group of radio buttons drawn as cards, each with a line that says what it means, such as a
 * room's visibility. Arrow keys move between them, as radios do.
 */
export function ChoiceCards<T extends string>({
  legend,
  name,
  value,
  choices,
  onChange,
  disabled,
}: {
  legend: string
  name: string
  value: T
  choices: ReadonlyArray<{ value: T; label: string; description: string }>
  onChange: (value: T) => void
  disabled?: boolean
}) {
  const id = useId()
  return (
    <fieldset className="flex flex-col gap-1.5" disabled={disabled}>
      <legend className={`${labelClass} mb-1.5`}>{legend}</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        {choices.map((choice) => {
          const checked = choice.value === value
          return (
            <label
              key={choice.value}
              className={`flex cursor-pointer flex-col gap-0.5 rounded-xl p-3 text-sm ring-1 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-500 ${
                checked
                  ? 'bg-brand-50 ring-2 ring-brand-500 dark:bg-brand-900/30 dark:ring-brand-400'
                  : 'bg-white ring-zinc-300 hover:bg-zinc-50 dark:bg-zinc-900 dark:ring-zinc-700 dark:hover:bg-zinc-800'
              }`}
            >
              <span className="flex items-center gap-2 font-semibold">
                <input
                  type="radio"
                  name={`${name}-${id}`}
                  value={choice.value}
                  checked={checked}
                  onChange={() => onChange(choice.value)}
                  aria-describedby={`${id}-${choice.value}`}
                  className="size-4 accent-brand-600 focus:outline-none"
                />
                {choice.label}
              </span>
              <span id={`${id}-${choice.value}`} className="text-xs text-zinc-600 dark:text-zinc-400">
                {choice.description}
              </span>
            </label>
          )
        })}
      </div>
    </fieldset>
  )
}

/** What each visibility means, in the words the create form and the settings panel both use. */
export const VISIBILITY_CHOICES = [
  { value: 'public', label: 'Public', description: 'Listed in the lobby. Anyone may join and read.' },
  { value: 'unlisted', label: 'Unlisted', description: 'Not listed. Anyone with the link may join.' },
  {
    value: 'private',
    label: 'Private',
    description: 'Members only. Others need an invite link; strangers learn nothing of it.',
  },
] as const
