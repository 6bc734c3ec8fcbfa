/**
 * First-run polish from the user test (issue 19 items 2, 3, 16, 17): a provider that needs a key
 * is not saved without one, nor after a refused key without asking; a scheme-less local address
 * is completed; Test connection keeps a sensible default model and Save in view; the history stays
 * readable with no provider; the companion with no provider offers to add one; the companion's
 * question and answer sit close together.
 */
import type { BrowserContext } from '@playwright/test'
import { expect, seedProvider, test, type HarnessHandle, type Page } from './fixtures'

const assistantMessages = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]')

async function openCompanion(context: BrowserContext, harness: HarnessHandle): Promise<Page> {
  const before = harness.connectionCount()
  const page = await context.newPage()
  await page.goto(harness.pageUrl('companion.html'))
  await expect(page.getByTestId('companion')).toBeVisible()
  // Loaded and subscribed (its bridge is up).
  await expect.poll(() => harness.connectionCount()).toBeGreaterThan(before)
  const shows = harness.companion.calls.filter((c) => c.op === 'show').length
  expect(harness.companion.pressShortcut()).toBe(true)
  await expect.poll(() => harness.companion.calls.filter((c) => c.op === 'show').length).toBe(shows + 1)
  await expect(page.getByTestId('companion')).toHaveAttribute('data-visible', 'true')
  return page
}

test.use({ viewport: { width: 1280, height: 800 } })

test('a preset that needs a key is not saved without one, and a refused key is saved only when confirmed', async ({ app: page, provider, harness }) => {
  provider.script({ match: { path: '/v1/models' }, status: 401, times: 1 })
  await page.getByTestId('preset-openai').click()
  await page.getByTestId('provider-base-url').fill(provider.baseURL)
  await page.getByTestId('save-provider').click()
  await expect(page.getByTestId('provider-form')).toContainText('This provider needs an API key')
  await expect(page.getByTestId('provider-api-key')).toHaveAttribute('aria-invalid', 'true')
  expect(await harness.handlers.providers.list()).toEqual([])

  await page.getByTestId('provider-api-key').fill('sk-wrong')
  await page.getByTestId('test-connection').click()
  await expect(page.getByTestId('connection-result')).toHaveAttribute('data-ok', 'false')
  await page.getByTestId('save-provider').click()
  await expect(page.getByTestId('confirm-auth-save')).toContainText('Save anyway?')
  expect(await harness.handlers.providers.list()).toEqual([])
  await page.getByTestId('keep-editing').click()
  await expect(page.getByTestId('confirm-auth-save')).toHaveCount(0)

  await page.getByTestId('save-provider').click()
  await page.getByTestId('save-anyway').click()
  await expect(page.getByTestId('composer')).toBeVisible()
  expect(await harness.handlers.providers.list()).toMatchObject([{ presetId: 'openai', hasKey: true }])
})

test('a local address typed without http:// is completed, Test keeps a known default model, and Save stays in view', async ({ app: page, provider, harness }) => {
  const hostAndPort = new URL(provider.baseURL).host
  await page.getByTestId('preset-custom').click()
  await page.getByTestId('provider-base-url').fill(hostAndPort)
  await page.getByTestId('provider-base-url').blur()
  await expect(page.getByTestId('provider-base-url')).toHaveValue(`http://${hostAndPort}`)
  await expect(page.getByTestId('provider-form')).not.toContainText('must start with')
  await expect(page.getByTestId('provider-http-warning')).toHaveCount(0)

  await page.getByTestId('test-connection').click()
  await expect(page.getByTestId('connection-result')).toHaveAttribute('data-ok', 'true')
  // The provider lists deepseek-chat, gpt-4o, gpt-4o-mini: not the alphabetically first.
  await expect(page.getByTestId('provider-model')).toHaveValue('gpt-4o')
  await expect(page.getByTestId('save-provider')).toBeInViewport()

  await page.getByTestId('save-provider').click()
  await expect(page.getByTestId('composer')).toBeVisible()
  expect(await harness.handlers.providers.list()).toMatchObject([{ baseURL: `http://${hostAndPort}/v1`, defaultModel: 'gpt-4o' }])
})

test('with the only provider removed the history stays readable, and sending asks for a provider', async ({ page, provider, harness }) => {
  const saved = await seedProvider(harness, provider)
  await page.goto(harness.url)
  await page.getByTestId('composer').fill('remember this')
  await page.getByTestId('send').click()
  await expect(assistantMessages(page).last()).toContainText('Echo: remember this')

  await harness.handlers.providers.remove({ id: saved.id })
  await expect(page.getByTestId('no-provider-notice')).toBeVisible()
  await expect(page.getByTestId('onboarding')).toHaveCount(0)
  await expect(assistantMessages(page).last()).toContainText('Echo: remember this')
  await expect(page.getByTestId('conversation-item')).toHaveCount(1)

  await page.getByTestId('no-provider-add').click()
  await expect(page.getByTestId('onboarding')).toBeVisible()
  await page.getByTestId('onboarding-back').click()
  await expect(assistantMessages(page).last()).toContainText('Echo: remember this')

  await page.getByTestId('no-provider-add').click()
  await page.getByTestId('preset-custom').click()
  await page.getByTestId('provider-base-url').fill(provider.baseURL)
  await page.getByTestId('provider-model').fill('gpt-4o')
  await page.getByTestId('save-provider').click()
  await expect(page.getByTestId('no-provider-notice')).toHaveCount(0)
  await expect(page.getByTestId('composer')).toBeVisible()
})

test('the companion with no provider opens the main window on the provider form', async ({ page, context, provider, harness }) => {
  const saved = await seedProvider(harness, provider)
  await page.goto(harness.url)
  await page.getByTestId('composer').fill('an old question')
  await page.getByTestId('send').click()
  await expect(assistantMessages(page).last()).toContainText('Echo: an old question')
  await harness.handlers.providers.remove({ id: saved.id })
  await expect(page.getByTestId('no-provider-notice')).toBeVisible()

  const companion = await openCompanion(context, harness)
  await expect(companion.getByTestId('companion-no-provider')).toBeVisible()
  await companion.getByTestId('companion-add-provider').click()
  await expect.poll(() => harness.companion.calls.some((c) => c.op === 'openProviderSetup')).toBe(true)
  await expect(page.getByTestId('onboarding')).toBeVisible()
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-visible', 'false')
})

test('in the companion an answer follows its question closely', async ({ context, provider, harness }) => {
  await seedProvider(harness, provider)
  const companion = await openCompanion(context, harness)
  await companion.getByTestId('composer').fill('short question')
  await companion.keyboard.press('Enter')
  const answer = assistantMessages(companion).last()
  await expect(answer).toContainText('Echo: short question')
  await expect(answer).toHaveAttribute('data-status', 'complete')
  const question = companion.locator('[data-testid="message"][data-role="user"] .od-user-bubble').last()
  const gap = await companion.evaluate(
    ([q, a]) => a!.getBoundingClientRect().top - q!.getBoundingClientRect().bottom,
    [await question.elementHandle(), await answer.elementHandle()] as const
  )
  // Was ~70 px (the question's hover actions kept a row of their own): now the list's gap.
  expect(gap).toBeLessThanOrEqual(16)
})
