// Times as people read them: "just now", "5 min ago", "yesterday 14:02"; the exact time goes in a
// title for hover.

const MINUTE = 60_000
const HOUR = 60 * MINUTE

export function relativeTime(timestamp: number, now: number, locale?: string): string {
  const elapsed = now - timestamp
  if (elapsed < 45_000) return 'just now'
  if (elapsed < HOUR) return `${Math.max(1, Math.round(elapsed / MINUTE))} min ago`
  if (elapsed < 6 * HOUR) return `${Math.round(elapsed / HOUR)} h ago`
  const date = new Date(timestamp)
  const clock = date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
  const today = new Date(now)
  if (sameDay(date, today)) return clock
  const yesterday = new Date(now)
  yesterday.setDate(yesterday.getDate() - 1)
  if (sameDay(date, yesterday)) return `yesterday ${clock}`
  return `${date.toLocaleDateString(locale, { month: 'short', day: 'numeric' })} ${clock}`
}

export function absoluteTime(timestamp: number, locale?: string): string {
  return new Date(timestamp).toLocaleString(locale, { dateStyle: 'full', timeStyle: 'medium' })
}

export function dayLabel(timestamp: number, now: number, locale?: string): string {
  const date = new Date(timestamp)
  const today = new Date(now)
  if (sameDay(date, today)) return 'Today'
  const yesterday = new Date(now)
  yesterday.setDate(yesterday.getDate() - 1)
  if (sameDay(date, yesterday)) return 'Yesterday'
  return date.toLocaleDateString(locale, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: date.getFullYear() === today.getFullYear() ? undefined : 'numeric',
  })
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()
}
