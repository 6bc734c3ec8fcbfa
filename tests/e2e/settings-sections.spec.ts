/**
 * Settings in pages (issue 19 items 6, 9, 10): a sidebar of pages, a search over every setting in
 * the UI language, focus kept inside the dialog and given back on close, and an error's "Open
 * Settings" landing on the field that fixes it.
 */
import { expect, openSettingsAt, test, type Page } from './fixtures'

test.use({ viewport: { width: 1280, height: 800 } })

const settings = (page: Page) => page.getByTestId('settings')
const visibleRows = (page: Page) => settings(page).locator('.od-settings-row:visible')

test('pages in a sidebar, and a search that finds a setting by its words or its choices', async ({ seededApp: page }) => {
  await page.getByTestId('settings-open').click()
  await expect(settings(page)).toHaveAttribute('data-section', 'general')
  await expect(page.getByTestId('settings-theme')).toBeVisible()
  await expect(page.getByTestId('settings-default-model')).toBeHidden()

  await page.getByTestId('settings-nav-models').click()
  await expect(settings(page)).toHaveAttribute('data-section', 'models')
  await expect(page.getByTestId('settings-default-model')).toBeVisible()
  await expect(page.getByTestId('settings-theme')).toBeHidden()

  // A choice's word finds its setting ("Dark" is one of Theme's), on whatever page it is.
  await page.getByTestId('settings-search').fill('dark')
  await expect(settings(page)).toHaveAttribute('data-section', 'search')
  await expect(page.getByTestId('settings-theme')).toBeVisible()
  await expect(visibleRows(page)).toHaveCount(1)
  await expect(page.getByTestId('settings-nav-general')).toHaveAttribute('data-match', 'true')
  await expect(page.getByTestId('settings-nav-models')).toHaveAttribute('data-match', 'false')

  // Every word must be there, case and accents aside.
  await page.getByTestId('settings-search').fill('FALLBACK model')
  await expect(page.getByTestId('settings-fallback-model')).toBeVisible()
  await expect(page.getByTestId('settings-theme')).toBeHidden()

  await page.getByTestId('settings-search').fill('nothing is called this')
  await expect(page.getByTestId('settings-no-match')).toContainText('nothing is called this')

  // Esc clears the search first, then closes Settings; focus goes back where it came from.
  await page.getByTestId('settings-search').press('Escape')
  await expect(page.getByTestId('settings-search')).toHaveValue('')
  await expect(settings(page)).toHaveAttribute('data-section', 'models')
  await page.keyboard.press('Escape')
  await expect(settings(page)).toHaveCount(0)
  await expect(page.getByTestId('settings-open')).toBeFocused()
})

test('the search reads the settings in the UI language', async ({ seededApp: page }) => {
  await page.getByTestId('settings-open').click()
  await page.getByTestId('settings-language').selectOption('zh-CN')
  await expect(page.getByTestId('settings-nav-general')).toHaveText('通用')
  await page.getByTestId('settings-search').fill('备用模型')
  await expect(page.getByTestId('settings-fallback-model')).toBeVisible()
  await expect(visibleRows(page)).toHaveCount(1)
})

test('Tab stays inside Settings, and closing gives focus back to the button that opened it', async ({ seededApp: page }) => {
  await openSettingsAt(page, 'general')
  const inside = () =>
    page.evaluate(() => {
      const dialog = document.querySelector('[data-testid="settings"]')
      return !!dialog && !!document.activeElement && dialog.contains(document.activeElement)
    })
  // More presses than the page has stops: each lands inside the dialog, both ways round.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab')
    expect(await inside()).toBe(true)
  }
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Shift+Tab')
    expect(await inside()).toBe(true)
  }
  await page.getByTestId('settings-close').click()
  await expect(settings(page)).toHaveCount(0)
  await expect(page.getByTestId('settings-open')).toBeFocused()
})

test('“Open Settings” on a refused key opens that provider’s form at its key', async ({ seededApp: page, provider }) => {
  provider.script({ match: { path: '/v1/chat/completions' }, status: 401, times: 1 })
  await page.getByTestId('composer').fill('hello?')
  await page.getByTestId('send').click()
  const error = page.locator('[data-testid="message"][data-role="assistant"]').getByTestId('error-open-settings')
  await expect(error).toBeVisible()
  await error.click()

  await expect(settings(page)).toHaveAttribute('data-section', 'providers')
  const form = settings(page).getByTestId('provider-form')
  await expect(form).toBeVisible()
  await expect(form.getByTestId('provider-api-key')).toBeFocused()
  await expect(form.getByTestId('provider-api-key')).toBeInViewport()
})
