/**
 * First run: no provider yet → onboarding → a working chat.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { addProvider, expect, test } from './fixtures'

test('first run: add the local provider through onboarding, test it, and chat', async ({ app: page, provider }) => {
  await expect(page.getByTestId('onboarding')).toBeVisible()
  await page.getByTestId('preset-custom').click()
  // Without /v1 and with a trailing slash: normalised on save.
  await page.getByTestId('provider-base-url').fill(`${provider.url}/`)
  await page.getByTestId('provider-api-key').fill('sk-local')
  await page.getByTestId('provider-model').fill('gpt-4o')
  await page.getByTestId('provider-fallback-model').fill('gpt-4o-mini')
  await page.getByTestId('test-connection').click()
  await expect(page.getByTestId('connection-result')).toHaveAttribute('data-ok', 'true')
  await expect(page.getByTestId('connection-result')).toContainText('3')
  await page.getByTestId('save-provider').click()
  await expect(page.getByTestId('composer')).toBeVisible()

  await page.getByTestId('composer').fill('hello there')
  await page.getByTestId('send').click()
  await expect(page.locator('[data-testid="message"][data-role="assistant"]')).toContainText('Echo: hello there')
  const chat = provider.requests.find((r) => r.path === '/v1/chat/completions')
  expect(chat?.headers.authorization).toBe('Bearer sk-local')
})

test('presets prefill the base URL and model', async ({ app: page }) => {
  await page.getByTestId('preset-openai').click()
  await expect(page.getByTestId('provider-base-url')).toHaveValue('https://api.openai.com/v1')
  await expect(page.getByTestId('provider-model')).toHaveValue('gpt-4o')
  await page.getByTestId('preset-qwen').click()
  await expect(page.getByTestId('provider-base-url')).toHaveValue(/dashscope.*compatible-mode\/v1/)
  await page.getByTestId('preset-ollama').click()
  await expect(page.getByTestId('provider-base-url')).toHaveValue('http://127.0.0.1:11434/v1')
  await expect(page.getByTestId('provider-api-key')).toHaveCount(0)
})

test('an invalid base URL gets an inline error and is not saved', async ({ app: page, harness }) => {
  await page.getByTestId('preset-custom').click()
  await page.getByTestId('provider-base-url').fill('not a url')
  await page.getByTestId('provider-model').fill('gpt-4o')
  await expect(page.getByTestId('provider-form')).toContainText(/valid|URL/i)
  await page.getByTestId('save-provider').click().catch(() => {})
  await expect(page.getByTestId('onboarding')).toBeVisible()
  expect(await harness.handlers.providers.list()).toEqual([])
})

test('Test connection with a wrong key explains the problem', async ({ app: page, provider }) => {
  provider.script({ match: { path: '/v1/models' }, status: 401 })
  await page.getByTestId('preset-custom').click()
  await page.getByTestId('provider-base-url').fill(provider.baseURL)
  await page.getByTestId('provider-api-key').fill('sk-wrong')
  await page.getByTestId('provider-model').fill('gpt-4o')
  await page.getByTestId('test-connection').click()
  await expect(page.getByTestId('connection-result')).toHaveAttribute('data-ok', 'false')
  await expect(page.getByTestId('connection-result')).toContainText(/check the key above/i)
})

test('Test connection to a provider that is down says it cannot be reached', async ({ app: page, provider }) => {
  const url = provider.baseURL
  await provider.close()
  await page.getByTestId('preset-custom').click()
  await page.getByTestId('provider-base-url').fill(url)
  await page.getByTestId('provider-model').fill('gpt-4o')
  await page.getByTestId('test-connection').click()
  await expect(page.getByTestId('connection-result')).toHaveAttribute('data-ok', 'false', { timeout: 20_000 })
  await expect(page.getByTestId('connection-result')).toContainText(/reach/i)
})

test('the API key stays in main: the renderer only learns that it is set, and it is not stored in plain text', async ({
  app: page,
  provider,
  harness
}) => {
  await addProvider(page, provider, { apiKey: 'sk-very-secret-key' })
  const seen = await page.evaluate(async () => {
    const result = await (globalThis as unknown as { omnidesk: { providers: { list(): Promise<{ ok: boolean; value?: unknown }> } } }).omnidesk.providers.list()
    return result.value
  })
  expect(JSON.stringify(seen)).not.toContain('sk-very-secret-key')
  expect(seen).toMatchObject([{ hasKey: true }])
  const prefs = await readFile(path.join(harness.dataDir, 'preferences.json'), 'utf8')
  expect(prefs).not.toContain('sk-very-secret-key')
  expect(prefs).toContain('safeStorage')
})

test.describe('on a system without a keyring', () => {
  test.use({ harnessOptions: { keyring: 'unavailable' } })

  test('keys are refused until the user explicitly allows unencrypted storage', async ({ app: page, provider, harness }) => {
    await expect(page.getByTestId('keyring-warning')).toBeVisible()
    await page.getByTestId('preset-custom').click()
    await page.getByTestId('provider-base-url').fill(provider.baseURL)
    await page.getByTestId('provider-api-key').fill('sk-plain')
    await page.getByTestId('provider-model').fill('gpt-4o')
    await page.getByTestId('save-provider').click()
    await expect(page.getByTestId('save-error')).toBeVisible()
    expect(await harness.handlers.providers.list()).toEqual([])

    await page.getByTestId('allow-plaintext').check()
    await page.getByTestId('save-provider').click()
    await expect(page.getByTestId('composer')).toBeVisible()
    const prefs = JSON.parse(await readFile(path.join(harness.dataDir, 'preferences.json'), 'utf8'))
    expect(JSON.stringify(prefs)).toContain('"scheme":"plain"')
  })
})
