import { useCallback, useEffect, useState } from 'react'
import { fetchReports, fetchRestrictions, liftRestriction, resolveReport } from '../chat/roomApi'
import type { Report, ReportResolution, Restriction } from '../chat/roomBodies'
import { absoluteTime } from '../chat/time'
import { Button } from './Button'
import { describeModerationError } from './ModerationDialogs'

/** Who is banned and who is muted now, each with the way to lift it early. */
export function RoomRestrictions({ roomId, announce }: { roomId: string; announce: (text: string) => void }) {
  const [bans, setBans] = useState<Restriction[] | null>(null)
  const [mutes, setMutes] = useState<Restriction[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(() => {
    const failed = (failure: unknown) => setError(describeModerationError(failure))
    fetchRestrictions(roomId, 'bans').then(setBans, (failure: unknown) => {
      setBans([])
      failed(failure)
    })
    fetchRestrictions(roomId, 'mutes').then(setMutes, (failure: unknown) => {
      setMutes([])
      failed(failure)
    })
  }, [roomId])
  useEffect(load, [load])

  const lift = async (kind: 'bans' | 'mutes', entry: Restriction) => {
    setError(null)
    try {
      await liftRestriction(roomId, kind, entry.userId)
      const drop = (list: Restriction[] | null) => (list ?? []).filter((other) => other.userId !== entry.userId)
      if (kind === 'bans') setBans(drop)
      else setMutes(drop)
      announce(`${kind === 'bans' ? 'Ban' : 'Mute'} of ${entry.name ?? entry.userId} lifted.`)
    } catch (failure) {
      setError(describeModerationError(failure))
    }
  }

  return (
    <div className="flex flex-col gap-5">
      {error !== null && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <RestrictionList
        title="Banned"
        empty="Nobody is banned."
        entries={bans}
        onLift={(entry) => void lift('bans', entry)}
      />
      <RestrictionList
        title="Muted"
        empty="Nobody is muted."
        entries={mutes}
        onLift={(entry) => void lift('mutes', entry)}
      />
    </div>
  )
}

function RestrictionList({
  title,
  empty,
  entries,
  onLift,
}: {
  title: string
  empty: string
  entries: Restriction[] | null
  onLift: (entry: Restriction) => void
}) {
  return (
    <section aria-label={title}>
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{title}</h3>
      {entries === null ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{empty}</p>
      ) : (
        <ul className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-800">
          {entries.map((entry) => (
            <li key={entry.userId} className="flex flex-wrap items-center gap-2 py-2.5" data-testid="restriction">
              <span className="flex min-w-0 flex-1 flex-col">
                <span className="truncate text-sm font-medium">{entry.name ?? entry.userId}</span>
                <span className="text-xs text-zinc-600 dark:text-zinc-400">
                  {entry.until === null ? 'For good' : `Until ${absoluteTime(entry.until)}`}
                  {entry.reason !== null && ` · ${entry.reason}`}
                </span>
              </span>
              <Button variant="outline" size="sm" onClick={() => onLift(entry)}>
                Lift
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** The open reports of the room's messages, each resolved by dismissing it or deleting the message. */
export function RoomReports({ roomId, announce }: { roomId: string; announce: (text: string) => void }) {
  const [reports, setReports] = useState<Report[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    fetchReports(roomId, 'open').then(setReports, (failure: unknown) => {
      setReports([])
      setError(describeModerationError(failure))
    })
  }, [roomId])

  const resolve = async (report: Report, resolution: ReportResolution) => {
    setError(null)
    try {
      await resolveReport(roomId, report.id, resolution)
      setReports((list) => (list ?? []).filter((other) => other.id !== report.id))
      announce(resolution === 'delete' ? 'Message deleted and report resolved.' : 'Report dismissed.')
    } catch (failure) {
      setError(describeModerationError(failure))
    }
  }

  return (
    <div className="flex flex-col gap-3">
      {error !== null && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {reports === null ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>
      ) : reports.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No open reports. All clear.</p>
      ) : (
        <ul className="flex flex-col gap-2" data-testid="reports-list">
          {reports.map((report) => (
            <li
              key={report.id}
              data-testid="report"
              className="flex flex-col gap-2 rounded-xl p-3 ring-1 ring-zinc-200 dark:ring-zinc-800"
            >
              <blockquote className="rounded-lg bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800">
                <span className="font-semibold">{report.author?.name ?? 'Someone'}:</span>{' '}
                <span className="[overflow-wrap:anywhere]">{report.excerpt ?? '(no longer there)'}</span>
              </blockquote>
              <p className="text-sm">
                <span className="font-medium">Reason:</span> {report.reason}
              </p>
              <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
                <span className="flex-1">Reported {absoluteTime(report.at)}</span>
                <Button variant="outline" size="sm" onClick={() => void resolve(report, 'dismiss')}>
                  Dismiss
                </Button>
                <button
                  type="button"
                  onClick={() => void resolve(report, 'delete')}
                  className="inline-flex h-8 items-center rounded-lg bg-red-700 px-3 text-xs font-semibold text-white hover:bg-red-800"
                >
                  Delete message
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
