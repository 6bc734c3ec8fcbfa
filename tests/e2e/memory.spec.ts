/**
 * Memory and temporary chats (issue 16), end to end: the model's memory tool call runs in main
 * (no approval asked), the answer shows "Memory updated" with Undo, Settings → Memory lists and
 * edits what was saved, a new chat's request carries it; a temporary chat never reaches the
 * history, the search or the memory; an assistant with its own memory keeps what it saves to
 * itself (Settings shows it under that assistant, a plain chat's request does not carry it).
 */
import { expect, test, type Page, openSettingsAt } from './fixtures'

type ChatBody = { stream?: boolean; messages: Array<{ role: string; content: unknown }>; tools?: Array<{ function: { name: string } }> }
const textOf = (content: unknown): string => (typeof content === 'string' ? content : Array.isArray(content) ? content.map((c: { text?: string }) => c.text ?? '').join('') : '')
const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

/** The streamed request whose last user message contains `key`. */
function requestFor(provider: { requests: Array<{ path: string; body: unknown }> }, key: string): ChatBody | undefined {
  return provider.requests
    .filter((r) => r.path === '/v1/chat/completions' && (r.body as ChatBody).stream === true)
    .map((r) => r.body as ChatBody)
    .find((b) => textOf([...b.messages].reverse().find((m) => m.role === 'user')?.content).includes(key))
}

async function ask(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text)
  await page.getByTestId('send').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
}

test('remember → Memory updated → Settings lists it → a new chat carries it → Undo removes it', async ({ seededApp: page, provider }) => {
  provider.script({ match: { lastUserContains: 'metric' }, toolCalls: [{ name: 'memory', arguments: { action: 'save', text: 'Prefers metric units' } }] })
  provider.script({ match: { lastUserContains: 'metric' }, content: 'Got it: metric from now on.' })
  await ask(page, 'Remember that I prefer metric units')
  const chip = lastAssistant(page).getByTestId('memory-chip')
  await expect(chip).toContainText('Prefers metric units')

  await openSettingsAt(page, 'memory')
  const section = page.getByTestId('settings-memory')
  await section.scrollIntoViewIfNeeded()
  await expect(section.getByTestId('memory-item')).toHaveCount(1)
  await expect(section.getByTestId('memory-item')).toContainText('Prefers metric units')
  await page.getByTestId('settings-close').click()

  await page.getByTestId('new-chat').click()
  provider.script({ match: { lastUserContains: 'marathon' }, content: 'About 42.2 km.' })
  await ask(page, 'How long is a marathon?')
  expect(textOf(requestFor(provider, 'marathon')?.messages[0].content)).toContain('Prefers metric units')

  // Back to the first chat: Undo there removes the memory.
  await page.getByTestId('conversation-item').nth(1).click()
  await lastAssistant(page).getByTestId('memory-chip-undo').click()
  await expect(lastAssistant(page).getByTestId('memory-chip-undone')).toBeVisible()
  await openSettingsAt(page, 'memory')
  await expect(page.getByTestId('settings-memory').getByTestId('memory-empty')).toBeVisible()
})

test('a temporary chat leaves nothing in the history, the search or the memory', async ({ seededApp: page, provider, harness }) => {
  await page.getByTestId('temporary-toggle').click()
  provider.script({ match: { lastUserContains: 'zanzibar' }, toolCalls: [{ name: 'memory', arguments: { action: 'save', text: 'Plans a trip to Zanzibar' } }] })
  provider.script({ match: { lastUserContains: 'zanzibar' }, content: 'Sounds lovely.' })
  await ask(page, 'My secret zanzibar plan')
  await expect(page.getByTestId('temporary-banner')).toBeVisible()
  // The model was offered no memory tool (the scripted call was refused as not offered).
  expect(requestFor(provider, 'zanzibar')?.tools?.map((t) => t.function.name) ?? []).not.toContain('memory')
  await expect(page.getByTestId('conversation-item')).toHaveCount(0)
  expect(await harness.handlers.memory.list({})).toEqual([])
  expect((await harness.handlers.conversations.search({ query: 'zanzibar' })).hits).toEqual([])

  // Leaving it deletes it.
  await page.getByTestId('new-chat').click()
  await expect.poll(async () => (await harness.handlers.conversations.list({})).conversations.length).toBe(0)
})

test('an assistant with its own memory: remembered in its chat, listed under it in Settings, never sent to a plain chat', async ({ seededApp: page, provider, harness }) => {
  const coach = await harness.handlers.assistants.save({
    name: 'Running coach',
    emoji: '🏃',
    description: 'Plans my training.',
    instructions: 'You coach runners.',
    starters: [],
    knowledge: [],
    capabilities: { web: false, data: false, memory: true, memoryScope: 'own', mcpServers: [] }
  })
  await page.getByTestId('assistants-open').click()
  await page.getByTestId('assistant-card').filter({ hasText: 'Running coach' }).getByTestId('assistant-chat').click()
  await expect(page.getByTestId('chat-assistant')).toContainText('Running coach')

  provider.script({ match: { lastUserContains: 'interval' }, toolCalls: [{ name: 'memory', arguments: { action: 'save', text: 'Does intervals on Tuesdays' } }] })
  provider.script({ match: { lastUserContains: 'interval' }, content: 'Noted for your plan.' })
  await ask(page, 'Remember that I do interval training on Tuesdays')
  await expect(lastAssistant(page).getByTestId('memory-chip')).toContainText('Saved to Running coach’s memory: Does intervals on Tuesdays')
  expect(await harness.handlers.memory.list({})).toMatchObject([{ text: 'Does intervals on Tuesdays', scope: `assistant:${coach.id}` }])

  await openSettingsAt(page, 'memory')
  const section = page.getByTestId('settings-memory')
  await section.scrollIntoViewIfNeeded()
  const item = section.getByTestId('memory-item')
  await expect(item).toHaveCount(1)
  await expect(item.getByTestId('memory-text')).toHaveText('Does intervals on Tuesdays')
  await expect(item.getByTestId('memory-scope')).toHaveAttribute('data-scope', `assistant:${coach.id}`)
  await expect(item.getByTestId('memory-scope')).toContainText('Running coach')
  await page.getByTestId('settings-close').click()

  // A plain chat: memory is on there, but the coach's notebook is not in it.
  await page.getByTestId('new-chat').click()
  await expect(page.getByTestId('chat-assistant')).toHaveCount(0)
  provider.script({ match: { lastUserContains: 'Tuesday plans' }, content: 'Nothing planned yet.' })
  await ask(page, 'What are my Tuesday plans?')
  const system = textOf(requestFor(provider, 'Tuesday plans')?.messages[0].content)
  expect(system).toContain('Saved memories')
  expect(system).not.toContain('intervals')
})
