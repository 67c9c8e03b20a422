import type { WebSocketRoute } from '@playwright/test'
import {
  expect,
  newPerson,
  NodeChatter,
  openRoom,
  PHONE,
  screenshot,
  sendMessage,
  test,
  uniqueRoom,
  violations,
} from './helpers'

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the lobby and a room pass axe checks in ${colorScheme} mode`, async ({ browser }) => {
    const room = uniqueRoom('a11y')
    const { context, page } = await newPerson(browser, { name: 'Ada Lovelace', colorScheme })
    await openRoom(page, room)
    const grace = await NodeChatter.connect(room, 'Grace Hopper')
    await grace.send('Links like https://example.com/a11y are links.')
    await sendMessage(page, 'And my own messages are readable too.')
    await expect(page.locator('[data-status="sent"]')).toHaveCount(1)
    grace.typing()
    await expect(page.getByTestId('typing-indicator')).toContainText('Grace Hopper')
    expect(await violations(page)).toEqual([])

    await page.goto('/')
    await expect(page.getByTestId('visited-rooms')).toBeVisible()
    expect(await violations(page)).toEqual([])
    grace.close()
    await context.close()
  })
}

test("a room link's name prompt and the not-found page pass axe checks", async ({ browser }) => {
  const { context, page } = await newPerson(browser)
  await page.goto(`/rooms/${uniqueRoom('prompt')}`)
  await expect(page.getByRole('button', { name: 'Join room' })).toBeVisible()
  expect(await violations(page)).toEqual([])
  await page.goto('/no/such/page')
  await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible()
  expect(await violations(page)).toEqual([])
  await context.close()
})

test('a phone-sized room can be used with the keyboard alone', async ({ browser }) => {
  const room = uniqueRoom('keys')
  const { context, page } = await newPerson(browser, { name: 'Ada', device: PHONE, colorScheme: 'dark' })
  await openRoom(page, room)
  // The people button opens the online list, Escape closes it.
  const people = page.getByRole('button', { name: /online/ })
  await people.focus()
  await page.keyboard.press('Enter')
  await expect(people).toHaveAttribute('aria-expanded', 'true')
  await expect(page.locator('#people-panel-mobile')).toContainText('Ada')
  await page.keyboard.press('Escape')
  await expect(people).toHaveAttribute('aria-expanded', 'false')
  // Tab reaches the composer; Enter sends.
  const composer = page.getByRole('textbox', { name: 'Message' })
  for (let i = 0; i < 10 && !(await composer.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab')
  }
  await expect(composer).toBeFocused()
  await page.keyboard.type('typed with the keyboard only')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('message').filter({ hasText: 'typed with the keyboard only' })).toHaveAttribute(
    'data-status',
    'sent',
  )
  expect(await violations(page)).toEqual([])
  await context.close()
})

test('a 360 px phone shows everything without sideways scrolling, even while reconnecting', async ({ browser }) => {
  const room = `a-rather-long-room-name-for-small-phones-${Math.random().toString(36).slice(2, 6)}`
  const { context, page } = await newPerson(browser, {
    name: 'Ada',
    device: { ...PHONE, viewport: { width: 360, height: 740 } },
  })
  // Every socket goes through this route, so the test can cut them as a dying server would.
  const sockets: WebSocketRoute[] = []
  const network = { refuse: false }
  await page.routeWebSocket(/\/api\/chat\//, (ws) => {
    if (network.refuse) return void ws.close({ code: 1012, reason: 'server restarting' })
    ws.connectToServer()
    sockets.push(ws)
  })
  await openRoom(page, room)
  await sendMessage(page, 'A message with a long link https://example.com/a/very/long/path/that/must/wrap/somewhere')
  await expect(page.locator('[data-status="sent"]')).toHaveCount(1)
  network.refuse = true
  for (const ws of sockets) await ws.close({ code: 1012, reason: 'server restarting' })
  await expect(page.getByTestId('connection-status')).toHaveText(/^Reconnecting in \d+ s$/)
  await expect(page.getByRole('button', { name: 'Retry now' })).toBeVisible()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await screenshot(page, 'phone-360-reconnecting')
  await context.close()
})
