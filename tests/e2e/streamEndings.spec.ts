/**
 * What the user sees of every way a stream can go (issue 12): a reasoning model's thinking (in
 * its own field, or as inline <think> tags), a refusal, an answer cut by the output limit, and a
 * tool call nobody offered. The real renderer, the real main services, the openai SDK, and the
 * local provider streaming the delta shapes real providers send.
 */
import { expect, seedProvider, test, type Page } from './fixtures'

const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

async function ask(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text)
  await page.getByTestId('send').click()
}

test("a reasoning model's thinking shows live, folds when the answer starts, is kept after a reload, and stays out of the answer's Copy", async ({
  seededApp: page,
  provider,
  context
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  // DeepSeek's shape: reasoning_content first, then the answer. Held after the thinking until seen.
  let resume = (): void => undefined
  provider.script({
    match: { lastUserContains: 'meaning of life' },
    deltas: [{ reasoning_content: 'First, **consider** the question.' }, { reasoning_content: ' Then answer briefly.' }, { content: 'The answer is 42.' }],
    pause: { afterChunks: 2, until: new Promise<void>((resolve) => (resume = resolve)) }
  })
  await ask(page, 'What is the meaning of life?')
  const answer = lastAssistant(page)
  const thinking = answer.getByTestId('reasoning')
  await expect(thinking).toHaveAttribute('data-state', 'thinking')
  await expect(thinking).toHaveAttribute('data-expanded', 'true')
  await expect(thinking.getByTestId('reasoning-summary')).toContainText('Thinking')
  await expect(thinking.getByTestId('reasoning-body').locator('strong')).toHaveText('consider')
  await expect(thinking.getByTestId('reasoning-body')).toContainText('Then answer briefly.')
  resume()

  await expect(answer).toHaveAttribute('data-status', 'complete')
  await expect(answer.locator('.od-assistant-body')).toHaveText('The answer is 42.')
  await expect(thinking).toHaveAttribute('data-state', 'done')
  await expect(thinking).toHaveAttribute('data-expanded', 'false')
  await expect(thinking.getByTestId('reasoning-summary')).toContainText('Thought for')
  await answer.hover()
  await answer.getByTestId('message-copy').click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('The answer is 42.')

  await page.reload()
  const reloaded = lastAssistant(page)
  await expect(reloaded).toHaveAttribute('data-status', 'complete')
  await expect(reloaded.getByTestId('reasoning-summary')).toContainText('Thought for')
  await reloaded.getByTestId('reasoning-toggle').click()
  await expect(reloaded.getByTestId('reasoning-body')).toContainText('Then answer briefly.')
  await reloaded.getByTestId('reasoning-copy').click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('First, **consider** the question. Then answer briefly.')

  // The thinking is never sent back: the next request carries the answer alone.
  provider.script({ match: { lastUserContains: 'And why' }, content: 'Because.' })
  await ask(page, 'And why?')
  await expect(lastAssistant(page)).toContainText('Because.')
  const last = provider.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { messages: Array<{ role: string; content: unknown }> }
  expect(last.messages.filter((m) => m.role === 'assistant')).toEqual([{ role: 'assistant', content: 'The answer is 42.' }])
})

test('inline <think> tags (split across chunks) and the reasoning field become the thinking block, never answer text', async ({ seededApp: page, provider }) => {
  provider.script({ match: { lastUserContains: 'tags' }, chunks: ['<th', 'ink>Weighing the ', 'options.</thi', 'nk>\n\nOption B', '.'] })
  await ask(page, 'Pick one (tags)')
  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'complete')
  await expect(answer.locator('.od-assistant-body')).toHaveText('Option B.')
  await answer.getByTestId('reasoning-toggle').click()
  await expect(answer.getByTestId('reasoning-body')).toHaveText('Weighing the options.')

  // Ollama / Groq / OpenRouter / xAI: `reasoning`.
  provider.script({ match: { lastUserContains: 'field' }, deltas: [{ reasoning: 'Short thought.' }, { content: 'Yes.' }] })
  await ask(page, 'Again (field)')
  const second = lastAssistant(page)
  await expect(second.locator('.od-assistant-body')).toHaveText('Yes.')
  await expect(second.getByTestId('reasoning-summary')).toContainText('Thought for')

  // DeepSeek-R1 behind a server without a reasoning parser: the template opened <think> in the
  // prompt, so only </think> arrives. Until it does the thinking reads as the answer; then it moves.
  let resume = (): void => {}
  provider.script({
    match: { lastUserContains: 'lone' },
    chunks: ['The user wants ', 'a colour.\n</thi', 'nk>\n\nBlue', '.'],
    pause: { afterChunks: 2, until: new Promise<void>((resolve) => (resume = resolve)) }
  })
  await ask(page, 'A colour? (lone tag)')
  const third = lastAssistant(page)
  await expect(third.locator('.od-assistant-body')).toHaveText('The user wants a colour.')
  resume()
  await expect(third).toHaveAttribute('data-status', 'complete')
  await expect(third.locator('.od-assistant-body')).toHaveText('Blue.')
  await third.getByTestId('reasoning-toggle').click()
  await expect(third.getByTestId('reasoning-body')).toHaveText('The user wants a colour.')
  await page.reload()
  await expect(lastAssistant(page).locator('.od-assistant-body')).toHaveText('Blue.')
  await expect(lastAssistant(page).getByTestId('reasoning')).toBeVisible()
})

test('a refusal is shown as the answer and marked; a cut-off answer says it reached the output limit, and Continue joins the rest', async ({ seededApp: page, provider }) => {
  provider.script({ match: { lastUserContains: 'forbidden' }, deltas: [{ refusal: "I'm sorry, " }, { refusal: "I can't help with that." }] })
  await ask(page, 'Something forbidden')
  const refused = lastAssistant(page)
  await expect(refused).toHaveAttribute('data-status', 'complete')
  await expect(refused).toHaveAttribute('data-finish', 'refusal')
  await expect(refused.locator('.od-assistant-body')).toHaveText("I'm sorry, I can't help with that.")
  await expect(refused.getByTestId('finish-refusal')).toBeVisible()

  provider.script({ match: { lastUserContains: 'essay' }, content: 'The first part of a very long', finishReason: 'length' })
  await ask(page, 'Write an essay')
  const cut = lastAssistant(page)
  await expect(cut).toHaveAttribute('data-finish', 'length')
  await expect(cut.getByTestId('finish-length')).toContainText("output limit")
  await expect(cut.locator('.od-assistant-body')).toHaveText('The first part of a very long')

  // Continue: the model goes on (repeating a few words, as models do) and the seam does not show.
  provider.script({ match: { lastUserContains: 'cut off' }, chunks: ['part of a very long', ' essay, now finished.'] })
  await cut.getByTestId('continue').click()
  await expect(cut).toHaveAttribute('data-status', 'complete')
  await expect(cut.locator('.od-assistant-body')).toHaveText('The first part of a very long essay, now finished.')
  await expect(cut).not.toHaveAttribute('data-finish', 'length')
  await expect(page.locator('[data-testid="message"][data-role="assistant"]')).toHaveCount(2)
  await page.reload()
  await expect(lastAssistant(page).locator('.od-assistant-body')).toHaveText('The first part of a very long essay, now finished.')
})

test('a tool call in a chat that offers no tools is a clear notice with Retry, never an empty answer', async ({ seededApp: page, provider, harness }) => {
  // This chat offers the model no tools (the composer's tools menu; memory off in Settings, where
  // it has its own switch); the model asks for one anyway.
  await harness.handlers.settings.update({ memoryEnabled: false })
  await page.getByTestId('tools-menu-button').click()
  await page.getByTestId('tools-menu').getByTestId('tools-menu-source').first().uncheck()
  await page.keyboard.press('Escape')
  provider.script({ match: { lastUserContains: 'weather' }, toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] })
  await ask(page, 'What is the weather in Paris?')
  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'error')
  expect((provider.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { tools?: unknown }).tools).toBeUndefined()
  await expect(answer.getByTestId('error-panel')).toContainText('asked to use a tool')
  provider.script({ match: { lastUserContains: 'weather' }, content: 'I cannot check the weather, but Paris is often mild.' })
  await answer.getByTestId('retry').click()
  await expect(lastAssistant(page)).toContainText('Paris is often mild.')
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
})

test('provider errors say what they mean: an empty quota (no fallback, a billing link), a context too long (with the sizes), a content filter', async ({ page, harness, provider }) => {
  // A fallback model is set: an empty quota must not use it (same account, same bill).
  await seedProvider(harness, provider, { model: 'gpt-4o', fallbackModel: 'gpt-4o-mini' })
  await page.goto(harness.url)
  // OpenAI's 429 insufficient_quota (github.com/ChatGPTNextWeb/NextChat/issues/4101), with the link OpenRouter's 402 carries.
  provider.script({
    match: { lastUserContains: 'credits' },
    status: 429,
    retryAfterSeconds: 0,
    times: Infinity,
    error: { message: 'You exceeded your current quota. Add more using https://openrouter.ai/settings/credits', type: 'insufficient_quota', code: 'insufficient_quota' }
  })
  await ask(page, 'Out of credits?')
  const quota = lastAssistant(page)
  await expect(quota).toHaveAttribute('data-status', 'error')
  await expect(quota.getByTestId('error-panel')).toHaveAttribute('data-error-code', 'quota')
  await expect(quota.getByTestId('error-panel')).toContainText('billing matter')
  await expect(quota.getByTestId('error-detail')).toContainText('exceeded your current quota')
  await expect(quota.getByTestId('error-open-help')).toBeVisible()
  expect(provider.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => (r.body as { model: string }).model)).not.toContain('gpt-4o-mini')

  provider.script({
    match: { lastUserContains: 'long' },
    status: 400,
    error: {
      message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 8227 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      code: 'context_length_exceeded'
    }
  })
  await ask(page, 'A very long conversation')
  const tooLong = lastAssistant(page)
  await expect(tooLong.getByTestId('error-panel')).toHaveAttribute('data-error-code', 'context_length')
  await expect(tooLong.getByTestId('error-tokens')).toContainText('8,227')
  await expect(tooLong.getByTestId('error-tokens')).toContainText('8,192')

  // Azure OpenAI's content filter (github.com/compl-ai/compl-ai/issues/20).
  provider.script({
    match: { lastUserContains: 'filtered' },
    status: 400,
    error: {
      message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
      code: 'content_filter'
    }
  })
  await ask(page, 'Something filtered')
  const filtered = lastAssistant(page)
  await expect(filtered.getByTestId('error-panel')).toHaveAttribute('data-error-code', 'content_filter')
  await expect(filtered.getByTestId('error-panel')).toContainText('content policy')
})

test('a conversation too long for the model: retry without the oldest turns, or a new chat that carries a summary; nothing is lost', async ({ seededApp: page, provider }) => {
  for (const question of ['First topic: apples', 'Second topic: pears', 'Third topic: plums']) {
    await ask(page, question)
    await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  }
  // The model reads at most 7 messages (system + 3 turns); the 4th question is one too many.
  // OpenAI's context_length_exceeded body (platform.openai.com/docs/guides/error-codes).
  provider.script({
    match: { minMessages: 8 },
    status: 400,
    times: Infinity,
    error: {
      message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      code: 'context_length_exceeded'
    }
  })
  await ask(page, 'Which fruit came first?')
  const failed = lastAssistant(page)
  await expect(failed.getByTestId('error-panel')).toHaveAttribute('data-error-code', 'context_length')
  await expect(failed.getByTestId('context-choices')).toBeVisible()

  // Retry without the oldest turns: answered, the oldest turns stay, dimmed, above a line.
  await failed.getByTestId('context-trim').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  await expect(page.getByTestId('context-divider')).toBeVisible()
  await expect(page.locator('.od-out-of-context').first()).toContainText('First topic: apples')
  await expect(page.locator('[data-testid="message"][data-role="user"]')).toHaveCount(4)
  const chats = provider.requests.filter(
    (r) => r.path === '/v1/chat/completions' && (r.body as { stream?: boolean }).stream === true && JSON.stringify(r.body).includes('Which fruit came first?')
  )
  const retried = chats.at(-1)?.body as { messages: Array<{ content: unknown }> }
  expect(retried.messages.length).toBeLessThan(8)
  expect(JSON.stringify(retried.messages)).not.toContain('First topic: apples')

  // Send them again: everything goes, and the next question is too long again.
  await page.getByTestId('context-include-all').click()
  await expect(page.getByTestId('context-divider')).toHaveCount(0)
  await expect(page.locator('.od-out-of-context')).toHaveCount(0)
  await ask(page, 'And the last one?')
  await expect(lastAssistant(page).getByTestId('error-panel')).toHaveAttribute('data-error-code', 'context_length')

  // New chat with a summary: the model summarises, a new chat opens with it and answers the question.
  let release = (): void => {}
  provider.script({
    match: { lastUserContains: 'User: First topic: apples' },
    content: 'The user named three fruits: apples, pears, plums.',
    pause: { afterChunks: 0, until: new Promise<void>((resolve) => (release = resolve)) }
  })
  const original = await page.getByTestId('conversation-item').first().getAttribute('data-conversation-id')
  await lastAssistant(page).getByTestId('context-summarize').click()
  await expect(lastAssistant(page).getByTestId('context-summarize')).toBeDisabled()
  release()
  const card = page.getByTestId('summary-card')
  await expect(card).toBeVisible()
  await expect(page.locator('[data-testid="message"][data-role="user"]')).toHaveCount(1)
  await expect(page.locator('[data-testid="message"][data-role="user"]')).toContainText('And the last one?')
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  await card.getByTestId('summary-toggle').click()
  await expect(card.getByTestId('summary-body')).toContainText('apples, pears, plums')
  // The answer's request (streamed), not the new chat's title request.
  const answers = provider.requests.filter((r) => r.path === '/v1/chat/completions' && (r.body as { stream?: boolean }).stream === true)
  const fresh = answers.filter((r) => JSON.stringify(r.body).includes('And the last one?')).at(-1)?.body as {
    messages: Array<{ role: string; content: string }>
  }
  expect(fresh.messages.map((m) => m.role)).toEqual(['system', 'system', 'user'])
  expect(fresh.messages[1].content).toContain('apples, pears, plums')
  await expect(page.getByTestId('conversation-item')).toHaveCount(2)

  // The long conversation is still there, whole.
  await card.getByTestId('summary-open-original').click()
  await expect(page.locator('[data-testid="message"][data-role="user"]')).toHaveCount(5)
  expect(original).toBeTruthy()
})
