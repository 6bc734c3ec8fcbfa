/**
 * What the user sees of every way a stream can go (issue 12): a reasoning model's thinking (in
 * its own field, or as inline <think> tags), a refusal, an answer cut by the output limit, and a
 * tool call nobody offered. The real renderer, the real main services, the openai SDK, and the
 * local provider streaming the delta shapes real providers send.
 */
import { expect, test, type Page } from './fixtures'

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
})

test('a refusal is shown as the answer and marked; a cut-off answer says it reached the output limit', async ({ seededApp: page, provider }) => {
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
})

test('a tool call nobody offered is a clear notice with Retry, never an empty answer', async ({ seededApp: page, provider }) => {
  provider.script({ match: { lastUserContains: 'weather' }, toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] })
  await ask(page, 'What is the weather in Paris?')
  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'error')
  await expect(answer.getByTestId('error-panel')).toContainText('asked to use a tool')
  provider.script({ match: { lastUserContains: 'weather' }, content: 'I cannot check the weather, but Paris is often mild.' })
  await answer.getByTestId('retry').click()
  await expect(lastAssistant(page)).toContainText('Paris is often mild.')
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
})
