import { createFileRoute, Link } from '@tanstack/react-router'
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react'
import { replyQuoteOf } from '../chat/messageStore'
import { documentTitle, totalUnread } from '../chat/myRooms'
import { Namesakes, peopleInView } from '../chat/namesakes'
import { notifyWhileHidden } from '../chat/notifications'
import { isValidRoomId, type ChatMessage, type ReplyQuote, type Role, type UserRef } from '../chat/protocol'
import { actingRole, composerMode, isModerator } from '../chat/roomAccess'
import type { RoomInfo } from '../chat/roomBodies'
import { useMembers, useRoomEntry } from '../chat/useRoomInfo'
import { describeSessionError } from '../chat/session'
import { loadRoomTitles, rememberRoomTitle, rememberVisitedRoom } from '../chat/storage'
import { usePeoplePages } from '../chat/usePeoplePages'
import { useNow, useTimeAfter } from '../chat/useNow'
import { useRoom } from '../chat/useRoom'
import { useRoomList } from '../chat/useRoomList'
import { useSession } from '../chat/useSession'
import { Button } from '../components/Button'
import { Composer } from '../components/Composer'
import { ConnectionBadge } from '../components/ConnectionBadge'
import { CopyLinkButton } from '../components/CopyLinkButton'
import { ErrorBoundary } from '../components/ErrorBoundary'
import { Logo } from '../components/Logo'
import { MessageList, type MessageListActions } from '../components/MessageList'
import { MessageModerationDialog, PersonActionsDialog } from '../components/ModerationDialogs'
import { NameField } from '../components/NameField'
import { Notices } from '../components/Notices'
import { NotifyButton } from '../components/NotifyButton'
import { OnlineList, TypingIndicator, type PeopleDirectory, type PeopleRoles } from '../components/PeoplePanel'
import { spokenName } from '../components/PersonName'
import { RoomList, UnreadBadge } from '../components/RoomList'
import { RoomRefusalView } from '../components/RoomRefusalView'
import { RoomSettingsDialog } from '../components/RoomSettingsDialog'
import { useMediaQuery } from '../components/useMediaQuery'

export const Route = createFileRoute('/rooms/$roomId')({
  component: RoomPage,
})

function RoomPage() {
  const { roomId } = Route.useParams()
  if (!isValidRoomId(roomId)) return <InvalidRoom roomId={roomId} />
  return (
    <ErrorBoundary>
      <RoomEntrance key={roomId} roomId={roomId} />
    </ErrorBoundary>
  )
}

/**
 * Enters as the session's user, opening the session again under the remembered name if it lapsed,
 * or asks for a name first: a link is all a newcomer needs.
 */
function RoomEntrance({ roomId }: { roomId: string }) {
  const { session, keeper } = useSession()
  const chooseName = useCallback(
    async (name: string): Promise<string | null> => {
      try {
        await keeper.chooseName(name)
        return null
      } catch (error) {
        return describeSessionError(error)
      }
    },
    [keeper],
  )
  const userKey = session.kind === 'signedIn' ? session.user.id : null
  const { entry, recheck } = useRoomEntry(roomId, userKey)
  // Nothing to show until the session is known: connecting earlier would join as a guest.
  if (session.kind === 'loading') return <div className="min-h-dvh" />
  if (session.kind === 'needsName' || (session.kind === 'unreachable' && session.name === '')) {
    return (
      <NameGate roomId={roomId} problem={session.kind === 'needsName' ? session.error : null} onJoin={chooseName} />
    )
  }
  // The room's settings say whether this person may come in at all: a private room's stranger
  // or a banned person is told so without a socket the server would refuse anyway.
  if (entry.kind === 'loading') return <div className="min-h-dvh" />
  if (entry.kind === 'refused') {
    return (
      <div className="flex min-h-dvh flex-col">
        <header className="flex items-center gap-3 border-b border-zinc-200 bg-white/90 px-4 py-2 dark:border-zinc-800 dark:bg-zinc-900/90">
          <Link to="/" aria-label="All rooms" className="-m-1 rounded-lg p-1 hover:bg-zinc-100 dark:hover:bg-zinc-800">
            <Logo className="size-8" />
          </Link>
          <h1 className="truncate text-lg font-semibold">
            <span className="text-zinc-400 dark:text-zinc-500" aria-hidden="true">
              #
            </span>
            <span className="sr-only">Room </span>
            {roomId}
          </h1>
        </header>
        <main className="flex flex-1">
          <RoomRefusalView roomId={roomId} refusal={entry.refusal} onRejoin={recheck} />
        </main>
      </div>
    )
  }
  // One element for both cases, so that a session that becomes known keeps the room mounted.
  const user = session.kind === 'signedIn' ? session.user : null
  const name = session.kind === 'signedIn' ? session.user.name : session.name
  return <ChatRoom roomId={roomId} user={user} name={name} onRename={chooseName} initialInfo={entry.info} />
}

function NameGate({
  roomId,
  problem,
  onJoin,
}: {
  roomId: string
  /** Why the remembered name was not used, if the server refused it. */
  problem: string | null
  /** Resolves to an error to show, or null once the name is taken. */
  onJoin: (name: string) => Promise<string | null>
}) {
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(problem)
  const [joining, setJoining] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (value.trim() === '' || joining) return
    setJoining(true)
    const failure = await onJoin(value.trim())
    // On success this view is replaced by the room.
    if (failure !== null) {
      setError(failure)
      setJoining(false)
    }
  }
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-sm flex-col justify-center px-4 py-10">
      <Logo className="size-10" />
      <h1 className="mt-5 text-2xl font-semibold tracking-tight">
        Join <span className="text-brand-700 dark:text-brand-300">#{roomId}</span>
      </h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Pick the name others will see. It is remembered on this device.
      </p>
      <form onSubmit={submit} className="mt-6 flex flex-col gap-3">
        <NameField
          label="Name"
          value={value}
          onChange={(next) => {
            setValue(next)
            setError(null)
          }}
          error={error}
          autoFocus
        />
        <Button type="submit" disabled={value.trim() === '' || joining}>
          {joining ? 'Joining…' : 'Join room'}
        </Button>
      </form>
      <Link to="/" className="mt-6 text-sm text-brand-700 hover:underline dark:text-brand-300">
        ← All rooms
      </Link>
    </main>
  )
}

function InvalidRoom({ roomId }: { roomId: string }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center px-6 text-center">
      <h1 className="text-2xl font-semibold">Not a room name</h1>
      <p className="mt-2 break-all text-zinc-600 dark:text-zinc-400">
        “{roomId}” cannot be a room: names use letters, digits, “-” and “_”, up to 64 characters.
      </p>
      <Link to="/" className="mt-6 rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Go to the lobby
      </Link>
    </main>
  )
}

/**
 * The tab's title counts every unread message of this person's rooms, this room's from the live
 * view: "(3) #room · Dormouse". It falls as messages are read, not when the tab is looked at.
 */
function useUnreadTitle(roomId: string, total: number) {
  useEffect(() => {
    document.title = documentTitle(total, roomId)
  }, [total, roomId])
  useEffect(() => () => void (document.title = 'Dormouse'), [])
}

function ChatRoom({
  roomId,
  user,
  name,
  onRename,
  initialInfo,
}: {
  roomId: string
  /** The session's user; null while the server could not be asked (then `name` is used). */
  user: UserRef | null
  name: string
  onRename: (name: string) => Promise<string | null>
  /** The room's settings as `GET /api/rooms/{id}` gave them; null from a server without them. */
  initialInfo: RoomInfo | null
}) {
  const { state, client } = useRoom(roomId, { user, name })
  const [savedInfo, setSavedInfo] = useState<RoomInfo | null>(initialInfo)
  // The live `room` frame is newer than what was loaded; the role comes from the socket once it said.
  const info: RoomInfo | null = savedInfo === null ? null : { ...savedInfo, ...(state.settings ?? {}) }
  const role: Role | null = state.role ?? info?.role ?? null
  // What this person may do: an operator admin runs the room with an owner's rights.
  const acting = actingRole(role, info?.admin === true)
  const moderator = isModerator(acting)
  const { members, reload: reloadMembers } = useMembers(
    roomId,
    info?.claimed === true,
    info?.visibility === 'private' ? state.online : null,
  )
  // Someone's role changed: the list, and everyone's badges, follow.
  useEffect(() => {
    if (state.memberChanges > 0) reloadMembers()
  }, [state.memberChanges, reloadMembers])
  const [settingsOpen, setSettingsOpen] = useState(false)
  const [moderating, setModerating] = useState<UserRef | null>(null)
  const [messageAction, setMessageAction] = useState<{ kind: 'delete' | 'report'; message: ChatMessage } | null>(null)
  /** What the last moderation action did, for screen readers (and the notice line). */
  const [said, setSaid] = useState('')
  const [localSlowUntil, setLocalSlowUntil] = useState<number | null>(null)
  useEffect(() => {
    if (said === '') return
    const timer = window.setTimeout(() => setSaid(''), 8_000)
    return () => window.clearTimeout(timer)
  }, [said])
  const slowUntil = Math.max(state.slowUntil ?? 0, localSlowUntil ?? 0) || null
  // The composer opens again when a mute or slow mode ends; the composer itself counts down.
  const now = useTimeAfter([state.mutedUntil, slowUntil])
  const mode = composerMode({
    role: acting,
    postPolicy: info?.postPolicy ?? 'everyone',
    mutedUntil: state.mutedUntil,
    muteReason: state.muteReason,
    slowUntil,
    now,
  })
  const roles = useMemo<PeopleRoles>(() => {
    const byId = new Map(members.map((member) => [member.userId, member.role]))
    // The settings name the owner even where the server lists no members.
    const owner = savedInfo?.owner ?? null
    if (owner !== null && !byId.has(owner)) byId.set(owner, 'owner')
    const myId = state.me?.id ?? null
    return {
      roleOf: (userId) => (userId === myId && role !== null ? role : (byId.get(userId) ?? 'none')),
      myRole: acting,
      onModerate: setModerating,
    }
  }, [members, role, acting, state.me, savedInfo?.owner])
  // A person's name as this tab knows it: the server's lists of bans and mutes carry ids only, and
  // a member's name is null until the server has seen it.
  const nameOf = useCallback(
    (userId: string) =>
      (userId === state.me?.id
        ? state.me.name
        : (state.online?.find((person) => person.id === userId)?.name ??
          members.find((member) => member.userId === userId)?.name)) ?? null,
    [state.me, state.online, members],
  )
  const [peopleOpen, setPeopleOpen] = useState(false)
  // Tailwind's `md`: the sidebar shows from there on, the header's people button below it.
  const wide = useMediaQuery('(min-width: 48rem)')
  const { pages, state: pagesState } = usePeoplePages(roomId)
  // Stable functions: the panel loads the first page when `refresh` or its visibility changes.
  const refreshPeople = useCallback(() => void pages.refresh(), [pages])
  const morePeople = useCallback(() => void pages.loadMore(), [pages])
  const directory = useMemo<PeopleDirectory>(
    () => ({ state: pagesState, refresh: refreshPeople, loadMore: morePeople }),
    [pagesState, refreshPeople, morePeople],
  )
  // Everyone in view: who is online (or listed, in a big room) and who wrote the messages loaded.
  const namesakes = useMemo(
    () => Namesakes.among(peopleInView(state.online ?? pagesState.people, state.me, state.timeline)),
    [state.online, pagesState.people, state.me, state.timeline],
  )
  const roomList = useRoomList(user !== null, state.readMarker === null ? null : state.markersKept, roomId)
  const live = useMemo(() => ({ room: roomId, unread: state.unread }), [roomId, state.unread])
  const total = totalUnread(roomList.rooms ?? [], live)
  const elsewhere = total - state.unread
  useUnreadTitle(roomId, total)
  const minute = useNow(60_000)

  // While the tab is hidden, a message from someone else is also a desktop notification, if allowed.
  const incoming = state.lastIncoming
  useEffect(() => {
    if (incoming === null || incoming.deleted !== undefined) return
    notifyWhileHidden(`${incoming.name} in #${roomId}`, incoming.message, roomId)
  }, [incoming, roomId])

  useEffect(() => rememberVisitedRoom(roomId), [roomId])
  const title = info?.title
  useEffect(() => {
    if (title !== undefined) rememberRoomTitle(roomId, title)
  }, [roomId, title])
  // Read again when this room's title changes, which is the one this tab may have just learned.
  const titles = useMemo(() => {
    const known = loadRoomTitles()
    if (title === '') known.delete(roomId)
    else if (title !== undefined) known.set(roomId, title)
    return known
  }, [roomId, title])

  useEffect(() => {
    if (!peopleOpen) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setPeopleOpen(false)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [peopleOpen])

  const loadOlder = useCallback(() => void client?.loadOlder(), [client])
  const retry = useCallback((clientId: string) => client?.retry(clientId), [client])
  const discard = useCallback((clientId: string) => client?.discard(clientId), [client])
  const [replyTo, setReplyTo] = useState<ReplyQuote | null>(null)
  // A reply to a message that is deleted meanwhile goes as a plain message: the server refuses
  // to quote a deleted one, and the bar says the target is gone.
  const target =
    replyTo === null
      ? undefined
      : state.timeline.find((item) => item.kind === 'message' && item.message.id === replyTo.id)
  const targetGone = target?.kind === 'message' && target.message.deleted !== undefined
  const replyingTo: ReplyQuote | null =
    replyTo !== null && targetGone ? { ...replyTo, excerpt: undefined, deleted: true } : replyTo
  const slowModeSeconds = info?.slowModeSeconds ?? 0
  const send = useCallback(
    (text: string) => {
      client?.send(text, replyTo !== null && !targetGone ? replyTo : undefined)
      setReplyTo(null)
      // Slow mode: the next message may go once the room's interval passed (the server decides;
      // this only says so before the person tries).
      if (slowModeSeconds > 0 && !moderator) setLocalSlowUntil(Date.now() + slowModeSeconds * 1000)
    },
    [client, replyTo, targetGone, slowModeSeconds, moderator],
  )
  const typing = useCallback(() => client?.notifyTyping(), [client])
  const actions = useMemo<MessageListActions>(
    () => ({
      reply: (message: ChatMessage) => setReplyTo(replyQuoteOf(message)),
      react: (id, emoji, on) => client?.react(id, emoji, on),
      edit: (id, text) => client?.edit(id, text),
      remove: (id) => client?.delete(id),
      // Reports and moderators' deletes are for claimed rooms, which have moderators to read them.
      report:
        info?.claimed === true ? (message: ChatMessage) => setMessageAction({ kind: 'report', message }) : undefined,
      moderate: moderator ? (message: ChatMessage) => setMessageAction({ kind: 'delete', message }) : undefined,
    }),
    [client, info?.claimed, moderator],
  )
  const markRead = useCallback((seq: number) => client?.markRead(seq), [client])
  const last = state.lastIncoming

  return (
    <div className="flex h-dvh flex-col">
      <header className="relative z-10 flex items-center gap-2 border-b border-zinc-200 bg-white/90 px-3 py-2 backdrop-blur sm:gap-3 sm:px-4 dark:border-zinc-800 dark:bg-zinc-900/90">
        <Link
          to="/"
          aria-label={elsewhere > 0 ? `All rooms, ${elsewhere} unread elsewhere` : 'All rooms'}
          className="relative -m-1 rounded-lg p-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
        >
          <Logo className="size-8" />
          {elsewhere > 0 && (
            <span aria-hidden="true" className="absolute -top-1 -right-1 lg:hidden" data-testid="elsewhere-badge">
              <UnreadBadge count={elsewhere} />
            </span>
          )}
        </Link>
        {/* On phones the connection state sits under the room name, so neither squeezes the other. */}
        <div className="flex min-w-0 flex-1 flex-col items-start gap-0.5 sm:flex-row sm:items-center sm:gap-3">
          <div className="flex min-w-0 max-w-full flex-col">
            <h1 className="max-w-full truncate text-base leading-6 font-semibold sm:text-lg" data-testid="room-title">
              <span className="text-zinc-400 dark:text-zinc-500" aria-hidden="true">
                #
              </span>
              <span className="sr-only">Room </span>
              {info !== null && info.title !== '' ? info.title : roomId}
            </h1>
            {info !== null && info.topic !== '' && (
              <p
                className="hidden max-w-full truncate text-xs text-zinc-600 sm:block dark:text-zinc-400"
                data-testid="room-topic"
              >
                {info.topic}
              </p>
            )}
          </div>
          {info?.visibility === 'private' && (
            <span className="hidden shrink-0 rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700 sm:inline dark:bg-zinc-800 dark:text-zinc-200">
              Private
            </span>
          )}
          <ConnectionBadge status={state.status} onRetryNow={client ? () => client.reconnectNow() : undefined} />
        </div>
        <NotifyButton />
        <CopyLinkButton />
        {moderator && info !== null && info.claimed && (
          <button
            type="button"
            onClick={() => {
              // The list may lag behind invites redeemed meanwhile: the panel shows it as it is now.
              reloadMembers()
              setSettingsOpen(true)
            }}
            aria-haspopup="dialog"
            className="inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800"
          >
            <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
              <path
                fillRule="evenodd"
                d="M8.3 1.9a1 1 0 0 1 1-.9h1.4a1 1 0 0 1 1 .9l.2 1.5c.5.2 1 .5 1.4.8l1.4-.6a1 1 0 0 1 1.2.4l.7 1.2a1 1 0 0 1-.2 1.3l-1.2.9a6 6 0 0 1 0 1.6l1.2.9a1 1 0 0 1 .2 1.3l-.7 1.2a1 1 0 0 1-1.2.4l-1.4-.6c-.4.3-.9.6-1.4.8l-.2 1.5a1 1 0 0 1-1 .9H9.3a1 1 0 0 1-1-.9l-.2-1.5a6 6 0 0 1-1.4-.8l-1.4.6a1 1 0 0 1-1.2-.4l-.7-1.2a1 1 0 0 1 .2-1.3l1.2-.9a6 6 0 0 1 0-1.6l-1.2-.9a1 1 0 0 1-.2-1.3l.7-1.2a1 1 0 0 1 1.2-.4l1.4.6c.4-.3.9-.6 1.4-.8l.2-1.5ZM10 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Z"
                clipRule="evenodd"
              />
            </svg>
            <span className="hidden sm:inline">Settings</span>
            <span className="sr-only sm:hidden">Room settings</span>
          </button>
        )}
        {/* Someone kicked, banned or taken out is no longer in the room, and sees nobody in it. */}
        {state.refusal === null && (
          <>
            <button
              type="button"
              onClick={() => setPeopleOpen((open) => !open)}
              aria-expanded={peopleOpen}
              aria-controls="people-panel-mobile"
              className="inline-flex items-center gap-1 rounded-lg px-2 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 md:hidden dark:text-zinc-200 dark:hover:bg-zinc-800"
            >
              <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
                <path d="M7 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm7.5 1a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5ZM1.6 15.5A5.5 5.5 0 0 1 12.4 15.5a1 1 0 0 1-1 1.5H2.6a1 1 0 0 1-1-1.5Zm12.6 1.5h3.2a1 1 0 0 0 1-1.3 4.5 4.5 0 0 0-6-2.9 6.9 6.9 0 0 1 1.9 4.2Z" />
              </svg>
              <span>{state.onlineCount.toLocaleString()}</span>
              <span className="sr-only">online</span>
            </button>
            {peopleOpen && (
              <div
                id="people-panel-mobile"
                className="absolute inset-x-0 top-full max-h-[70dvh] overflow-y-auto border-b border-zinc-200 bg-white px-4 py-3 shadow-lg md:hidden dark:border-zinc-800 dark:bg-zinc-900"
              >
                <OnlineList
                  online={state.online}
                  count={state.onlineCount}
                  me={state.me}
                  stale={state.status.kind !== 'live' && state.joined}
                  shown={!wide}
                  directory={directory}
                  namesakes={namesakes}
                  onRename={onRename}
                  roles={roles}
                />
              </div>
            )}
          </>
        )}
      </header>

      <div className="flex min-h-0 flex-1">
        {roomList.rooms !== null && roomList.rooms.length > 0 && (
          <nav
            aria-label="Your rooms"
            className="hidden w-56 shrink-0 overflow-y-auto border-r border-zinc-200 bg-white/60 p-3 lg:block dark:border-zinc-800 dark:bg-zinc-900/40"
          >
            <h2 className="px-2 pb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
              Your rooms
            </h2>
            <RoomList rooms={roomList.rooms} titles={titles} live={live} now={minute} compact />
          </nav>
        )}
        <main className="flex min-w-0 flex-1 flex-col">
          {state.refusal !== null ? (
            <RoomRefusalView roomId={roomId} refusal={state.refusal} onRejoin={() => client?.rejoin()} />
          ) : (
            <>
              <ErrorBoundary>
                <MessageList
                  timeline={state.timeline}
                  me={state.me}
                  namesakes={namesakes}
                  joined={state.joined}
                  hasOlder={state.hasOlder}
                  loadingOlder={state.loadingOlder}
                  live={state.status.kind === 'live'}
                  onLoadOlder={loadOlder}
                  onRetry={retry}
                  onDiscard={discard}
                  actions={actions}
                  unreadFrom={state.unreadFrom}
                  onRead={markRead}
                />
              </ErrorBoundary>
              <div className="border-t border-zinc-200 bg-zinc-50/95 px-3 pt-1.5 pb-[max(env(safe-area-inset-bottom),0.75rem)] sm:px-6 dark:border-zinc-800 dark:bg-zinc-950/95">
                <div className="mx-auto flex max-w-3xl flex-col gap-1.5">
                  <Notices notices={state.notices} onDismiss={(id) => client?.dismissNotice(id)} />
                  <TypingIndicator typing={state.typing} namesakes={namesakes} />
                  <Composer
                    roomId={roomId}
                    roomName={info !== null && info.title !== '' ? info.title : roomId}
                    onSend={send}
                    onTyping={typing}
                    replyingTo={replyingTo}
                    onCancelReply={() => setReplyTo(null)}
                    mode={mode}
                  />
                </div>
              </div>
            </>
          )}
        </main>
        {state.refusal === null && (
          <aside
            aria-label="People"
            className="hidden w-72 shrink-0 overflow-y-auto border-l border-zinc-200 bg-white/60 p-4 md:block dark:border-zinc-800 dark:bg-zinc-900/40"
          >
            <OnlineList
              online={state.online}
              count={state.onlineCount}
              me={state.me}
              stale={state.status.kind !== 'live' && state.joined}
              shown={wide}
              directory={directory}
              namesakes={namesakes}
              onRename={onRename}
              roles={roles}
            />
          </aside>
        )}
      </div>

      {settingsOpen && info !== null && acting !== null && (
        <RoomSettingsDialog
          info={info}
          myRole={acting}
          myId={state.me?.id ?? null}
          members={members}
          nameOf={nameOf}
          onMembersChanged={reloadMembers}
          onSaved={setSavedInfo}
          onClose={() => setSettingsOpen(false)}
          announce={setSaid}
        />
      )}
      {moderating !== null && (
        <PersonActionsDialog
          roomId={roomId}
          person={moderating}
          onClose={() => setModerating(null)}
          onDone={(text) => {
            setModerating(null)
            setSaid(text)
          }}
        />
      )}
      {messageAction !== null && (
        <MessageModerationDialog
          roomId={roomId}
          kind={messageAction.kind}
          message={messageAction.message}
          onClose={() => setMessageAction(null)}
          onDone={(text) => {
            setMessageAction(null)
            setSaid(text)
          }}
        />
      )}
      {said !== '' && (
        <div
          className="pointer-events-none fixed inset-x-0 bottom-24 z-20 flex justify-center px-4"
          data-testid="moderation-toast"
        >
          <p className="pointer-events-auto flex items-center gap-2 rounded-xl bg-zinc-900 px-4 py-2 text-sm text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900">
            {said}
            <button
              type="button"
              onClick={() => setSaid('')}
              className="rounded-md px-1.5 text-xs font-semibold underline-offset-2 hover:underline"
            >
              Dismiss
            </button>
          </p>
        </div>
      )}
      <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="moderation-announcer">
        {said}
      </div>

      {/* Screen readers hear each incoming message once, without re-reading the whole list. */}
      <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {last
          ? `${spokenName(last.name, last.fromKind, namesakes.tagOf({ id: last.from, name: last.name }))}: ${last.message}`
          : ''}
      </div>
    </div>
  )
}
