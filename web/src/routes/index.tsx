import { createFileRoute, useNavigate } from '@tanstack/react-router'
import { useEffect, useId, useState, type FormEvent } from 'react'
import { toRoomId } from '../chat/ids'
import { documentTitle, lobbyRooms, totalUnread } from '../chat/myRooms'
import { isValidRoomId } from '../chat/protocol'
import { describeSessionError } from '../chat/session'
import { forgetVisitedRoom, loadDisplayName, loadRoomTitles, loadVisitedRooms, type VisitedRoom } from '../chat/storage'
import { useNow } from '../chat/useNow'
import { useRoomList } from '../chat/useRoomList'
import { useSession } from '../chat/useSession'
import { Button } from '../components/Button'
import { CreateRoomDialog } from '../components/CreateRoomDialog'
import { inputClass } from '../components/Field'
import { Logo } from '../components/Logo'
import { NameField } from '../components/NameField'
import { NotifyButton } from '../components/NotifyButton'
import { PublicRooms } from '../components/PublicRooms'
import { RoomList } from '../components/RoomList'

export const Route = createFileRoute('/')({
  component: Lobby,
})

function Lobby() {
  const navigate = useNavigate()
  const { session, keeper } = useSession()
  const [name, setName] = useState('')
  /** Whether the person typed in the name field since it last showed the session's name. */
  const [edited, setEdited] = useState(false)
  const [savingName, setSavingName] = useState(false)
  const [rooms, setRooms] = useState<VisitedRoom[]>([])
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map())
  const [roomInput, setRoomInput] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  const [roomError, setRoomError] = useState<string | null>(null)
  const [creating, setCreating] = useState(false)
  const now = useNow(60_000)
  const nameId = useId()
  const roomId = useId()

  // Storage is read after mounting: the static shell is rendered without a browser.
  useEffect(() => {
    setName(loadDisplayName())
    setRooms(loadVisitedRooms())
    setTitles(loadRoomTitles())
  }, [])

  // The field shows who the session says this is, unless the person is typing a new name.
  const sessionName = session.kind === 'signedIn' ? session.user.name : null
  // The server's list of this person's rooms, with unread counts, where it has one.
  const roomList = useRoomList(session.kind === 'signedIn', null)
  const serverRooms = roomList.rooms
  const listed = lobbyRooms(serverRooms, rooms)
  const unread = totalUnread(serverRooms ?? [])
  useEffect(() => {
    document.title = documentTitle(unread, null)
  }, [unread])
  useEffect(() => {
    if (sessionName !== null && !edited) setName(sessionName)
  }, [sessionName, edited])

  const chosen = name.trim()
  const nameSaved = sessionName !== null && chosen === sessionName
  const canSaveName = chosen !== '' && !nameSaved

  /** Makes the typed name the session's (signing in, or renaming under the same id). */
  const commitName = async (): Promise<boolean> => {
    if (chosen === '') {
      setNameError('Pick a display name first.')
      document.getElementById(nameId)?.focus()
      return false
    }
    if (keeper.user?.name === chosen) return true
    setSavingName(true)
    try {
      const user = await keeper.chooseName(chosen)
      setName(user.name)
      setEdited(false)
      return true
    } catch (error) {
      setNameError(describeSessionError(error))
      document.getElementById(nameId)?.focus()
      return false
    } finally {
      setSavingName(false)
    }
  }

  const saveName = (event: FormEvent) => {
    event.preventDefault()
    if (!savingName) void commitName()
  }

  const enterRoom = async (roomId: string) => {
    if (savingName || !(await commitName())) return
    void navigate({ to: '/rooms/$roomId', params: { roomId } })
  }

  /** A room belongs to someone: the name becomes a session first, then the form opens. */
  const createRoom = async () => {
    if (savingName || !(await commitName())) return
    setCreating(true)
  }

  const joinRoom = (event: FormEvent) => {
    event.preventDefault()
    const id = toRoomId(roomInput)
    if (!isValidRoomId(id)) {
      setRoomError('Room names use letters, digits, "-" and "_", up to 64 characters.')
      return
    }
    void enterRoom(id)
  }

  const nameHint = savingName
    ? 'Saving…'
    : sessionName !== null && canSaveName
      ? 'Save to change it everywhere. Your messages stay yours.'
      : 'Remembered on this device.'

  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-xl flex-col px-4 py-10 sm:py-16">
      <header className="flex items-center gap-3">
        <Logo className="size-10" />
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Dormouse</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Chat rooms for your team, on your own server.</p>
        </div>
      </header>

      <section className="mt-8 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-zinc-200 sm:p-6 dark:bg-zinc-900 dark:ring-zinc-800">
        <form onSubmit={saveName}>
          <NameField
            id={nameId}
            label="Display name"
            value={name}
            placeholder="How others see you"
            onChange={(value) => {
              setName(value)
              setEdited(true)
              setNameError(null)
            }}
            error={nameError}
            hint={nameHint}
          >
            {/* Only while there is something to save; creating or joining a room saves it too. */}
            {sessionName !== null && canSaveName && (
              <Button type="submit" variant="outline" disabled={savingName}>
                Save
              </Button>
            )}
          </NameField>
        </form>

        <div className="mt-6 grid gap-6 sm:grid-cols-[auto_1fr] sm:items-end">
          <div>
            <p className="text-sm font-medium">Start a room</p>
            <Button onClick={() => void createRoom()} className="mt-1.5 w-full sm:w-auto">
              <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
                <path d="M10 3a1 1 0 0 1 1 1v5h5a1 1 0 1 1 0 2h-5v5a1 1 0 1 1-2 0v-5H4a1 1 0 1 1 0-2h5V4a1 1 0 0 1 1-1Z" />
              </svg>
              Create a room
            </Button>
          </div>
          <form onSubmit={joinRoom} noValidate>
            <label htmlFor={roomId} className="text-sm font-medium">
              Join a room
            </label>
            <div className="mt-1.5 flex gap-2">
              <input
                id={roomId}
                value={roomInput}
                placeholder="quiet-otter-42"
                autoCapitalize="off"
                autoCorrect="off"
                spellCheck={false}
                aria-invalid={roomError !== null || undefined}
                aria-describedby={roomError ? `${roomId}-error` : undefined}
                onChange={(event) => {
                  setRoomInput(event.target.value)
                  setRoomError(null)
                }}
                className={`h-11 ${inputClass}`}
              />
              <Button type="submit" variant="outline">
                Join
              </Button>
            </div>
            {roomError && (
              <p id={`${roomId}-error`} className="mt-1.5 text-xs text-red-700 dark:text-red-400">
                {roomError}
              </p>
            )}
          </form>
        </div>
      </section>

      <section aria-labelledby="recent-heading" className="mt-8">
        <div className="flex items-center justify-between gap-2">
          <h2
            id="recent-heading"
            className="px-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400"
          >
            Your rooms
          </h2>
          {serverRooms !== null && <NotifyButton />}
        </div>
        {listed.length === 0 ? (
          <p className="mt-3 px-1 text-sm text-zinc-600 dark:text-zinc-400">
            Rooms you visit show up here. Create one and share its link.
          </p>
        ) : (
          <div className="mt-3 overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800">
            <RoomList
              rooms={listed}
              titles={titles}
              now={now}
              testId="visited-rooms"
              onOpen={(room, event) => {
                // A saved name lets the link do its work (a new tab, too); otherwise save first.
                if (nameSaved) return
                event.preventDefault()
                void enterRoom(room)
              }}
              onForget={(room) => {
                forgetVisitedRoom(room)
                setRooms(loadVisitedRooms())
              }}
            />
          </div>
        )}
      </section>

      <PublicRooms
        now={now}
        onOpen={(room, event) => {
          if (nameSaved) return
          event.preventDefault()
          void enterRoom(room)
        }}
      />

      {creating && (
        <CreateRoomDialog
          onClose={() => setCreating(false)}
          onCreated={(room) => {
            setCreating(false)
            void navigate({ to: '/rooms/$roomId', params: { roomId: room.id } })
          }}
        />
      )}

      <footer className="mt-auto pt-12 text-center text-xs text-zinc-500 dark:text-zinc-400">
        Messages are stored on this Dormouse server.
      </footer>
    </main>
  )
}
