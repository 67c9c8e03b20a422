import {
  bubbles,
  composer,
  expect,
  messageCount,
  newPerson,
  NodeChatter,
  openRoom,
  PHONE,
  readAllMessages,
  screenshot,
  seedMessages,
  sendMessage,
  status,
  storedMessages,
  test,
  uniqueRoom,
} from './helpers'

test('two people chat, one on a desktop and one on a phone', async ({ browser }) => {
  // A readable room name: this test's screenshots go into the docs.
  const room = `product-launch-${Math.random().toString(36).slice(2, 6)}`
  const ada = await newPerson(browser, { name: 'Ada Lovelace', colorScheme: 'light' })
  const grace = await newPerson(browser, { name: 'Grace Hopper', device: PHONE, colorScheme: 'dark' })

  await openRoom(ada.page, room)
  await openRoom(grace.page, room)

  // Presence: Ada's sidebar lists both of them.
  const online = ada.page.getByTestId('online-list')
  await expect(online.getByText('Grace Hopper')).toBeVisible()
  await expect(online.getByText('Ada Lovelace')).toBeVisible()

  // Typing indicator.
  await grace.page.getByRole('textbox', { name: 'Message' }).pressSequentially('Hi')
  await expect(ada.page.getByTestId('typing-indicator')).toHaveText('Grace Hopper is typing…')
  await composer(grace.page).fill('')

  await sendMessage(ada.page, 'Morning! The release notes are at https://example.com/notes.')
  await expect(bubbles(grace.page, 'Morning! The release notes are at https://example.com/notes.')).toBeVisible()
  // Ada's own message is shown as hers and becomes "sent".
  const adaOwn = bubbles(ada.page, 'Morning! The release notes are at https://example.com/notes.')
  await expect(adaOwn).toHaveAttribute('data-own', 'true')
  await expect(adaOwn).toHaveAttribute('data-status', 'sent')
  const onGrace = bubbles(grace.page, 'Morning! The release notes are at https://example.com/notes.')
  await expect(onGrace).toHaveAttribute('data-own', 'false')

  // Links are real links, opened safely.
  const link = onGrace.getByRole('link', { name: 'https://example.com/notes' })
  await expect(link).toHaveAttribute('href', 'https://example.com/notes')
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer')
  await expect(link).toHaveAttribute('target', '_blank')

  // Shift+Enter adds a line; Enter sends.
  await composer(grace.page).fill('Good morning, Ada.')
  await composer(grace.page).press('Shift+Enter')
  await composer(grace.page).pressSequentially('Reading them now.')
  await composer(grace.page).press('Enter')
  await expect(ada.page.getByTestId('message').filter({ hasText: 'Reading them now.' })).toHaveText(
    'Good morning, Ada.\nReading them now.',
  )

  const katherine = await NodeChatter.connect(room, 'Katherine Johnson')
  await katherine.send('The numbers check out. Nice work, both of you.')
  await sendMessage(grace.page, 'Shipping it after lunch 🚀')
  await sendMessage(ada.page, 'Perfect, thanks!')
  await expect(bubbles(grace.page, 'Perfect, thanks!')).toBeVisible()
  await expect(bubbles(ada.page, 'Shipping it after lunch 🚀')).toBeVisible()

  // Consecutive messages from one sender share one group with one name.
  await sendMessage(ada.page, 'One more thing: standup moves to 10:30.')
  await expect(bubbles(grace.page, 'One more thing: standup moves to 10:30.')).toBeVisible()
  const rows = grace.page.getByTestId('message-row')
  await expect(rows.last()).toHaveAttribute('data-group-start', 'false')
  await expect(rows.last().getByTestId('sender-name')).toHaveCount(0)
  await expect(rows.nth(-2)).toHaveAttribute('data-group-start', 'true')
  await expect(rows.nth(-2).getByTestId('sender-name')).toHaveText('Ada Lovelace')

  // Both saw every message exactly once.
  for (const page of [ada.page, grace.page]) await expect(page.getByTestId('message')).toHaveCount(6)
  await expect(online.getByText('Katherine Johnson')).toBeVisible()

  await expect(status(ada.page)).toHaveText('Live')
  await expect(status(grace.page)).toHaveText('Live')
  // Screenshots without a focus ring in the composer.
  for (const page of [ada.page, grace.page]) await composer(page).blur()
  await screenshot(ada.page, 'desktop-light')
  await screenshot(grace.page, 'phone-dark')

  katherine.close()
  await ada.context.close()
  await grace.context.close()
})

test('text is rendered as text, never as markup', async ({ browser }) => {
  const room = uniqueRoom('markup')
  const ada = await newPerson(browser, { name: 'Ada' })
  const grace = await newPerson(browser, { name: 'Grace' })
  await openRoom(ada.page, room)
  await openRoom(grace.page, room)
  // Markup arrives as characters, never as elements.
  await sendMessage(ada.page, '<img src=x onerror="window.pwned=1"> <b>not bold</b>')
  await expect(bubbles(grace.page, '<img src=x onerror="window.pwned=1"> <b>not bold</b>')).toBeVisible()
  expect(await grace.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
  await expect(grace.page.locator('[data-testid="message"] img, [data-testid="message"] b')).toHaveCount(0)
  await ada.context.close()
  await grace.context.close()
})

test('a reload keeps the history', async ({ browser }) => {
  const room = uniqueRoom('reload')
  const ada = await newPerson(browser, { name: 'Ada' })
  await openRoom(ada.page, room)
  for (const text of ['first', 'second', 'third']) await sendMessage(ada.page, text)
  await expect(bubbles(ada.page, 'third')).toHaveAttribute('data-status', 'sent')

  await ada.page.reload()
  await expect(status(ada.page)).toHaveText('Live')
  for (const text of ['first', 'second', 'third']) await expect(bubbles(ada.page, text)).toHaveCount(1)
  await expect(ada.page.getByTestId('message')).toHaveCount(3)
  // The same tab still recognises its earlier messages as its own.
  await expect(bubbles(ada.page, 'first')).toHaveAttribute('data-own', 'true')
  await ada.context.close()
})

test('scrolling up loads older messages and keeps the scroll position', async ({ browser }) => {
  const room = uniqueRoom('history')
  await seedMessages(room, 75)
  expect(await storedMessages(room)).toHaveLength(75)

  const ada = await newPerson(browser, { name: 'Ada' })
  await openRoom(ada.page, room)
  // The 50 latest on join: 26..75, opened at the bottom.
  await expect(messageCount(ada.page)).toHaveAttribute('data-message-count', '50')
  await expect(bubbles(ada.page, 'Seed 75')).toBeInViewport()

  const scroller = ada.page.getByTestId('message-scroller')
  await scroller.evaluate((element) => element.scrollTo({ top: 0 }))
  await expect(messageCount(ada.page)).toHaveAttribute('data-message-count', '75')
  // What was at the top stays where the person was reading; it is not pushed out of view.
  await expect(bubbles(ada.page, 'Seed 26')).toBeInViewport()
  await expect(ada.page.getByText('This is the beginning of the room.')).toBeAttached()
  expect(await readAllMessages(ada.page)).toEqual(
    Array.from({ length: 75 }, (_, i) => `Seed ${String(i + 1).padStart(2, '0')}`),
  )
  await ada.context.close()
})

test('the composer counts characters near the limit and refuses too long a message', async ({ browser }) => {
  const room = uniqueRoom('limit')
  const ada = await newPerson(browser, { name: 'Ada' })
  await openRoom(ada.page, room)
  await expect(ada.page.getByTestId('char-counter')).toHaveCount(0)
  await composer(ada.page).fill('a'.repeat(1900))
  await expect(ada.page.getByTestId('char-counter')).toHaveText('1900 / 2000')
  await composer(ada.page).fill('a'.repeat(2001))
  await expect(ada.page.getByRole('button', { name: 'Send' })).toBeDisabled()
  await composer(ada.page).press('Enter')
  await expect(ada.page.getByTestId('message')).toHaveCount(0)
  await ada.context.close()
})

test('a long room keeps only the rows near the view in the DOM, and the reader in place', async ({ browser }) => {
  const room = uniqueRoom('long')
  await seedMessages(room, 340)
  const ada = await newPerson(browser, { name: 'Ada' })
  await openRoom(ada.page, room)
  const scroller = ada.page.getByTestId('message-scroller')
  const beginning = ada.page.getByText('This is the beginning of the room.')
  // Each time the top is reached, the next older page loads above what is shown.
  await expect(async () => {
    await scroller.evaluate((element) => element.scrollTo({ top: 0 }))
    await expect(beginning).toBeInViewport({ timeout: 1_000 })
  }).toPass({ timeout: 60_000 })
  await expect(messageCount(ada.page)).toHaveAttribute('data-message-count', '340')
  await expect(bubbles(ada.page, 'Seed 001')).toBeInViewport()
  expect(await ada.page.getByTestId('message').count()).toBeLessThan(60)

  // A message arrives while the person reads the start: the view stays, a button counts it.
  const grace = await NodeChatter.connect(room, 'Grace')
  await grace.send('anyone still reading?')
  await expect(ada.page.getByRole('button', { name: '1 new message' })).toBeVisible()
  await expect(bubbles(ada.page, 'Seed 001')).toBeInViewport()
  await ada.page.getByRole('button', { name: '1 new message' }).click()
  await expect(bubbles(ada.page, 'anyone still reading?')).toBeInViewport()
  expect(await ada.page.getByTestId('message').count()).toBeLessThan(60)
  grace.close()
  await ada.context.close()
})

test('right-to-left text reads right to left, in the message box and in the bubbles', async ({ browser }) => {
  const room = uniqueRoom('rtl')
  const ada = await newPerson(browser, { name: 'Ada' })
  const grace = await newPerson(browser, { name: 'Grace' })
  await openRoom(ada.page, room)
  await openRoom(grace.page, room)
  const hebrew = 'שלום לכולם, מה נשמע?'
  const isRtl = (element: Element) => element.matches(':dir(rtl)')
  await composer(ada.page).fill(hebrew)
  expect(await composer(ada.page).evaluate(isRtl)).toBe(true)
  await composer(ada.page).press('Enter')
  await sendMessage(ada.page, 'And English stays left to right.')
  await expect(bubbles(grace.page, hebrew)).toBeVisible()
  expect(await bubbles(grace.page, hebrew).evaluate(isRtl)).toBe(true)
  expect(await bubbles(ada.page, hebrew).evaluate(isRtl)).toBe(true)
  await expect(bubbles(grace.page, 'And English stays left to right.')).toBeVisible()
  expect(await bubbles(grace.page, 'And English stays left to right.').evaluate(isRtl)).toBe(false)
  await ada.context.close()
  await grace.context.close()
})
