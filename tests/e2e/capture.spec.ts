/**
 * Screenshot and discuss (issue 4) against the web harness: fixture displays (PNG files) stand in
 * for the OS capturer; an overlay "window" is a second page opened at the URL main asked for.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { estimateImageTokens, modelReadSize } from '../../src/shared/attachments/sizing'
import { imageSize, makePng, parseDataUrl, uiLikePixel } from '../support/images'
import { expect, seedProvider, test, type FakeProvider, type HarnessHandle, type Page } from './fixtures'

const dir = path.join(tmpdir(), `omnidesk-capture-fixtures-${process.pid}`)
mkdirSync(dir, { recursive: true })
// Primary: 800×500 DIP at scale 2 (a Retina display). Second: left of and above it, scale 1.
const primaryPng = path.join(dir, 'primary.png')
writeFileSync(primaryPng, makePng(1600, 1000, uiLikePixel(1600, 1000)))
const leftPng = path.join(dir, 'left.png')
writeFileSync(leftPng, makePng(640, 400, (x, y) => [(x * 3) % 256, (y * 5) % 256, 128]))
const windowPng = path.join(dir, 'window.png')
writeFileSync(windowPng, makePng(600, 400, uiLikePixel(600, 400)))
// The owning app's icon, as desktopCapturer gives one on macOS and Windows (fetchWindowIcons).
const iconPng = path.join(dir, 'icon.png')
writeFileSync(iconPng, makePng(32, 32, (x, y) => (Math.hypot(x - 16, y - 16) < 13 ? [40, 160, 60] : [255, 255, 255])))

test.use({
  harnessOptions: {
    captureFixtures: {
      displays: [
        { id: 'primary', label: 'Built-in Retina Display', bounds: { x: 0, y: 0, width: 800, height: 500 }, scaleFactor: 2, primary: true, png: primaryPng },
        { id: 'left', label: 'DELL U2720Q', bounds: { x: -640, y: -100, width: 640, height: 400 }, scaleFactor: 1, png: leftPng }
      ],
      windows: [{ id: 'window:1', name: 'Quarterly report.xlsx', appName: 'Numbers', png: windowPng, icon: iconPng }]
    }
  }
})

interface ChatBody {
  messages: Array<{ role: string; content: string | Array<{ type: string; text?: string; image_url?: { url: string; detail?: string } }> }>
}

function lastChatBody(provider: FakeProvider): ChatBody {
  const chats = provider.requests.filter((r) => r.path.endsWith('/chat/completions'))
  return chats[0]?.body as ChatBody
}

/**
 * What the provider received, decoded by the browser (PNG, JPEG or WebP alike): MIME from the
 * data: URL, magic bytes, and the decoded pixel size (createImageBitmap in the page).
 */
async function receivedImage(page: Page, url: string): Promise<{ mime: string; sniffed?: string; width: number; height: number }> {
  const { mime, bytes } = parseDataUrl(url)
  const sniffed = imageSize(bytes)?.mime ?? (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP' ? 'image/webp' : undefined)
  const size = await page.evaluate(
    async ({ base64, type }) => {
      const bin = atob(base64)
      const buf = new Uint8Array(bin.length)
      for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i)
      const bitmap = await createImageBitmap(new Blob([buf], { type }))
      return { width: bitmap.width, height: bitmap.height }
    },
    { base64: bytes.toString('base64'), type: mime }
  )
  return { mime, sniffed, ...size }
}

async function openOverlay(page: Page, harness: HarnessHandle, overlayPath: string, size: { width: number; height: number }): Promise<Page> {
  const overlay = await page.context().newPage()
  await overlay.setViewportSize(size)
  await overlay.goto(harness.pageUrl(overlayPath))
  await expect(overlay.getByTestId('capture-overlay')).toHaveAttribute('data-state', 'ready')
  return overlay
}

test('region on a Retina display: drag, confirm, chip in device pixels, send with text', async ({ seededApp: page, harness, provider }) => {
  await page.getByTestId('capture-button').click()
  await expect(page.getByTestId('capture-display')).toHaveCount(2)
  await expect(page.getByTestId('capture-window')).toContainText('Numbers')
  // The app icon next to the app name, at 16 px.
  const icon = page.getByTestId('capture-window').getByTestId('capture-window-icon')
  await expect(icon).toBeVisible()
  expect(await icon.evaluate((img) => [(img as HTMLImageElement).naturalWidth, img.getBoundingClientRect().width])).toEqual([32, 16])
  await page.getByTestId('capture-region').click()
  await expect.poll(() => harness.capture.overlays.length).toBe(1)
  const opening = harness.capture.overlays[0]
  expect(opening.paths).toHaveLength(2)

  const overlay = await openOverlay(page, harness, opening.paths[0], { width: 800, height: 500 })
  await expect(overlay.getByTestId('capture-overlay')).toHaveAttribute('data-width', '1600')
  await overlay.mouse.move(100, 50)
  await overlay.mouse.down()
  await overlay.mouse.move(200, 100)
  await overlay.mouse.move(300, 150)
  await expect(overlay.getByTestId('capture-selection-size')).toHaveText('400 × 200')
  await overlay.mouse.up()
  await expect(overlay.getByTestId('capture-overlay')).toHaveAttribute('data-state', 'confirmed')
  await expect.poll(() => harness.capture.overlays[0].closed).toBe(true)

  const chip = page.getByTestId('image-chip')
  await expect(chip).toHaveAttribute('data-status', 'ready')
  await expect(chip.getByTestId('image-chip-size')).toHaveText('400×200')
  await expect(chip).toHaveAttribute('data-tokens', String(estimateImageTokens({ width: 400, height: 200 })))

  await page.getByTestId('composer').fill('What is in this region?')
  await page.getByTestId('send').click()
  await expect(page.getByTestId('history-image')).toHaveAttribute('data-width', '400')
  await expect(page.getByTestId('image-chip')).toHaveCount(0)

  const body = lastChatBody(provider)
  const user = body.messages.filter((m) => m.role === 'user').at(-1)!
  expect(Array.isArray(user.content)).toBe(true)
  const parts = user.content as Exclude<ChatBody['messages'][number]['content'], string>
  expect(parts[0]).toEqual({ type: 'text', text: 'What is in this region?' })
  const img = parts.find((p) => p.type === 'image_url')!
  expect(img.image_url?.detail).toBe('high')
  // GPT-4o accepts WebP: lossy WebP from libwebp (WASM), decoded here at the region's size.
  expect(await receivedImage(page, img.image_url!.url)).toEqual({ mime: 'image/webp', sniffed: 'image/webp', width: 400, height: 200 })
})

test('a display left of and above the primary, scale 1: the crop is in its own pixels', async ({ seededApp: page, harness }) => {
  await page.getByTestId('capture-button').click()
  await page.getByTestId('capture-region').click()
  await expect.poll(() => harness.capture.overlays.length).toBe(1)
  const overlay = await openOverlay(page, harness, harness.capture.overlays[0].paths[1], { width: 640, height: 400 })
  await overlay.mouse.move(600, 380)
  await overlay.mouse.down()
  await overlay.mouse.move(700, 500) // past the edge: clamped to the display
  await overlay.mouse.move(10, 20)
  await overlay.keyboard.press('Enter')
  await expect(page.getByTestId('image-chip-size')).toHaveText('590×360')
})

test('Esc and right-click cancel the region: no chip', async ({ seededApp: page, harness }) => {
  await page.getByTestId('capture-button').click()
  await page.getByTestId('capture-region').click()
  await expect.poll(() => harness.capture.overlays.length).toBe(1)
  const overlay = await openOverlay(page, harness, harness.capture.overlays[0].paths[0], { width: 800, height: 500 })
  await overlay.mouse.move(100, 100)
  await overlay.mouse.down()
  await overlay.mouse.move(200, 200)
  await overlay.keyboard.press('Escape')
  await expect(overlay.getByTestId('capture-overlay')).toHaveAttribute('data-state', 'cancelled')
  await expect.poll(() => harness.capture.overlays[0].closed).toBe(true)

  await page.getByTestId('capture-button').click()
  await page.getByTestId('capture-region').click()
  await expect.poll(() => harness.capture.overlays.length).toBe(2)
  const again = await openOverlay(page, harness, harness.capture.overlays[1].paths[0], { width: 800, height: 500 })
  await again.mouse.click(300, 300, { button: 'right' })
  await expect(again.getByTestId('capture-overlay')).toHaveAttribute('data-state', 'cancelled')
  await page.waitForTimeout(300)
  await expect(page.getByTestId('image-chip')).toHaveCount(0)
})

test('entire screen and a window from the menu', async ({ seededApp: page }) => {
  await page.getByTestId('capture-button').click()
  await page.getByTestId('capture-display').first().click()
  await expect(page.getByTestId('image-chip-size')).toHaveText('1600×1000')
  await page.getByTestId('capture-button').click()
  await page.getByTestId('capture-window').click()
  await expect(page.getByTestId('image-chip-size').nth(1)).toHaveText('600×400')
})

const uiPngBase64 = makePng(1600, 1000, uiLikePixel(1600, 1000)).toString('base64')

async function pasteImage(page: Page, base64: string, name: string, type: string): Promise<void> {
  await page.getByTestId('composer').evaluate(
    (el, { base64, name, type }) => {
      const bin = atob(base64)
      const bytes = new Uint8Array(bin.length)
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
      const dt = new DataTransfer()
      dt.items.add(new File([bytes], name, { type }))
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
    },
    { base64, name, type }
  )
}

test('paste an image, send it alone: sized for the model (fit, shortest side 768)', async ({ seededApp: page, provider }) => {
  await pasteImage(page, uiPngBase64, 'screenshot.png', 'image/png')
  const chip = page.getByTestId('image-chip')
  await expect(chip).toHaveAttribute('data-status', 'ready')
  await expect(chip.getByTestId('image-chip-size')).toHaveText('1600×1000')
  await expect(chip).toHaveAttribute('data-tokens', '1105')
  const expected = modelReadSize({ width: 1600, height: 1000 })
  expect(expected).toEqual({ width: 1229, height: 768 })

  await chip.getByTestId('image-chip-preview').click()
  await expect(page.getByTestId('image-preview')).toBeVisible()
  await page.getByTestId('image-preview-close').click()

  await page.getByTestId('send').click()
  await expect(page.getByTestId('history-image')).toBeVisible()
  await expect.poll(() => lastChatBody(provider) !== undefined).toBe(true)
  const user = lastChatBody(provider).messages.filter((m) => m.role === 'user').at(-1)!
  const parts = user.content as Array<{ type: string; image_url?: { url: string } }>
  expect(parts.map((p) => p.type)).toEqual(['image_url'])
  expect(await receivedImage(page, parts[0].image_url!.url)).toEqual({ mime: 'image/webp', sniffed: 'image/webp', ...expected })
})

test('a model without WebP gets PNG/JPEG, sized the same', async ({ app: page, harness, provider }) => {
  await seedProvider(harness, provider, { model: 'llava:13b' })
  await page.reload()
  await pasteImage(page, uiPngBase64, 'screenshot.png', 'image/png')
  await expect(page.getByTestId('image-chip')).toHaveAttribute('data-status', 'ready')
  await page.getByTestId('send').click()
  await expect.poll(() => lastChatBody(provider) !== undefined).toBe(true)
  const user = lastChatBody(provider).messages.filter((m) => m.role === 'user').at(-1)!
  const parts = user.content as Array<{ type: string; image_url?: { url: string } }>
  const got = await receivedImage(page, parts[0].image_url!.url)
  expect(['image/png', 'image/jpeg']).toContain(got.mime)
  expect(got).toEqual({ mime: got.mime, sniffed: got.mime, width: 1229, height: 768 })
})

test('drop an image on the composer; remove it with ×', async ({ seededApp: page }) => {
  await page.locator('.od-composer-wrap').evaluate(
    (el, base64) => {
      const bin = atob(base64)
      const bytes = new Uint8Array(bin.length)
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
      const dt = new DataTransfer()
      dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }))
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }))
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
    },
    uiPngBase64
  )
  await expect(page.getByTestId('image-chip')).toHaveAttribute('data-status', 'ready')
  await expect(page.getByTestId('image-chip')).toContainText('dropped.png')
  await page.getByTestId('image-chip-remove').click()
  await expect(page.getByTestId('image-chip')).toHaveCount(0)
})

test('a non-image is refused with a message (picker and paste), even named .png', async ({ seededApp: page }) => {
  await page.getByTestId('image-file-input').setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 hello') })
  await expect(page.getByTestId('image-notice')).toHaveAttribute('data-kind', 'refused')
  await expect(page.getByTestId('image-notice')).toContainText('notes.pdf')
  await expect(page.getByTestId('image-chip')).toHaveCount(0)
  await pasteImage(page, Buffer.from('not really a png').toString('base64'), 'fake.png', 'image/png')
  await expect(page.getByTestId('image-notice')).toContainText('fake.png')
  await expect(page.getByTestId('image-chip')).toHaveCount(0)
})

test('Screen Recording denied: the menu explains and opens System Settings', async ({ seededApp: page, harness }) => {
  harness.capture.setPermission('denied')
  await page.getByTestId('capture-button').click()
  await expect(page.getByTestId('capture-permission')).toContainText('Screen Recording')
  await page.getByTestId('capture-open-permission').click()
  await expect.poll(() => harness.capture.permissionPaneOpens).toBe(1)
})

test.describe('a black capture', () => {
  const blackPng = path.join(dir, 'black.png')
  writeFileSync(blackPng, makePng(800, 500, () => [0, 0, 0]))
  test.use({
    harnessOptions: {
      captureFixtures: { displays: [{ id: 'black', bounds: { x: 0, y: 0, width: 800, height: 500 }, scaleFactor: 1, png: blackPng }] }
    }
  })

  test('is never attached silently: the user is told why (Screen Recording on macOS)', async ({ seededApp: page }) => {
    await page.getByTestId('capture-button').click()
    await page.getByTestId('capture-display').click()
    await expect(page.getByTestId('image-notice')).toHaveAttribute('data-kind', 'blank')
    await expect(page.getByTestId('image-notice')).toContainText('Screen Recording')
    await expect(page.getByTestId('open-screen-permission')).toBeVisible()
    await expect(page.getByTestId('image-chip')).toHaveCount(0)
  })
})

/** Settings → Shortcuts, where the screenshot shortcut's recorder is. */
async function openShortcutSettings(page: Page): Promise<void> {
  await page.getByTestId('settings-open').click()
  await page.getByTestId('settings-nav-shortcuts').click()
  await expect(page.getByTestId('settings-capture-shortcut')).toBeVisible()
}

test('the screenshot shortcut is recorded from the keys: a bare key is refused, a valid one registered and saved', async ({ seededApp: page, harness }) => {
  await openShortcutSettings(page)
  const recorder = page.getByTestId('settings-capture-shortcut')
  await expect(recorder).toHaveText('Ctrl+Shift+2')
  await recorder.click()
  await page.keyboard.press('s')
  await expect(page.getByTestId('capture-shortcut-feedback')).toHaveAttribute('data-kind', 'problem')
  expect((await harness.handlers.settings.get()).captureShortcut).toBe('CommandOrControl+Shift+2')
  await page.keyboard.press('Alt+Shift+S')
  await expect(page.getByTestId('capture-shortcut-feedback')).toHaveAttribute('data-kind', 'saved')
  await expect.poll(async () => (await harness.handlers.settings.get()).captureShortcut).toBe('Alt+Shift+S')
  await expect(page.getByTestId('capture-shortcut-status')).toHaveAttribute('data-state', 'registered')
  await expect(recorder).toHaveText('Alt+Shift+S')
  expect(harness.capture.registeredShortcuts()).toEqual(['Alt+Shift+S'])
})

test('a screenshot shortcut taken by another app: explained, a tested alternative offered, and it works', async ({ seededApp: page, harness }) => {
  await openShortcutSettings(page)
  const status = page.getByTestId('capture-shortcut-status')
  await expect(status).toHaveAttribute('data-state', 'registered')
  expect(harness.capture.registeredShortcuts()).toEqual(['CommandOrControl+Shift+2'])

  // "Another app" holds Alt+Shift+S: the change is refused, the working shortcut stays (and stays saved).
  harness.capture.takenShortcuts.add('Alt+Shift+S')
  const recorder = page.getByTestId('settings-capture-shortcut')
  await recorder.click()
  await page.keyboard.press('Alt+Shift+S')
  const feedback = page.getByTestId('capture-shortcut-feedback')
  await expect(feedback).toHaveAttribute('data-kind', 'refused')
  await expect(feedback).toContainText('Alt+Shift+S is taken by the system or another app.')
  await expect(feedback).toContainText('Still using Ctrl+Shift+2.')
  await expect(status).toHaveAttribute('data-state', 'registered')
  expect((await harness.handlers.settings.get()).captureShortcut).toBe('CommandOrControl+Shift+2')
  expect(harness.capture.registeredShortcuts()).toEqual(['CommandOrControl+Shift+2'])

  // The suggestion was tried for real; using it switches over and saves it.
  const suggestion = page.getByTestId('capture-shortcut-feedback-suggestion')
  await expect(suggestion).toHaveText('Use Alt+Shift+2')
  await suggestion.click()
  await expect(feedback).toHaveAttribute('data-kind', 'saved')
  await expect(status).toHaveAttribute('data-state', 'registered')
  await expect(recorder).toHaveText('Alt+Shift+2')
  expect((await harness.handlers.settings.get()).captureShortcut).toBe('Alt+Shift+2')
  expect(harness.capture.registeredShortcuts()).toEqual(['Alt+Shift+2'])

  // A change made elsewhere to a taken shortcut: main tells the user with a notification too.
  harness.capture.takenShortcuts.add('Alt+Shift+X')
  await harness.handlers.settings.update({ captureShortcut: 'Alt+Shift+X' })
  await expect(status).toHaveAttribute('data-state', 'conflict')
  expect(harness.capture.notifications).toHaveLength(1)
  expect(harness.capture.notifications[0].body).toContain('Alt+Shift+X is taken by the system or another app.')

  // Pressing the shortcut that works starts a region capture, like the tray item.
  await harness.handlers.settings.update({ captureShortcut: 'Alt+Shift+2' })
  await expect(status).toHaveAttribute('data-state', 'registered')
  await page.keyboard.press('Escape')
  expect(harness.capture.pressShortcut('Alt+Shift+2')).toBe(true)
  await expect.poll(() => harness.capture.overlays.length).toBe(1)
})
