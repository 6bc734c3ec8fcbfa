/**
 * App updates (issue 17, first part), end to end: the real update state machine in the harness
 * over its fake updater (src/main/harness/harnessUpdater.ts). A found update downloads in the
 * background, its progress and release notes show in Settings → Updates, and once downloaded
 * "Restart to update" shows there and at the bottom of the sidebar (dismissible) and installs;
 * the automatic switch persists and stops the automatic check but not "Check now"; an error is
 * a sentence, not a stack. No sleeps: the fake's clock fires the automatic check on demand.
 */
import { expect, openSettingsAt, test } from './fixtures'

const NOTES = '<h2>What&#39;s new</h2>\n<ul>\n<li>Faster start</li>\n<li>Fixes <code>&lt;think&gt;</code> tags</li>\n</ul>'

test('available → downloading → downloaded: Restart to update in Settings and the sidebar installs', async ({ seededApp: page, harness }) => {
  await openSettingsAt(page, 'updates')
  const section = page.getByTestId('settings-updates')
  await expect(section.getByTestId('update-current-version')).not.toBeEmpty()
  await expect(section.getByTestId('update-status')).toHaveAttribute('data-state', 'idle')

  harness.updates.respondWith({ type: 'available', version: '9.9.0', releaseNotes: NOTES })
  await section.getByTestId('update-check').click()
  await expect(section.getByTestId('update-status')).toHaveAttribute('data-state', 'available')
  await expect(section.getByTestId('update-status')).toContainText('9.9.0')
  // Release notes as text: no markup from the release reaches the page.
  await expect(section.getByTestId('update-notes')).toContainText("What's new")
  await expect(section.getByTestId('update-notes')).toContainText('• Fixes <think> tags')
  await expect(section.getByTestId('update-notes').locator('*')).toHaveCount(0)
  await expect.poll(() => harness.updates.downloads).toBe(1)

  harness.updates.emit({ type: 'progress', percent: 42.4 })
  await expect(section.getByTestId('update-status')).toHaveAttribute('data-state', 'downloading')
  await expect(section.getByTestId('update-status')).toContainText('42%')
  await expect(section.getByTestId('update-check')).toBeDisabled()

  harness.updates.emit({ type: 'downloaded', version: '9.9.0' })
  await expect(section.getByTestId('update-status')).toHaveAttribute('data-state', 'downloaded')
  await expect(section.getByTestId('update-restart')).toHaveText('Restart to update')
  await expect(section.getByTestId('update-notes')).toContainText('Faster start')
  await section.getByTestId('update-restart').click()
  await expect.poll(() => harness.updates.installs).toBe(1)

  await page.getByTestId('settings-close').click()
  const notice = page.getByTestId('update-notice')
  await expect(notice).toContainText('9.9.0')
  await notice.getByTestId('update-notice-restart').click()
  await expect.poll(() => harness.updates.installs).toBe(2)
  // Dismissed: gone for the session.
  await notice.getByTestId('update-notice-dismiss').click()
  await expect(page.getByTestId('update-notice')).toHaveCount(0)
})

test('the automatic switch persists and stops the automatic check, not Check now', async ({ seededApp: page, harness }) => {
  // On by default: the start check runs when its timer fires.
  expect(harness.updates.fireTimer()).toBeGreaterThan(0)
  expect(harness.updates.checks).toBe(1)

  await openSettingsAt(page, 'updates')
  const section = page.getByTestId('settings-updates')
  await expect(section.getByTestId('update-status')).toHaveAttribute('data-state', 'not-available')
  const toggle = section.getByTestId('update-automatic')
  await expect(toggle).toBeChecked()
  await toggle.click()
  await expect(toggle).not.toBeChecked()
  await expect.poll(async () => (await harness.handlers.settings.get()).autoUpdate).toBe(false)

  // The next automatic check is due: it does not run.
  expect(harness.updates.fireTimer()).toBeGreaterThan(0)
  expect(harness.updates.checks).toBe(1)
  // Check now still works.
  await section.getByTestId('update-check').click()
  await expect.poll(() => harness.updates.checks).toBe(2)
  await expect(section.getByTestId('update-status')).toHaveAttribute('data-state', 'not-available')

  // Persisted: still off after a restart, and the start check does not run.
  await harness.restart()
  await page.reload()
  expect(harness.updates.fireTimer()).toBeGreaterThan(0)
  expect(harness.updates.checks).toBe(0)
  await openSettingsAt(page, 'updates')
  await expect(page.getByTestId('settings-updates').getByTestId('update-automatic')).not.toBeChecked()
})

test('an error shows a human message', async ({ seededApp: page, harness }) => {
  harness.updates.respondWith({ type: 'error', error: new Error('net::ERR_INTERNET_DISCONNECTED\n    at ClientRequest (/app/node_modules/x.js:1:1)') })
  await openSettingsAt(page, 'updates')
  const section = page.getByTestId('settings-updates')
  await section.getByTestId('update-check').click()
  const status = section.getByTestId('update-status')
  await expect(status).toHaveAttribute('data-state', 'error')
  await expect(status).toContainText('Couldn’t reach the update server')
  await expect(status).not.toContainText('node_modules')
  // Try again: it works now.
  harness.updates.respondWith({ type: 'not-available' })
  await section.getByTestId('update-check').click()
  await expect(status).toHaveAttribute('data-state', 'not-available')
  await expect(status).toContainText('up to date')
})

test.describe('in Chinese', () => {
  test.use({ harnessOptions: { locale: 'zh-CN' } })

  test('the page and its error are in Chinese', async ({ seededApp: page, harness }) => {
    harness.updates.respondWith({ type: 'error', error: new Error('getaddrinfo ENOTFOUND github.com') })
    await openSettingsAt(page, 'updates')
    await expect(page.getByTestId('settings-nav-updates')).toHaveText('更新')
    const section = page.getByTestId('settings-updates')
    await section.getByTestId('update-check').click()
    await expect(section.getByTestId('update-status')).toContainText('无法连接更新服务器')
  })
})
