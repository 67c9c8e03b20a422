import type { WebSocketRoute } from '@playwright/test'
import { expect, newPerson, openRoom, seedMessages, status, test, uniqueRoom } from './helpers'

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
  const messages = page.getByTestId('message')
  await expect(messages).toHaveCount(1005)
  await expect(messages.first()).toHaveText('Seed 0001')
  await expect(messages.last()).toHaveText('Seed 1005')
  expect(historyRequests).toContain('?limit=100&after=0')
  const texts = await messages.allTextContents()
  expect(new Set(texts).size).toBe(1005)
  await context.close()
})
