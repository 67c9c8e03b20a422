import type { Page } from '@playwright/test'
import {
  bubbles,
  composer,
  expect,
  newPerson,
  openMessageMenu,
  openRoom,
  rowOf,
  screenshot,
  sendMessage,
  sessionUser,
  status,
  test,
  violations,
} from './helpers'

// Rooms a team can run, from the web app: an owner creates a room and runs its settings, invites
// people, and with a moderator kicks, mutes, bans, deletes and reads reports; the people on the
// other end see each state. Every panel is checked by axe and photographed.

type Visibility = 'Public' | 'Unlisted' | 'Private'

/** Creates a room from the lobby's form; returns its id once it is open and live. */
async function createRoom(page: Page, title: string, visibility: Visibility, topic = ''): Promise<string> {
  await page.goto('/')
  await page.getByRole('button', { name: 'Create a room' }).click()
  const dialog = page.getByRole('dialog', { name: 'Create a room' })
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Title').fill(title)
  if (topic !== '') await dialog.getByLabel('Topic').fill(topic)
  await dialog.getByRole('radio', { name: visibility }).check()
  await dialog.getByRole('button', { name: 'Create room' }).click()
  await expect(page).toHaveURL(/\/rooms\/[A-Za-z0-9_-]+$/)
  await expect(status(page)).toHaveText('Live')
  return new URL(page.url()).pathname.split('/').at(-1) ?? ''
}

async function openSettings(page: Page, tab: string) {
  await page.getByRole('button', { name: /Settings/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Room settings' })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('tab', { name: tab }).click()
  return dialog
}

test('an owner creates a private room from the lobby, and a stranger is told to ask for an invite', async ({
  browser,
  browserErrors,
}) => {
  // The stranger's look-up of the room is refused on purpose, and the browser logs the 403.
  browserErrors.allow(/403/)
  const owner = await newPerson(browser, { name: 'Ada' })
  await owner.page.goto('/')
  await owner.page.getByRole('button', { name: 'Create a room' }).click()
  const dialog = owner.page.getByRole('dialog', { name: 'Create a room' })
  await dialog.getByLabel('Title').fill('Design team')
  await dialog.getByLabel('Topic').fill('Sketches and reviews for the spring release')
  await dialog.getByRole('radio', { name: 'Private' }).check()
  await expect(dialog.getByText(/Members only/)).toBeVisible()
  expect(await violations(owner.page)).toEqual([])
  await screenshot(owner.page, 'create-room-dialog')
  await dialog.getByRole('button', { name: 'Create room' }).click()
  await expect(status(owner.page)).toHaveText('Live')
  await expect(owner.page.getByTestId('room-title')).toContainText('Design team')
  await expect(owner.page.getByTestId('room-topic')).toHaveText('Sketches and reviews for the spring release')
  const room = new URL(owner.page.url()).pathname.split('/').at(-1) ?? ''
  // A private room gets the server's random id, which nobody guesses.
  expect(room).toMatch(/^[a-z0-9]{16}$/)
  await sendMessage(owner.page, 'Welcome, team.')
  await expect(owner.page.locator('[data-status="sent"]')).toHaveCount(1)

  const stranger = await newPerson(browser, { name: 'Mallory' })
  await stranger.page.goto(`/rooms/${room}`)
  const refusal = stranger.page.getByTestId('room-refusal')
  await expect(refusal).toHaveAttribute('data-kind', 'notMember')
  await expect(refusal).toContainText('Ask one of them for an invite')
  await expect(stranger.page.getByText('Welcome, team.')).toHaveCount(0)
  expect(await violations(stranger.page)).toEqual([])
  await screenshot(stranger.page, 'private-room-refusal')
  await owner.context.close()
  await stranger.context.close()
})

test('the settings panel changes the title, the announcement mode and slow mode, and members see them', async ({
  browser,
}) => {
  const owner = await newPerson(browser, { name: 'Ada' })
  const room = await createRoom(owner.page, 'Release notes', 'Public', 'What shipped this week')
  const dialog = await openSettings(owner.page, 'General')
  await expect(dialog.getByLabel('Title')).toHaveValue('Release notes')
  await dialog.getByLabel('Title').fill('Release announcements')
  await dialog.getByRole('checkbox', { name: /Announcement room/ }).check()
  expect(await violations(owner.page)).toEqual([])
  await screenshot(owner.page, 'room-settings-general')
  await dialog.getByRole('button', { name: 'Save changes' }).click()
  await expect(owner.page.getByTestId('moderation-announcer')).toHaveText('Room settings saved.')
  await owner.page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(owner.page.getByTestId('room-title')).toContainText('Release announcements')
  // The owner still posts in an announcement room.
  await sendMessage(owner.page, 'Version 2 is out.')
  await expect(owner.page.locator('[data-status="sent"]')).toHaveCount(1)

  const reader = await newPerson(browser, { name: 'Bob' })
  await openRoom(reader.page, room)
  await expect(bubbles(reader.page, 'Version 2 is out.')).toBeVisible()
  await expect(reader.page.getByTestId('read-only-note')).toContainText('only its moderators post here')
  await expect(composer(reader.page)).toHaveCount(0)
  expect(await violations(reader.page)).toEqual([])
  await screenshot(reader.page, 'room-read-only')

  // Announcements off, slow mode on: the reader may post once, then waits.
  const again = await openSettings(owner.page, 'General')
  await again.getByRole('checkbox', { name: /Announcement room/ }).uncheck()
  await again.getByLabel('Slow mode').selectOption({ label: '1 minute' })
  await again.getByRole('button', { name: 'Save changes' }).click()
  await expect(owner.page.getByTestId('moderation-announcer')).toHaveText('Room settings saved.')
  await owner.page.keyboard.press('Escape')

  await reader.page.reload()
  await expect(status(reader.page)).toHaveText('Live')
  await sendMessage(reader.page, 'Congratulations!')
  await expect(reader.page.locator('[data-status="sent"]')).toHaveCount(1)
  await expect(reader.page.getByTestId('slow-mode-note')).toContainText(/you may send again in \d+ s/)
  await composer(reader.page).fill('And another thing')
  await expect(reader.page.getByRole('button', { name: 'Send' })).toBeDisabled()
  expect(await violations(reader.page)).toEqual([])
  await screenshot(reader.page, 'room-slow-mode')

  // The lobby lists the public room by its title and topic, with who is online, and finds it.
  await reader.page.goto('/')
  await expect(reader.page.getByTestId('visited-rooms')).toContainText(`Release announcements#${room}`)
  const listed = reader.page.locator(`[data-testid="public-room"][data-room="${room}"]`)
  await expect(listed).toContainText('Release announcements')
  await expect(listed).toContainText('What shipped this week')
  await expect(listed).toContainText(/\d+ online/)
  const search = reader.page.getByRole('searchbox', { name: 'Search public rooms' })
  await search.fill('shipped this')
  await expect(reader.page.getByTestId('directory-count')).toContainText('match “shipped this”')
  await expect(listed).toBeVisible()
  expect(await violations(reader.page)).toEqual([])
  await screenshot(reader.page, 'lobby-directory')
  await search.fill(`no-room-is-called-${room}`)
  await expect(reader.page.getByTestId('directory-count')).toContainText('No public rooms match')
  await expect(listed).toHaveCount(0)
  await owner.context.close()
  await reader.context.close()
})

test('two people and a moderator: invite, report, delete, kick, mute and ban', async ({ browser, browserErrors }) => {
  // A banned person's look-up of the room is refused (403), and so is the socket they had.
  browserErrors.allow(/403|WebSocket/)
  const owner = await newPerson(browser, { name: 'Ada' })
  const room = await createRoom(owner.page, 'Crew', 'Private')

  // The owner makes an invite link with a limit of uses.
  const invites = await openSettings(owner.page, 'Invites')
  await invites.getByLabel('Uses').selectOption({ label: '5 uses' })
  await invites.getByRole('button', { name: 'Create invite link' }).click()
  const link = await invites.getByTestId('invite-link').first().inputValue()
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]+$/)
  await expect(invites.getByTestId('invite').first()).toContainText('0 of 5 used')
  expect(await violations(owner.page)).toEqual([])
  await screenshot(owner.page, 'room-settings-invites')
  await owner.page.keyboard.press('Escape')

  // Bob and Mo open the link and join.
  const bob = await newPerson(browser, { name: 'Bob' })
  const mo = await newPerson(browser, { name: 'Mo' })
  for (const person of [bob, mo]) {
    await person.page.goto(link)
    await expect(person.page.getByTestId('invite-room')).toHaveText('Crew')
    expect(await violations(person.page)).toEqual([])
    if (person === bob) await screenshot(person.page, 'invite-page')
    await person.page.getByRole('button', { name: 'Join the room' }).click()
    await expect(person.page).toHaveURL(new RegExp(`/rooms/${room}$`))
    await expect(status(person.page)).toHaveText('Live')
  }
  await screenshot(bob.page, 'room-as-member')

  // The owner makes Mo a moderator.
  const moId = (await sessionUser(mo.context)).id
  const members = await openSettings(owner.page, 'Members')
  const moEntry = members.locator(`[data-testid="member"][data-user="${moId}"]`)
  await moEntry.getByRole('button', { name: 'Make moderator' }).click()
  await expect(owner.page.getByTestId('moderation-announcer')).toHaveText('Mo is now a moderator.')
  await expect(moEntry.getByTestId('role-badge')).toHaveText('Moderator')
  expect(await violations(owner.page)).toEqual([])
  await screenshot(owner.page, 'room-settings-members')
  await owner.page.keyboard.press('Escape')
  await mo.page.reload()
  await expect(status(mo.page)).toHaveText('Live')
  await expect(mo.page.getByRole('button', { name: /Settings/ })).toBeVisible()

  // Bob posts spam; the owner reports it; the moderator deletes it from the queue.
  await sendMessage(bob.page, 'Cheap watches at example.com')
  await expect(bubbles(owner.page, 'Cheap watches at example.com')).toBeVisible()
  const spam = await openMessageMenu(owner.page, 'Cheap watches at example.com')
  await spam.getByRole('button', { name: 'Report' }).click()
  const report = owner.page.getByRole('dialog', { name: 'Report this message' })
  await report.getByLabel('Reason').fill('Advertising')
  expect(await violations(owner.page)).toEqual([])
  await screenshot(owner.page, 'report-dialog')
  await report.getByRole('button', { name: 'Send report' }).click()
  await expect(owner.page.getByTestId('moderation-announcer')).toContainText('moderators will look at your report')

  const queue = await openSettings(mo.page, 'Reports')
  const entry = queue.getByTestId('report').filter({ hasText: 'Cheap watches' })
  await expect(entry).toContainText('Advertising')
  expect(await violations(mo.page)).toEqual([])
  await screenshot(mo.page, 'room-settings-reports')
  await entry.getByRole('button', { name: 'Delete message' }).click()
  await expect(queue.getByTestId('report')).toHaveCount(0)
  await mo.page.keyboard.press('Escape')
  await expect(rowOf(bob.page, 'Removed by a moderator').getByTestId('moderated-mark')).toBeVisible()

  // A moderator's delete with a reason, from the message's menu.
  await sendMessage(bob.page, 'Another ad')
  await expect(bubbles(mo.page, 'Another ad')).toBeVisible()
  const ad = await openMessageMenu(mo.page, 'Another ad')
  await ad.getByRole('button', { name: 'Delete…' }).click()
  const remove = mo.page.getByRole('dialog', { name: 'Delete this message' })
  await remove.getByLabel('Reason (optional)').fill('No ads here')
  await remove.getByRole('button', { name: 'Delete message' }).click()
  await expect(owner.page.getByText('Removed by a moderator: No ads here')).toBeVisible()
  await expect(bob.page.getByText('Removed by a moderator: No ads here')).toBeVisible()

  // Kick: Bob is told, does not come back by himself, and rejoins with the button.
  const bobId = (await sessionUser(bob.context)).id
  const moderate = () =>
    mo.page.getByRole('complementary', { name: 'People' }).locator(`[data-testid="person"][data-user="${bobId}"]`)
  await moderate().getByRole('button', { name: 'Moderate Bob' }).click()
  const actions = mo.page.getByRole('dialog', { name: 'Moderate Bob' })
  expect(await violations(mo.page)).toEqual([])
  await screenshot(mo.page, 'person-actions-dialog')
  await actions.getByLabel('Reason (optional)').fill('Take a break')
  await actions.getByRole('button', { name: 'Kick Bob' }).click()
  const kicked = bob.page.getByTestId('room-refusal')
  await expect(kicked).toHaveAttribute('data-kind', 'kicked')
  await expect(kicked).toContainText('A moderator removed you from this room.')
  await expect(kicked).toContainText('Take a break')
  await expect(status(bob.page)).toHaveText('Disconnected')
  expect(await violations(bob.page)).toEqual([])
  await screenshot(bob.page, 'room-kicked')
  await bob.page.getByRole('button', { name: 'Rejoin' }).click()
  await expect(status(bob.page)).toHaveText('Live')

  // Mute for 5 minutes: the composer is closed and says until when.
  await moderate().getByRole('button', { name: 'Moderate Bob' }).click()
  await actions.getByRole('radio', { name: 'Mute' }).check()
  await actions.getByLabel('Mute for').selectOption({ label: '5 minutes' })
  await actions.getByRole('button', { name: 'Mute Bob' }).click()
  await expect(bob.page.getByTestId('muted-note')).toContainText(/You are muted until/)
  await expect(composer(bob.page)).toBeDisabled()
  // His rooms name this one by its title, not its random id.
  await expect(bob.page.getByRole('navigation', { name: 'Your rooms' })).toContainText('Crew')
  expect(await violations(bob.page)).toEqual([])
  await screenshot(bob.page, 'room-muted')

  // Ban for good: the socket closes, and a reload is refused before connecting.
  await moderate().getByRole('button', { name: 'Moderate Bob' }).click()
  await actions.getByRole('radio', { name: 'Ban' }).check()
  await actions.getByLabel('Ban for').selectOption({ label: 'For good' })
  await actions.getByRole('button', { name: 'Ban Bob' }).click()
  const banned = bob.page.getByTestId('room-refusal')
  await expect(banned).toHaveAttribute('data-kind', 'banned')
  await expect(banned).toContainText('for good')
  await expect(bob.page.getByRole('button', { name: 'Rejoin' })).toHaveCount(0)
  await bob.page.reload()
  await expect(bob.page.getByTestId('room-refusal')).toHaveAttribute('data-kind', 'banned')
  expect(await violations(bob.page)).toEqual([])
  await screenshot(bob.page, 'room-banned')

  // The ban and the mute are listed for the moderators, by name, who may lift them.
  const lists = await openSettings(mo.page, 'Bans & mutes')
  const ban = lists.getByTestId('restriction').filter({ hasText: 'For good' })
  await expect(ban).toHaveCount(1)
  await expect(ban).toContainText('Bob')
  await expect(lists.getByTestId('restriction').filter({ hasText: /Until/ })).toContainText('Bob')
  expect(await violations(mo.page)).toEqual([])
  await screenshot(mo.page, 'room-settings-bans')
  await lists.getByRole('button', { name: 'Lift the ban of Bob' }).click()
  await expect(mo.page.getByTestId('moderation-announcer')).toHaveText('Ban of Bob lifted.')
  await expect(ban).toHaveCount(0)
  // Lifted, Bob comes back (still muted).
  await bob.page.reload()
  await expect(status(bob.page)).toHaveText('Live')
  await expect(bob.page.getByTestId('muted-note')).toContainText(/You are muted until/)
  for (const person of [owner, bob, mo]) await person.context.close()
})
