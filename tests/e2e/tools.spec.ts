/**
 * The model acts (issue 13): the real tool loop in main, the real built-in tools against local
 * services (a SearXNG-shaped search API, a small web site), the openai SDK streaming the tool-call
 * shapes real providers send, and the real renderer.
 */
import { PAGES, startWebPages, TEXT, type WebPages } from '../support/webPages'
import { startFakeSearch, type FakeSearch } from '../support/fakeSearch'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { McpServerConfig } from '../../src/shared/tools/schemas'

/**
 * The test MCP server (tests/support/mcpServer/stdio.ts) as a command line: this Node with tsx's
 * loader by its full path. Built here rather than imported from tests/support/mcpServer, whose
 * index uses import.meta (ESM) where Playwright loads specs as CommonJS.
 */
function stdioServerCommand(flags: string[] = []): { command: string; args: string[] } {
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href
  return { command: process.execPath, args: ['--import', tsxLoader, path.resolve('tests/support/mcpServer/stdio.ts'), ...flags] }
}

function stdioServerConfig(id: string, flags: string[] = []): McpServerConfig {
  return { id, name: `Test server ${id}`, enabled: true, transport: 'stdio', ...stdioServerCommand(flags), env: {}, headers: {}, timeoutSeconds: 30, approval: 'ask' }
}
import { expect, test, type Page, openSettingsAt } from './fixtures'

const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

async function ask(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text)
  await page.getByTestId('send').click()
}

let pages: WebPages
let search: FakeSearch

test.beforeEach(async () => {
  pages = await startWebPages()
  search = await startFakeSearch()
})

test.afterEach(async () => {
  await pages.close()
  await search.close()
})

test('ask → the model searches the web → reads a page → answers citing its sources', async ({ seededApp: page, provider }) => {
  // Settings → Tools: SearXNG on the local fake, local pages allowed (the site is on 127.0.0.1).
  await openSettingsAt(page, 'tools')
  const tools = page.getByTestId('settings-tools')
  await tools.getByTestId('settings-search-backend').selectOption('searxng')
  await tools.getByTestId('settings-searxng-url').fill(search.url)
  await tools.getByTestId('settings-searxng-url').press('Enter')
  await tools.getByTestId('settings-read-local').check()
  await expect(tools.getByTestId('settings-read-local')).toBeChecked()
  await page.getByTestId('settings-close').click()

  const article = `${pages.url}${PAGES.article}`
  provider.script({ match: { lastUserContains: 'harbour' }, toolCalls: [{ name: 'web_search', arguments: { query: 'quiet harbour tides' } }] })
  provider.script({ match: { lastUserContains: 'harbour' }, content: 'Let me read it. ', toolCalls: [{ name: 'read_url', arguments: { url: article } }] })
  provider.script({ match: { lastUserContains: 'harbour' }, content: 'The harbour master publishes tide tables every spring [7]; see also [1].' })
  await ask(page, 'How do tides work in the quiet harbour?')

  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'complete')
  const steps = answer.getByTestId('tool-step')
  await expect(steps).toHaveCount(2)
  await expect(steps.nth(0)).toHaveAttribute('data-tool', 'web_search')
  await expect(steps.nth(0)).toHaveAttribute('data-status', 'done')
  await expect(steps.nth(0).getByTestId('tool-step-args')).toHaveText('query: "quiet harbour tides"')
  await expect(steps.nth(1)).toHaveAttribute('data-tool', 'read_url')
  await expect(steps.nth(1)).toHaveAttribute('data-status', 'done')
  expect(search.requests.some((r) => r.service === 'searxng' && r.query.q === 'quiet harbour tides')).toBe(true)
  expect(pages.requests).toContain(PAGES.article)

  // The page's text went back to the model (without its navigation), and the result shows.
  const afterRead = provider.requests.filter((r) => r.path === '/v1/chat/completions' && (r.body as { stream?: boolean }).stream).at(-1)?.body as {
    messages: Array<{ role: string; content: string }>
  }
  const pageText = afterRead.messages.filter((m) => m.role === 'tool').at(-1)?.content ?? ''
  expect(pageText).toContain(TEXT.articleTitle)
  expect(pageText).not.toContain(TEXT.nav)
  await steps.nth(1).getByTestId('tool-step-toggle').click()
  await expect(steps.nth(1).getByTestId('tool-step-result')).toContainText('harbour master')

  // Sources: the search's six results (the tool asks for six), then the page read (numbered 7 by the loop); both
  // markers in the answer are links.
  const sources = answer.getByTestId('source')
  await expect(sources).toHaveCount(7)
  await expect(sources.last()).toContainText(TEXT.articleTitle)
  await expect(answer.locator('.od-assistant-body a', { hasText: '[7]' })).toHaveCount(1)
  await expect(answer.locator('.od-assistant-body a', { hasText: '[1]' })).toHaveCount(1)

  // Reopened from storage: the same steps and sources.
  await page.reload()
  await expect(lastAssistant(page).getByTestId('tool-step')).toHaveCount(2)
  await expect(lastAssistant(page).getByTestId('source')).toHaveCount(7)
})

test('Stop during a slow page cancels the tool and keeps what arrived', async ({ seededApp: page, provider, harness }) => {
  await harness.handlers.settings.update({ readUrlLocalNetwork: true })
  provider.script({ match: { lastUserContains: 'slow' }, content: 'Reading the page. ', toolCalls: [{ name: 'read_url', arguments: { url: `${pages.url}${PAGES.slow}` } }] })
  await ask(page, 'Read the slow page')
  const answer = lastAssistant(page)
  await expect(answer.getByTestId('tool-step')).toHaveAttribute('data-status', 'running')
  await pages.requested(PAGES.slow)
  await page.getByTestId('stop').click()
  await expect(answer).toHaveAttribute('data-status', 'stopped')
  await expect(answer.getByTestId('tool-step')).toHaveAttribute('data-status', 'cancelled')
  await expect(answer.locator('.od-assistant-body')).toHaveText('Reading the page.')
  expect((await pages.closed(PAGES.slow)).complete).toBe(false)
})

test('read_url refuses a local address unless the user allows local pages; the model is told why', async ({ seededApp: page, provider }) => {
  provider.script({ match: { lastUserContains: 'local' }, toolCalls: [{ name: 'read_url', arguments: { url: `${pages.url}${PAGES.article}` } }] })
  provider.script({ match: { lastUserContains: 'local' }, content: 'I could not read it.' })
  await ask(page, 'Read my local page')
  const answer = lastAssistant(page)
  await expect(answer).toHaveAttribute('data-status', 'complete')
  await expect(answer.getByTestId('tool-step')).toHaveAttribute('data-status', 'error')
  expect(pages.connections()).toBe(0)
})

test('an MCP server imported from JSON: a tool that changes something asks first; Deny goes back to the model, Allow once runs it', async ({ seededApp: page, provider }) => {
  const { command, args } = stdioServerCommand()
  await openSettingsAt(page, 'tools')
  await page.getByTestId('mcp-import').click()
  await page.getByTestId('mcp-import-json').fill(JSON.stringify({ mcpServers: { Notes: { command, args } } }))
  await page.getByTestId('mcp-import-run').click()
  await expect(page.getByTestId('mcp-import-result')).toContainText('1 server')
  const server = page.getByTestId('mcp-server')
  await expect(server).toHaveAttribute('data-state', 'ready')
  await expect(server.getByTestId('mcp-server-state')).toContainText('tools')
  await page.getByTestId('settings-close').click()

  provider.script({ match: { lastUserContains: 'note' }, toolCalls: [{ name: 'notes__write_note', arguments: { text: 'buy milk' } }] })
  provider.script({ match: { lastUserContains: 'note' }, content: 'I did not save the note.' })
  await ask(page, 'Save a note: buy milk')
  const step = lastAssistant(page).getByTestId('tool-step')
  await expect(step).toHaveAttribute('data-status', 'awaiting')
  await expect(step.getByTestId('tool-step-arguments')).toContainText('"text": "buy milk"')
  await step.getByTestId('tool-deny').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  await expect(step).toHaveAttribute('data-status', 'denied')
  await expect(lastAssistant(page).locator('.od-assistant-body')).toHaveText('I did not save the note.')

  provider.script({ match: { lastUserContains: 'really' }, toolCalls: [{ name: 'notes__write_note', arguments: { text: 'buy bread' } }] })
  provider.script({ match: { lastUserContains: 'really' }, content: 'Saved.' })
  await ask(page, 'Yes, really save: buy bread')
  const second = lastAssistant(page).getByTestId('tool-step')
  await second.getByTestId('tool-allow-once').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  await expect(second).toHaveAttribute('data-status', 'done')
  await second.getByTestId('tool-step-toggle').click()
  // The server's first note: the denied call never reached it.
  await expect(second.getByTestId('tool-step-result')).toContainText('Saved note 1')

  // Edit the server: its tools no longer ask first.
  await openSettingsAt(page, 'tools')
  await page.getByTestId('mcp-server').getByTestId('mcp-server-edit').click()
  await page.getByTestId('mcp-add-asks').uncheck()
  await page.getByTestId('mcp-add-save').click()
  await expect(page.getByTestId('mcp-server')).toHaveAttribute('data-state', 'ready')
  await page.getByTestId('settings-close').click()
  provider.script({ match: { lastUserContains: 'without asking' }, toolCalls: [{ name: 'notes__write_note', arguments: { text: 'eggs' } }] })
  provider.script({ match: { lastUserContains: 'without asking' }, content: 'Saved again.' })
  await ask(page, 'Save eggs without asking')
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  await expect(lastAssistant(page).getByTestId('tool-step')).toHaveAttribute('data-status', 'done')
})

test('an MCP server that fails to start shows why and what it wrote, with Retry', async ({ seededApp: page, harness }) => {
  await harness.handlers.tools.saveServer(stdioServerConfig('broken', ['--stderr', 'config file not found: ~/.broken.json', '--exit-on-start']))
  await openSettingsAt(page, 'tools')
  const server = page.getByTestId('mcp-server')
  await expect(server).toHaveAttribute('data-state', 'failed')
  await expect(server.getByTestId('mcp-server-stderr')).toContainText('config file not found')
  await expect(server.getByTestId('mcp-server-error')).not.toBeEmpty()
  await server.getByTestId('mcp-server-retry').click()
  await expect(server).toHaveAttribute('data-state', 'failed')
})

test("the composer's tools menu: a tool turned off for a chat is not offered to the model, and the choice stays with the chat", async ({ seededApp: page, provider, harness }) => {
  await harness.handlers.settings.update({ webSearchBackend: 'searxng', searxngUrl: search.url })
  await page.getByTestId('tools-menu-button').click()
  const menu = page.getByTestId('tools-menu')
  await expect(menu.getByTestId('tools-menu-tool')).toHaveCount(2)
  await menu.locator('[data-testid="tools-menu-tool"][data-tool="read_url"]').uncheck()
  await expect(page.getByTestId('tools-off-count')).toHaveText('1')
  await page.keyboard.press('Escape')
  await ask(page, 'Only search, please')
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  const offered = (provider.requests.filter((r) => r.path === '/v1/chat/completions' && (r.body as { stream?: boolean }).stream).at(-1)?.body as { tools?: Array<{ function: { name: string } }> }).tools
  // memory has its own switch (Settings → Memory), not this menu.
  expect(offered?.map((t) => t.function.name).filter((name) => name !== 'memory')).toEqual(['web_search'])

  // A new chat offers everything again; the first chat keeps its choice.
  await page.getByTestId('new-chat').click()
  await expect(page.getByTestId('tools-off-count')).toHaveCount(0)
  await page.getByTestId('conversation-item').first().click()
  await expect(page.getByTestId('tools-off-count')).toHaveText('1')
})

test('a link sent on its own is read: the composer says so, and the model is made to call read_url first', async ({ seededApp: page, provider, harness }) => {
  await harness.handlers.settings.update({ readUrlLocalNetwork: true })
  const article = `${pages.url}${PAGES.article}`
  await page.getByTestId('composer').fill(article)
  await expect(page.locator('.od-composer-hint')).toContainText('reads the page first')
  provider.script({ match: { lastUserContains: PAGES.article }, toolCalls: [{ name: 'read_url', arguments: { url: article } }] })
  provider.script({ match: { lastUserContains: PAGES.article }, content: 'A quiet harbour and its tides.' })
  await page.getByTestId('send').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
  await expect(lastAssistant(page).getByTestId('tool-step')).toHaveAttribute('data-status', 'done')
  const [first, second] = provider.requests.filter((r) => r.path === '/v1/chat/completions' && (r.body as { stream?: boolean }).stream).map((r) => r.body as { tool_choice?: unknown })
  expect(first.tool_choice).toEqual({ type: 'function', function: { name: 'read_url' } })
  expect(second.tool_choice).toBe('auto')
})
