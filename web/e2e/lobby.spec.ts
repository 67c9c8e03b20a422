import {
  bubbles,
  composer,
  expect,
  newPerson,
  NodeChatter,
  openRoom,
  sendMessage,
  status,
  storedMessages,
  test,
  uniqueRoom,
} from './helpers'

test('the lobby remembers the name, creates rooms and lists visited ones', async ({ browser }) => {
  const { context, page } = await newPerson(browser)
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Dormouse' })).toBeVisible()

  // No name yet: creating a room asks for one.
  await page.getByRole('button', { name: 'Create a room' }).click()
  await expect(page.getByText('Pick a display name first.')).toBeVisible()

  await page.getByLabel('Display name').fill('Katherine')
  await page.getByRole('button', { name: 'Create a room' }).click()
  // A public room by default, under a readable id for its link.
  await page.getByRole('dialog', { name: 'Create a room' }).getByRole('button', { name: 'Create room' }).click()
  await expect(page).toHaveURL(/\/rooms\/[a-z]+-[a-z]+-\d{2}$/)
  await expect(status(page)).toHaveText('Live')
  // The room opens with the focus in the message box, ready to type.
  await expect(composer(page)).toBeFocused()
  const created = new URL(page.url()).pathname.split('/').at(-1) ?? ''

  // Join by name, typed loosely.
  await page.goto('/')
  await expect(page.getByLabel('Display name')).toHaveValue('Katherine')
  const named = `Design Team ${uniqueRoom('x').slice(2)}`
  const namedId = named.replaceAll(' ', '-')
  await page.getByLabel('Join a room').fill(named)
  await page.getByRole('button', { name: 'Join', exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`/rooms/${namedId}$`))
  await expect(status(page)).toHaveText('Live')
  await expect(composer(page)).toBeFocused()

  await page.goto('/')
  const visited = page.getByTestId('visited-rooms')
  await expect(visited.getByRole('link')).toHaveCount(2)
  await expect(visited.getByRole('link').first()).toContainText(namedId)
  await expect(visited.getByRole('link').nth(1)).toContainText(created)

  // A bad room name is explained, not sent.
  await page.getByLabel('Join a room').fill('no/slashes')
  await page.getByRole('button', { name: 'Join', exact: true }).click()
  await expect(page.getByText(/Room names use letters/)).toBeVisible()
  await context.close()
})

test('a first-time visitor with a link is asked for a name and can chat at once', async ({ browser }) => {
  const room = uniqueRoom('newcomer')
  const { context, page } = await newPerson(browser)
  await page.goto(`/rooms/${room}`)
  await page.getByLabel('Name').fill('Dorothy')
  await page.getByRole('button', { name: 'Join room' }).click()
  await expect(status(page)).toHaveText('Live')
  await expect(composer(page)).toBeFocused()
  await sendMessage(page, 'Hello from a newcomer')
  await expect(bubbles(page, 'Hello from a newcomer')).toHaveAttribute('data-status', 'sent')
  await expect(page.getByTestId('online-list')).toContainText('Dorothy')
  await context.close()
})

test('unknown paths show the app, API paths stay API errors', async ({ browser, request }) => {
  const { context, page } = await newPerson(browser, { name: 'Ada' })
  await page.goto('/no/such/page')
  await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible()
  await page.goto('/rooms/bad%20room%21')
  await expect(page.getByRole('heading', { name: 'Not a room name' })).toBeVisible()
  await context.close()
  const { baseUrl } = await import('./helpers')
  const api = await request.get(`${baseUrl()}/api/no-such-thing`)
  expect(api.status()).toBe(404)
  expect(api.headers()['content-type']).toContain('application/json')
})

test('a refused message can be retried under the same clientId; other errors show as notices', async ({ browser }) => {
  const room = uniqueRoom('errors')
  const { context, page } = await newPerson(browser, { name: 'Ada' })
  const sentClientIds: string[] = []
  const wire: { toPage?: (text: string) => void; refuseNext: boolean } = { refuseNext: true }
  // Stand between the page and the real server, to play a server that refuses one send.
  await page.routeWebSocket(/\/api\/chat\//, (ws) => {
    const server = ws.connectToServer()
    wire.toPage = (text) => ws.send(text)
    ws.onMessage((message) => {
      if (typeof message === 'string' && message.startsWith('{')) {
        const frame = JSON.parse(message) as { type: string; clientId?: string }
        if (frame.type === 'send' && frame.clientId) {
          sentClientIds.push(frame.clientId)
          if (wire.refuseNext) {
            wire.refuseNext = false
            const refusal = {
              type: 'error',
              code: 'unavailable',
              message: 'Storage is full.',
              clientId: frame.clientId,
            }
            ws.send(JSON.stringify(refusal))
            return
          }
        }
      }
      server.send(message)
    })
  })
  await openRoom(page, room)
  await sendMessage(page, 'please store me')
  const failed = page.getByTestId('failed-notice')
  await expect(failed).toContainText('could not store')
  await failed.getByRole('button', { name: 'Retry' }).click()
  await expect(bubbles(page, 'please store me')).toHaveAttribute('data-status', 'sent')
  expect(sentClientIds).toHaveLength(2)
  expect(sentClientIds[1]).toBe(sentClientIds[0])
  expect((await storedMessages(room)).filter((m) => m.message === 'please store me')).toHaveLength(1)

  wire.toPage?.('{"type":"error","code":"bad_frame","message":"Unknown frame type."}')
  await expect(page.getByTestId('notice')).toHaveText('Unknown frame type.')
  await page.getByRole('button', { name: 'Dismiss notice' }).click()
  await expect(page.getByTestId('notice')).toHaveCount(0)
  await context.close()
})

test('the tab title counts unread messages while the tab is hidden', async ({ browser }) => {
  const room = uniqueRoom('unread')
  const { context, page } = await newPerson(browser, { name: 'Ada' })
  await openRoom(page, room)
  await expect(page).toHaveTitle(`#${room} · Dormouse`)
  const setVisibility = (state: 'hidden' | 'visible') =>
    page.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value })
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => value === 'hidden' })
      document.dispatchEvent(new Event('visibilitychange'))
    }, state)
  await setVisibility('hidden')
  const grace = await NodeChatter.connect(room, 'Grace')
  await grace.send('are you there?')
  await grace.send('hello?')
  await expect(page).toHaveTitle(`(2) #${room} · Dormouse`)
  await expect(page.getByTestId('announcer')).toHaveText('Grace (guest): hello?')
  await setVisibility('visible')
  await expect(page).toHaveTitle(`#${room} · Dormouse`)
  grace.close()
  await context.close()
})

test('"Copy room link" puts the room address on the clipboard', async ({ browser }) => {
  const room = uniqueRoom('share')
  const { context, page } = await newPerson(browser, { name: 'Ada' })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await openRoom(page, room)
  await page.getByRole('button', { name: 'Copy room link' }).click()
  await expect(page.getByRole('button', { name: 'Link copied' })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url())
  await context.close()
})
