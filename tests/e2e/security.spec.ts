/**
 * Security issue 14, as a user meets it: links that do not go where they say ask first, a mailto
 * link cannot attach a file; (provider keys bound to their address: see the providers tests).
 * Real renderer in Chromium → bridge → real services; the harness records what would be opened.
 */
import { createClient } from '@libsql/client'
import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { migrate, MIGRATIONS } from '../../src/main/store/migrations'
import { startFakeProvider } from '../support/fakeProvider'
import { expect, seedProvider, test, type Page, openSettingsAt } from './fixtures'

const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

const LINKS_ANSWER =
  'Read [the docs](https://example.com/docs), sign in at [https://google.com](https://evil.example/login), ' +
  'or [write to us](mailto:help@example.com?subject=Hi&attach=/etc/passwd).'

test('a link opens at once; one whose text shows another address, or a mailto, asks first and shows the whole target', async ({ seededApp: page, provider, harness }) => {
  provider.script({ match: { lastUserContains: 'links please' }, content: LINKS_ANSWER })
  await page.getByTestId('composer').fill('links please')
  await page.getByTestId('send').click()
  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'complete')

  // An honest link: one click, straight to the browser.
  await answer.getByRole('link', { name: 'the docs' }).click()
  await expect.poll(() => harness.openedUrls).toEqual(['https://example.com/docs'])
  await expect(page.getByTestId('link-confirm')).toHaveCount(0)

  // The text says google.com, the target is elsewhere: nothing opens until the user has read it.
  await answer.getByRole('link', { name: 'https://google.com' }).click()
  const dialog = page.getByTestId('link-confirm')
  await expect(dialog).toHaveAttribute('data-reason', 'text-differs')
  await expect(dialog.getByTestId('link-confirm-url')).toHaveText('https://evil.example/login')
  await expect(dialog.getByTestId('link-confirm-warning')).toContainText('https://google.com')
  // Cancel has the focus: Enter right after the click does not open it.
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await answer.getByRole('link', { name: 'https://google.com' }).click()
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  expect(harness.openedUrls).toEqual(['https://example.com/docs'])
  await answer.getByRole('link', { name: 'https://google.com' }).click()
  await page.getByTestId('link-confirm-open').click()
  await expect.poll(() => harness.openedUrls.at(-1)).toBe('https://evil.example/login')

  // mailto: asks, and what reaches the OS has no attachment.
  await answer.getByRole('link', { name: 'write to us' }).click()
  await expect(dialog).toHaveAttribute('data-reason', 'not-web')
  await page.getByTestId('link-confirm-open').click()
  await expect.poll(() => harness.openedUrls.at(-1)).toBe('mailto:help@example.com?subject=Hi')
})

test('the companion asks the same way, inside its card', async ({ page, harness, provider }) => {
  await seedProvider(harness, provider)
  provider.script({ match: { lastUserContains: 'links please' }, content: LINKS_ANSWER })
  await page.goto(harness.pageUrl('companion.html'))
  await expect.poll(() => harness.connectionCount()).toBeGreaterThan(0)
  expect(harness.companion.pressShortcut()).toBe(true)
  await expect(page.getByTestId('companion')).toHaveAttribute('data-visible', 'true')
  await page.getByTestId('composer').fill('links please')
  await page.getByTestId('send').click()
  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'complete')
  await answer.getByRole('link', { name: 'https://google.com' }).click()
  const dialog = page.getByTestId('link-confirm')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('link-confirm-url')).toHaveText('https://evil.example/login')
  // Esc closes the question, not the companion.
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  expect(harness.companion.calls.filter((c) => c.op === 'hide')).toEqual([])
  expect(harness.openedUrls).toEqual([])
  // The next Esc hides the companion as always.
  await page.keyboard.press('Escape')
  await expect.poll(() => harness.companion.calls.filter((c) => c.op === 'hide').length).toBe(1)
})

test('a saved key stays with its address: editing the provider to another one says so, Test does not send it, Save drops it', async ({
  seededApp: page,
  provider,
  harness
}) => {
  const other = await startFakeProvider({})
  try {
    await openSettingsAt(page, 'providers')
    await page.getByTestId('provider-edit').click()
    const form = page.getByTestId('provider-form')
    await expect(form.getByTestId('provider-key-set')).toBeVisible()

    // Another port is another address: "Key set" goes, and the form says why.
    await form.getByTestId('provider-base-url').fill(other.baseURL)
    await expect(form.getByTestId('provider-key-set')).toHaveCount(0)
    await expect(form.getByTestId('provider-key-other-origin')).toBeVisible()
    await form.getByTestId('test-connection').click()
    await expect(form.getByTestId('connection-result')).toBeVisible()
    expect(other.requests.length).toBeGreaterThan(0)
    for (const request of other.requests) expect(JSON.stringify(request.headers)).not.toContain('sk-test')

    // Back to the saved address: the key is there again.
    await form.getByTestId('provider-base-url').fill(provider.baseURL)
    await expect(form.getByTestId('provider-key-set')).toBeVisible()
    await expect(form.getByTestId('provider-key-other-origin')).toHaveCount(0)

    // Plain http to a remote host is warned; a server on the local network is not.
    await form.getByTestId('provider-base-url').fill('http://api.example.com/v1')
    await expect(form.getByTestId('provider-http-warning')).toBeVisible()
    await form.getByTestId('provider-base-url').fill('http://192.168.1.20:1234/v1')
    await expect(form.getByTestId('provider-http-warning')).toHaveCount(0)

    // Saved at the other address without a new key: the old key is gone, not moved.
    await form.getByTestId('provider-base-url').fill(other.baseURL)
    await form.getByTestId('save-provider').click()
    await expect(form).toHaveCount(0)
    await expect(page.getByTestId('provider-row').getByTestId('provider-key-set')).toHaveCount(0)
    const saved = (await harness.handlers.providers.list())[0]
    expect(saved).toMatchObject({ baseURL: other.baseURL, hasKey: false })
  } finally {
    await other.close()
  }
})

test('history backups: one is made before the format updates; restoring it replaces the history at the next start and keeps the replaced one', async ({
  seededApp: page,
  harness
}) => {
  const ask = async (text: string): Promise<void> => {
    await page.getByTestId('composer').fill(text)
    await page.getByTestId('send').click()
    await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  }
  // An older Omnidesk's history: a real database at the previous schema version (the migrations
  // before the latest), with one conversation. The next start migrates it, and copies it first.
  await harness.restart({
    beforeStart: async () => {
      const file = path.join(harness.dataDir, 'omnidesk.db')
      for (const suffix of ['', '-wal', '-shm']) await rm(file + suffix, { force: true })
      const db = createClient({ url: `file:${file}` })
      await migrate(db, MIGRATIONS.slice(0, -1))
      await db.execute(
        "INSERT INTO conversations (id, title, title_is_auto, created_at, updated_at) VALUES ('from-before', 'From an older Omnidesk', 0, 1, 1)"
      )
      db.close()
    }
  })
  await page.reload()
  await page.getByTestId('new-chat').click()
  await ask('after the backup')
  await expect(page.getByTestId('conversation-item')).toHaveCount(2)

  await openSettingsAt(page, 'data')
  const history = page.getByTestId('history-backups')
  await expect(history.getByTestId('history-backup')).toHaveCount(1)
  await history.getByTestId('history-restore').click()
  await history.getByTestId('history-restore-confirm').click()
  await expect(history.getByTestId('history-restore-pending')).toBeVisible()
  await history.getByTestId('history-restart').click()
  await expect.poll(() => harness.relaunchRequests.length).toBe(1)

  // The app starting again, as the relaunch would.
  await harness.restart()
  await page.reload()
  await expect(page.getByTestId('conversation-item')).toHaveCount(1)
  await expect(page.getByTestId('conversation-item')).toContainText('From an older Omnidesk')
  const notice = page.getByTestId('startup-notice')
  await expect(notice.locator('[data-notice-kind="database-restored"]')).toContainText('omnidesk.db.before-restore-')
  // What it replaced is kept, not deleted.
  const kept = (await readdir(harness.dataDir)).filter((name) => name.startsWith('omnidesk.db.before-restore-') && !/-(wal|shm)$/.test(name))
  expect(kept).toHaveLength(1)
})
