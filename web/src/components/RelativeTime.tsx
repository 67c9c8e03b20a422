import { absoluteTime, relativeTime } from '../chat/time'

/** "5 min ago", with the exact time on hover and for assistive technology. */
export function RelativeTime({ timestamp, now, className }: { timestamp: number; now: number; className?: string }) {
  const absolute = absoluteTime(timestamp)
  return (
    <time dateTime={new Date(timestamp).toISOString()} title={absolute} aria-label={absolute} className={className}>
      {relativeTime(timestamp, now)}
    </time>
  )
}
