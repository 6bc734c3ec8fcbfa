/**
 * Export and import of conversations (issue 17), end to end through the real renderer: the chat
 * header's Export menu (keyboard), Settings → Data and backups (export all, import with its
 * progress bar and summary), the imported conversations in the sidebar with their messages and
 * images, and a refused file's sentence (en and zh-CN). Files go through the harness's scripted
 * Save / Open dialogs; the ChatGPT zip is built here with yazl.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, openSettingsAt, test, type Page } from './fixtures'
import { gptConversation, gptText, solidPng, writeZip } from '../fixtures/transfer/build'

let work: string
test.beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'omnidesk-e2e-transfer-'))
})
test.afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

async function chat(page: Page, provider: { script(s: { chunks: string[] }): void }, question: string, answer: string): Promise<void> {
  provider.script({ chunks: [answer] })
  await page.getByTestId('composer').fill(question)
  await page.getByTestId('send').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  await expect(lastAssistant(page)).toContainText(answer.replace(/\*\*/g, ''))
}

test('the chat header exports the open conversation as Markdown (keyboard menu)', async ({ seededApp: page, provider, harness }) => {
  await chat(page, provider, 'Tell me about Kyoto', 'Kyoto is **lovely** in autumn.')
  const target = path.join(work, 'kyoto.md')
  harness.fileDialogs.nextSave(target)

  const button = page.getByTestId('export-conversation')
  await button.focus()
  await page.keyboard.press('Enter')
  const menu = page.getByTestId('export-menu')
  await expect(menu.getByRole('menuitem')).toHaveCount(3)
  await expect(menu.getByTestId('export-markdown')).toBeFocused()
  // ↓ then ↑ (wraps to the last, then back): the menu moves with the arrows.
  await page.keyboard.press('ArrowUp')
  await expect(menu.getByTestId('export-html')).toBeFocused()
  await page.keyboard.press('Home')
  await page.keyboard.press('Enter')
  await expect(menu).toHaveCount(0)
  await expect(button).toBeFocused()

  await expect(page.getByTestId('export-status')).toContainText(target)
  const request = harness.fileDialogs.requests.at(-1)
  expect(request).toMatchObject({ kind: 'save', extensions: ['md'] })
  expect(request?.defaultName).toMatch(/\.md$/)
  const md = await readFile(target, 'utf8')
  expect(md).toMatch(/^# .+/m)
  expect(md).toMatch(/### You · .*\n\nTell me about Kyoto/)
  expect(md).toContain('Kyoto is **lovely** in autumn.')

  // Esc closes the menu without exporting.
  await button.click()
  await expect(page.getByTestId('export-menu')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('export-menu')).toHaveCount(0)
  expect(harness.fileDialogs.requests).toHaveLength(1)
})

test('Settings exports the whole history as JSON', async ({ seededApp: page, provider, harness }) => {
  await chat(page, provider, 'First question', 'First answer.')
  const target = path.join(work, 'history.json')
  harness.fileDialogs.nextSave(target)
  await openSettingsAt(page, 'data')
  const section = page.getByTestId('settings-transfer')
  await section.getByTestId('transfer-format').selectOption('json')
  await section.getByTestId('transfer-export-all').click()
  await expect(section.getByTestId('transfer-exported')).toContainText(target)
  await expect(section.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '1')
  const exported = JSON.parse(await readFile(target, 'utf8'))
  expect(exported).toMatchObject({ format: 'omnidesk-history', version: 2 })
  expect(exported.conversations).toHaveLength(1)
  const texts = exported.conversations[0].messages.map((m: { parts: Array<{ text?: string }> }) => m.parts.map((p) => p.text).join(''))
  expect(texts).toEqual(['First question', 'First answer.'])
})

test('importing a ChatGPT export: progress, the summary, then the conversations in the sidebar with their messages', async ({ seededApp: page, harness }) => {
  const png = solidPng(4, 4, [20, 120, 220])
  const zip = path.join(work, 'chatgpt-export.zip')
  await writeZip(zip, {
    'conversations.json': JSON.stringify([
      gptConversation({
        id: 'gpt-paris',
        title: 'Paris trip',
        time: 1_700_000_000,
        current: 'a2',
        nodes: [
          { id: 'r' },
          { id: 'u1', parent: 'r', role: 'user', time: 1_700_000_001, content: { content_type: 'multimodal_text', parts: [{ content_type: 'image_asset_pointer', asset_pointer: 'file-service://file-Blue1' }, 'Where is this?'] } },
          { id: 'a1', parent: 'u1', role: 'assistant', time: 1_700_000_002, content: gptText('Discarded first answer') },
          { id: 'a2', parent: 'u1', role: 'assistant', time: 1_700_000_003, content: gptText('That is the Seine in Paris.') }
        ]
      }),
      gptConversation({
        id: 'gpt-bread',
        title: 'Bread recipe',
        time: 1_690_000_000,
        current: 'b2',
        nodes: [
          { id: 'r' },
          { id: 'b1', parent: 'r', role: 'user', content: gptText('How do I bake bread?') },
          { id: 'b2', parent: 'b1', role: 'assistant', content: gptText('Flour, water, salt, yeast.') }
        ]
      }),
      gptConversation({ id: 'gpt-browse', title: 'Just browsing', current: 'x', nodes: [{ id: 'r' }, { id: 'x', parent: 'r', role: 'tool', content: { content_type: 'tether_quote', text: 'q' } }] })
    ]),
    'file-Blue1-photo.png': png,
    'user.json': '{}'
  })
  harness.fileDialogs.nextOpen(zip)
  await openSettingsAt(page, 'data')
  const section = page.getByTestId('settings-transfer')
  await section.getByTestId('transfer-import').click()

  const summary = section.getByTestId('transfer-summary')
  await expect(summary).toContainText('2 conversations imported from ChatGPT.')
  await expect(section.getByTestId('transfer-skipped')).toContainText('Just browsing: nothing in it could be read')
  // The bar ends full.
  const bar = section.getByRole('progressbar')
  await expect(bar).toHaveAttribute('data-done', /^[1-9]/)
  expect(await bar.getAttribute('data-done')).toBe(await bar.getAttribute('data-total'))
  expect(harness.fileDialogs.requests.at(-1)).toMatchObject({ kind: 'open', extensions: ['json', 'zip'] })

  // Open: the newest imported conversation, with the current branch only and its image.
  await summary.getByTestId('transfer-open').click()
  await expect(page.getByTestId('settings')).toHaveCount(0)
  await expect(page.getByTestId('chat-title')).toHaveText('Paris trip')
  const messages = page.getByTestId('message')
  await expect(messages).toHaveCount(2)
  await expect(messages.first()).toContainText('Where is this?')
  await expect(messages.first().getByTestId('history-image')).toBeVisible()
  await expect(messages.last()).toContainText('That is the Seine in Paris.')
  await expect(page.getByText('Discarded first answer')).toHaveCount(0)

  // Both are in the sidebar; the other opens with its messages.
  const items = page.getByTestId('conversation-item')
  await expect(items.filter({ hasText: 'Paris trip' })).toHaveCount(1)
  await items.filter({ hasText: 'Bread recipe' }).click()
  await expect(page.getByTestId('chat-title')).toHaveText('Bread recipe')
  await expect(page.getByTestId('message').last()).toContainText('Flour, water, salt, yeast.')
})

test('a refused file shows the sentence and imports nothing', async ({ seededApp: page, harness }) => {
  const wrong = path.join(work, 'settings.json')
  await writeFile(wrong, JSON.stringify({ theme: 'dark' }))
  harness.fileDialogs.nextOpen(wrong)
  await openSettingsAt(page, 'data')
  const section = page.getByTestId('settings-transfer')
  await section.getByTestId('transfer-import').click()
  await expect(section.getByTestId('transfer-import-error')).toContainText('This JSON is not a conversation export Omnidesk knows')
  await expect(section.getByTestId('transfer-summary')).toHaveCount(0)
  expect((await harness.handlers.conversations.list({})).conversations).toEqual([])

  // Cancelling the dialog says nothing.
  harness.fileDialogs.nextOpen(null)
  await section.getByTestId('transfer-import').click()
  await expect(section.getByTestId('transfer-import-error')).toHaveCount(0)
  await expect.poll(() => harness.fileDialogs.requests.length).toBe(2)
})

test.describe('in Chinese', () => {
  test.use({ harnessOptions: { locale: 'zh-CN' } })

  test('a truncated zip is refused in the UI language', async ({ seededApp: page, harness }) => {
    const zip = path.join(work, 'cut.zip')
    await writeZip(zip, { 'conversations.json': JSON.stringify([gptConversation({ id: 'c', title: 't', current: 'u', nodes: [{ id: 'r' }, { id: 'u', parent: 'r', role: 'user', content: gptText('x'.repeat(5000)) }] })]) })
    const bytes = await readFile(zip)
    await writeFile(zip, bytes.subarray(0, Math.floor(bytes.length / 2)))
    harness.fileDialogs.nextOpen(zip)
    await openSettingsAt(page, 'data')
    const section = page.getByTestId('settings-transfer')
    await section.getByTestId('transfer-import').click()
    await expect(section.getByTestId('transfer-import-error')).toContainText('这个 zip 文件不完整或已损坏')
  })
})
