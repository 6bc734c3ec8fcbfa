/**
 * Backups as one file (issue 17), end to end in the real renderer: Settings → Data and backups →
 * "Back up now" writes the history to the file main's Save dialog answers; "Restore from file…"
 * checks a file and shows the pending restore; after the app starts again the history is the one
 * backed up (a conversation made after the backup gone, the earlier one there, the replaced
 * history kept aside). A file that is not a backup is refused with a sentence and nothing
 * changes. The dialogs are the harness's scripted ones; no sleeps.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { expect, openSettingsAt, test, type Page } from './fixtures'

/** A file in the test's own output folder (created on first use). */
function outputFile(outputDir: string, name: string): string {
  mkdirSync(outputDir, { recursive: true })
  return path.join(outputDir, name)
}

const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

async function ask(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text)
  await page.getByTestId('send').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
}

test('Back up now, a later conversation, Restore from file: after a restart the history is the one backed up', async ({ seededApp: page, harness }, testInfo) => {
  await ask(page, 'kept by the backup')
  await expect(page.getByTestId('conversation-item')).toHaveCount(1)

  const file = outputFile(testInfo.outputDir, 'Omnidesk backup.zip')
  await openSettingsAt(page, 'data')
  const history = page.getByTestId('history-backups')
  harness.fileDialogs.nextSave(file)
  await history.getByTestId('history-backup-now').click()
  const saved = history.getByTestId('history-backup-saved')
  await expect(saved).toContainText(file)
  expect(existsSync(file)).toBe(true)
  expect(statSync(file).size).toBeGreaterThan(0)
  // The Save dialog offered a dated .zip name.
  expect(harness.fileDialogs.requests.at(-1)).toMatchObject({ kind: 'save', defaultName: expect.stringMatching(/^Omnidesk backup \d{4}-\d{2}-\d{2}\.zip$/), extensions: ['zip'] })

  // A conversation after the backup: the restore takes it away.
  await page.getByTestId('settings-close').click()
  await page.getByTestId('new-chat').click()
  await ask(page, 'made after the backup')
  await expect(page.getByTestId('conversation-item')).toHaveCount(2)

  await openSettingsAt(page, 'data')
  harness.fileDialogs.nextOpen(file)
  await history.getByTestId('history-restore-file').click()
  const pending = history.getByTestId('history-restore-pending')
  await expect(pending).toHaveAttribute('data-from-file', 'true')
  await expect(pending).toContainText('The backup file you chose replaces your history')
  await expect(history.getByTestId('history-error')).toHaveCount(0)
  await pending.getByTestId('history-restart').click()
  await expect.poll(() => harness.relaunchRequests.length).toBe(1)

  // The app starting again, as the relaunch would.
  await harness.restart()
  await page.reload()
  await expect(page.getByTestId('conversation-item')).toHaveCount(1)
  await expect(page.getByTestId('conversation-item')).toContainText('kept by the backup')
  await expect(page.getByTestId('startup-notice').locator('[data-notice-kind="database-restored"]')).toContainText('omnidesk.db.before-restore-')
  // What it replaced is kept, not deleted.
  const kept = (await readdir(harness.dataDir)).filter((name) => name.startsWith('omnidesk.db.before-restore-') && !/-(wal|shm)$/.test(name))
  expect(kept).toHaveLength(1)
  // Nothing pending any more.
  await openSettingsAt(page, 'data')
  await expect(history.getByTestId('history-restore-file')).toBeEnabled()
  await expect(history.getByTestId('history-restore-pending')).toHaveCount(0)
})

test('a file that is not a backup is refused with a sentence, and nothing is scheduled', async ({ seededApp: page, harness }, testInfo) => {
  const notes = outputFile(testInfo.outputDir, 'notes.txt')
  writeFileSync(notes, 'shopping list, not a backup')
  await openSettingsAt(page, 'data')
  const history = page.getByTestId('history-backups')

  harness.fileDialogs.nextOpen(notes)
  await history.getByTestId('history-restore-file').click()
  const error = history.getByTestId('history-error')
  await expect(error).toContainText('This file is not an Omnidesk backup')
  await expect(error).not.toContainText('not-a-backup')
  await expect(history.getByTestId('history-restore-pending')).toHaveCount(0)
  expect((await harness.handlers.history.backups()).pendingRestore).toBeNull()

  // A cancelled Open dialog: no error, nothing pending; the last sentence goes.
  harness.fileDialogs.nextOpen(null)
  await history.getByTestId('history-restore-file').click()
  await expect.poll(() => harness.fileDialogs.requests.length).toBe(2)
  await expect(history.getByTestId('history-restore-file')).toBeEnabled()
  await expect(history.getByTestId('history-error')).toHaveCount(0)
  await expect(history.getByTestId('history-restore-pending')).toHaveCount(0)
})

test.describe('in Chinese', () => {
  test.use({ harnessOptions: { locale: 'zh-CN' } })

  test('the refusal is worded in the UI language', async ({ seededApp: page, harness }, testInfo) => {
    const notes = outputFile(testInfo.outputDir, 'notes.txt')
    writeFileSync(notes, 'not a backup')
    await openSettingsAt(page, 'data')
    const history = page.getByTestId('history-backups')
    harness.fileDialogs.nextOpen(notes)
    await history.getByTestId('history-restore-file').click()
    await expect(history.getByTestId('history-error')).toContainText('这个文件不是 Omnidesk 备份')
  })
})
