import type { Locator, Page } from '@playwright/test'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  bubbles,
  composer,
  escapeRegExp,
  expect,
  newPerson,
  openRoom,
  screenshot,
  sendMessage,
  test,
  uniqueRoom,
  violations,
} from './helpers'
import { freePort, newDataDir, startServer, stopServer, type ServerState } from './server'

// Names are not unique, so anyone can join as "Ada". The room marks who stands behind each name
// (a guest, or someone the operator's sign-in vouches for) and, when two people in view share a
// name, shows a short id after it.

function people(page: Page): Locator {
  return page.getByTestId('online-list').getByRole('listitem')
}

function yourEntry(page: Page): Locator {
  return people(page).filter({ hasText: '(you)' })
}

/** The short id shown in `entry`, once there is one. */
async function shortIdIn(entry: Locator): Promise<string> {
  const tag = entry.getByTestId('name-tag')
  await expect(tag).toHaveText(/^· [0-9a-f]{4}$/)
  return ((await tag.textContent()) ?? '').replace('· ', '')
}

/** The name line above the group that holds the message `text`, as it reads: "Ada · 3f9c Guest". */
function senderOf(page: Page, text: string): Locator {
  return page
    .getByTestId('message-row')
    .filter({ has: bubbles(page, text) })
    .getByTestId('person')
}

test('two guests called Ada are told apart by their short ids, and both are marked as guests', async ({ browser }) => {
  const room = uniqueRoom('namesakes')
  const first = await newPerson(browser, { name: 'Ada' })
  await openRoom(first.page, room)
  await expect(yourEntry(first.page).getByTestId('kind-mark')).toHaveText('Guest')
  // Alone with her name, she needs no short id.
  await expect(yourEntry(first.page).getByTestId('name-tag')).toHaveCount(0)

  const second = await newPerson(browser, { name: 'Ada' })
  await openRoom(second.page, room)
  const grace = await newPerson(browser, { name: 'Grace' })
  await openRoom(grace.page, room)

  // Each Ada sees her own short id once the other is in the room, and the two differ.
  const firstId = await shortIdIn(yourEntry(first.page))
  const secondId = await shortIdIn(yourEntry(second.page))
  expect(firstId).not.toBe(secondId)

  // Grace sees each of them with the short id that Ada sees for herself, each marked a guest; her
  // own name is hers alone and has none.
  const list = people(grace.page)
  await expect(list).toHaveCount(3)
  await expect(list.filter({ hasText: `· ${firstId}` })).toHaveText(new RegExp(`Ada · ${firstId} Guest$`))
  await expect(list.filter({ hasText: `· ${secondId}` })).toHaveText(new RegExp(`Ada · ${secondId} Guest$`))
  await expect(yourEntry(grace.page)).toHaveText(/Grace Guest \(you\)$/)

  await sendMessage(first.page, 'I am the first Ada.')
  await expect(senderOf(grace.page, 'I am the first Ada.')).toHaveText(`Ada · ${firstId} Guest`)
  await composer(second.page).pressSequentially('And')
  await expect(grace.page.getByTestId('typing-indicator')).toHaveText(`Ada · ${secondId} is typing…`)
  await composer(second.page).fill('And I am the second.')
  await composer(second.page).press('Enter')
  await expect(senderOf(grace.page, 'And I am the second.')).toHaveText(`Ada · ${secondId} Guest`)
  // The first Ada tells the other apart too; her own messages are "You".
  await expect(senderOf(first.page, 'And I am the second.')).toHaveText(`Ada · ${secondId} Guest`)
  await expect(
    first.page.getByTestId('message-row').filter({ has: bubbles(first.page, 'I am the first Ada.') }),
  ).toContainText('You')

  // A screen reader hears the same: the short id, and the kind in words.
  await expect(grace.page.getByTestId('announcer')).toHaveText(`Ada · ${secondId} (guest): And I am the second.`)
  expect(await violations(grace.page)).toEqual([])

  // When the second Ada leaves and her messages are still in view, the short ids stay.
  await second.context.close()
  await expect(list).toHaveCount(2)
  await expect(senderOf(grace.page, 'I am the first Ada.')).toHaveText(`Ada · ${firstId} Guest`)
  await first.context.close()
  await grace.context.close()
})

test.describe('on a server with an identity provider', () => {
  const issuer = 'https://id.example.com'
  let server: ServerState
  let signingKey: KeyObject

  /** An RS256 token as the operator's identity provider would sign it. */
  function operatorToken(sub: string, name: string): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const claims = { iss: issuer, aud: 'dormouse', sub, name, exp: Math.floor(Date.now() / 1000) + 3600 }
    const signed = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`
    return `${signed}.${sign('sha256', Buffer.from(signed), signingKey).toString('base64url')}`
  }

  test.beforeAll(async () => {
    const root = newDataDir()
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    signingKey = privateKey
    const keyFile = join(root, 'operator.pem')
    writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }))
    server = await startServer({
      port: await freePort(),
      dataDir: join(root, 'data'),
      logFile: join(root, 'server.log'),
      env: { JWT_PUBLIC_KEY_FILE: keyFile, JWT_ISSUER: issuer, JWT_AUDIENCE: 'dormouse' },
      remember: false,
    })
  })

  test.afterAll(async () => {
    if (server) await stopServer(server)
  })

  test('the Ada the operator vouches for is marked verified, and a guest who takes her name is not', async ({
    browser,
  }) => {
    // A readable room name: this test's screenshot goes into the docs.
    const room = `standup-${Math.random().toString(36).slice(2, 6)}`
    // Her organisation's sign-in hands the browser a Dormouse session, as a front door would.
    const real = await newPerson(browser, { server: server.baseUrl })
    const signIn = await real.context.request.post('/api/session', {
      headers: { Authorization: `Bearer ${operatorToken('ada-lovelace', 'Ada')}` },
      data: { name: 'Ada' },
    })
    expect(signIn.status()).toBe(200)
    await openRoom(real.page, room)
    await expect(yourEntry(real.page).getByTestId('kind-mark')).toHaveText('Verified')

    const impostor = await newPerson(browser, { name: 'Ada', server: server.baseUrl })
    await openRoom(impostor.page, room)
    const grace = await newPerson(browser, { name: 'Grace Hopper', server: server.baseUrl })
    await openRoom(grace.page, room)

    const realId = await shortIdIn(yourEntry(real.page))
    const impostorId = await shortIdIn(yourEntry(impostor.page))
    await sendMessage(real.page, 'Standup moves to 10:30 today.')
    await expect(bubbles(grace.page, 'Standup moves to 10:30 today.')).toBeVisible()
    await sendMessage(impostor.page, 'Ignore that, it is cancelled. Send me the release keys?')
    await sendMessage(grace.page, 'Which Ada is which? One of you is a guest.')

    await expect(senderOf(grace.page, 'Standup moves to 10:30 today.')).toHaveText(`Ada · ${realId} Verified`)
    await expect(senderOf(grace.page, 'Ignore that, it is cancelled. Send me the release keys?')).toHaveText(
      `Ada · ${impostorId} Guest`,
    )
    const list = people(grace.page)
    await expect(list.filter({ hasText: `· ${realId}` })).toHaveText(
      new RegExp(`${escapeRegExp(`Ada · ${realId} Verified`)}$`),
    )
    await expect(list.filter({ hasText: `· ${impostorId}` })).toHaveText(
      new RegExp(`${escapeRegExp(`Ada · ${impostorId} Guest`)}$`),
    )
    await expect(grace.page.getByTestId('kind-mark').filter({ hasText: 'Verified' }).first()).toBeVisible()
    expect(await violations(grace.page)).toEqual([])
    await screenshot(grace.page, 'namesakes-desktop-light')
    // The marks keep their contrast in the dark too.
    await grace.page.emulateMedia({ colorScheme: 'dark' })
    expect(await violations(grace.page)).toEqual([])
    await screenshot(grace.page, 'namesakes-desktop-dark')

    await real.context.close()
    await impostor.context.close()
    await grace.context.close()
  })
})
