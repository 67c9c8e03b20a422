import { useState } from 'react'
import { askNotificationPermission, notificationPermission } from '../chat/notifications'

/**
 * Offers desktop notifications while the browser has not been asked: the permission prompt comes
 * only from this click, never on load. Once answered, the button goes away.
 */
export function NotifyButton({ className = '' }: { className?: string }) {
  const [permission, setPermission] = useState(notificationPermission)
  if (permission !== 'default') return null
  return (
    <button
      type="button"
      onClick={() => void askNotificationPermission().then(setPermission)}
      className={`inline-flex items-center gap-1.5 rounded-lg px-2 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800 ${className}`}
    >
      <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
        <path d="M10 2a6 6 0 0 0-6 6v3.6l-1.7 2.5A1 1 0 0 0 3.1 16h13.8a1 1 0 0 0 .8-1.9L16 11.6V8a6 6 0 0 0-6-6Zm0 18a3 3 0 0 1-2.8-2h5.6a3 3 0 0 1-2.8 2Z" />
      </svg>
      <span className="max-sm:sr-only">Notify me</span>
      <span className="sr-only"> of new messages while this tab is hidden</span>
    </button>
  )
}
