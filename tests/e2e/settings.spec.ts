/**
 * Settings: language, theme, Enter-to-send, launch at login, and a damaged database at start.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from './fixtures'

test('switching the language to 简体中文 changes the whole UI, and it sticks', async ({ seededApp: page }) => {
  await expect(page.getByTestId('new-chat')).toContainText('New chat')
  await page.getByTestId('settings-open').click()
  await page.getByTestId('settings-language').selectOption('zh-CN')
  await expect(page.getByTestId('settings')).toContainText('设置')
  await page.getByTestId('settings-close').click()
  await expect(page.getByTestId('new-chat')).toContainText('新对话')
  await expect(page.getByTestId('composer')).toHaveAttribute('placeholder', /[\u4e00-\u9fff]/)
  await page.reload()
  await expect(page.getByTestId('new-chat')).toContainText('新对话')
})

test.describe('on a Chinese system', () => {
  test.use({ harnessOptions: { locale: 'zh-CN' } })
  test('the UI starts in Chinese before the user picks a language', async ({ seededApp: page }) => {
    await expect(page.getByTestId('new-chat')).toContainText('新对话')
  })
})

test('the theme can be dark, light or follow the system', async ({ seededApp: page }) => {
  await page.getByTestId('settings-open').click()
  await page.getByTestId('settings-theme').selectOption('dark')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.getByTestId('settings-theme').selectOption('light')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
})

test('with Enter-to-send off, Enter adds a line and Ctrl+Enter sends', async ({ seededApp: page }) => {
  await page.getByTestId('settings-open').click()
  await page.getByTestId('settings-enter-to-send').uncheck()
  await page.getByTestId('settings-close').click()
  const composer = page.getByTestId('composer')
  await composer.fill('line one')
  await composer.press('Enter')
  await expect(page.locator('[data-testid="message"]')).toHaveCount(0)
  await composer.press('Control+Enter')
  await expect(page.locator('[data-testid="message"][data-role="assistant"]')).toContainText('Echo: line one')
})

test('Enter that confirms an IME composition does not send', async ({ seededApp: page }) => {
  const composer = page.getByTestId('composer')
  await composer.fill('ni hao')
  await composer.dispatchEvent('compositionstart')
  await composer.dispatchEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, isComposing: true, bubbles: true })
  await composer.dispatchEvent('compositionend')
  await expect(page.locator('[data-testid="message"]')).toHaveCount(0)
  await composer.press('Enter')
  await expect(page.locator('[data-testid="message"][data-role="user"]')).toHaveCount(1)
})

test('launch at login is passed to the OS', async ({ seededApp: page, harness }) => {
  await page.getByTestId('settings-open').click()
  await page.getByTestId('settings-launch-at-login').check()
  await expect.poll(() => harness.launchAtLoginCalls).toEqual([true])
})

test('a corrupt database: the app starts, says so, and keeps the file aside', async ({ seededApp: page, harness }) => {
  const dbPath = path.join(harness.dataDir, 'omnidesk.db')
  await harness.restart({ beforeStart: () => writeFile(dbPath, Buffer.from('this is not a sqlite database at all'.repeat(200))) })
  await page.reload()
  const notice = page.getByTestId('startup-notice')
  await expect(notice).toBeVisible()
  await expect(notice).toContainText('omnidesk.db.corrupt-')
  // The app works on a fresh history.
  await page.getByTestId('composer').fill('still working?')
  await page.getByTestId('send').click()
  await expect(page.locator('[data-testid="message"][data-role="assistant"]')).toContainText('Echo: still working?')
})
