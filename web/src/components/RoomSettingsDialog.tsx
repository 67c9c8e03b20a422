import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { PostPolicy, Role, Visibility } from '../chat/protocol'
import { removeMember, RoomRequestError, setMemberRole, updateRoom } from '../chat/roomApi'
import { mayActOn, SLOW_MODE_CHOICES } from '../chat/roomAccess'
import type { Member, RoomInfo, RoomSettings } from '../chat/roomBodies'
import { Button } from './Button'
import { MAX_TITLE, MAX_TOPIC } from './CreateRoomDialog'
import { Dialog } from './Dialog'
import { ChoiceCards, SelectField, TextField, VISIBILITY_CHOICES } from './Field'
import { describeModerationError } from './ModerationDialogs'
import { RoomInvites } from './RoomInvites'
import { RoleBadge } from './RoleBadge'
import { RoomRestrictions, RoomReports } from './RoomModerationLists'

type Tab = 'general' | 'members' | 'invites' | 'restrictions' | 'reports'

const TABS: ReadonlyArray<{ id: Tab; label: string }> = [
  { id: 'general', label: 'General' },
  { id: 'members', label: 'Members' },
  { id: 'invites', label: 'Invites' },
  { id: 'restrictions', label: 'Bans & mutes' },
  { id: 'reports', label: 'Reports' },
]

/**
 * The room's settings panel, for its owner and moderators: the settings themselves, the members
 * and their roles (promotions are the owner's), invites, bans and mutes, and the reports queue.
 * Tabs follow the ARIA tabs pattern: arrow keys move between them, Tab goes into the panel.
 */
export function RoomSettingsDialog({
  info,
  myRole,
  myId,
  members,
  nameOf,
  onMembersChanged,
  onSaved,
  onClose,
  announce,
  initialTab = 'general',
}: {
  info: RoomInfo
  myRole: Role
  myId: string | null
  members: Member[]
  /** A person's name as this tab knows it (online now), for members whose name the server never saw. */
  nameOf: (userId: string) => string | null
  onMembersChanged: () => void
  onSaved: (info: RoomInfo) => void
  onClose: () => void
  /** Says a finished action aloud (the room's polite live region). */
  announce: (text: string) => void
  initialTab?: Tab
}) {
  const [tab, setTab] = useState<Tab>(initialTab)
  const tabsId = useId()
  const tabRefs = useRef(new Map<Tab, HTMLButtonElement>())

  const onTabKey = (event: KeyboardEvent) => {
    const index = TABS.findIndex((entry) => entry.id === tab)
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
    const to = event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1 : index + step
    if (step === 0 && event.key !== 'Home' && event.key !== 'End') return
    event.preventDefault()
    const next = TABS[(to + TABS.length) % TABS.length]
    if (next === undefined) return
    setTab(next.id)
    tabRefs.current.get(next.id)?.focus()
  }

  return (
    <Dialog
      title="Room settings"
      description={`#${info.id}${info.title !== '' ? ` · ${info.title}` : ''}`}
      onClose={onClose}
      wide
      testId="room-settings"
    >
      <div
        role="tablist"
        aria-label="Room settings"
        onKeyDown={onTabKey}
        className="-mx-1 mb-4 flex gap-1 overflow-x-auto border-b border-zinc-200 px-1 dark:border-zinc-800"
      >
        {TABS.map((entry) => (
          <button
            key={entry.id}
            ref={(element) => {
              if (element !== null) tabRefs.current.set(entry.id, element)
            }}
            type="button"
            role="tab"
            id={`${tabsId}-${entry.id}-tab`}
            aria-selected={tab === entry.id}
            aria-controls={`${tabsId}-${entry.id}`}
            tabIndex={tab === entry.id ? 0 : -1}
            onClick={() => setTab(entry.id)}
            className={`-mb-px shrink-0 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap ${
              tab === entry.id
                ? 'border-brand-600 text-brand-700 dark:border-brand-300 dark:text-brand-200'
                : 'border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100'
            }`}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${tabsId}-${tab}`}
        aria-labelledby={`${tabsId}-${tab}-tab`}
        data-testid={`settings-${tab}`}
      >
        {tab === 'general' && <GeneralSettings info={info} onSaved={onSaved} announce={announce} />}
        {tab === 'members' && (
          <MembersList
            roomId={info.id}
            myRole={myRole}
            myId={myId}
            members={members}
            nameOf={nameOf}
            onChanged={onMembersChanged}
            announce={announce}
          />
        )}
        {tab === 'invites' && <RoomInvites roomId={info.id} announce={announce} />}
        {tab === 'restrictions' && <RoomRestrictions roomId={info.id} nameOf={nameOf} announce={announce} />}
        {tab === 'reports' && <RoomReports roomId={info.id} nameOf={nameOf} announce={announce} />}
      </div>
    </Dialog>
  )
}

function GeneralSettings({
  info,
  onSaved,
  announce,
}: {
  info: RoomInfo
  onSaved: (info: RoomInfo) => void
  announce: (text: string) => void
}) {
  const [title, setTitle] = useState(info.title)
  const [topic, setTopic] = useState(info.topic)
  const [visibility, setVisibility] = useState<Visibility>(info.visibility)
  const [postPolicy, setPostPolicy] = useState<PostPolicy>(info.postPolicy)
  const [slowMode, setSlowMode] = useState(info.slowModeSeconds)
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null)
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle')

  // Only what changed goes: a PATCH changes only the fields it names.
  const changes: Partial<RoomSettings> = {}
  if (title.trim() !== info.title) changes.title = title.trim()
  if (topic.trim() !== info.topic) changes.topic = topic.trim()
  if (visibility !== info.visibility) changes.visibility = visibility
  if (postPolicy !== info.postPolicy) changes.postPolicy = postPolicy
  if (slowMode !== info.slowModeSeconds) changes.slowModeSeconds = slowMode
  const changed = Object.keys(changes).length > 0

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!changed || state === 'saving') return
    setState('saving')
    setError(null)
    try {
      const saved = await updateRoom(info.id, changes)
      onSaved(saved)
      setState('saved')
      announce('Room settings saved.')
    } catch (failure) {
      const field = failure instanceof RoomRequestError ? failure.field : null
      setError({ field, text: describeModerationError(failure) })
      setState('idle')
    }
  }

  const choices = SLOW_MODE_CHOICES.some((choice) => choice.seconds === slowMode)
    ? SLOW_MODE_CHOICES
    : [...SLOW_MODE_CHOICES, { label: `${slowMode} seconds`, seconds: slowMode }]
  const fieldError = (field: string) => (error !== null && error.field === field ? error.text : null)

  return (
    <form onSubmit={submit} className="flex flex-col gap-4">
      <TextField
        label="Title"
        value={title}
        onChange={(value) => {
          setTitle(value)
          setState('idle')
        }}
        maxLength={MAX_TITLE}
        error={fieldError('title')}
      />
      <TextField
        label="Topic"
        value={topic}
        onChange={(value) => {
          setTopic(value)
          setState('idle')
        }}
        rows={2}
        maxLength={MAX_TOPIC}
        error={fieldError('topic')}
      />
      <ChoiceCards
        legend="Who may join"
        name="settings-visibility"
        value={visibility}
        choices={VISIBILITY_CHOICES}
        onChange={(value) => {
          setVisibility(value)
          setState('idle')
        }}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Slow mode"
          value={slowMode}
          choices={choices.map((choice) => ({ value: choice.seconds, label: choice.label }))}
          onChange={(value) => {
            setSlowMode(value)
            setState('idle')
          }}
          hint="The least time between two messages of one person. Moderators are never slowed."
        />
        <label className="flex items-start gap-3 rounded-xl p-3 text-sm ring-1 ring-zinc-300 dark:ring-zinc-700">
          <input
            type="checkbox"
            checked={postPolicy === 'moderators'}
            onChange={(event) => {
              setPostPolicy(event.target.checked ? 'moderators' : 'everyone')
              setState('idle')
            }}
            className="mt-0.5 size-4 accent-brand-600"
          />
          <span className="flex flex-col gap-0.5">
            <span className="font-semibold">Announcement room</span>
            <span className="text-xs text-zinc-600 dark:text-zinc-400">
              Only the owner and moderators post. Everyone else reads and reacts.
            </span>
          </span>
        </label>
      </div>
      {error !== null && error.field === null && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error.text}
        </p>
      )}
      <div className="flex items-center justify-end gap-3">
        <span className="text-sm text-emerald-700 dark:text-emerald-300" aria-hidden="true">
          {state === 'saved' && !changed ? 'Saved.' : ''}
        </span>
        <Button type="submit" disabled={!changed || state === 'saving'}>
          {state === 'saving' ? 'Saving…' : 'Save changes'}
        </Button>
      </div>
    </form>
  )
}

function MembersList({
  roomId,
  myRole,
  myId,
  members,
  nameOf,
  onChanged,
  announce,
}: {
  roomId: string
  myRole: Role
  myId: string | null
  members: Member[]
  nameOf: (userId: string) => string | null
  onChanged: () => void
  announce: (text: string) => void
}) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const order: Record<Role, number> = { owner: 0, moderator: 1, member: 2, none: 3 }
  const named = members.map((member) => ({ ...member, name: member.name ?? nameOf(member.userId) }))
  const sorted = named.sort(
    (a, b) => order[a.role] - order[b.role] || (a.name ?? a.userId).localeCompare(b.name ?? b.userId),
  )

  const run = async (userId: string, work: () => Promise<unknown>, said: string) => {
    setBusy(userId)
    setError(null)
    try {
      await work()
      announce(said)
      onChanged()
    } catch (failure) {
      setError(describeModerationError(failure))
    } finally {
      setBusy(null)
    }
  }

  if (sorted.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No members yet. Invite people to add them.</p>
  }
  return (
    <div className="flex flex-col gap-3">
      {error !== null && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="members-list">
        {sorted.map((member) => {
          const name = member.name ?? member.userId
          const self = member.userId === myId
          return (
            <li
              key={member.userId}
              className="flex flex-wrap items-center gap-2 py-2.5"
              data-testid="member"
              data-user={member.userId}
            >
              <span className="flex min-w-0 flex-1 items-center gap-2">
                <span className="truncate text-sm font-medium">{name}</span>
                {self && <span className="text-xs text-zinc-600 dark:text-zinc-400">(you)</span>}
                <RoleBadge role={member.role} />
              </span>
              {myRole === 'owner' && member.role === 'member' && (
                <Button
                  variant="outline"
                  size="sm"
                  disabled={busy === member.userId}
                  onClick={() =>
                    void run(
                      member.userId,
                      () => setMemberRole(roomId, member.userId, 'moderator'),
                      `${name} is now a moderator.`,
                    )
                  }
                >
                  Make moderator
                </Button>
              )}
              {myRole === 'owner' && member.role === 'moderator' && (
                <Button
                  variant="outline"
                  size="sm"
                  disabled={busy === member.userId}
                  onClick={() =>
                    void run(
                      member.userId,
                      () => setMemberRole(roomId, member.userId, 'member'),
                      `${name} is a member again.`,
                    )
                  }
                >
                  Make member
                </Button>
              )}
              {!self && mayActOn(myRole, member.role) && (
                <Button
                  variant="quiet"
                  size="sm"
                  disabled={busy === member.userId}
                  aria-label={`Remove ${name} from the members`}
                  onClick={() =>
                    void run(member.userId, () => removeMember(roomId, member.userId), `${name} is no longer a member.`)
                  }
                >
                  Remove
                </Button>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
