import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { createInvite, fetchInvites, revokeInvite } from '../chat/roomApi'
import { INVITE_LIFETIMES } from '../chat/roomAccess'
import type { Invite } from '../chat/roomBodies'
import { absoluteTime } from '../chat/time'
import { Button } from './Button'
import { copyText } from './CopyLinkButton'
import { SelectField } from './Field'
import { describeModerationError } from './ModerationDialogs'

const MAX_USES_CHOICES: ReadonlyArray<{ value: number; label: string }> = [
  { value: 0, label: 'No limit' },
  { value: 1, label: '1 use' },
  { value: 5, label: '5 uses' },
  { value: 10, label: '10 uses' },
  { value: 25, label: '25 uses' },
  { value: 100, label: '100 uses' },
]

/** The full link of an invite, on this server's origin. */
export function inviteLink(invite: Pick<Invite, 'url'>): string {
  return new URL(invite.url, window.location.origin).href
}

/** Invite links: create one with a lifetime and a use limit, copy it, see the live ones, revoke them. */
export function RoomInvites({ roomId, announce }: { roomId: string; announce: (text: string) => void }) {
  const [invites, setInvites] = useState<Invite[] | null>(null)
  const [lifetime, setLifetime] = useState(INVITE_LIFETIMES[2]?.seconds ?? 604_800)
  const [maxUses, setMaxUses] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [copied, setCopied] = useState<string | null>(null)

  const load = useCallback(() => {
    fetchInvites(roomId).then(setInvites, (failure: unknown) => {
      setInvites([])
      setError(describeModerationError(failure))
    })
  }, [roomId])
  useEffect(load, [load])

  const create = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      const invite = await createInvite(roomId, { expiresInSeconds: lifetime, maxUses: maxUses === 0 ? null : maxUses })
      setInvites((list) => [invite, ...(list ?? []).filter((other) => other.code !== invite.code)])
      announce('Invite link created. Copy it from the list.')
    } catch (failure) {
      setError(describeModerationError(failure))
    } finally {
      setBusy(false)
    }
  }

  const copy = async (invite: Invite) => {
    const done = await copyText(inviteLink(invite))
    setCopied(done ? invite.code : null)
    announce(done ? 'Invite link copied.' : 'The link could not be copied: select it and copy it by hand.')
  }

  const revoke = async (invite: Invite) => {
    setError(null)
    try {
      await revokeInvite(roomId, invite.code)
      setInvites((list) => (list ?? []).filter((other) => other.code !== invite.code))
      announce('Invite link revoked: it no longer lets anyone in.')
    } catch (failure) {
      setError(describeModerationError(failure))
    }
  }

  return (
    <div className="flex flex-col gap-5">
      <form onSubmit={create} className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]">
        <SelectField
          label="Expires after"
          value={lifetime}
          choices={INVITE_LIFETIMES.map((choice) => ({ value: choice.seconds, label: choice.label }))}
          onChange={setLifetime}
        />
        <SelectField label="Uses" value={maxUses} choices={MAX_USES_CHOICES} onChange={setMaxUses} />
        <Button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create invite link'}
        </Button>
      </form>
      {error !== null && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <section aria-label="Invite links">
        {invites === null ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>
        ) : invites.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            No invite links. Whoever opens one while signed in becomes a member.
          </p>
        ) : (
          <ul className="flex flex-col gap-2" data-testid="invites-list">
            {invites.map((invite) => (
              <li
                key={invite.code}
                data-testid="invite"
                data-code={invite.code}
                className="flex flex-col gap-2 rounded-xl p-3 ring-1 ring-zinc-200 dark:ring-zinc-800"
              >
                <input
                  readOnly
                  value={inviteLink(invite)}
                  aria-label="Invite link"
                  onFocus={(event) => event.target.select()}
                  className="w-full truncate rounded-lg bg-zinc-100 px-2.5 py-1.5 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-100"
                  data-testid="invite-link"
                />
                <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
                  <span className="flex-1">
                    {invite.maxUses === null ? `${invite.uses} used` : `${invite.uses} of ${invite.maxUses} used`} ·
                    expires {absoluteTime(invite.expiresAt)}
                  </span>
                  <Button variant="outline" size="sm" onClick={() => void copy(invite)}>
                    {copied === invite.code ? 'Copied' : 'Copy link'}
                  </Button>
                  <Button variant="quiet" size="sm" onClick={() => void revoke(invite)}>
                    Revoke
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
