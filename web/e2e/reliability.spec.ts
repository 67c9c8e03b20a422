import type { Page, WebSocketRoute } from '@playwright/test'
import { bubbles, expect, newPerson, openRoom, sendMessage, status, storedMessages, test, uniqueRoom } from './helpers'

/**
 * Stands between the page and the server on every socket, so a test can make the current link
 * drop frames in both directions without closing, as a dead Wi-Fi or a stuck proxy does.
 */
async function silenceableLinks(page: Page) {
  const links: Array<{ silent: boolean; socket: WebSocketRoute; closedByPage: number | null }> = []
  await page.routeWebSocket(/\/api\/chat\//, (ws) => {
    const server = ws.connectToServer()
    const link = { silent: false, socket: ws, closedByPage: null as number | null }
    links.push(link)
    ws.onClose((code) => {
      link.closedByPage = code ?? null
      void server.close()
    })
    ws.onMessage((message) => {
      if (!link.silent) server.send(message)
    })
    server.onMessage((message) => {
      if (!link.silent) ws.send(message)
    })
  })
  return {
    count: () => links.length,
    closedByPage: (index: number) => links[index]?.closedByPage ?? null,
    silenceCurrent: () => {
      const current = links.at(-1)
      if (current === undefined) throw new Error('no socket yet')
      current.silent = true
    },
  }
}

test('a message sent into a link that drops frames silently is stored once, without a retry', async ({ browser }) => {
  const room = uniqueRoom('silent')
  const { context, page } = await newPerson(browser, { name: 'Ada' })
  const links = await silenceableLinks(page)
  await openRoom(page, room)
  links.silenceCurrent()
  await sendMessage(page, 'into a dead link')
  // The overdue ack makes the app ping; no pong, so it closes that socket as dead, opens a new one
  // and sends the message again.
  await expect.poll(() => links.closedByPage(0), { timeout: 45_000 }).not.toBeNull()
  await expect(bubbles(page, 'into a dead link')).toHaveAttribute('data-status', 'sent', { timeout: 45_000 })
  expect(links.count()).toBeGreaterThanOrEqual(2)
  await expect(page.getByTestId('failed-notice')).toHaveCount(0)
  expect((await storedMessages(room)).filter((m) => m.message === 'into a dead link')).toHaveLength(1)
  await context.close()
})

test('going offline shows at once, not at the next keepalive, and coming back reconnects', async ({ browser }) => {
  const room = uniqueRoom('offline')
  const { context, page } = await newPerson(browser, { name: 'Ada' })
  const links = await silenceableLinks(page)
  await openRoom(page, room)
  // The network is gone: nothing passes on the open socket, and the browser says so.
  links.silenceCurrent()
  await context.setOffline(true)
  // The app pings at once and gives up after its probe timeout (5 s), well before the 35 s a
  // quiet socket takes to be found dead by the keepalive alone.
  await expect(status(page)).toHaveText('Offline', { timeout: 15_000 })
  await context.setOffline(false)
  await expect(status(page)).toHaveText('Live')
  await sendMessage(page, 'back again')
  await expect(bubbles(page, 'back again')).toHaveAttribute('data-status', 'sent')
  await context.close()
})
