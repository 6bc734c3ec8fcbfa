/**
 * Assistants (issue 16), end to end: make one with a conversation starter and a knowledge PDF in
 * the real renderer, chat with it through its starter — the request carries its instructions
 * and the passage of page 3 (hybrid retrieval against the local provider's /embeddings) —;
 * export it, delete it, import it back; add one from the library.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { makePdf, textPages } from '../support/documents'
import { expect, test, type Page } from './fixtures'

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
