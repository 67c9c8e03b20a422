import type { WebSocketRoute } from '@playwright/test'
import {
  expect,
  messageCount,
  newPerson,
  openRoom,
  readAllMessages,
  seedMessages,
  status,
  test,
  uniqueRoom,
} from './helpers'

test('a resume beyond the replay cap fetches the missing messages over HTTP', async ({ browser }) => {
  const room = uniqueRoom('gap')
  const { context, page } = await newPerson(browser, { name: 'Ada' })
  // Every socket goes through this route, so the test can cut the page off while others talk.
  const sockets: WebSocketRoute[] = []
  const network = { refuse: false }
  await page.routeWebSocket(/\/api\/chat\//, (ws) => {
    if (network.refuse) return void ws.close({ code: 1012, reason: 'server restarting' })
    ws.connectToServer()
    sockets.push(ws)
  })
  const historyRequests: string[] = []
  page.on('request', (request) => {
    if (request.url().includes('/messages?')) historyRequests.push(new URL(request.url()).search)
  })

  await openRoom(page, room)
  network.refuse = true
  for (const ws of sockets) await ws.close({ code: 1012, reason: 'server restarting' })
  await expect(status(page)).toHaveText(/^Reconnecting/)

  // More than the server replays on resume (1,000): the rest comes as a gap.
  await seedMessages(room, 1005)
  network.refuse = false

  await expect(status(page)).toHaveText('Live', { timeout: 45_000 })
  await expect(messageCount(page)).toHaveAttribute('data-message-count', '1005')
  expect(historyRequests).toContain('?limit=100&after=0')
  expect(await readAllMessages(page)).toEqual(
    Array.from({ length: 1005 }, (_, i) => `Seed ${String(i + 1).padStart(4, '0')}`),
  )
  // Only the rows near the view are in the DOM.
  expect(await page.getByTestId('message').count()).toBeLessThan(100)
  await context.close()
})
