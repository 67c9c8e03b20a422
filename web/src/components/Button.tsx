import type { ButtonHTMLAttributes } from 'react'

const VARIANTS = {
  primary:
    'bg-brand-600 text-white shadow-sm hover:bg-brand-700 disabled:cursor-not-allowed disabled:bg-zinc-300 disabled:text-zinc-600 disabled:shadow-none dark:disabled:bg-zinc-800 dark:disabled:text-zinc-400',
  outline:
    'text-brand-700 ring-1 ring-brand-200 ring-inset hover:bg-brand-50 disabled:cursor-wait dark:text-brand-200 dark:ring-brand-800 dark:hover:bg-zinc-800',
  quiet: 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800',
  /** What removes or shuts someone out: a moderator's delete, kick, mute or ban. */
  danger: 'bg-red-700 text-white shadow-sm hover:bg-red-800 disabled:cursor-wait disabled:opacity-70',
} as const

const SIZES = {
  md: 'h-11 rounded-xl px-4 text-sm',
  sm: 'h-8 rounded-lg px-3 text-xs',
} as const

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: keyof typeof VARIANTS
  size?: keyof typeof SIZES
}

/** The app's buttons: one look per variant and size, so that forms do not repeat class strings. */
export function Button({ variant = 'primary', size = 'md', type = 'button', className = '', ...props }: ButtonProps) {
  const weight = variant === 'quiet' ? 'font-medium' : 'font-semibold'
  return (
    <button
      type={type}
      className={`inline-flex shrink-0 items-center justify-center gap-2 ${weight} ${SIZES[size]} ${VARIANTS[variant]} ${className}`}
      {...props}
    />
  )
}
