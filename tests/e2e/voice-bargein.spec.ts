/**
 * Barge-in end to end: the fake microphone asks again every ~6 s, so the user talks over a long
 * answer. The client-side VAD (Silero, bundled, in its worker) stops playback on its own; without
 * it, the server's speech_started does.
 */
import { askAgain, expect, microphone, openVoice, outputDbfs, test, voiceTap, watchCsp } from './voiceFixtures'

test.use({ permissions: ['microphone'], launchOptions: microphone(askAgain) })

test.describe('a provider whose VAD cannot hear a short question', () => {
  // Its VAD needs 5 s of speech: the looped question (~1 s) never reaches speech_started, so the
  // barge-in below is the page's alone, however fast or slow this machine is. (Which of the two
  // is first when both hear it is a figure of `npm run bench -- voice`, not a test.)
  test.use({ serverMinSpeechMs: 5000 })

  test('realtime barge-in by Silero: talking over the answer stops playback, main truncates at what was played', async ({ page, harness, rt }) => {
    rt.realtime.script({ userTranscript: 'What time is it?', answer: 'Once upon a time there was a very long answer that went on and on and on.', audioMs: 12_000 })
    const cspViolations = await watchCsp(page)
    // Everything Silero needs comes from our own origin.
    const foreign: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith(harness.origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url())
    })
    await openVoice(page, harness, rt)
    const view = page.getByTestId('voice-view')
    // The client-side VAD (Silero, bundled, in its worker) is ready; then the assistant speaks
    // (a greeting: no question reaches the provider) and the looped question comes while it plays.
    await expect(view).toHaveAttribute('data-client-vad', 'silero', { timeout: 30_000 })
    rt.realtime.respondNow()
    await expect.poll(() => rt.realtime.received.find((e) => e.type === 'conversation.item.truncate'), { timeout: 30_000 }).toBeTruthy()
    expect(Number(await view.getAttribute('data-client-bargeins'))).toBeGreaterThanOrEqual(1)
    expect(rt.realtime.sent.some((e) => e.type === 'input_audio_buffer.speech_started')).toBe(false)
    // Main truncated the item at what was played: something, and no more than fits between the
    // first audio leaving the provider and the truncate reaching it.
    const truncate = rt.realtime.received.find((e) => e.type === 'conversation.item.truncate')!
    const firstAudio = rt.realtime.sent.find((e) => e.type === 'response.output_audio.delta')!
    const audioEndMs = truncate.event.audio_end_ms as number
    expect(audioEndMs).toBeGreaterThan(0)
    expect(audioEndMs).toBeLessThan(12_000)
    expect(audioEndMs).toBeLessThanOrEqual(truncate.time - firstAudio.time)

    // Playback stopped: the output falls to silence and stays there (no other answer comes).
    await expect.poll(() => outputDbfs(page), { timeout: 3_000, intervals: [20] }).toBeLessThan(-60)
    // The answer's line is marked cut, and its text is what was heard.
    const answerLine = page.locator('[data-testid="voice-line"][data-role="assistant"]').first()
    await expect(answerLine).toHaveAttribute('data-truncated', 'true')
    await expect(answerLine).toContainText(/Assistant: Once\b/)
    expect(foreign).toEqual([])
    // zod's one-time `new Function("")` probe is reported as "eval" (it then runs without eval);
    // anything else — WebAssembly compilation ("wasm-eval"), a fetch — would be Silero's.
    expect((await cspViolations()).filter((v) => !v.startsWith('script-src eval '))).toEqual([])
  })
})

test('realtime: when the Silero model cannot load, voice still works and barge-in comes from the server VAD (logged once)', async ({ page, harness, rt }) => {
  rt.realtime.script({ userTranscript: 'What time is it?', answer: 'Once upon a time there was a very long answer that went on and on and on.', audioMs: 12_000 })
  const warnings: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'warning' && msg.text().includes('Silero')) warnings.push(msg.text())
  })
  await page.route('**/*.onnx', (route) => route.abort())
  await openVoice(page, harness, rt)
  const view = page.getByTestId('voice-view')
  await expect(view).toHaveAttribute('data-client-vad', 'unavailable', { timeout: 15_000 })
  // The first question is answered; the ones after it are only heard (so silence follows the barge-in).
  await expect.poll(() => rt.realtime.sent.some((e) => e.type === 'response.created'), { timeout: 20_000 }).toBe(true)
  rt.realtime.holdResponses(true)
  await expect.poll(async () => (await voiceTap(page)).outputPeak, { timeout: 15_000 }).toBeGreaterThan(-40)
  await expect.poll(() => rt.realtime.received.find((e) => e.type === 'conversation.item.truncate'), { timeout: 20_000 }).toBeTruthy()
  expect(rt.realtime.sent.some((e) => e.type === 'input_audio_buffer.speech_started' && e.time > rt.realtime.sent.find((r) => r.type === 'response.created')!.time)).toBe(true)
  await expect.poll(() => outputDbfs(page), { timeout: 3_000, intervals: [20] }).toBeLessThan(-60)
  expect(await view.getAttribute('data-client-bargeins')).toBe('0')
  // A second session in the same page: still one line in the console.
  await page.getByTestId('voice-end').click()
  await page.getByTestId('voice-button').click()
  await expect(page.getByTestId('voice-view')).toHaveAttribute('data-client-vad', 'unavailable', { timeout: 20_000 })
  expect(warnings).toHaveLength(1)
})
