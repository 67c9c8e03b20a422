import type { Page } from '@playwright/test'
import {
  bubbles,
  expect,
  newPerson,
  NodeChatter,
  openRoom,
  PHONE,
  screenshot,
  seedMessages,
  setVisibility,
  status,
  test,
  uniqueRoom,
  violations,
} from './helpers'

// Read markers, the "New messages" divider, the room list's badges and the tab title, across two
// people and two tabs of one person. These need a server with read markers and GET /api/me/rooms
// (docs/protocol.md).

function roomEntry(page: Page, room: string) {
  return page.locator(`[data-testid="room-list-entry"][data-room="${room}"]`)
}

test('unread messages show as a divider, as badges and in the title, and clear in every tab once read', async ({
  browser,
}) => {
  const alpha = uniqueRoom('alpha')
  const beta = uniqueRoom('beta')
  const ada = await newPerson(browser, { name: 'Ada Lovelace' })
  // Joining makes both rooms Ada's, each with a marker at its latest message.
  await openRoom(ada.page, beta)
  await openRoom(ada.page, alpha)

  // A second tab of Ada's, in beta, hidden: what arrives there is not read.
  const hiddenTab = await ada.context.newPage()
  await openRoom(hiddenTab, beta)
  await setVisibility(hiddenTab, 'hidden')

  const grace = await NodeChatter.connect(beta, 'Grace Hopper')
  await grace.send('Morning, Ada.')
  await grace.send('The launch moved to Thursday.')
  await grace.send('Can you update the notes?')
  await expect(bubbles(hiddenTab, 'Can you update the notes?')).toBeAttached()
  await expect(hiddenTab).toHaveTitle(`(3) #${beta} · Dormouse`)

  // The visible tab, in alpha, hears of it by the room list (polled while visible; a focus asks at once).
  await ada.page.evaluate(() => window.dispatchEvent(new Event('focus')))
  await expect(
    roomEntry(ada.page, beta).getByTestId('unread-badge').getByText('3 unread', { exact: true }),
  ).toBeAttached()
  await expect(roomEntry(ada.page, alpha).getByTestId('unread-badge')).toHaveCount(0)
  await expect(ada.page).toHaveTitle(`(3) #${alpha} · Dormouse`)
  // The newest activity first.
  await expect(ada.page.getByTestId('room-list-entry').first()).toHaveAttribute('data-room', beta)
  expect(await violations(ada.page)).toEqual([])

  // Opening beta shows the divider above the first unread message; reading it clears everything.
  await roomEntry(ada.page, beta).getByRole('link').click()
  await expect(status(ada.page)).toHaveText('Live')
  const divider = ada.page.getByTestId('unread-divider')
  await expect(divider).toHaveText('New messages')
  await expect(divider).toBeInViewport()
  const firstUnread = ada.page.getByTestId('message-row').filter({ has: bubbles(ada.page, 'Morning, Ada.') })
  await expect(ada.page.locator('li', { has: divider }).getByTestId('message')).toHaveText('Morning, Ada.')
  await expect(firstUnread).toBeVisible()
  await expect(ada.page).toHaveTitle(`#${beta} · Dormouse`)
  // The hidden tab's marker moved with it at once, by the server's read frame.
  await expect(hiddenTab).toHaveTitle(`#${beta} · Dormouse`)
  await screenshot(ada.page, 'unread-divider-desktop-light')

  // Back in alpha, beta's badge is gone.
  await ada.page.goto(`/rooms/${alpha}`)
  await expect(status(ada.page)).toHaveText('Live')
  await expect(roomEntry(ada.page, beta)).toBeVisible()
  await expect(roomEntry(ada.page, beta).getByTestId('unread-badge')).toHaveCount(0)
  await expect(ada.page).toHaveTitle(`#${alpha} · Dormouse`)

  // The lobby lists the rooms with the latest message.
  await ada.page.goto('/')
  await expect(roomEntry(ada.page, beta)).toContainText('Grace Hopper: Can you update the notes?')
  await expect(ada.page).toHaveTitle('Dormouse')
  grace.close()
  await ada.context.close()
})

test('a long unread stretch opens at the divider, is read as it is scrolled, and can be jumped back to', async ({
  browser,
}) => {
  const room = uniqueRoom('backlog')
  await seedMessages(room, 3, 'Read')
  const ada = await newPerson(browser, { name: 'Ada', device: PHONE, colorScheme: 'dark' })
  await openRoom(ada.page, room)
  await ada.page.goto('/')
  await seedMessages(room, 40, 'Unread')

  await ada.page.goto(`/rooms/${room}`)
  await expect(status(ada.page)).toHaveText('Live')
  await expect(ada.page.getByTestId('unread-divider')).toBeInViewport()
  await expect(bubbles(ada.page, 'Unread 01')).toBeInViewport()
  // Only what came into view is read: most of the 40 are still unread.
  await expect(bubbles(ada.page, 'Unread 40')).not.toBeInViewport()
  await expect(ada.page).toHaveTitle(new RegExp(`^\\(\\d+\\) #${room} · Dormouse$`))
  const unreadNow = Number((await ada.page.title()).match(/^\((\d+)\)/)?.[1])
  expect(unreadNow).toBeGreaterThan(20)
  await screenshot(ada.page, 'unread-divider-phone-dark')

  // Scrolling to the end reads the rest; the divider stays, with a way back to it.
  await ada.page.getByTestId('message-scroller').evaluate((element) => element.scrollTo({ top: element.scrollHeight }))
  await expect(bubbles(ada.page, 'Unread 40')).toBeInViewport()
  await expect(ada.page).toHaveTitle(`#${room} · Dormouse`)
  const jump = ada.page.getByRole('button', { name: 'Jump to first unread' })
  await expect(jump).toBeVisible()
  await jump.click()
  await expect(ada.page.getByTestId('unread-divider')).toBeInViewport()
  await expect(bubbles(ada.page, 'Unread 01')).toBeFocused()
  await expect(jump).toHaveCount(0)
  expect(await violations(ada.page)).toEqual([])

  // A reload: nothing is unread any more, so no divider.
  await ada.page.reload()
  await expect(status(ada.page)).toHaveText('Live')
  await expect(bubbles(ada.page, 'Unread 40')).toBeInViewport()
  await expect(ada.page.getByTestId('unread-divider')).toHaveCount(0)
  await ada.context.close()
})

test('notifications are asked for only from the button, and shown while the tab is hidden', async ({ browser }) => {
  const room = uniqueRoom('notify')
  const ada = await newPerson(browser, { name: 'Ada' })
  await ada.page.addInitScript(() => {
    // A stand-in for the browser's Notification, which headless Chromium cannot show: it records.
    const shown: Array<{ title: string; body: string }> = []
    let permission: NotificationPermission = 'default'
    let asked = 0
    class RecordingNotification {
      static get permission() {
        return permission
      }
      static async requestPermission() {
        asked++
        permission = 'granted'
        return permission
      }
      onclick: (() => void) | null = null
      constructor(title: string, options: { body: string }) {
        shown.push({ title, body: options.body })
      }
      close() {}
    }
    Object.assign(window, { Notification: RecordingNotification, shownNotifications: shown, timesAsked: () => asked })
  })
  await openRoom(ada.page, room)
  const asked = () => ada.page.evaluate(() => (window as unknown as { timesAsked: () => number }).timesAsked())
  expect(await asked()).toBe(0)
  await ada.page.getByRole('button', { name: /Notify me/ }).click()
  expect(await asked()).toBe(1)
  await expect(ada.page.getByRole('button', { name: /Notify me/ })).toHaveCount(0)

  const grace = await NodeChatter.connect(room, 'Grace')
  await grace.send('seen while looking')
  await expect(bubbles(ada.page, 'seen while looking')).toBeVisible()
  await setVisibility(ada.page, 'hidden')
  await grace.send('sent while away')
  await expect(bubbles(ada.page, 'sent while away')).toBeAttached()
  const shown = () =>
    ada.page.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications)
  await expect.poll(shown).toEqual([{ title: `Grace in #${room}`, body: 'sent while away' }])
  grace.close()
  await ada.context.close()
})
