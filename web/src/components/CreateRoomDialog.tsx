import { useState, type FormEvent } from 'react'
import { randomRoomId } from '../chat/ids'
import type { Visibility } from '../chat/protocol'
import { createRoom, RoomRequestError } from '../chat/roomApi'
import type { RoomInfo } from '../chat/roomBodies'
import { Button } from './Button'
import { Dialog } from './Dialog'
import { ChoiceCards, TextField, VISIBILITY_CHOICES } from './Field'

/** The server's limits for a room's title and topic, in code points. */
export const MAX_TITLE = 100
export const MAX_TOPIC = 500

/** Words for the person per error code of `POST /api/rooms`; the server's text otherwise. */
export function describeRoomError(error: unknown): string {
  if (!(error instanceof RoomRequestError)) return 'The server could not be reached. Try again.'
  switch (error.code) {
    case 'unauthorized':
      return 'Choose a display name first: rooms belong to someone.'
    case 'invalid_settings':
      return error.message
    case 'unavailable':
      return 'The server is busy. Try again in a moment.'
    default:
      return error.message
  }
}

/**
 * Creates a room owned by this person, with its title, topic and visibility, then hands it to
 * `onCreated` (which opens it). A public or unlisted room gets a readable id for its link; a
 * private one gets the server's random id, which nobody guesses.
 */
export function CreateRoomDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (room: RoomInfo) => void }) {
  const [title, setTitle] = useState('')
  const [topic, setTopic] = useState('')
  const [visibility, setVisibility] = useState<Visibility>('public')
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (saving) return
    setSaving(true)
    setError(null)
    const settings = { title: title.trim(), topic: topic.trim(), visibility }
    try {
      // A readable id may be taken already: one more try with another.
      let created: RoomInfo
      try {
        created = await createRoom(visibility === 'private' ? settings : { ...settings, id: randomRoomId() })
      } catch (failure) {
        if (!(failure instanceof RoomRequestError) || failure.code !== 'room_exists') throw failure
        created = await createRoom({ ...settings, id: randomRoomId() })
      }
      onCreated(created)
    } catch (failure) {
      setError(describeRoomError(failure))
      setSaving(false)
    }
  }

  return (
    <Dialog
      title="Create a room"
      description="You will own it: you choose who runs it with you, and who may come in."
      onClose={onClose}
      wide
      testId="create-room-dialog"
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <TextField
          label="Title"
          value={title}
          onChange={setTitle}
          maxLength={MAX_TITLE}
          placeholder="Design team"
          autoFocus
        />
        <TextField
          label="Topic"
          value={topic}
          onChange={setTopic}
          maxLength={MAX_TOPIC}
          rows={2}
          placeholder="What this room is for"
          hint="Shown under the title, to everyone who may join."
        />
        <ChoiceCards
          legend="Who may join"
          name="visibility"
          value={visibility}
          choices={VISIBILITY_CHOICES}
          onChange={setVisibility}
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
          <Button type="submit" disabled={saving}>
            {saving ? 'Creating…' : 'Create room'}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
