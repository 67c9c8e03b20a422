import { useEffect, useState } from 'react'

/** The current time, refreshed every `intervalMs`, for labels such as "5 min ago". */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    setNow(Date.now())
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs)
    return () => window.clearInterval(timer)
  }, [intervalMs])
  return now
}

/**
 * The current time, taken again when the soonest of `deadlines` still ahead passes (and only
 * then), so a view can drop a state that ends at a known time without ticking every second.
 */
export function useTimeAfter(deadlines: ReadonlyArray<number | null>): number {
  const [, setTick] = useState(0)
  const now = Date.now()
  const next = deadlines.reduce<number | null>(
    (soonest, at) => (at !== null && at > now && (soonest === null || at < soonest) ? at : soonest),
    null,
  )
  useEffect(() => {
    if (next === null) return
    const timer = window.setTimeout(() => setTick((n) => n + 1), next - Date.now() + 20)
    return () => window.clearTimeout(timer)
  }, [next])
  return now
}
