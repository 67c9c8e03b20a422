import {
  bubbles,
  composer,
  expect,
  newPerson,
  openMessageMenu,
  openRoom,
  PHONE,
  rowOf,
  screenshot,
  sendMessage,
  status,
  storedMessages,
  test,
  uniqueRoom,
  violations,
} from './helpers'

// Replies, reactions, edits and deletes between two people. These need a server with changes to
// messages (protocol version 2 with edits, deletes, reactions and replies; docs/protocol.md).

test('two people reply, react, edit and delete, and each sees the other’s changes at once', async ({ browser }) => {
  const room = `launch-review-${Math.random().toString(36).slice(2, 6)}`
  const ada = await newPerson(browser, { name: 'Ada Lovelace', colorScheme: 'light' })
  const grace = await newPerson(browser, { name: 'Grace Hopper', device: PHONE, colorScheme: 'dark' })
  await openRoom(ada.page, room)
  await openRoom(grace.page, room)

  await sendMessage(grace.page, 'Who has the release notes?')
  await sendMessage(grace.page, 'The old banner is still up.')
  await expect(bubbles(ada.page, 'The old banner is still up.')).toBeVisible()

  // Reply: the composer says to whom, and the reply carries a quote of its target.
  let row = await openMessageMenu(ada.page, 'Who has the release notes?')
  await row.getByRole('button', { name: 'Reply' }).click()
  await expect(ada.page.getByTestId('replying-to')).toHaveText('Replying to Grace Hopper: Who has the release notes?')
  await expect(composer(ada.page)).toBeFocused()
  // Escape cancels a reply, and Reply again brings it back.
  await composer(ada.page).press('Escape')
  await expect(ada.page.getByTestId('replying-to')).toHaveCount(0)
  row = await openMessageMenu(ada.page, 'Who has the release notes?')
  await row.getByRole('button', { name: 'Reply' }).click()
  await composer(ada.page).fill('I do, they are on the wiki.')
  await composer(ada.page).press('Enter')
  await expect(ada.page.getByTestId('replying-to')).toHaveCount(0)
  const reply = rowOf(grace.page, 'I do, they are on the wiki.')
  await expect(reply.getByTestId('reply-quote')).toContainText('Grace Hopper')
  await expect(reply.getByTestId('reply-quote')).toContainText('Who has the release notes?')
  // The quote goes to the message it quotes, and the focus with it.
  await reply.getByTestId('reply-quote').click()
  await expect(bubbles(grace.page, 'Who has the release notes?')).toBeFocused()
  await expect(bubbles(grace.page, 'Who has the release notes?')).toBeInViewport()

  // React: Grace picks an emoji, Ada sees the chip and adds hers, Grace takes hers back.
  row = await openMessageMenu(grace.page, 'I do, they are on the wiki.')
  // Not Grace's message: she may reply and react, not edit or delete.
  await expect(row.getByRole('button', { name: 'Edit' })).toHaveCount(0)
  await expect(row.getByRole('button', { name: 'Delete' })).toHaveCount(0)
  await row.getByRole('button', { name: 'React' }).click()
  await row.getByRole('button', { name: 'React with 🎉' }).click()
  const adaChip = rowOf(ada.page, 'I do, they are on the wiki.').getByTestId('reaction-chip')
  const graceChip = rowOf(grace.page, 'I do, they are on the wiki.').getByTestId('reaction-chip')
  await expect(graceChip).toHaveAccessibleName('🎉 1, including you')
  await expect(graceChip).toHaveAttribute('aria-pressed', 'true')
  await expect(adaChip).toHaveAccessibleName('🎉 1')
  await expect(adaChip).toHaveAttribute('aria-pressed', 'false')
  await adaChip.click()
  await expect(adaChip).toHaveAccessibleName('🎉 2, including you')
  await expect(graceChip).toHaveAccessibleName('🎉 2, including you')
  await graceChip.click()
  await expect(graceChip).toHaveAccessibleName('🎉 1')
  await expect(adaChip).toHaveAccessibleName('🎉 1, including you')

  // Edit in place: Escape cancels, Enter saves; both see the new text, marked as edited.
  row = await openMessageMenu(ada.page, 'I do, they are on the wiki.')
  await row.getByRole('button', { name: 'Edit' }).click()
  const editor = ada.page.getByRole('textbox', { name: 'Edit message' })
  await expect(editor).toBeFocused()
  await editor.fill('never mind')
  await editor.press('Escape')
  await expect(editor).toHaveCount(0)
  await expect(bubbles(ada.page, 'I do, they are on the wiki.')).toBeVisible()
  row = await openMessageMenu(ada.page, 'I do, they are on the wiki.')
  await row.getByRole('button', { name: 'Edit' }).click()
  await editor.fill('I do: https://example.com/notes')
  await editor.press('Enter')
  for (const page of [ada.page, grace.page]) {
    const edited = rowOf(page, 'I do: https://example.com/notes')
    await expect(edited.getByTestId('edited-mark')).toHaveText('(edited)')
    await expect(edited.getByRole('link', { name: 'https://example.com/notes' })).toBeVisible()
    // The reactions and the quote stay.
    await expect(edited.getByTestId('reaction-chip')).toHaveCount(1)
    await expect(edited.getByTestId('reply-quote')).toContainText('Who has the release notes?')
  }
  await expect(ada.page.getByText('I do, they are on the wiki.')).toHaveCount(0)

  // Delete asks first; then both see a tombstone, and the reply's quote loses the words.
  row = await openMessageMenu(grace.page, 'Who has the release notes?')
  await row.getByRole('button', { name: 'Delete' }).click()
  await expect(row.getByText('Delete this message?')).toBeVisible()
  await row.getByRole('button', { name: 'Cancel' }).click()
  await expect(bubbles(grace.page, 'Who has the release notes?')).toBeVisible()
  row = await openMessageMenu(grace.page, 'Who has the release notes?')
  await row.getByRole('button', { name: 'Delete' }).click()
  await row.getByRole('button', { name: 'Delete', exact: true }).last().click()
  for (const page of [ada.page, grace.page]) {
    await expect(bubbles(page, 'Message deleted')).toHaveCount(1)
    await expect(page.getByText('Who has the release notes?')).toHaveCount(0)
    await expect(rowOf(page, 'I do: https://example.com/notes').getByTestId('reply-quote')).toContainText(
      'Message deleted',
    )
  }
  // Gone from the server too: its history shows the tombstone without the words.
  const stored = await storedMessages(room)
  expect(stored.map((message) => message.message)).toEqual([
    '',
    'The old banner is still up.',
    'I do: https://example.com/notes',
  ])
  expect(JSON.stringify(stored)).not.toContain('Who has the release notes?')

  // A reload shows each message in its current state.
  await ada.page.reload()
  await expect(status(ada.page)).toHaveText('Live')
  await expect(bubbles(ada.page, 'Message deleted')).toHaveCount(1)
  const afterReload = rowOf(ada.page, 'I do: https://example.com/notes')
  await expect(afterReload.getByTestId('edited-mark')).toBeVisible()
  await expect(afterReload.getByTestId('reaction-chip')).toHaveAccessibleName('🎉 1, including you')
  await expect(afterReload.getByTestId('reply-quote')).toContainText('Message deleted')

  // The menu open, for the axe checks and the screenshots.
  row = await openMessageMenu(ada.page, 'The old banner is still up.')
  await row.getByRole('button', { name: 'React' }).click()
  expect(await violations(ada.page)).toEqual([])
  await screenshot(ada.page, 'changes-desktop-light')
  row = await openMessageMenu(grace.page, 'The old banner is still up.')
  await row.getByRole('button', { name: 'Reply' }).click()
  expect(await violations(grace.page)).toEqual([])
  await composer(grace.page).blur()
  await screenshot(grace.page, 'changes-phone-dark')

  await ada.context.close()
  await grace.context.close()
})

test('the message menu, the picker and the editor work with the keyboard alone', async ({ browser }) => {
  const room = uniqueRoom('menu-keys')
  const ada = await newPerson(browser, { name: 'Ada' })
  await openRoom(ada.page, room)
  await sendMessage(ada.page, 'typed with the keyboard')
  const row = rowOf(ada.page, 'typed with the keyboard')
  await expect(row.getByTestId('message')).toHaveAttribute('data-seq', /\d+/)
  const toggle = row.getByRole('button', { name: 'Message actions' })
  await toggle.focus()
  await expect(toggle).toBeVisible()
  await ada.page.keyboard.press('Enter')
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  // The first action takes the focus; Escape closes the menu and gives it back.
  await expect(row.getByRole('button', { name: 'Reply' })).toBeFocused()
  await ada.page.keyboard.press('Escape')
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await expect(toggle).toBeFocused()
  // React from the keyboard.
  await ada.page.keyboard.press('Enter')
  await ada.page.keyboard.press('Tab')
  await expect(row.getByRole('button', { name: 'React' })).toBeFocused()
  await ada.page.keyboard.press('Enter')
  await expect(row.getByRole('button', { name: 'React with 👍' })).toBeFocused()
  await ada.page.keyboard.press('Enter')
  await expect(row.getByTestId('reaction-chip')).toHaveAccessibleName('👍 1, including you')
  // Edit from the keyboard: Enter saves.
  await toggle.focus()
  await ada.page.keyboard.press('Enter')
  await row.getByRole('button', { name: 'Edit' }).focus()
  await ada.page.keyboard.press('Enter')
  await expect(ada.page.getByRole('textbox', { name: 'Edit message' })).toBeFocused()
  await ada.page.keyboard.press('End')
  await ada.page.keyboard.type(' and saved with Enter')
  await ada.page.keyboard.press('Enter')
  await expect(rowOf(ada.page, 'typed with the keyboard and saved with Enter').getByTestId('edited-mark')).toBeVisible()
  expect(await violations(ada.page)).toEqual([])
  await ada.context.close()
})
