import type { WebSocketRoute } from '@playwright/test'
import {
  baseUrl,
  bubbles,
  expect,
  newPerson,
  NodeChatter,
  openRoom,
  readyIdentities,
  sendMessage,
  sessionUser,
  status,
  test,
  uniqueRoom,
} from './helpers'

test('a name picked once survives a reload, and so do your own messages', async ({ browser }) => {
  const room = uniqueRoom('session')
  const { context, page } = await newPerson(browser)
  const readies = readyIdentities(page)
  await page.goto(`/rooms/${room}`)
  await page.getByLabel('Name', { exact: true }).fill('Dorothy Vaughan')
  await page.getByRole('button', { name: 'Join room' }).click()
  await expect(status(page)).toHaveText('Live')
  for (const text of ['before the reload 1', 'before the reload 2']) await sendMessage(page, text)
  await expect(bubbles(page, 'before the reload 2')).toHaveAttribute('data-status', 'sent')
  const user = await sessionUser(context)
  expect(user.name).toBe('Dorothy Vaughan')

  // The tab's memory of its guest ids would also mark these messages as hers; without it, only
  // the session can.
  await page.evaluate(() => sessionStorage.clear())
  await page.reload()
  await expect(status(page)).toHaveText('Live')
  await expect(page.getByRole('button', { name: 'Join room' })).toHaveCount(0)
  await expect(page.getByTestId('online-list')).toHaveText(/Dorothy Vaughan Guest \(you\)/)
  for (const text of ['before the reload 1', 'before the reload 2']) {
    await expect(bubbles(page, text)).toHaveAttribute('data-own', 'true')
  }
  await expect(page.getByTestId('message-row')).toHaveCount(2)
  for (const row of await page.getByTestId('message-row').all()) await expect(row).toHaveAttribute('data-own', 'true')
  await expect(page.getByTestId('sender-name')).toHaveText('You')
  // Both connections were the session's user.
  expect(readies).toEqual([user, user])
  await context.close()
})

test('two tabs of one browser are one person', async ({ browser }) => {
  const room = uniqueRoom('tabs')
  const { context, page: first } = await newPerson(browser, { name: 'Mary Jackson' })
  await openRoom(first, room)
  const second = await context.newPage()
  const secondReadies = readyIdentities(second)
  await openRoom(second, room)
  const mary = await sessionUser(context)
  expect(secondReadies).toEqual([mary])

  for (const page of [first, second]) {
    await expect(page.getByRole('heading', { name: /^Online/ })).toHaveText('Online — 1')
    await expect(page.getByTestId('online-list').getByRole('listitem')).toHaveCount(1)
  }
  // Someone else sees one Mary, not two.
  const outsider = await NodeChatter.connect(room, 'Outsider')
  const presence = await outsider.waitFor((frame) => frame.type === 'presence')
  const names = (presence.online as Array<{ name: string }>).map((entry) => entry.name).sort()
  expect(names).toEqual(['Mary Jackson', 'Outsider'])

  await sendMessage(first, 'from the first tab')
  await expect(bubbles(second, 'from the first tab')).toHaveAttribute('data-own', 'true')
  await sendMessage(second, 'from the second tab')
  await expect(bubbles(first, 'from the second tab')).toHaveAttribute('data-own', 'true')

  // A new name in one tab reaches the other, which reconnects under it: still one person.
  await first.getByRole('button', { name: 'Change your name' }).click()
  await first.getByLabel('Your name').fill('Mary W. Jackson')
  await first.getByRole('button', { name: 'Save', exact: true }).click()
  await expect.poll(() => secondReadies.at(-1)).toEqual({ id: mary.id, name: 'Mary W. Jackson', kind: 'guest' })
  for (const page of [first, second]) {
    await expect(status(page)).toHaveText('Live')
    const online = page.getByTestId('online-list').getByRole('listitem')
    await expect(online).toHaveCount(2)
    await expect(online.filter({ hasText: '(you)' })).toContainText('Mary W. Jackson Guest (you)')
  }
  outsider.close()
  await context.close()
})

test('renaming keeps the user id, so earlier messages stay yours', async ({ browser }) => {
  const room = uniqueRoom('rename')
  const { context, page } = await newPerson(browser, { name: 'Ada' })
  const grace = await NodeChatter.connect(room, 'Grace')
  const katherine = await newPerson(browser, { name: 'Katherine' })
  await openRoom(katherine.page, room)
  await openRoom(page, room)
  await sendMessage(page, 'before the rename')
  await expect(bubbles(page, 'before the rename')).toHaveAttribute('data-status', 'sent')
  const before = await sessionUser(context)

  await page.getByRole('button', { name: 'Change your name' }).click()
  await page.getByLabel('Your name').fill('   ')
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled()
  await page.getByLabel('Your name').fill('Ada King')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByTestId('online-list')).toHaveText(/Ada King Guest \(you\)/)
  await expect(status(page)).toHaveText('Live')
  expect(await sessionUser(context)).toEqual({ id: before.id, name: 'Ada King', kind: 'guest' })

  await sendMessage(page, 'after the rename')
  await expect(bubbles(page, 'after the rename')).toHaveAttribute('data-status', 'sent')
  await expect(bubbles(page, 'before the rename')).toHaveAttribute('data-own', 'true')
  const seenByGrace = await grace.waitFor((frame) => frame.type === 'message' && frame.message === 'after the rename')
  expect(seenByGrace).toMatchObject({ from: before.id, name: 'Ada King' })

  // To others the older message keeps the name it was sent under, but both wear one colour.
  const groups = katherine.page.locator('[data-testid="message-row"][data-group-start="true"]')
  await expect(groups.getByTestId('sender-name')).toHaveText(['Ada', 'Ada King'])
  const colours = await groups
    .getByTestId('avatar')
    .evaluateAll((avatars) => avatars.map((avatar) => getComputedStyle(avatar).backgroundColor))
  expect(colours).toHaveLength(2)
  expect(colours[1]).toBe(colours[0])
  await katherine.context.close()

  await page.goto('/')
  await expect(page.getByLabel('Display name')).toHaveValue('Ada King')
  grace.close()
  await context.close()
})

test('the lobby renames under the same id and explains a refused name', async ({ browser, browserErrors }) => {
  browserErrors.allow(/status of 400 \(Bad Request\) \(.*\/api\/session\)/)
  const { context, page } = await newPerson(browser, { name: 'Katherine' })
  await page.goto('/')
  const field = page.getByLabel('Display name')
  await expect(field).toHaveValue('Katherine')
  // The lobby opens the session under the remembered name on its own.
  await expect
    .poll(async () => ((await (await context.request.get('/api/session')).json()) as { user: unknown }).user)
    .not.toBeNull()
  const before = await sessionUser(context)

  // Nothing the server accepts as a name: only direction marks, which it strips.
  await field.fill('\u200e\u200f')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('alert')).toHaveText('A name is 1 to 32 characters.')
  expect(await sessionUser(context)).toEqual(before)

  await field.fill('Katherine Johnson')
  await field.press('Enter')
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0)
  expect(await sessionUser(context)).toEqual({ id: before.id, name: 'Katherine Johnson', kind: 'guest' })
  await context.close()
})

test('a session the server no longer accepts is opened again under the remembered name', async ({
  browser,
  browserErrors,
}) => {
  // The upgrades this test makes the server refuse, and the room's settings, which the app asks
  // after a failed upgrade (to tell a ban or a private room from a server that is down).
  browserErrors.allow(/WebSocket connection to .* failed: HTTP Authentication failed/)
  browserErrors.allow(/status of 401 \(Unauthorized\) \(http:\/\/[^)]*\/api\/rooms\/lapsed-/)
  const room = uniqueRoom('lapsed')
  const { context, page } = await newPerson(browser, { name: 'Ada' })
  // Every socket goes through this route, so the test can cut the live one, at both ends.
  const sockets: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = []
  await page.routeWebSocket(/\/api\/chat\//, (ws) => {
    sockets.push({ page: ws, server: ws.connectToServer() })
  })
  await openRoom(page, room)
  await sendMessage(page, 'under the first session')
  await expect(bubbles(page, 'under the first session')).toHaveAttribute('data-status', 'sent')
  const first = await sessionUser(context)

  // A cookie the server cannot verify (as after a change of its key): upgrades now fail with 401,
  // which the browser reports only as a socket that never opened.
  await context.addCookies([{ name: 'dormouse_session', value: 'not-a-valid-token', url: baseUrl() }])
  const signIns: string[] = []
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/session')) signIns.push(request.postData() ?? '')
  })
  for (const { page: toPage, server } of sockets) {
    await toPage.close({ code: 1012, reason: 'server restarting' })
    // The server's end is a browser socket, which may only close with 1000 or 3000-4999.
    await server.close({ code: 1000, reason: 'gone' })
  }
  await expect(status(page)).toHaveText(/^Reconnecting/)
  await expect(status(page)).toHaveText('Live', { timeout: 45_000 })

  const second = await sessionUser(context)
  expect(second.name).toBe('Ada')
  expect(signIns).toEqual([JSON.stringify({ name: 'Ada' })])
  expect(second.id).not.toBe(first.id)
  // One Ada: the socket of the first session is gone. To everyone else her messages under it are
  // another id by the same name, so in view of them she has a short id.
  await expect(page.getByTestId('online-list').getByRole('listitem')).toHaveCount(1)
  await expect(page.getByTestId('online-list')).toHaveText(/Ada · [0-9a-f]{4} Guest \(you\)$/)
  await sendMessage(page, 'under the second session')
  await expect(bubbles(page, 'under the second session')).toHaveAttribute('data-status', 'sent')
  await expect(bubbles(page, 'under the first session')).toHaveAttribute('data-own', 'true')
  await context.close()
})
