/**
 * Read aloud (issue 18): an answer's speech from the local provider's /v1/audio/speech, played
 * by the page's voice player (the output tap hears it), with Pause, Resume and Stop; a provider
 * without speech says so under the answer.
 */
import { expect, seedProvider, test, type FakeProvider, type HarnessHandle, type Page } from './fixtures'
import { installVoiceTap, voiceTap } from './voiceFixtures'

// About ten seconds of the fake voice (60 ms a character): Pause is clicked well before the end, however slow the machine.
const SENTENCES = ['The sun is a star.', 'It is very hot, hotter than anything on the surface of the Earth!', 'Its light takes a little more than eight minutes to reach us, travelling through empty space.']
const ANSWER = SENTENCES.join(' ')

async function answered(page: Page, harness: HarnessHandle, provider: FakeProvider): Promise<void> {
  await seedProvider(harness, provider)
  await page.context().addInitScript(installVoiceTap)
  await page.reload()
  provider.script({ content: ANSWER })
  await page.getByTestId('composer').fill('Tell me about the sun')
  await page.getByTestId('send').click()
  await expect(page.locator('[data-testid="message"][data-role="assistant"]').last()).toHaveAttribute('data-status', 'complete')
}

const speechInputs = (provider: FakeProvider): string[] => provider.requests.filter((r) => r.path === '/v1/audio/speech').map((r) => (r.body as { input: string }).input)

test('read aloud plays the answer; pause, resume; it ends by itself', async ({ app: page, harness, provider }) => {
  await answered(page, harness, provider)
  await page.getByTestId('read-aloud').click()
  const controls = page.getByTestId('read-aloud-controls')
  await expect(controls).toHaveAttribute('data-status', 'playing')
  await page.getByTestId('read-aloud-pause').click()
  await expect(controls).toHaveAttribute('data-status', 'paused')
  await page.getByTestId('read-aloud-resume').click()
  await expect(controls).toHaveAttribute('data-status', 'playing')
  await expect.poll(async () => (await voiceTap(page)).outputPeak).toBeGreaterThan(-40)

  // Each sentence asked once, then the player runs dry and the speaker is back.
  await expect(page.getByTestId('read-aloud')).toBeVisible({ timeout: 30_000 })
  expect(speechInputs(provider)).toEqual(SENTENCES)
})

test('Stop ends the reading at once', async ({ app: page, harness, provider }) => {
  await answered(page, harness, provider)
  await page.getByTestId('read-aloud').click()
  await expect(page.getByTestId('read-aloud-controls')).toHaveAttribute('data-status', 'playing')
  await page.getByTestId('read-aloud-stop').click()
  await expect(page.getByTestId('read-aloud-controls')).toHaveCount(0)
  await expect(page.getByTestId('read-aloud')).toBeVisible()
})

test('a provider without a speech endpoint: the reason under the answer, dismissable', async ({ app: page, harness, provider }) => {
  await answered(page, harness, provider)
  provider.script({ match: { path: '/v1/audio/speech' }, status: 404, error: { message: 'Invalid URL (POST /v1/audio/speech)' }, times: Infinity })
  await page.getByTestId('read-aloud').click()
  const error = page.getByTestId('read-aloud-error')
  await expect(error).toContainText('Could not read this answer aloud.')
  await expect(error).toContainText('Invalid URL (POST /v1/audio/speech)')
  await expect(page.getByTestId('read-aloud')).toBeVisible()
  await error.getByRole('button').click()
  await expect(error).toHaveCount(0)
})
