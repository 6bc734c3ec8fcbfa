/**
 * Assistants (issue 16), end to end: make one with a conversation starter and a knowledge PDF in
 * the real renderer, chat with it through its starter — the request carries its instructions
 * and the passage of page 3 (hybrid retrieval against the local provider's /embeddings) —;
 * export it, delete it, import it back; add one from the library; `@name` in the composer (a new
 * chat, then switching an open conversation) and the companion's assistant for new chats.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { makePdf, textPages } from '../support/documents'
import { expect, showCompanion, test, type HarnessHandle, type Page, openSettingsAt } from './fixtures'

type ChatBody = { stream?: boolean; messages: Array<{ role: string; content: unknown }> }
const textOf = (content: unknown): string => (typeof content === 'string' ? content : Array.isArray(content) ? content.map((c: { text?: string }) => c.text ?? '').join('') : '')
const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

function handbookPdf(dir: string): string {
  const pages = textPages(8, 40)
  pages[2] = { lines: ['Refunds', 'Customers may return unopened items within 45 days for a full refund.', ...Array.from({ length: 38 }, (_, l) => `Line ${l + 1} of the refunds page.`)] }
  const file = path.join(dir, 'handbook.pdf')
  writeFileSync(file, makePdf(pages))
  return file
}

test('make an assistant with a starter and knowledge, chat through the starter, export, delete and import it', async ({ seededApp: page, provider }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'omnidesk-e2e-assistants-'))
  await page.getByTestId('assistants-open').click()
  await page.getByTestId('assistant-new').click()
  const editor = page.getByTestId('assistant-editor')
  await editor.getByTestId('assistant-name').fill('Support bot')
  await editor.getByTestId('assistant-emoji').fill('🛟')
  await editor.getByTestId('assistant-instructions').fill('Answer from the store handbook and cite the page.')
  await editor.getByTestId('assistant-starter-add').click()
  await editor.getByTestId('assistant-starter').first().fill('How long do I have to return unopened items?')
  await editor.getByTestId('assistant-knowledge-input').setInputFiles(handbookPdf(dir))
  await expect(editor.getByTestId('assistant-knowledge-item')).toContainText('handbook.pdf')
  await editor.getByTestId('assistant-save').click()
  const card = page.getByTestId('assistant-card').filter({ hasText: 'Support bot' })
  await expect(card).toBeVisible()

  provider.script({ match: { lastUserContains: 'unopened' }, content: 'Within 45 days (handbook.pdf, p. 3).' })
  await card.getByTestId('assistant-chat').click()
  await expect(page.getByTestId('chat-assistant')).toContainText('Support bot')
  await page.getByTestId('starter-chip').first().click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  await expect(lastAssistant(page)).toContainText('p. 3')
  const body = provider.requests
    .filter((r) => r.path === '/v1/chat/completions' && (r.body as ChatBody).stream === true)
    .map((r) => r.body as ChatBody)
    .find((b) => textOf([...b.messages].reverse().find((m) => m.role === 'user')?.content).includes('unopened')) as ChatBody
  expect(textOf(body.messages[0].content)).toContain('Answer from the store handbook')
  const question = textOf([...body.messages].reverse().find((m) => m.role === 'user')?.content)
  expect(question).toMatch(/--- Pages? 3(–\d+)? ---/)
  expect(question).toContain('within 45 days for a full refund')

  // Export → delete → import.
  await page.getByTestId('assistants-open').click()
  const download = page.waitForEvent('download')
  await page.getByTestId('assistant-card').filter({ hasText: 'Support bot' }).getByTestId('assistant-export').click()
  const exported = path.join(dir, (await download).suggestedFilename())
  await (await download).saveAs(exported)
  expect(JSON.parse(readFileSync(exported, 'utf8'))).toMatchObject({ format: 'omnidesk-assistant', version: 1 })
  await page.getByTestId('assistant-card').filter({ hasText: 'Support bot' }).getByTestId('assistant-delete').click()
  await page.getByTestId('assistant-delete-confirm').click()
  await expect(page.getByTestId('assistant-card').filter({ hasText: 'Support bot' })).toHaveCount(0)
  await page.getByTestId('assistant-import-input').setInputFiles(exported)
  await expect(page.getByTestId('assistant-card').filter({ hasText: 'Support bot' })).toBeVisible()

  // A file that is not an assistant is refused with the reason.
  const bad = path.join(dir, 'bad.json')
  writeFileSync(bad, JSON.stringify({ format: 'omnidesk-assistant', version: 2, assistant: {} }))
  await page.getByTestId('assistant-import-input').setInputFiles(bad)
  await expect(page.getByTestId('assistant-import-error')).toContainText('newer')
})

test('the library: search, add one click, it shows as added and in Mine', async ({ seededApp: page }) => {
  await page.getByTestId('assistants-open').click()
  await page.getByTestId('assistants-library').click()
  await page.getByTestId('library-search').fill('translat')
  const card = page.getByTestId('library-card').first()
  await expect(card).toBeVisible()
  await card.getByTestId('library-add').click()
  await expect(card.getByTestId('library-added')).toBeVisible()
  await page.getByTestId('assistants-mine').click()
  await expect(page.getByTestId('assistant-card')).toHaveCount(1)
})

/** The system prompt of the streamed chat request whose question contains `key`. */
function systemFor(provider: { requests: Array<{ path: string; body: unknown }> }, key: string): string {
  const body = provider.requests
    .filter((r) => r.path === '/v1/chat/completions' && (r.body as ChatBody).stream === true)
    .map((r) => r.body as ChatBody)
    .find((b) => textOf([...b.messages].reverse().find((m) => m.role === 'user')?.content).includes(key))
  return body ? textOf(body.messages[0].content) : ''
}

async function saveAssistant(harness: HarnessHandle, name: string, emoji: string, instructions: string): Promise<string> {
  const saved = await harness.handlers.assistants.save({
    name,
    emoji,
    description: '',
    instructions,
    starters: [],
    knowledge: [],
    capabilities: { web: false, data: false, memory: false, mcpServers: [] }
  })
  return saved.id
}

test('@name in the composer picks an assistant for a new chat and switches an open conversation', async ({ seededApp: page, harness, provider }) => {
  const pirate = await saveAssistant(harness, 'Pirate', '🏴‍☠️', 'Always answer like a pirate.')
  await saveAssistant(harness, 'Poet', '🪶', 'Always answer in verse.')
  const composer = page.getByTestId('composer')
  const options = page.getByTestId('assistant-mention-option')

  await page.getByTestId('new-chat').click()
  await composer.fill('')
  await composer.pressSequentially('@pi')
  await expect(options).toHaveCount(1)
  await expect(options.first()).toHaveAttribute('data-id', pirate)
  await composer.press('Enter')
  await expect(page.getByTestId('assistant-mention')).toHaveCount(0)
  await expect(page.getByTestId('chat-assistant')).toHaveAttribute('data-id', pirate)
  await expect(composer).toHaveValue('')

  provider.script({ match: { lastUserContains: 'treasure' }, content: 'Arr, buried it be.' })
  await composer.pressSequentially('Where is the treasure?')
  await composer.press('Enter')
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  expect(systemFor(provider, 'treasure')).toContain('Always answer like a pirate.')

  // In the open conversation: @ → Poet, from the next message on.
  await composer.pressSequentially('@')
  await expect(options).toHaveCount(3) // "No assistant" first, then both
  await composer.pressSequentially('po')
  await options.filter({ hasText: 'Poet' }).click()
  await expect(page.getByTestId('chat-assistant')).toContainText('Poet')
  provider.script({ match: { lastUserContains: 'weather' }, content: 'The sky is grey, the clouds at play.' })
  await composer.pressSequentially('How is the weather?')
  await composer.press('Enter')
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  expect(systemFor(provider, 'weather')).toContain('Always answer in verse.')
  expect(systemFor(provider, 'weather')).not.toContain('pirate')
})

test('the companion’s new chats talk to the assistant Settings → Companion names', async ({ seededApp: page, context, harness, provider }) => {
  await saveAssistant(harness, 'Translator', '🌐', 'Translate everything into French.')
  await openSettingsAt(page, 'companion')
  await page.getByTestId('companion-default-assistant').selectOption({ label: '🌐 Translator' })
  await expect.poll(async () => (await harness.handlers.settings.get()).companionAssistantId).toBeTruthy()

  const companion = await showCompanion(context, harness)
  await expect(companion.getByTestId('chat-assistant')).toContainText('Translator')

  provider.script({ match: { lastUserContains: 'good morning' }, content: 'Bonjour.' })
  await companion.getByTestId('composer').fill('good morning')
  await companion.getByTestId('composer').press('Enter')
  await expect(companion.locator('[data-testid="message"][data-role="assistant"]').last()).toHaveAttribute('data-status', 'complete')
  expect(systemFor(provider, 'good morning')).toContain('Translate everything into French.')

  // `@` works here too; Esc closes its list without hiding the companion.
  const composer = companion.getByTestId('composer')
  await composer.pressSequentially('@')
  await expect(companion.getByTestId('assistant-mention-option')).toHaveCount(2)
  await composer.press('Escape')
  await expect(companion.getByTestId('assistant-mention')).toHaveCount(0)
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-visible', 'true')
  expect(harness.companion.calls.some((c) => c.op === 'hide')).toBe(false)
  // "No assistant" (first, as this chat has one): the conversation goes on without it.
  await composer.fill('')
  await composer.pressSequentially('@')
  await expect(companion.getByTestId('assistant-mention-option').first()).toHaveAttribute('data-id', '')
  await composer.press('Enter')
  await expect(companion.getByTestId('chat-assistant')).toHaveCount(0)
  const conversationId = await companion.getByTestId('companion').getAttribute('data-conversation-id')
  await expect.poll(async () => (await harness.handlers.conversations.get({ id: conversationId! })).conversation.assistantId).toBeUndefined()
})
