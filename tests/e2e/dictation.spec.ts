/**
 * Dictation (issue 18): Chromium's fake microphone plays espeak-ng speech ("What time is it?"),
 * the composer's microphone records it through the voice capture worklet, main sends it to the
 * local provider's /v1/audio/transcriptions, and the text lands at the caret, editable, unsent.
 */
import { askOnce, expect, microphone, seedProvider, showCompanion, test, type Page } from './voiceFixtures'

test.use({ permissions: ['microphone'], launchOptions: microphone(askOnce) })

const transcriptions = (requests: Array<{ path: string; headers: Record<string, unknown> }>) => requests.filter((r) => r.path === '/v1/audio/transcriptions')

async function dictate(page: Page): Promise<void> {
  await page.getByTestId('dictate').click()
  await expect(page.getByTestId('dictation')).toHaveAttribute('data-status', 'recording')
  // The meter moves with the speech (the fake microphone's words start after half a second).
  await expect.poll(async () => Number(await page.getByTestId('dictation-level').getAttribute('data-level')), { timeout: 15_000 }).toBeGreaterThan(-40)
}

test('dictation: speech → transcription → text at the caret, editable, not sent', async ({ page, harness, provider }) => {
  await seedProvider(harness, provider)
  provider.script({ match: { path: '/v1/audio/transcriptions' }, content: 'What time is it?' })
  await page.goto(harness.url)
  const composer = page.getByTestId('composer')
  await composer.fill('Question:  thanks')
  // The caret between the two spaces: the words go there.
  await composer.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(10, 10))
  await dictate(page)
  await expect(page.getByTestId('dictation-note')).toBeVisible()
  await page.getByTestId('dictate-done').click()
  await expect(composer).toHaveValue('Question: What time is it? thanks')
  await expect(composer).toBeFocused()
  await expect(page.getByTestId('dictate')).toBeVisible()
  const upload = transcriptions(provider.requests)
  expect(upload).toHaveLength(1)
  // A WAV of what was heard: more than the shortest dictation sent (300 ms; pcm16 24 kHz is 48 bytes a ms).
  expect(Number(upload[0].headers['content-length'])).toBeGreaterThan(48 * 300)
  expect(provider.requests.some((r) => r.path === '/v1/chat/completions')).toBe(false)
})

test('Esc cancels dictation: nothing is sent, the text stays as it was', async ({ page, harness, provider }) => {
  await seedProvider(harness, provider)
  await page.goto(harness.url)
  await page.getByTestId('composer').fill('Draft')
  await dictate(page)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('dictation')).toHaveCount(0)
  await expect(page.getByTestId('composer')).toHaveValue('Draft')
  expect(transcriptions(provider.requests)).toHaveLength(0)
})

test('a transcription that fails: said in the hint line, the draft untouched; the companion has the microphone too', async ({ page, harness, provider, context }) => {
  await seedProvider(harness, provider)
  provider.script({ match: { path: '/v1/audio/transcriptions' }, status: 401, error: { message: 'Incorrect API key provided.' } })
  await page.goto(harness.url)
  await page.getByTestId('composer').fill('Draft')
  await dictate(page)
  await page.getByTestId('dictate-done').click()
  await expect(page.getByTestId('dictation-error')).toContainText('Could not transcribe what you said.')
  await expect(page.getByTestId('dictation-error')).toContainText('Incorrect API key provided.')
  await expect(page.getByTestId('composer')).toHaveValue('Draft')

  const companion = await showCompanion(context, harness)
  await expect(companion.getByTestId('dictate')).toBeVisible()
})
