import { useCallback, useEffect, useState } from 'react'
import { fetchReports, fetchRestrictions, liftRestriction, resolveReport } from '../chat/roomApi'
import type { Report, ReportResolution, Restriction } from '../chat/roomBodies'
import { absoluteTime } from '../chat/time'
import { Button } from './Button'
import { describeModerationError } from './ModerationDialogs'

/**
 * Who is banned and who is muted now, each with the way to lift it early. The lists name people by
 * id only, so `nameOf` names those this tab knows (members, people online).
 */
export function RoomRestrictions({
  roomId,
  nameOf,
  announce,
}: {
  roomId: string
  nameOf: (userId: string) => string | null
  announce: (text: string) => void
}) {
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
      announce(`${kind === 'bans' ? 'Ban' : 'Mute'} of ${entry.name ?? nameOf(entry.userId) ?? entry.userId} lifted.`)
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
        lift="Lift the ban of"
        entries={bans}
        nameOf={nameOf}
        onLift={(entry) => void lift('bans', entry)}
      />
      <RestrictionList
        title="Muted"
        empty="Nobody is muted."
        lift="Lift the mute of"
        entries={mutes}
        nameOf={nameOf}
        onLift={(entry) => void lift('mutes', entry)}
      />
    </div>
  )
}

function RestrictionList({
  title,
  empty,
  lift,
  entries,
  nameOf,
  onLift,
}: {
  title: string
  empty: string
  /** The start of each Lift button's spoken name, which the person's name ends. */
  lift: string
  entries: Restriction[] | null
  nameOf: (userId: string) => string | null
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
          {entries.map((entry) => {
            const name = entry.name ?? nameOf(entry.userId)
            const by = nameOf(entry.by)
            return (
              <li
                key={entry.userId}
                className="flex flex-wrap items-center gap-2 py-2.5"
                data-testid="restriction"
                data-user={entry.userId}
              >
                <span className="flex min-w-0 flex-1 flex-col">
                  <span className="truncate text-sm font-medium">
                    {name ?? entry.userId}
                    {name !== null && (
                      <span className="ml-1.5 font-mono text-xs font-normal text-zinc-600 dark:text-zinc-400">
                        {entry.userId}
                      </span>
                    )}
                  </span>
                  <span className="text-xs text-zinc-600 dark:text-zinc-400">
                    {entry.until === null ? 'For good' : `Until ${absoluteTime(entry.until)}`}
                    {entry.reason !== null && ` · “${entry.reason}”`}
                    {by !== null && ` · by ${by}`}
                  </span>
                </span>
                <Button
                  variant="outline"
                  size="sm"
                  aria-label={`${lift} ${name ?? entry.userId}`}
                  onClick={() => onLift(entry)}
                >
                  Lift
                </Button>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

/** The open reports of the room's messages, each resolved by dismissing it or deleting the message. */
export function RoomReports({
  roomId,
  nameOf,
  announce,
}: {
  roomId: string
  nameOf: (userId: string) => string | null
  announce: (text: string) => void
}) {
  const [reports, setReports] = useState<Report[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    fetchReports(roomId, 'open').then(setReports, (failure: unknown) => {
      setReports([])
      setError(describeModerationError(failure))
    })
  }, [roomId])

  const reporter = (report: Report) => nameOf(report.by)

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
                <span className="flex-1">
                  {`Reported${reporter(report) === null ? '' : ` by ${reporter(report)}`} on ${absoluteTime(report.at)}`}
                </span>
                <Button variant="outline" size="sm" onClick={() => void resolve(report, 'dismiss')}>
                  Dismiss
                </Button>
                <Button variant="danger" size="sm" onClick={() => void resolve(report, 'delete')}>
                  Delete message
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
