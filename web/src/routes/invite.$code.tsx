import { createFileRoute, Link, useNavigate } from '@tanstack/react-router'
import { useEffect, useState, type FormEvent } from 'react'
import { previewInvite, redeemInvite, RoomRequestError } from '../chat/roomApi'
import type { InvitePreview } from '../chat/roomBodies'
import { describeSessionError } from '../chat/session'
import { absoluteTime } from '../chat/time'
import { useSession } from '../chat/useSession'
import { Button } from '../components/Button'
import { Logo } from '../components/Logo'
import { NameField } from '../components/NameField'
import { banEnd } from '../components/RoomRefusalView'

export const Route = createFileRoute('/invite/$code')({
  component: InvitePage,
})

type Preview =
  { kind: 'loading' } | { kind: 'shown'; invite: InvitePreview } | { kind: 'failed'; title: string; text: string }

/** The words for an invite the server will not take. */
function inviteProblem(error: unknown): { title: string; text: string } {
  if (error instanceof RoomRequestError) {
    switch (error.code) {
      case 'invite_invalid':
        return { title: 'This invite link does not work', text: 'It was revoked, or mistyped. Ask for a new one.' }
      case 'invite_expired':
        return { title: 'This invite link has expired', text: 'It ran out of time or of uses. Ask for a new one.' }
      case 'banned':
        return {
          title: 'You are banned from this room',
          text: `Its moderators closed it to you ${banEnd(error.until)}.`,
        }
    }
  }
  return { title: 'The invite could not be checked', text: 'The server did not answer. Try again in a moment.' }
}

/**
 * An invite link, `/invite/<code>`: shows which room it opens and until when, and once the person
 * has a name (a session), joins them to it as a member and opens the room.
 */
function InvitePage() {
  const { code } = Route.useParams()
  const navigate = useNavigate()
  const { session, keeper } = useSession()
  const [preview, setPreview] = useState<Preview>({ kind: 'loading' })
  const [name, setName] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  const [joining, setJoining] = useState(false)
  const [joinError, setJoinError] = useState<{ title: string; text: string } | null>(null)

  useEffect(() => {
    let current = true
    previewInvite(code).then(
      (invite) => current && setPreview({ kind: 'shown', invite }),
      (error: unknown) => current && setPreview({ kind: 'failed', ...inviteProblem(error) }),
    )
    return () => {
      current = false
    }
  }, [code])

  const signedIn = session.kind === 'signedIn'
  const join = async (event: FormEvent) => {
    event.preventDefault()
    if (joining) return
    setJoining(true)
    setJoinError(null)
    try {
      if (!signedIn) {
        const chosen = name.trim()
        if (chosen === '') {
          setNameError('Pick a display name first.')
          setJoining(false)
          return
        }
        await keeper.chooseName(chosen)
      }
    } catch (error) {
      setNameError(describeSessionError(error))
      setJoining(false)
      return
    }
    try {
      const room = await redeemInvite(code)
      void navigate({ to: '/rooms/$roomId', params: { roomId: room.id } })
    } catch (error) {
      setJoinError(inviteProblem(error))
      setJoining(false)
    }
  }

  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-md flex-col justify-center px-4 py-10">
      <Logo className="size-10" />
      {preview.kind === 'loading' && (
        <p className="mt-5 text-sm text-zinc-600 dark:text-zinc-400" role="status">
          Checking the invite…
        </p>
      )}
      {preview.kind === 'failed' && (
        <div role="alert" className="mt-5">
          <h1 className="text-2xl font-semibold tracking-tight">{preview.title}</h1>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{preview.text}</p>
        </div>
      )}
      {preview.kind === 'shown' && (
        <>
          <p className="mt-5 text-sm font-medium text-zinc-600 dark:text-zinc-400">You are invited to</p>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight" data-testid="invite-room">
            {preview.invite.title !== '' ? preview.invite.title : `#${preview.invite.room}`}
          </h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {preview.invite.visibility === 'private'
              ? 'A private room: joining makes you one of its members.'
              : 'Joining makes you one of its members.'}{' '}
            The invite is good until {absoluteTime(preview.invite.expiresAt)}.
          </p>
          <form
            onSubmit={join}
            className="mt-6 flex flex-col gap-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800"
          >
            {session.kind === 'loading' ? null : signedIn ? (
              <p className="text-sm">
                Joining as <span className="font-semibold">{session.user.name}</span>.
              </p>
            ) : (
              <NameField
                label="Your name"
                value={name}
                onChange={(value) => {
                  setName(value)
                  setNameError(null)
                }}
                error={nameError}
                hint="Others in the room see it. It is remembered on this device."
                autoFocus
              />
            )}
            {joinError !== null && (
              <div role="alert" className="text-sm text-red-700 dark:text-red-400">
                <p className="font-semibold">{joinError.title}</p>
                <p>{joinError.text}</p>
              </div>
            )}
            <Button type="submit" disabled={joining || session.kind === 'loading'}>
              {joining ? 'Joining…' : 'Join the room'}
            </Button>
          </form>
        </>
      )}
      <Link to="/" className="mt-6 text-sm text-brand-700 hover:underline dark:text-brand-300">
        ← All rooms
      </Link>
    </main>
  )
}
