import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import {
  escapeRegExp,
  expect,
  newPerson,
  NodeChatter,
  openRoom,
  PHONE,
  screenshot,
  test,
  uniqueRoom,
  violations,
} from './helpers'
import { freePort, newDataDir, startServer, stopServer, type ServerState } from './server'

function heading(page: Page) {
  return page.getByRole('heading', { name: /^Online/ })
}

/**
 * Entries of the people list, by the text after the avatar's initials: the name, the mark that
 * everyone here is a guest, and "(you)" on "Ada (you)".
 */
function entries(...names: string[]): RegExp[] {
  return names.map((name) => {
    const bare = name.replace(/ \(you\)$/, '')
    return new RegExp(`${escapeRegExp(bare)} Guest${bare === name ? '' : ' \\(you\\)'}$`)
  })
}

/** A first page of 100 people, plus this person when the page did not hold them. */
async function expectFirstPage(entries: Locator): Promise<void> {
  await expect.poll(() => entries.count()).toBeGreaterThanOrEqual(100)
  expect(await entries.count()).toBeLessThanOrEqual(101)
}

test('the people list follows who joins, who is renamed and who leaves', async ({ browser }) => {
  const room = uniqueRoom('presence')
  const ada = await newPerson(browser, { name: 'Ada' })
  await openRoom(ada.page, room)
  const online = ada.page.getByTestId('online-list').getByRole('listitem')
  await expect(heading(ada.page)).toHaveText('Online — 1')

  const grace = await NodeChatter.connect(room, 'Grace')
  const katherine = await newPerson(browser, { name: 'Katherine' })
  await openRoom(katherine.page, room)
  await expect(heading(ada.page)).toHaveText('Online — 3')
  await expect(online).toHaveText(entries('Ada (you)', 'Grace', 'Katherine'))

  await katherine.page.getByRole('button', { name: 'Change your name' }).click()
  await katherine.page.getByLabel('Your name').fill('Katherine Johnson')
  await katherine.page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(online).toHaveText(entries('Ada (you)', 'Grace', 'Katherine Johnson'))
  await expect(heading(ada.page)).toHaveText('Online — 3')

  grace.close()
  await expect(online).toHaveText(entries('Ada (you)', 'Katherine Johnson'))
  await katherine.context.close()
  await expect(online).toHaveText(entries('Ada (you)'))
  await expect(heading(ada.page)).toHaveText('Online — 1')
  await ada.context.close()
})

test.describe('a room above the presence list limit', () => {
  let server: ServerState

  test.beforeAll(async () => {
    const root = newDataDir()
    server = await startServer({
      port: await freePort(),
      dataDir: join(root, 'data'),
      logFile: join(root, 'server.log'),
      env: { PRESENCE_LIST_LIMIT: '3' },
      remember: false,
    })
  })

  test.afterAll(async () => {
    if (server) await stopServer(server)
  })

  test('shows the count and pages the list over HTTP', async ({ browser }) => {
    test.setTimeout(180_000)
    const room = uniqueRoom('crowd')
    // 101 others and this person: one more than a page of 100.
    const others: NodeChatter[] = []
    for (let n = 1; n <= 101; n++) {
      others.push(await NodeChatter.connect(room, `Guest ${String(n).padStart(3, '0')}`, server.baseUrl))
    }
    const ada = await newPerson(browser, { name: 'Ada', server: server.baseUrl })
    await openRoom(ada.page, room)
    await expect(heading(ada.page)).toHaveText('Online — 102')
    await expect(ada.page.getByText('Too many to follow live.')).toBeVisible()

    const online = ada.page.getByTestId('online-list').getByRole('listitem')
    const more = ada.page.getByRole('button', { name: 'Show more' })
    await expect(online.first()).toHaveText(/Ada Guest \(you\)$/)
    // The first page holds 100 people in the server's order; Ada, always shown first, may or may
    // not be one of them.
    await expect(more).toBeVisible()
    await expectFirstPage(online)
    await more.click()
    await expect(online).toHaveCount(102)
    await expect(more).toHaveCount(0)
    await screenshot(ada.page, 'people-count-only-desktop')
    expect(await violations(ada.page)).toEqual([])

    // Changes come as counts only; Refresh loads the list anew.
    others.pop()?.close()
    await expect(heading(ada.page)).toHaveText('Online — 101')
    await ada.page.getByRole('button', { name: 'Refresh' }).click()
    await expect(more).toBeVisible()
    await expectFirstPage(online)
    await more.click()
    await expect(online).toHaveCount(101)

    // On a phone, opening the people button loads the list.
    const phone = await newPerson(browser, { name: 'Grace', device: PHONE, server: server.baseUrl })
    await openRoom(phone.page, room)
    const button = phone.page.getByRole('button', { name: /online/ })
    await expect(button).toContainText('102')
    await button.click()
    await expect(phone.page.getByRole('button', { name: 'Show more' })).toBeVisible()
    const phoneList = phone.page.getByTestId('online-list').getByRole('listitem')
    await expectFirstPage(phoneList)
    await screenshot(phone.page, 'people-count-only-phone')
    // The panel scrolls within the screen, down to its button.
    await phone.page.getByRole('button', { name: 'Show more' }).click()
    await expect(phoneList).toHaveCount(102)
    expect(await violations(phone.page)).toEqual([])

    for (const other of others) other.close()
    await ada.context.close()
    await phone.context.close()
  })
})
