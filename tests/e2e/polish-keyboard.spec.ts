/**
 * Keyboard use of the main window and the collapsible sidebar (issue 19 items 6 and 15), end to
 * end in Chromium: what a user test found — no shortcuts for New chat, Search or Settings, Esc
 * that did not stop an answer, a capture menu arrows did not move through and that dropped focus
 * on the page, the composer reached by Tab only after every message's buttons — and the sidebar
 * that took a third of an 800 px window. The harness runs on Linux: Ctrl is the modifier (the
 * macOS ⌘ table is unit-tested in tests/unit/appShortcuts.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { makePng, uiLikePixel } from '../support/images'
import { expect, test, type Page } from './fixtures'

const lastAssistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last()

async function ask(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text)
  await page.getByTestId('send').click()
  await expect(lastAssistant(page)).toHaveAttribute('data-status', 'complete')
}

/** The test id of the element that has focus (or its tag when it has none). */
const focusedId = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    return el?.dataset.testid ?? el?.tagName.toLowerCase() ?? ''
  })

test('Ctrl+N, Ctrl+K, Shift+Esc, Ctrl+, and Ctrl+\\ do what the sheet says', async ({ seededApp: page, provider }) => {
  provider.script({ content: 'Bonjour!' })
  await ask(page, 'Say hello in French')
  await expect(page.getByTestId('chat-title')).not.toHaveText('')
  const composer = page.getByTestId('composer')
  await composer.fill('a draft')

  // New chat, from the message box.
  await composer.press('Control+n')
  await expect(page.getByTestId('chat-empty')).toBeVisible()
  await expect(page.getByTestId('chat-title')).toHaveText('')
  await expect(composer).toBeFocused()

  // Search: the caret in the sidebar's search box.
  await page.keyboard.press('Control+k')
  await expect(page.getByTestId('search')).toBeFocused()
  await page.keyboard.type('Bonjour')
  await expect(page.getByTestId('search-hit')).toHaveCount(1)

  // Back to the message box from anywhere.
  await page.keyboard.press('Shift+Escape')
  await expect(composer).toBeFocused()

  // Settings.
  await page.keyboard.press('Control+,')
  await expect(page.getByTestId('settings')).toBeVisible()
  await page.getByTestId('settings-close').click()
  await expect(page.getByTestId('settings')).toHaveCount(0)

  // Sidebar: hidden, then shown again; Ctrl+K shows it to search.
  const shell = page.getByTestId('app-shell')
  await composer.focus()
  await page.keyboard.press('Control+\\')
  await expect(shell).toHaveAttribute('data-sidebar', 'collapsed')
  await expect(page.getByTestId('sidebar')).toBeHidden()
  await expect(composer).toBeFocused()
  await page.keyboard.press('Control+\\')
  await expect(shell).toHaveAttribute('data-sidebar', 'shown')
  await page.keyboard.press('Control+\\')
  await expect(page.getByTestId('sidebar')).toBeHidden()
  await page.keyboard.press('Control+k')
  await expect(page.getByTestId('sidebar')).toBeVisible()
  await expect(page.getByTestId('search')).toBeFocused()
})

test('Esc stops a streaming answer like Stop, after an open menu has had its Esc', async ({ seededApp: page, provider }) => {
  let resume = (): void => undefined
  provider.script({
    match: { lastUserContains: 'long story' },
    chunks: ['Once ', 'upon ', 'a ', 'time ', 'there ', 'was ', 'a ', 'keyboard.'],
    pause: { afterChunks: 3, until: new Promise<void>((resolve) => (resume = resolve)) }
  })
  try {
    await page.getByTestId('composer').fill('Tell me a long story')
    await page.getByTestId('send').click()
    const answer = lastAssistant(page)
    await expect(answer).toContainText('Once upon a')
    await expect(answer).toHaveAttribute('data-status', 'streaming')
    await expect(page.getByTestId('stop')).toBeVisible()

    // An open menu takes the first Esc (and gives the caret back to the message box).
    await page.getByTestId('capture-button').click()
    await expect(page.getByTestId('capture-menu')).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('capture-menu')).toHaveCount(0)
    await expect(page.getByTestId('composer')).toBeFocused()
    await expect(answer).toHaveAttribute('data-status', 'streaming')

    // An Esc that ends an IME composition is the IME's.
    const imeEscHandled = await page.getByTestId('composer').evaluate((el) => {
      const event = new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', isComposing: true, bubbles: true, cancelable: true })
      return !el.dispatchEvent(event)
    })
    expect(imeEscHandled).toBe(false)

    // The next one stops the answer, keeping what arrived.
    await page.keyboard.press('Escape')
    await expect(answer).toHaveAttribute('data-status', 'stopped')
    await expect(answer.getByTestId('message-stopped')).toBeVisible()
    await expect(answer).toContainText('Once upon a')
    await expect(page.getByTestId('send')).toBeVisible()
  } finally {
    resume()
  }
})

test('the shortcuts sheet: Ctrl+/ or the sidebar opens it, Tab stays inside, Esc closes it and focus returns', async ({ seededApp: page }) => {
  const composer = page.getByTestId('composer')
  await composer.focus()
  await page.keyboard.press('Control+/')
  const sheet = page.getByTestId('shortcuts-sheet')
  await expect(sheet).toBeVisible()
  await expect(sheet.getByTestId('shortcut-row')).toHaveCount(7)
  await expect(sheet.locator('[data-command="new-chat"] [data-testid="shortcut-keys"]')).toHaveText('Ctrl+N')
  await expect(sheet.locator('[data-command="search"] [data-testid="shortcut-keys"]')).toHaveText('Ctrl+K')
  await expect(sheet.locator('[data-command="settings"] [data-testid="shortcut-keys"]')).toHaveText('Ctrl+,')
  await expect(sheet.locator('[data-command="focus-composer"] [data-testid="shortcut-keys"]')).toHaveText('Shift+Esc')
  await expect(sheet.locator('[data-command="toggle-sidebar"] [data-testid="shortcut-keys"]')).toHaveText('Ctrl+\\')
  await expect(sheet.locator('[data-command="stop"] [data-testid="shortcut-keys"]')).toHaveText('Esc')
  await expect(sheet.locator('[data-command="shortcuts"] [data-testid="shortcut-keys"]')).toHaveText('Ctrl+/')

  // Focus is in the sheet and Tab / Shift+Tab never leave it.
  await expect(page.getByTestId('shortcuts-close')).toBeFocused()
  for (const key of ['Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Tab']) {
    await page.keyboard.press(key)
    expect(await sheet.evaluate((el) => el.contains(document.activeElement))).toBe(true)
  }
  // The page's shortcuts wait behind it.
  await page.keyboard.press('Control+,')
  await expect(page.getByTestId('settings')).toHaveCount(0)

  await page.keyboard.press('Escape')
  await expect(sheet).toHaveCount(0)
  await expect(composer).toBeFocused()

  // From the sidebar's entry; Ctrl+/ closes it too, and focus goes back to the entry.
  await page.getByTestId('shortcuts-open').click()
  await expect(sheet).toBeVisible()
  await page.keyboard.press('Control+/')
  await expect(sheet).toHaveCount(0)
  await expect(page.getByTestId('shortcuts-open')).toBeFocused()
})

test.describe('in Chinese', () => {
  test.use({ harnessOptions: { locale: 'zh-CN' } })

  test('the shortcuts sheet speaks the UI language', async ({ seededApp: page }) => {
    await page.getByTestId('shortcuts-open').click()
    const sheet = page.getByTestId('shortcuts-sheet')
    await expect(sheet.getByRole('heading')).toHaveText('键盘快捷键')
    await expect(sheet.locator('[data-command="new-chat"] th')).toHaveText('新建对话')
    await expect(sheet.locator('[data-command="stop"] th')).toHaveText('停止正在生成的回答')
    await page.getByTestId('shortcuts-close').click()
    await expect(sheet).toHaveCount(0)
  })
})

test('Tab from the chat header reaches the message box before the messages’ buttons', async ({ seededApp: page, provider }) => {
  provider.script({ content: 'First answer.' })
  await ask(page, 'First question')
  provider.script({ content: 'Second answer.' })
  await ask(page, 'Second question')
  // The answers have their buttons (copy, regenerate…): Tab used to visit them all first.
  await expect(page.getByTestId('message-list').locator('button').first()).toBeAttached()

  await page.getByTestId('model-picker').focus()
  const visited: string[] = []
  for (let i = 0; i < 12 && (await focusedId(page)) !== 'composer'; i++) {
    await page.keyboard.press('Tab')
    visited.push(await focusedId(page))
    expect(await page.getByTestId('message-list').evaluate((list) => list.contains(document.activeElement))).toBe(false)
  }
  await expect(page.getByTestId('composer')).toBeFocused()
  // Still shown under the messages.
  const list = await page.getByTestId('message-list').boundingBox()
  const box = await page.getByTestId('composer').boundingBox()
  expect(box!.y).toBeGreaterThan(list!.y + list!.height - 1)
  // Then its microphone (dictation), then the messages (Send is disabled while the box is empty).
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('dictate')).toBeFocused()
  await page.keyboard.press('Tab')
  expect(await page.getByTestId('message-list').evaluate((list) => list.contains(document.activeElement))).toBe(true)
})

const dir = path.join(tmpdir(), `omnidesk-keyboard-fixtures-${process.pid}`)
mkdirSync(dir, { recursive: true })
const screenPng = path.join(dir, 'screen.png')
writeFileSync(screenPng, makePng(800, 500, uiLikePixel(800, 500)))
const windowPng = path.join(dir, 'window.png')
writeFileSync(windowPng, makePng(300, 200, uiLikePixel(300, 200)))

test.describe('capture menu', () => {
  test.use({
    harnessOptions: {
      captureFixtures: {
        displays: [{ id: 'screen', label: 'Display', bounds: { x: 0, y: 0, width: 800, height: 500 }, scaleFactor: 1, primary: true, png: screenPng }],
        windows: [{ id: 'window:1', name: 'Notes', appName: 'Editor', png: windowPng }]
      }
    }
  })

  test('↑/↓/Home/End move, Enter chooses, Esc closes; focus goes back to the message box', async ({ seededApp: page }) => {
    const composer = page.getByTestId('composer')
    const button = page.getByTestId('capture-button')
    const menu = page.getByTestId('capture-menu')
    await button.focus()
    await page.keyboard.press('Enter')
    await expect(menu).toBeVisible()
    await expect(page.getByTestId('capture-region')).toBeFocused()
    await expect(page.getByTestId('capture-window')).toBeVisible()

    await page.keyboard.press('ArrowDown')
    await expect(page.getByTestId('capture-display')).toBeFocused()
    await page.keyboard.press('ArrowDown')
    await expect(page.getByTestId('capture-window')).toBeFocused()
    await page.keyboard.press('ArrowDown')
    await expect(page.getByTestId('capture-region')).toBeFocused()
    await page.keyboard.press('ArrowUp')
    await expect(page.getByTestId('capture-window')).toBeFocused()
    await page.keyboard.press('Home')
    await expect(page.getByTestId('capture-region')).toBeFocused()
    await page.keyboard.press('End')
    await expect(page.getByTestId('capture-window')).toBeFocused()

    await page.keyboard.press('Escape')
    await expect(menu).toHaveCount(0)
    await expect(composer).toBeFocused()

    // Chosen with the keyboard: the screenshot is attached and the caret is in the message box.
    await button.focus()
    await page.keyboard.press('Space')
    await expect(page.getByTestId('capture-region')).toBeFocused()
    await page.keyboard.press('ArrowDown')
    await expect(page.getByTestId('capture-display')).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(menu).toHaveCount(0)
    await expect(page.getByTestId('image-chip-size')).toHaveText('800×500')
    await expect(composer).toBeFocused()
  })
})

test.describe('a window 800 px wide', () => {
  test.use({ viewport: { width: 800, height: 600 } })

  test('the sidebar starts hidden (the chat has the whole width); the buttons and Ctrl+\\ toggle it; the choice survives a reload', async ({ seededApp: page }) => {
    const shell = page.getByTestId('app-shell')
    const sidebar = page.getByTestId('sidebar')
    await expect(shell).toHaveAttribute('data-window', 'narrow')
    await expect(shell).toHaveAttribute('data-sidebar', 'collapsed')
    await expect(sidebar).toBeHidden()
    const chat = await page.locator('main.od-chat').boundingBox()
    expect(chat!.x).toBe(0)
    expect(chat!.width).toBe(800)

    // Shown from the chat header; focus moves to the sidebar's own button.
    await page.getByTestId('sidebar-show').click()
    await expect(sidebar).toBeVisible()
    await expect(page.getByTestId('sidebar-hide')).toBeFocused()
    await page.reload()
    await expect(page.getByTestId('composer')).toBeVisible()
    await expect(sidebar).toBeVisible()

    // Hidden with the keyboard while focus is in it: focus goes to the header's button.
    await page.getByTestId('sidebar-hide').focus()
    await page.keyboard.press('Control+\\')
    await expect(sidebar).toBeHidden()
    await expect(page.getByTestId('sidebar-show')).toBeFocused()
    await page.reload()
    await expect(page.getByTestId('composer')).toBeVisible()
    await expect(sidebar).toBeHidden()

    // Wide: shown (a choice made narrow does not carry over); hidden by its button, remembered.
    await page.setViewportSize({ width: 1280, height: 800 })
    await expect(shell).toHaveAttribute('data-window', 'wide')
    await expect(sidebar).toBeVisible()
    await page.getByTestId('sidebar-hide').click()
    await expect(sidebar).toBeHidden()
    await expect(page.getByTestId('sidebar-show')).toBeFocused()
    await page.reload()
    await expect(page.getByTestId('composer')).toBeVisible()
    await expect(sidebar).toBeHidden()
    // Narrow again and wide again: the width rule (the wide choice was forgotten on the way).
    await page.setViewportSize({ width: 800, height: 600 })
    await expect(shell).toHaveAttribute('data-window', 'narrow')
    await expect(shell).toHaveAttribute('data-sidebar', 'collapsed')
    await page.setViewportSize({ width: 1280, height: 800 })
    await expect(shell).toHaveAttribute('data-window', 'wide')
    await expect(sidebar).toBeVisible()
  })
})
