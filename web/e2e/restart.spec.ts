import {
  bubbles,
  composer,
  expect,
  newPerson,
  offlineShellReady,
  NodeChatter,
  openRoom,
  PHONE,
  sendMessage,
  status,
  storedMessages,
  test,
  uniqueRoom,
} from './helpers'
import { serverState, startAgain, stopServer } from './server'

test('a server restart mid-conversation loses and doubles nothing', async ({ browser, browserErrors }) => {
  // The browser reports each request and socket that finds the server stopped.
  browserErrors.allow(/ERR_CONNECTION_REFUSED/)
  const room = uniqueRoom('restart')
  const ada = await newPerson(browser, { name: 'Ada' })
  const grace = await newPerson(browser, { name: 'Grace', device: PHONE, colorScheme: 'dark' })
  await openRoom(ada.page, room)
  await openRoom(grace.page, room)

  await sendMessage(ada.page, 'before the restart')
  await expect(bubbles(grace.page, 'before the restart')).toBeVisible()

  await stopServer(serverState())
  for (const page of [ada.page, grace.page]) await expect(status(page)).toHaveText(/^Reconnecting/)

  // Typed while the server is down: shown at once, waiting for the connection.
  await sendMessage(ada.page, 'typed during the outage')
  await expect(bubbles(ada.page, 'typed during the outage')).toHaveAttribute('data-status', 'queued')

  await startAgain()
  // Someone else talks before the browsers are back (they are still waiting out their backoff).
  const carol = await NodeChatter.connect(room, 'Carol')
  await carol.send('while you were away 1')
  await carol.send('while you were away 2')

  for (const page of [ada.page, grace.page]) {
    await expect(status(page)).toHaveText('Live', { timeout: 45_000 })
    await expect(bubbles(page, 'while you were away 1')).toHaveCount(1)
    await expect(bubbles(page, 'while you were away 2')).toHaveCount(1)
    await expect(bubbles(page, 'typed during the outage')).toHaveCount(1)
    await expect(bubbles(page, 'before the restart')).toHaveCount(1)
  }
  await expect(bubbles(ada.page, 'typed during the outage')).toHaveAttribute('data-status', 'sent')

  // And live again afterwards, both ways.
  await carol.send('after the restart')
  await sendMessage(grace.page, 'glad that worked')
  for (const page of [ada.page, grace.page]) {
    await expect(bubbles(page, 'after the restart')).toHaveCount(1)
    await expect(bubbles(page, 'glad that worked')).toHaveCount(1)
    await expect(page.getByTestId('message')).toHaveCount(6)
  }

  // The server stored the outage message exactly once.
  const stored = (await storedMessages(room)).map((message) => message.message)
  expect(stored.filter((text) => text === 'typed during the outage')).toHaveLength(1)
  expect(stored).toHaveLength(6)

  // A reload shows the same six, once each.
  await ada.page.reload()
  await expect(status(ada.page)).toHaveText('Live')
  await expect(ada.page.getByTestId('message')).toHaveCount(6)

  carol.close()
  await ada.context.close()
  await grace.context.close()
})

test('unsent messages and the draft survive a reload and a closed tab while the server is down', async ({
  browser,
  browserErrors,
}) => {
  browserErrors.allow(/ERR_CONNECTION_REFUSED/)
  const room = uniqueRoom('outbox')
  const { context, page } = await newPerson(browser, { name: 'Ada' })
  await openRoom(page, room)
  await sendMessage(page, 'before the outage')
  await expect(bubbles(page, 'before the outage')).toHaveAttribute('data-status', 'sent')
  await offlineShellReady(page)

  await stopServer(serverState())
  await expect(status(page)).toHaveText(/^Reconnecting/)
  await sendMessage(page, 'typed during the outage')
  await expect(bubbles(page, 'typed during the outage')).toHaveAttribute('data-status', 'queued')
  await composer(page).fill('a draft, not sent yet')

  // A reload with the server down: the service worker serves the app, which still has both.
  await page.reload()
  await expect(bubbles(page, 'typed during the outage')).toHaveAttribute('data-status', 'queued')
  await expect(composer(page)).toHaveValue('a draft, not sent yet')

  // The tab closed, and the room opened again in a new one.
  await page.close()
  const again = await context.newPage()
  await again.goto(`/rooms/${room}`)
  await expect(bubbles(again, 'typed during the outage')).toHaveAttribute('data-status', 'queued')
  await expect(composer(again)).toHaveValue('a draft, not sent yet')

  await startAgain()
  await expect(status(again)).toHaveText('Live', { timeout: 45_000 })
  await expect(bubbles(again, 'typed during the outage')).toHaveAttribute('data-status', 'sent')
  await expect(composer(again)).toHaveValue('a draft, not sent yet')
  const stored = (await storedMessages(room)).map((message) => message.message)
  expect(stored).toEqual(['before the outage', 'typed during the outage'])
  // Sent once: the outbox is empty now, so another reload sends nothing again.
  await again.reload()
  await expect(status(again)).toHaveText('Live')
  await expect(again.getByTestId('message')).toHaveCount(2)
  expect(await storedMessages(room)).toHaveLength(2)
  await context.close()
})
