/**
 * The companion window, end to end in the web harness. The harness has no window manager: the
 * companion page (/companion.html) is a second tab of the same browser context as the main
 * window's page, "pressing the global shortcut" goes through the real shortcut registry and
 * service (harness.companion.pressShortcut), and what main asked the desktop to do (show, hide
 * with which focus return, resize, open in main) is recorded in harness.companion.calls.
 */
import type { BrowserContext } from '@playwright/test'
import { expect, seedProvider, test, type FakeProvider, type Page } from './fixtures'
import type { HarnessHandle } from './fixtures'

const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

interface ChatBody {
  stream?: boolean
  messages: Array<{ role: string; content: string | Array<{ type: string; text?: string }> }>
}
/** The question of the last streamed chat request (not the automatic-title request). */
const lastUserContent = (provider: FakeProvider): string => {
  const reqs = provider.requests.filter((r) => r.path === '/v1/chat/completions' && (r.body as ChatBody).stream === true)
  const body = reqs.at(-1)?.body as ChatBody
  const content = body.messages.filter((m) => m.role === 'user').at(-1)?.content
  return typeof content === 'string' ? content : (content ?? []).map((p) => p.text ?? '').join('')
}

async function openCompanion(context: BrowserContext, harness: HarnessHandle): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (error) => console.log(`[companion page error] ${error.message}`))
  await page.goto(harness.pageUrl('companion.html'))
  await expect(page.getByTestId('companion')).toBeVisible()
  // Loaded and subscribed (the page asks main for its state once its bridge is up).
  await expect.poll(() => harness.connectionCount()).toBeGreaterThan(0)
  return page
}

/** "Presses" the global shortcut and waits until the page has applied the show. */
async function pressShortcut(harness: HarnessHandle, companion: Page, expectVisible = true): Promise<void> {
  const shows = harness.companion.calls.filter((c) => c.op === 'show').length
  expect(harness.companion.pressShortcut()).toBe(true)
  if (expectVisible) {
    await expect.poll(() => harness.companion.calls.filter((c) => c.op === 'show').length).toBe(shows + 1)
    await expect(companion.getByTestId('companion')).toHaveAttribute('data-visible', 'true')
  }
}

test.beforeEach(async ({ harness, provider }) => {
  await seedProvider(harness, provider)
})

test('ask in the companion, get a streamed answer, and "Open in main window" shows the same conversation', async ({
  page,
  context,
  harness,
  provider
}) => {
  await page.goto(harness.url)
  await expect(page.getByTestId('composer')).toBeVisible()
  const companion = await openCompanion(context, harness)
  await pressShortcut(harness, companion)

  // The input has focus at once.
  await expect(companion.getByTestId('composer')).toBeFocused()
  // The provider holds the answer after its second chunk until the streaming state was seen.
  let resume = (): void => undefined
  provider.script({
    chunks: ['The capital of ', 'France is **Paris**.\n\n', '- Population: about 2.1 million\n', '- River: the Seine\n'],
    pause: { afterChunks: 2, until: new Promise<void>((resolve) => (resume = resolve)) }
  })
  await companion.keyboard.type('What is the capital of France?')
  await companion.keyboard.press('Enter')
  const answer = lastAssistant(companion)
  await expect(answer.locator('strong')).toHaveText('Paris')
  await expect(answer).toHaveAttribute('data-status', 'streaming')
  resume()
  await expect(answer).toHaveAttribute('data-status', 'complete')
  await expect(answer.locator('li')).toHaveCount(2)
  expect(lastUserContent(provider)).toBe('What is the capital of France?')

  // The window grew to fit the answer (main was asked to resize, within the display's limit).
  const heights = harness.companion.calls.flatMap((c) => (c.op === 'setHeight' ? [c.height] : []))
  expect(Math.max(...heights)).toBeGreaterThan(200)

  const conversationId = await companion.getByTestId('companion').getAttribute('data-conversation-id')
  expect(conversationId).toBeTruthy()
  await companion.getByTestId('companion-open-in-main').click()
  await expect.poll(() => harness.companion.calls.filter((c) => c.op === 'openInMain')).toEqual([{ op: 'openInMain', conversationId }])
  // The companion hides without a focus return: the main window takes focus.
  expect(harness.companion.calls.filter((c) => c.op === 'hide').at(-1)).toEqual({ op: 'hide', focus: 'none' })
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-visible', 'false')

  // The main window's page shows that conversation, question and answer.
  await expect(page.locator('[data-testid="message"][data-role="user"]').last()).toContainText('What is the capital of France?')
  await expect(lastAssistant(page).locator('strong')).toHaveText('Paris')
  await expect(page.getByTestId('chat-title')).not.toHaveText('')
  // An ordinary conversation in history.
  const list = (await harness.handlers.conversations.list({})).conversations
  expect(list.map((c) => c.id)).toContain(conversationId)
})

test('Esc asks main to hide the companion (never during an IME composition)', async ({ context, harness }) => {
  const companion = await openCompanion(context, harness)
  await pressShortcut(harness, companion)
  const composer = companion.getByTestId('composer')
  await expect(composer).toBeFocused()

  // Esc that cancels an IME composition does not hide.
  await composer.dispatchEvent('compositionstart')
  await composer.dispatchEvent('keydown', { key: 'Escape', code: 'Escape', keyCode: 229, isComposing: true, bubbles: true })
  await composer.dispatchEvent('compositionend')
  await companion.waitForTimeout(200)
  expect(harness.companion.calls.filter((c) => c.op === 'hide')).toEqual([])

  await companion.keyboard.press('Escape')
  // No other Omnidesk window: on macOS this is app.hide(); elsewhere the window alone.
  const expected = process.platform === 'darwin' ? 'hide-app' : 'hide-window'
  await expect.poll(() => harness.companion.calls.filter((c) => c.op === 'hide')).toEqual([{ op: 'hide', focus: expected }])
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-visible', 'false')
  expect(harness.companion.service()?.state.visible).toBe(false)

  // The shortcut shows it again; the shortcut again hides it.
  await pressShortcut(harness, companion)
  await companion.waitForTimeout(200) // past the key-repeat guard
  expect(harness.companion.pressShortcut()).toBe(true)
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-visible', 'false')
  expect(harness.companion.calls.filter((c) => c.op === 'hide')).toHaveLength(2)
})

test('an Enter that confirms an IME composition does not send', async ({ context, harness, provider }) => {
  const companion = await openCompanion(context, harness)
  await pressShortcut(harness, companion)
  const composer = companion.getByTestId('composer')
  await composer.fill('ni hao')
  await composer.dispatchEvent('compositionstart')
  await composer.dispatchEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, isComposing: true, bubbles: true })
  await composer.dispatchEvent('compositionend')
  await companion.waitForTimeout(300)
  await expect(companion.locator('[data-testid="message"]')).toHaveCount(0)
  expect(provider.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(0)

  // A real composition through Chromium's IME path (CDP), committed with Enter: still no send.
  const cdp = await context.newCDPSession(companion)
  await composer.fill('')
  await cdp.send('Input.imeSetComposition', { text: '你好', selectionStart: 2, selectionEnd: 2 })
  await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 })
  await cdp.send('Input.insertText', { text: '你好' })
  await companion.waitForTimeout(300)
  await expect(companion.locator('[data-testid="message"]')).toHaveCount(0)
  await expect(composer).toHaveValue(/你好/)

  // Enter after the composition sends.
  await composer.press('Enter')
  await expect(companion.locator('[data-testid="message"][data-role="user"]')).toHaveCount(1)
  await expect(lastAssistant(companion)).toHaveAttribute('data-status', 'complete')
})

test('the clipboard chip appears when the setting is on, can be removed, and is sent when kept', async ({
  page,
  context,
  harness,
  provider
}) => {
  // Off by default: no chip and the clipboard is not even read.
  harness.companion.setClipboard('SECRET-CLIPBOARD-TEXT')
  const companion = await openCompanion(context, harness)
  await pressShortcut(harness, companion)
  await companion.waitForTimeout(300)
  await expect(companion.getByTestId('companion-clipboard-chip')).toHaveCount(0)
  expect(harness.companion.calls.some((c) => c.op === 'readClipboard')).toBe(false)
  await companion.keyboard.press('Escape')

  // Turn it on in Settings (main window).
  await page.goto(harness.url)
  await page.getByTestId('settings-open').click()
  await page.getByTestId('settings-nav-companion').click()
  await page.getByTestId('companion-clipboard-context').check()
  await expect.poll(async () => (await harness.handlers.settings.get()).companionClipboardContext).toBe(true)

  // Shown with the chip; removed before sending: the question goes alone.
  await companion.waitForTimeout(450) // past the blur/toggle guards
  await pressShortcut(harness, companion)
  const chip = companion.getByTestId('companion-clipboard-chip')
  await expect(chip).toContainText('SECRET-CLIPBOARD-TEXT')
  await chip.getByTestId('companion-clipboard-remove').click()
  await expect(chip).toHaveCount(0)
  await companion.getByTestId('composer').fill('Question without context')
  await companion.getByTestId('composer').press('Enter')
  await expect(lastAssistant(companion)).toHaveAttribute('data-status', 'complete')
  expect(lastUserContent(provider)).toBe('Question without context')

  // Next show, chip kept: it is sent as context after the question.
  harness.companion.setClipboard('const answer = 42')
  await companion.keyboard.press('Escape')
  await companion.waitForTimeout(450)
  await pressShortcut(harness, companion)
  await expect(companion.getByTestId('companion-clipboard-chip')).toContainText('const answer = 42')
  await companion.getByTestId('composer').fill('What does this do?')
  await companion.getByTestId('composer').press('Enter')
  await expect(lastAssistant(companion)).toHaveAttribute('data-status', 'complete')
  expect(lastUserContent(provider)).toBe('What does this do?\n\nClipboard:\n```text\nconst answer = 42\n```')
  await expect(companion.getByTestId('companion-clipboard-chip')).toHaveCount(0)
})

test('continues the last conversation when recent; Cmd/Ctrl+N starts a new one; Up recalls the last prompt', async ({
  context,
  harness
}) => {
  const companion = await openCompanion(context, harness)
  await pressShortcut(harness, companion)
  await companion.getByTestId('composer').fill('first question')
  await companion.getByTestId('composer').press('Enter')
  await expect(lastAssistant(companion)).toHaveAttribute('data-status', 'complete')
  const first = await companion.getByTestId('companion').getAttribute('data-conversation-id')

  await companion.keyboard.press('Escape')
  await companion.waitForTimeout(200)
  await pressShortcut(harness, companion)
  // Same conversation (default: continue within 10 minutes).
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-conversation-id', first!)
  await expect(companion.locator('[data-testid="message"][data-role="user"]')).toContainText('first question')

  // Up in the empty composer brings the last prompt back.
  await companion.getByTestId('composer').press('ArrowUp')
  await expect(companion.getByTestId('composer')).toHaveValue('first question')
  await companion.getByTestId('composer').fill('')

  await companion.keyboard.press(process.platform === 'darwin' ? 'Meta+n' : 'Control+n')
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-conversation-id', '')
  await expect(companion.locator('[data-testid="message"]')).toHaveCount(0)

  // With 0 minutes, a show always starts a new conversation.
  await companion.getByTestId('composer').fill('second question')
  await companion.getByTestId('composer').press('Enter')
  await expect(lastAssistant(companion)).toHaveAttribute('data-status', 'complete')
  await harness.handlers.settings.update({ companionContinueMinutes: 0 })
  await companion.keyboard.press('Escape')
  await companion.waitForTimeout(200)
  await pressShortcut(harness, companion)
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-conversation-id', '')
})

test('pin keeps it open: main is told, and the pin shows', async ({ context, harness }) => {
  const companion = await openCompanion(context, harness)
  await pressShortcut(harness, companion)
  await companion.getByTestId('companion-pin').click()
  await expect(companion.getByTestId('companion-pin')).toHaveAttribute('aria-pressed', 'true')
  await expect.poll(() => harness.companion.service()?.state.pinned).toBe(true)
  expect(harness.companion.calls).toContainEqual({ op: 'setPinned', pinned: true })
  // A blur does not hide a pinned companion.
  harness.companion.service()?.windowFocused()
  await companion.waitForTimeout(300)
  harness.companion.service()?.windowBlurred()
  await companion.waitForTimeout(100)
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-visible', 'true')
})

test('Settings: a taken shortcut is explained with a working alternative; the measured show latency is listed', async ({
  page,
  context,
  harness
}) => {
  const companion = await openCompanion(context, harness)
  await pressShortcut(harness, companion)
  await companion.keyboard.press('Escape')

  await page.goto(harness.url)
  await page.getByTestId('settings-open').click()
  // The latency of the show above, hotkey → first frame: numbers for whoever tunes the app, in
  // their own section (not among the companion's settings), found by its title.
  await page.getByTestId('settings-search').fill('Companion window performance')
  const diagnostics = page.getByTestId('settings-companion-diagnostics')
  await expect(diagnostics.getByTestId('companion-latency-summary')).toContainText(/\d+(\.\d)? ms/)
  await expect(diagnostics.getByTestId('companion-latency-sample')).toHaveCount(1)
  await page.getByTestId('settings-search').fill('')

  // The Companion page shows the shortcut and links to the recorder, on the Shortcuts page.
  await page.getByTestId('settings-nav-companion').click()
  await expect(page.getByTestId('companion-shortcut-shown')).toHaveText('Alt+Space')
  await expect(page.getByTestId('settings-companion').getByTestId('companion-latency-summary')).toHaveCount(0)
  await page.getByTestId('companion-shortcut-change').click()
  await expect(page.getByTestId('settings')).toHaveAttribute('data-section', 'shortcuts')
  const section = page.getByTestId('settings-shortcuts')
  await expect(section.getByTestId('companion-shortcut-status')).toHaveAttribute('data-state', 'registered')

  // "Another app" holds Ctrl+Alt+Space: recording it is refused, the old shortcut stays.
  harness.companion.takenShortcuts.add('Control+Alt+Space')
  await section.getByTestId('companion-shortcut-recorder').click()
  await expect(section.getByTestId('companion-shortcut-recorder')).toHaveAttribute('data-recording', 'true')
  await page.keyboard.press('Control+Alt+Space')
  const feedback = section.getByTestId('companion-shortcut-feedback')
  await expect(feedback).toHaveAttribute('data-kind', 'refused')
  await expect(feedback).toContainText('taken')
  expect(harness.companion.registeredShortcuts()).toEqual(['Alt+Space'])
  // The suggested alternative is free for real; using it switches over.
  const suggestion = feedback.getByTestId('companion-shortcut-feedback-suggestion')
  await expect(suggestion).toBeVisible()
  await suggestion.click()
  await expect(section.getByTestId('companion-shortcut-status')).toHaveAttribute('data-state', 'registered')
  await expect.poll(() => harness.companion.registeredShortcuts()).toEqual(['Alt+Shift+Space'])
  expect((await harness.handlers.settings.get()).companionShortcut).toBe('Alt+Shift+Space')

  // A free one recorded from the keyboard is registered and saved.
  await section.getByTestId('companion-shortcut-recorder').click()
  await page.keyboard.press('Control+Shift+K')
  await expect(section.getByTestId('companion-shortcut-feedback')).toHaveAttribute('data-kind', 'saved')
  await expect.poll(() => harness.companion.registeredShortcuts()).toEqual(['Control+Shift+K'])
  expect(harness.companion.pressShortcut('Control+Shift+K')).toBe(true)
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-visible', 'true')
})

test('the companion shows an answer\'s tool steps and their results, as the main window does', async ({ page, context, harness, provider }) => {
  await harness.handlers.settings.update({ readUrlLocalNetwork: false })
  await page.goto(harness.url)
  const companion = await openCompanion(context, harness)
  await pressShortcut(harness, companion)
  // read_url on a loopback address: refused (local pages off), the model is told and answers.
  provider.script({ match: { lastUserContains: 'page' }, toolCalls: [{ name: 'read_url', arguments: { url: 'http://127.0.0.1:9/nothing' } }] })
  provider.script({ match: { lastUserContains: 'page' }, content: 'That page is on your own computer; I may not read it.' })
  await companion.keyboard.type('Read that page')
  await companion.keyboard.press('Enter')
  const answer = lastAssistant(companion)
  await expect(answer).toHaveAttribute('data-status', 'complete')
  const step = answer.getByTestId('tool-step')
  await expect(step).toHaveAttribute('data-tool', 'read_url')
  await expect(step).toHaveAttribute('data-status', 'error')
  await step.getByTestId('tool-step-toggle').click()
  await expect(step.getByTestId('tool-step-result')).toContainText('loopback')
})
