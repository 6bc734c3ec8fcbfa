/**
 * Chat, end to end: the real renderer in Chromium → the bridge → the real main services → the
 * openai SDK → the local provider, and back as streamed events.
 */
import { expect, seedProvider, test, waitForBridge, type Page } from './fixtures'

const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

async function ask(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text)
  await page.getByTestId('send').click()
}

test('a question gets a streamed answer rendered as markdown', async ({ seededApp: page, provider }) => {
  // The provider holds the answer after its first chunk until the streaming state was seen.
  let resume = (): void => undefined
  provider.script({
    chunks: ['Here is **bold** and code:\n\n', '```js\nconst x = 1\n```\n\n', '| a | b |\n|---|---|\n| 1 | 2 |\n\n', 'Math: $E=mc^2$'],
    pause: { afterChunks: 1, until: new Promise<void>((resolve) => (resume = resolve)) }
  })
  await ask(page, 'Show me markdown')
  const answer = lastAssistant(page)
  await expect(answer.locator('strong')).toHaveText('bold')
  await expect(answer).toHaveAttribute('data-status', 'streaming')
  resume()
  await expect(answer).toHaveAttribute('data-status', 'complete')
  await expect(answer.locator('pre code')).toContainText('const x = 1')
  await expect(answer.locator('table td').first()).toHaveText('1')
  await expect(answer.locator('.katex').first()).toBeVisible()
  await expect(answer.getByTestId('message-model')).toContainText('gpt-4o')
  // The question went through the SDK with the user's text.
  const body = provider.requests.find((r) => r.path === '/v1/chat/completions')?.body as { messages: Array<{ content: string }> }
  expect(body.messages.at(-1)?.content).toBe('Show me markdown')
})

test('Send is disabled for an empty or whitespace-only message', async ({ seededApp: page }) => {
  await expect(page.getByTestId('send')).toBeDisabled()
  await page.getByTestId('composer').fill('   \n  ')
  await expect(page.getByTestId('send')).toBeDisabled()
  await page.getByTestId('composer').fill('hi')
  await expect(page.getByTestId('send')).toBeEnabled()
})

test('Stop keeps the partial answer, and a reload shows history and the partial answer', async ({ seededApp: page, provider }) => {
  const words = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ')
  provider.script({ content: words, tokensPerSecond: 40 })
  await ask(page, 'Write a lot')
  const answer = lastAssistant(page)
  await expect(answer).toContainText('w5')
  await page.getByTestId('stop').click()
  await expect(answer).toHaveAttribute('data-status', 'stopped')
  await expect(answer.getByTestId('message-stopped')).toBeVisible()
  const kept = (await answer.innerText()).match(/w\d+/g) ?? []
  expect(kept.length).toBeGreaterThan(4)

  await page.reload()
  await expect(page.locator('[data-testid="message"][data-role="user"]').last()).toContainText('Write a lot')
  const reloaded = lastAssistant(page)
  await expect(reloaded).toHaveAttribute('data-status', 'stopped')
  await expect(reloaded).toContainText('w0 w1 w2')
})

test('quitting mid-answer keeps what arrived (app restart)', async ({ seededApp: page, provider, harness }) => {
  provider.script({ content: Array.from({ length: 400 }, (_, i) => `t${i}`).join(' '), tokensPerSecond: 40 })
  await ask(page, 'Long answer please')
  await expect(lastAssistant(page)).toContainText('t10')
  await harness.restart()
  await page.reload()
  await waitForBridge(page)
  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'stopped')
  await expect(answer).toContainText('t0 t1 t2 t3 t4 t5 t6 t7 t8')
})

test('search finds a message by an English word and by a Chinese word', async ({ seededApp: page, provider, harness }) => {
  provider.script({ content: 'The aurora borealis is visible in Tromsø.' })
  await ask(page, 'Where can I see northern lights?')
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  await page.getByTestId('new-chat').click()
  provider.script({ content: '今天天气很好，适合去公园散步。' })
  await ask(page, '今天适合出门吗？')
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  await page.getByTestId('new-chat').click()

  await page.getByTestId('search').fill('borealis')
  await expect(page.getByTestId('search-hit').first()).toContainText('borealis')
  await page.getByTestId('search').fill('天气')
  const hit = page.getByTestId('search-hit').first()
  await expect(hit).toContainText('天气')
  await hit.click()
  await expect(lastAssistant(page)).toContainText('今天天气很好')
  // Search covers stored history, not just what is loaded: a restart changes nothing.
  await harness.restart()
  await page.reload()
  await page.getByTestId('search').fill('公园')
  await expect(page.getByTestId('search-hit').first()).toContainText('公园')
})

test('a wrong API key says to check the key', async ({ page, harness, provider }) => {
  await seedProvider(harness, provider, { apiKey: 'sk-wrong' })
  provider.script({ apiKey: 'sk-right', content: 'never sent' })
  await page.goto(harness.url)
  await ask(page, 'hello')
  const panel = page.getByTestId('error-panel')
  await expect(panel).toContainText(/check your API key/i)
  await expect(panel.getByTestId('error-detail')).toContainText(/Incorrect API key/)
  // The question is kept.
  await expect(page.locator('[data-testid="message"][data-role="user"]')).toContainText('hello')
})

test('a rate-limited model falls back, and the user is told which model answered', async ({ page, harness, provider }) => {
  await seedProvider(harness, provider, { model: 'gpt-4o', fallbackModel: 'gpt-4o-mini' })
  provider.script({ match: { model: 'gpt-4o' }, status: 429, retryAfterSeconds: 0, times: Infinity })
  provider.script({ match: { model: 'gpt-4o-mini' }, content: 'Answered by the small model.' })
  await page.goto(harness.url)
  await ask(page, 'hello')
  const answer = lastAssistant(page)
  await expect(answer).toContainText('Answered by the small model.')
  await expect(page.getByTestId('fallback-notice')).toContainText('gpt-4o-mini')
  await expect(page.getByTestId('fallback-notice')).toContainText('gpt-4o')
  await expect(answer.getByTestId('message-model')).toContainText('gpt-4o-mini')
  // It stays true after a reload (stored with the message).
  await page.reload()
  await expect(page.getByTestId('fallback-notice')).toContainText('gpt-4o-mini')
})

test('a dropped stream keeps the partial answer, marks it, and Retry works', async ({ seededApp: page, provider }) => {
  provider.script({ content: 'alpha beta gamma delta epsilon zeta eta theta', dropAfterChunks: 4 })
  await ask(page, 'Greek letters')
  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'error')
  await expect(answer).toContainText('alpha beta gamma delta')
  const panel = page.getByTestId('error-panel')
  await expect(panel).toHaveAttribute('data-error-code', 'stream_dropped')
  await expect(panel).toContainText(/dropped/i)
  provider.script({ content: 'alpha beta gamma delta epsilon zeta eta theta' })
  await page.getByTestId('retry').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  await expect(lastAssistant(page)).toContainText('theta')
  await expect(page.getByTestId('error-panel')).toHaveCount(0)
})

test('the provider being down shows a connection error, and Retry works once it is back', async ({ page, harness, provider }) => {
  await seedProvider(harness, provider)
  provider.script({ status: 503, times: Infinity, error: { message: 'Service temporarily unavailable' } })
  await page.goto(harness.url)
  await ask(page, 'are you there?')
  await expect(page.getByTestId('error-panel')).toHaveAttribute('data-error-code', 'server')
  provider.reset()
  await page.getByTestId('retry').click()
  await expect(lastAssistant(page)).toContainText('Echo: are you there?')
})

test('an unreachable provider gives a connection error with Retry', async ({ page, harness, provider }) => {
  await seedProvider(harness, provider)
  await provider.close()
  await page.goto(harness.url)
  await ask(page, 'anyone?')
  const panel = page.getByTestId('error-panel')
  await expect(panel).toHaveAttribute('data-error-code', 'connection', { timeout: 30_000 })
  await expect(panel.getByTestId('retry')).toBeVisible()
})

test('an unknown model shows the provider’s own message', async ({ page, harness, provider }) => {
  await seedProvider(harness, provider, { model: 'gpt-9-imaginary' })
  await page.goto(harness.url)
  await ask(page, 'hi')
  await expect(page.getByTestId('error-panel')).toHaveAttribute('data-error-code', 'model_not_found')
  await expect(page.getByTestId('error-detail')).toContainText('gpt-9-imaginary')
})

test('Regenerate, edit-and-resend, and Copy', async ({ seededApp: page, provider, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await ask(page, 'first try')
  await expect(lastAssistant(page)).toContainText('Echo: first try')

  provider.script({ content: 'A regenerated answer.' })
  await page.getByTestId('regenerate').click()
  await expect(lastAssistant(page)).toContainText('A regenerated answer.')
  await expect(page.locator('[data-testid="message"][data-role="assistant"]')).toHaveCount(1)

  await page.getByTestId('edit-message').click()
  await page.getByTestId('edit-input').fill('second try')
  await page.getByTestId('edit-submit').click()
  await expect(lastAssistant(page)).toContainText('Echo: second try')
  await expect(page.locator('[data-testid="message"][data-role="user"]')).toHaveCount(1)

  await lastAssistant(page).hover()
  await lastAssistant(page).getByTestId('message-copy').click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Echo: second try')
})

test('a 1 MB paste is accepted, shown collapsed, and sent whole', async ({ seededApp: page, provider }) => {
  const big = 'lorem ipsum '.repeat(90_000).slice(0, 1_000_000)
  // The local provider would otherwise echo the megabyte back word by word.
  provider.script({ content: 'Got it: a long text.' })
  await page.getByTestId('composer').focus()
  await page.evaluate((text) => {
    const data = new DataTransfer()
    data.setData('text/plain', text)
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, big)
  await expect(page.getByTestId('paste-chip')).toBeVisible()
  expect((await page.getByTestId('composer').inputValue()).length).toBeLessThan(1000)
  await page.getByTestId('send').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  const sent = provider.requests.filter((r) => r.path === '/v1/chat/completions')[0].body as { messages: Array<{ content: string }> }
  expect(sent.messages.at(-1)?.content).toContain(big)
  // Shown as its chip was: collapsed, with "Show more" (tests/e2e/polish-chat.spec.ts has the details).
  await expect(page.locator('[data-testid="message"][data-role="user"]').getByTestId('sent-paste-more')).toBeVisible()
})

test('conversations can be renamed and deleted, and get an automatic title', async ({ seededApp: page }) => {
  await ask(page, 'Plan a trip to Kyoto')
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  const item = page.getByTestId('conversation-item').first()
  // The local provider echoes the title request, so the automatic title starts with "Echo".
  await expect(item).toContainText('Echo')
  await item.hover()
  await page.getByTestId('rename-conversation').first().click()
  await page.getByTestId('rename-input').fill('Kyoto trip')
  await page.getByTestId('rename-input').press('Enter')
  await expect(page.getByTestId('conversation-item').first()).toContainText('Kyoto trip')
  await page.reload()
  await expect(page.getByTestId('conversation-item').first()).toContainText('Kyoto trip')
  await page.getByTestId('conversation-item').first().hover()
  await page.getByTestId('delete-conversation').first().click()
  await page.getByTestId('confirm-delete').click()
  await expect(page.getByTestId('conversation-item')).toHaveCount(0)
})
