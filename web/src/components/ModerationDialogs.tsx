import { useState, type FormEvent } from 'react'
import type { ChatMessage } from '../chat/protocol'
import { kick, moderateDelete, reportMessage, restrict, RoomRequestError } from '../chat/roomApi'
import { BAN_LENGTHS, MUTE_LENGTHS } from '../chat/roomAccess'
import { Button } from './Button'
import { Dialog } from './Dialog'
import { ChoiceCards, SelectField, TextField } from './Field'

/** The server's limit for a moderator's or a reporter's reason, in code points. */
export const MAX_REASON = 500

/** The words for a refused moderation request. */
export function describeModerationError(error: unknown): string {
  if (!(error instanceof RoomRequestError)) return 'The server could not be reached. Try again.'
  switch (error.code) {
    case 'forbidden':
      return 'You may not do that to this person.'
    case 'not_found':
      return 'That is no longer there.'
    case 'not_claimed':
      return 'Only an operator may moderate a room nobody has claimed.'
    default:
      return error.message
  }
}

type PersonAction = 'kick' | 'mute' | 'ban'

const ACTIONS = [
  { value: 'kick', label: 'Kick', description: 'Removes them now. They may come back at once.' },
  { value: 'mute', label: 'Mute', description: 'They stay, and cannot post for a while.' },
  { value: 'ban', label: 'Ban', description: 'Removes them and keeps them out, for a while or for good.' },
] as const

/**
 * A moderator's action on a person: kick, mute for a while, or ban for a while or for good, each
 * with an optional reason that the person is shown. `onDone` gets a sentence for the room's
 * announcer.
 */
export function PersonActionsDialog({
  roomId,
  person,
  onClose,
  onDone,
}: {
  roomId: string
  person: { id: string; name: string }
  onClose: () => void
  onDone: (said: string) => void
}) {
  const [action, setAction] = useState<PersonAction>('kick')
  const [muteFor, setMuteFor] = useState<number>(MUTE_LENGTHS[1]?.seconds ?? 3_600)
  const [banFor, setBanFor] = useState<number | 'forever'>(BAN_LENGTHS[1]?.seconds ?? 86_400)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    const why = reason.trim()
    try {
      if (action === 'kick') {
        await kick(roomId, person.id, why)
        onDone(`${person.name} was removed from the room.`)
      } else if (action === 'mute') {
        const until = Date.now() + muteFor * 1000
        await restrict(roomId, 'mutes', person.id, until, why)
        onDone(`${person.name} is muted until ${new Date(until).toLocaleTimeString()}.`)
      } else {
        const until = banFor === 'forever' ? null : Date.now() + banFor * 1000
        await restrict(roomId, 'bans', person.id, until, why)
        onDone(`${person.name} is banned ${until === null ? 'for good' : `until ${new Date(until).toLocaleString()}`}.`)
      }
    } catch (failure) {
      setError(describeModerationError(failure))
      setBusy(false)
    }
  }

  const verb = action === 'kick' ? 'Kick' : action === 'mute' ? 'Mute' : 'Ban'
  return (
    <Dialog title={`Moderate ${person.name}`} onClose={onClose} wide testId="person-actions-dialog">
      <form onSubmit={submit} className="flex flex-col gap-4">
        <ChoiceCards legend="Action" name="action" value={action} choices={ACTIONS} onChange={setAction} />
        {action === 'mute' && (
          <SelectField
            label="Mute for"
            value={muteFor}
            choices={MUTE_LENGTHS.map((length) => ({ value: length.seconds, label: length.label }))}
            onChange={setMuteFor}
          />
        )}
        {action === 'ban' && (
          <SelectField<number | 'forever'>
            label="Ban for"
            value={banFor}
            choices={BAN_LENGTHS.map((length) => ({ value: length.seconds ?? 'forever', label: length.label }))}
            onChange={setBanFor}
          />
        )}
        <TextField
          label="Reason (optional)"
          value={reason}
          onChange={setReason}
          rows={2}
          maxLength={MAX_REASON}
          hint="They are shown it, and it is kept in the room’s audit log."
        />
        {error !== null && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="quiet" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={busy}>
            {busy ? 'Working…' : `${verb} ${person.name}`}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

/**
 * Deletes someone else's message as a moderator (`delete`), or reports it to the moderators
 * (`report`), with a reason: optional for a delete, required for a report.
 */
export function MessageModerationDialog({
  roomId,
  kind,
  message,
  onClose,
  onDone,
}: {
  roomId: string
  kind: 'delete' | 'report'
  message: ChatMessage
  onClose: () => void
  onDone: (said: string) => void
}) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const reporting = kind === 'report'

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const why = reason.trim()
    if (busy) return
    if (reporting && why === '') {
      setError('Say what is wrong with it: the moderators read this.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      if (reporting) {
        await reportMessage(roomId, message.id, why)
        onDone('Thank you: the room’s moderators will look at your report.')
      } else {
        await moderateDelete(roomId, message.id, why)
        onDone(`The message from ${message.name} was deleted.`)
      }
    } catch (failure) {
      setError(describeModerationError(failure))
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={reporting ? 'Report this message' : 'Delete this message'}
      description={
        reporting
          ? 'The room’s moderators see your report. The author is not told who sent it.'
          : 'Everyone sees that a moderator removed it, with your reason.'
      }
      onClose={onClose}
      testId={reporting ? 'report-dialog' : 'moderator-delete-dialog'}
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <blockquote className="rounded-lg bg-zinc-100 px-3 py-2 text-sm text-zinc-800 dark:bg-zinc-800 dark:text-zinc-100">
          <span className="font-semibold">{message.name}:</span>{' '}
          <span className="[overflow-wrap:anywhere]">
            {message.message.length > 200 ? `${message.message.slice(0, 200)}…` : message.message}
          </span>
        </blockquote>
        <TextField
          label={reporting ? 'Reason' : 'Reason (optional)'}
          value={reason}
          onChange={(value) => {
            setReason(value)
            setError(null)
          }}
          rows={2}
          maxLength={MAX_REASON}
          required={reporting}
          autoFocus
          error={error}
        />
        <div className="flex justify-end gap-2">
          <Button variant="quiet" onClick={onClose}>
            Cancel
          </Button>
          {reporting ? (
            <Button type="submit" disabled={busy}>
              {busy ? 'Sending…' : 'Send report'}
            </Button>
          ) : (
            <Button type="submit" variant="danger" disabled={busy}>
              {busy ? 'Deleting…' : 'Delete message'}
            </Button>
          )}
        </div>
      </form>
    </Dialog>
  )
}
