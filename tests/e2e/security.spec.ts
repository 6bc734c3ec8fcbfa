/**
 * Security issue 14, as a user meets it: links that do not go where they say ask first, a mailto
 * link cannot attach a file; (provider keys bound to their address: see the providers tests).
 * Real renderer in Chromium → bridge → real services; the harness records what would be opened.
 */
import { expect, seedProvider, test, type Page } from './fixtures'

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
