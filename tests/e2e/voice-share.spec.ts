/**
 * Screen and camera in a realtime voice session (issue 18): the screen is a capture fixture the
 * harness streams live in the page (the file is "the screen"; writing a new picture changes
 * it), the camera is Chromium's fake camera. Frames reach the local realtime provider as
 * input_image items only when the picture changed, sized for the model; the indicator's Stop and
 * the end of the session stop it.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { imageSize, makePng, parseDataUrl, uiLikePixel } from '../support/images'
import type { RealtimeProvider } from '../support/fakeProvider'
import { askOnce, expect, microphone, openVoice, test, type Page } from './voiceFixtures'

const dir = path.join(tmpdir(), `omnidesk-share-fixtures-${process.pid}`)
mkdirSync(dir, { recursive: true })
const screenPng = path.join(dir, 'screen.png')
const FIRST = makePng(1600, 1000, uiLikePixel(1600, 1000))
// A different screen: a dark theme of the same layout (every pixel moved).
const SECOND = makePng(1600, 1000, (x, y) => uiLikePixel(1600, 1000)(x, y).map((v) => 255 - v) as [number, number, number])

/** "The screen" shows this picture now (written whole, then renamed: never read half-written). */
function setScreen(png: Buffer): void {
  writeFileSync(`${screenPng}.tmp`, png)
  renameSync(`${screenPng}.tmp`, screenPng)
}

test.use({
  permissions: ['microphone', 'camera'],
  launchOptions: microphone(askOnce),
  harnessOptions: {
    captureFixtures: { displays: [{ id: 'primary', label: 'Built-in Display', bounds: { x: 0, y: 0, width: 1600, height: 1000 }, scaleFactor: 1, primary: true, png: screenPng }] }
  }
})

/** The images the provider got, in order. */
function imagesSent(rt: RealtimeProvider): string[] {
  return rt.realtime.received
    .filter((e) => e.type === 'conversation.item.create')
    .flatMap((e) => ((e.event.item as { content?: Array<{ type?: string; image_url?: string }> }).content ?? []).filter((c) => c.type === 'input_image').map((c) => c.image_url ?? ''))
}

async function shareScreen(page: Page): Promise<void> {
  await page.getByTestId('voice-share-screen').click()
  await page.locator('[data-testid="voice-share-source"][data-kind="display"]').click()
  await expect(page.getByTestId('voice-sharing')).toHaveAttribute('data-source', 'screen')
  await expect(page.getByTestId('voice-sharing')).toContainText('Built-in Display')
}

test('a shared screen: its first picture, then one per change, model-sized JPEG; Stop ends it', async ({ page, harness, rt }) => {
  setScreen(FIRST)
  await openVoice(page, harness, rt)
  await shareScreen(page)
  await expect.poll(() => imagesSent(rt).length).toBe(1)
  const first = parseDataUrl(imagesSent(rt)[0])
  expect(first.mime).toBe('image/jpeg')
  expect(imageSize(first.bytes)).toEqual({ mime: 'image/jpeg', width: 1229, height: 768 })

  // The screen changes: one more picture (after the one-second cooldown at most), then none while it stays.
  setScreen(SECOND)
  await expect.poll(() => imagesSent(rt).length, { timeout: 10_000 }).toBe(2)
  setScreen(FIRST)
  await expect.poll(() => imagesSent(rt).length, { timeout: 10_000 }).toBe(3)

  await page.getByTestId('voice-share-stop').click()
  await expect(page.getByTestId('voice-sharing')).toBeHidden()
  await expect(page.getByTestId('voice-share-screen')).toBeVisible()
  // Every picture sent was a change (or the first): three pictures for two changes.
  setScreen(SECOND)
  await page.getByTestId('voice-share-screen').click()
  await expect(page.getByTestId('voice-share-sources')).toBeVisible()
  expect(imagesSent(rt)).toHaveLength(3)
})

test('the camera: frames while it moves, at most one a second; sharing stops when voice ends', async ({ page, harness, rt }) => {
  setScreen(FIRST)
  await openVoice(page, harness, rt)
  const startedAt = Date.now()
  await page.getByTestId('voice-share-camera').click()
  await expect(page.getByTestId('voice-sharing')).toHaveAttribute('data-source', 'camera')
  // Chromium's fake camera draws a moving pattern: it changes all the time.
  await expect.poll(() => imagesSent(rt).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3)
  const seconds = (Date.now() - startedAt) / 1000
  expect(imagesSent(rt).length).toBeLessThanOrEqual(Math.ceil(seconds) + 1)
  const frame = parseDataUrl(imagesSent(rt)[0])
  expect(frame.mime).toBe('image/jpeg')

  await page.getByTestId('voice-end').click()
  await expect(page.getByTestId('voice-view')).toHaveCount(0)
  // The camera is let go: no track of the page is live any more.
  await expect.poll(() => page.evaluate(() => [...document.querySelectorAll('video')].some((v) => (v.srcObject as MediaStream | null)?.active === true))).toBe(false)
})
