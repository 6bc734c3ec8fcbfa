/**
 * Images for a model that takes none (issue 18): a window's screenshot (a fixture with known
 * words) is read on this computer by the real OCR service in main (tesseract.js) and its words
 * reach the local provider as text; the chip and the answer say so, and the notice shows what
 * was read.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { textImagePng } from '../support/textImage'
import { expect, seedProvider, test, type FakeProvider } from './fixtures'

const dir = path.join(tmpdir(), `omnidesk-ocr-fixtures-${process.pid}`)
mkdirSync(dir, { recursive: true })
const windowPng = path.join(dir, 'release-notes.png')
writeFileSync(windowPng, textImagePng(['Release notes for version 2.4', 'Faster sync and a new dark theme', '发布说明：同步速度更快'], { width: 1000 }))
const screenPng = path.join(dir, 'screen.png')
writeFileSync(screenPng, textImagePng(['Desktop'], { width: 800 }))

test.use({
  harnessOptions: {
    captureFixtures: {
      displays: [{ id: 'primary', label: 'Built-in Display', bounds: { x: 0, y: 0, width: 800, height: 140 }, scaleFactor: 1, primary: true, png: screenPng }],
      windows: [{ id: 'window:7', name: 'Release notes', appName: 'TextEdit', png: windowPng }]
    }
  }
})

interface ChatBody {
  messages: Array<{ role: string; content: string | Array<{ type: string }> }>
}

function questionRequest(provider: FakeProvider, question: string): ChatBody | undefined {
  return provider.requests.find((r) => r.path.endsWith('/chat/completions') && JSON.stringify(r.body).includes(question))?.body as ChatBody | undefined
}

test('a text-only model: the screenshot\'s words go as text, the chip and the answer say so', async ({ app: page, harness, provider }) => {
  await seedProvider(harness, provider, { model: 'deepseek-chat' })
  await page.reload()
  await page.getByTestId('capture-button').click()
  await page.getByTestId('capture-window').click()
  const chip = page.getByTestId('image-chip')
  await expect(chip).toHaveAttribute('data-status', 'ready')
  // No token estimate for a model that reads no image: it will get text.
  await expect(chip.getByTestId('image-chip-as-text')).toBeVisible()
  await expect(chip.getByTestId('image-chip-tokens')).toHaveCount(0)

  await page.getByTestId('composer').fill('What changed in this release?')
  await page.getByTestId('send').click()
  // The notice comes when the image has been read (the OCR engine starts on this first image:
  // seconds on a busy machine), just before the request goes.
  const notice = page.getByTestId('images-read-notice')
  await expect(notice).toContainText('can’t see images', { timeout: 60_000 })
  await expect.poll(() => questionRequest(provider, 'What changed in this release?') !== undefined).toBe(true)
  const body = questionRequest(provider, 'What changed in this release?')!
  const question = body.messages.at(-1)!
  expect(typeof question.content).toBe('string')
  const sent = question.content as string
  expect(sent).toContain('What changed in this release?')
  for (const words of ['Release notes for version 2.4', 'Faster sync and a new dark theme', '发布说明']) expect(sent).toContain(words)
  expect(JSON.stringify(body)).not.toContain('image_url')

  await notice.getByTestId('images-read-show').click()
  await expect(notice.getByTestId('images-read-item')).toContainText('Faster sync and a new dark theme')

  // Stored with the answer: still there after a reload.
  await page.reload()
  await expect(page.getByTestId('images-read-notice')).toBeVisible()
})

test('a model that sees images still gets the image (no OCR, no notice)', async ({ app: page, harness, provider }) => {
  await seedProvider(harness, provider, { model: 'gpt-4o' })
  await page.reload()
  await page.getByTestId('capture-button').click()
  await page.getByTestId('capture-window').click()
  await expect(page.getByTestId('image-chip')).toHaveAttribute('data-status', 'ready')
  await expect(page.getByTestId('image-chip-tokens')).toBeVisible()
  await page.getByTestId('composer').fill('Describe this window')
  await page.getByTestId('send').click()
  await expect.poll(() => questionRequest(provider, 'Describe this window') !== undefined).toBe(true)
  const question = questionRequest(provider, 'Describe this window')!.messages.at(-1)!
  expect((question.content as Array<{ type: string }>).map((p) => p.type)).toEqual(['text', 'image_url'])
  await expect(page.locator('[data-testid="message"][data-role="assistant"]').last()).toHaveAttribute('data-status', 'complete')
  await expect(page.getByTestId('images-read-notice')).toHaveCount(0)
})
