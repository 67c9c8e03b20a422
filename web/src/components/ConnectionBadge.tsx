import { useEffect, useState } from 'react'
import type { ConnectionStatus } from '../chat/reconnectingSocket'

function useTicker(active: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    setNow(Date.now())
    const timer = window.setInterval(() => setNow(Date.now()), 250)
    return () => window.clearInterval(timer)
  }, [active])
  return now
}

export function describeStatus(status: ConnectionStatus, now: number): string {
  switch (status.kind) {
    case 'connecting':
      return 'Connecting…'
    case 'live':
      return 'Live'
    case 'reconnecting': {
      if (status.retryAt === null) return 'Reconnecting…'
      const seconds = Math.max(1, Math.ceil((status.retryAt - now) / 1000))
      return `Reconnecting in ${seconds} s`
    }
    case 'offline':
      return 'Offline'
    case 'closed':
      return 'Disconnected'
  }
}

const DOT: Record<ConnectionStatus['kind'], string> = {
  connecting: 'bg-amber-500 animate-pulse',
  live: 'bg-emerald-500',
  reconnecting: 'bg-amber-500 animate-pulse',
  offline: 'bg-zinc-400',
  closed: 'bg-zinc-400',
}

const TONE: Record<ConnectionStatus['kind'], string> = {
  connecting:
    'bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950/60 dark:text-amber-200 dark:ring-amber-800/60',
  live: 'bg-emerald-50 text-emerald-900 ring-emerald-200 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-800/60',
  reconnecting:
    'bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950/60 dark:text-amber-200 dark:ring-amber-800/60',
  offline: 'bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700',
  closed: 'bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700',
}

/** The connection state, always on screen; a "Retry now" button skips a backoff wait. */
export function ConnectionBadge({ status, onRetryNow }: { status: ConnectionStatus; onRetryNow?: () => void }) {
  const counting = status.kind === 'reconnecting' && status.retryAt !== null
  const now = useTicker(counting)
  const waiting = counting || status.kind === 'offline'
  return (
    <div className="flex items-center gap-1.5">
      <span
        role="status"
        data-testid="connection-status"
        data-state={status.kind}
        className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset sm:px-2.5 sm:py-1 ${TONE[status.kind]}`}
      >
        <span aria-hidden="true" className={`size-2 rounded-full ${DOT[status.kind]}`} />
        {describeStatus(status, now)}
      </span>
      {waiting && onRetryNow && (
        <button
          type="button"
          onClick={onRetryNow}
          className="rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap text-brand-700 hover:bg-brand-50 dark:text-brand-300 dark:hover:bg-zinc-800"
        >
          Retry now
        </button>
      )}
    </div>
  )
}
