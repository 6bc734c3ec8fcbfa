/**
 * Voice mode end to end: Debian Chromium's fake microphone plays espeak-ng speech (AGC, noise
 * suppression and echo cancellation off through the voiceAudioProcessing setting), the web
 * harness runs main's voice session, and the local provider serves Realtime over TLS (its CA is
 * trusted through NODE_EXTRA_CA_CERTS, see tls.globalSetup.ts) plus the pipeline's audio endpoints.
 */
import { test as base, expect, seedProvider, type HarnessHandle, type Page } from './fixtures'
import { startRealtimeProvider, type RealtimeProvider } from '../support/fakeProvider'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium'
import { makeSpeechWav } from '../support/voiceWav'

// The "user" says this, then is silent; Chromium loops the file, so they speak again every ~6 s.
const speech = makeSpeechWav({ text: 'What time is it?', leadMs: 500, tailMs: 4800 })

const test = base.extend<{ rt: RealtimeProvider; networkMs: number }>({
  /** The local provider's scripted network delay, each way. */
  networkMs: [0, { option: true }],
  rt: async ({ networkMs }, use) => {
    const rt = await startRealtimeProvider({ provider: { apiKey: 'sk-test' }, realtime: { audioSpeed: 4, latencyMs: networkMs } })
    try {
      await use(rt)
    } finally {
      await rt.close()
    }
  }
})

test.use({
  permissions: ['microphone'],
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      '--autoplay-policy=no-user-gesture-required',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${speech.path}`
    ]
  }
})

async function openVoice(page: Page, harness: HarnessHandle, rt: RealtimeProvider, settings: Parameters<HarnessHandle['handlers']['settings']['update']>[0] = {}): Promise<void> {
  await seedProvider(harness, rt.provider, { apiKey: 'sk-test' })
  await harness.handlers.settings.update({ voiceAudioProcessing: false, ...settings })
  await page.goto(harness.url)
  await page.getByTestId('voice-button').click()
  const view = page.getByTestId('voice-view')
  await expect(view).not.toHaveAttribute('data-status', 'starting', { timeout: 20_000 })
  const status = await view.getAttribute('data-status')
  // Say why when it did not start (the view shows the reason).
  if (status !== 'active') throw new Error(`voice did not start (${status}): ${await page.getByTestId('voice-error').textContent().catch(() => '')}`)
}

const outputDbfs = async (page: Page): Promise<number> => {
  const v = await page.getByTestId('voice-level').getAttribute('data-output-dbfs')
  return v === null || v === '-inf' ? -Infinity : Number(v)
}

test('realtime: the microphone speaks, the provider hears it, the answer plays, both transcripts land in the conversation', async ({ page, harness, rt }) => {
  rt.realtime.script({ userTranscript: 'What time is it?', answer: 'It is noon in the fake world.', audioMs: 2500 })
  await openVoice(page, harness, rt)

  await expect.poll(() => rt.realtime.sent.some((e) => e.type === 'input_audio_buffer.speech_started'), { timeout: 15_000 }).toBe(true)
  // At least the speech the VAD needs before it decides (150 ms; 24 kHz pcm16 is 48 bytes per ms).
  expect(rt.realtime.audioBytesReceived()).toBeGreaterThanOrEqual(150 * 48)
  const update = rt.realtime.received.find((e) => e.type === 'session.update')
  expect(update?.event).toMatchObject({ session: { audio: { input: { turn_detection: { type: 'server_vad' } } } } })

  // A tap on the output: assistant audio is really playing, well above silence.
  await expect.poll(() => outputDbfs(page), { timeout: 15_000, intervals: [50] }).toBeGreaterThan(-40)
  await expect(page.getByTestId('voice-line').filter({ hasText: 'It is noon in the fake world.' })).toBeVisible()
  await expect(page.getByTestId('voice-line').filter({ hasText: 'What time is it?' })).toBeVisible()

  // Let the answer finish (End while it plays stores only what was heard).
  await expect.poll(() => outputDbfs(page), { timeout: 10_000, intervals: [50] }).toBeLessThan(-60)
  await page.getByTestId('voice-end').click()
  await expect(page.getByTestId('voice-view')).toHaveCount(0)
  const voiceMessages = page.locator('[data-testid="message"][data-voice="true"]')
  await expect(voiceMessages.filter({ hasText: 'What time is it?' }).first()).toHaveAttribute('data-role', 'user')
  await expect(voiceMessages.filter({ hasText: 'It is noon in the fake world.' }).first()).toHaveAttribute('data-role', 'assistant')
})

/** CSP violations of the page (Silero's WebAssembly must compile under script-src 'self' 'wasm-unsafe-eval', nothing more). */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] }
    w.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`))
  })
  return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)
}

test.describe('over a real-world network', () => {
  // 150 ms each way: the server's speech_started reaches main ~450 ms after the onset, so the
  // renderer's Silero (~150 ms) is first even on a busy test machine.
  test.use({ networkMs: 150 })

  test('realtime barge-in: speaking over the answer stops playback and truncates at what was played', async ({ page, harness, rt }) => {
    rt.realtime.script({ userTranscript: 'What time is it?', answer: 'Once upon a time there was a very long answer that went on and on and on.', audioMs: 12_000 })
    const cspViolations = await watchCsp(page)
    // Everything Silero needs comes from our own origin.
    const foreign: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith(harness.origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url())
    })
    await openVoice(page, harness, rt)
    // The client-side VAD (Silero, bundled) is loaded while the first answer plays.
    await expect(page.getByTestId('voice-view')).toHaveAttribute('data-client-vad', 'silero', { timeout: 15_000 })

    await expect.poll(() => outputDbfs(page), { timeout: 15_000, intervals: [50] }).toBeGreaterThan(-40)
    const playingSince = Date.now()
    // The looped file speaks again while the assistant talks: the provider's VAD hears it.
    await expect.poll(() => rt.realtime.received.find((e) => e.type === 'conversation.item.truncate'), { timeout: 20_000 }).toBeTruthy()
    const truncate = rt.realtime.received.find((e) => e.type === 'conversation.item.truncate')!
    const elapsed = Date.now() - playingSince
    const audioEndMs = truncate.event.audio_end_ms as number
    expect(audioEndMs).toBeGreaterThan(500)
    expect(audioEndMs).toBeLessThan(12_000)
    // What was heard is about as long as playback lasted (allowing for the jitter buffer and polling).
    expect(audioEndMs).toBeLessThanOrEqual(elapsed + 1500)
    const firstAnswer = rt.realtime.sent.find((e) => e.type === 'response.created')
    expect(firstAnswer).toBeTruthy()

    // Playback stopped: the output falls to silence and stays there until a new answer.
    await expect.poll(() => outputDbfs(page), { timeout: 3_000, intervals: [20] }).toBeLessThan(-60)
    // The first answer's line is marked cut. Its text is what was heard, and how much that is
    // depends on when the looped speech came back (on a loaded machine, soon after the answer
    // began): match the line by role and its first word.
    const answerLine = page.locator('[data-testid="voice-line"][data-role="assistant"]').first()
    await expect(answerLine).toHaveAttribute('data-truncated', 'true')
    await expect(answerLine).toContainText(/Assistant: Once\b/)
    // Silero heard the user before the server did: the renderer stopped playback and told main.
    expect(Number(await page.getByTestId('voice-view').getAttribute('data-client-bargeins'))).toBeGreaterThanOrEqual(1)
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
  await expect.poll(() => outputDbfs(page), { timeout: 15_000, intervals: [50] }).toBeGreaterThan(-40)
  await expect.poll(() => rt.realtime.received.find((e) => e.type === 'conversation.item.truncate'), { timeout: 20_000 }).toBeTruthy()
  await expect.poll(() => outputDbfs(page), { timeout: 3_000, intervals: [20] }).toBeLessThan(-60)
  expect(await view.getAttribute('data-client-bargeins')).toBe('0')
  // A second session in the same page: still one line in the console.
  await page.getByTestId('voice-end').click()
  await page.getByTestId('voice-button').click()
  await expect(page.getByTestId('voice-view')).toHaveAttribute('data-client-vad', 'unavailable', { timeout: 20_000 })
  expect(warnings).toHaveLength(1)
})

test('realtime: a network drop ends the session gracefully, keeps the transcript, offers Reconnect', async ({ page, harness, rt }) => {
  rt.realtime.script({ userTranscript: 'What time is it?', answer: 'It is noon.', audioMs: 1200 })
  await openVoice(page, harness, rt)
  await expect(page.getByTestId('voice-line').filter({ hasText: 'It is noon.' })).toBeVisible({ timeout: 20_000 })
  rt.realtime.dropAll()
  await expect(page.getByTestId('voice-network-lost')).toBeVisible()
  await expect(page.getByTestId('voice-reconnect')).toBeVisible()
  await expect(page.getByTestId('voice-line').filter({ hasText: 'It is noon.' })).toBeVisible()
  await page.getByTestId('voice-reconnect').click()
  await expect(page.getByTestId('voice-view')).toHaveAttribute('data-status', 'active', { timeout: 15_000 })
  await expect.poll(() => rt.realtime.connectionCount()).toBe(1)
})

test('pipeline: end of speech → transcription → streamed chat → speech per sentence (code not read), played', async ({ page, harness, rt }) => {
  rt.provider.script({ match: { path: '/v1/audio/transcriptions' }, content: 'Show me some code' })
  rt.provider.script({ content: 'Here is an example.\n```js\nconsole.log("never spoken.")\n```\nThat is all! 好的。' })
  await openVoice(page, harness, rt, { voiceMode: 'pipeline' })

  await expect.poll(() => rt.provider.requests.filter((r) => r.path === '/v1/audio/speech').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3)
  const paths = rt.provider.requests.map((r) => r.path)
  expect(paths.indexOf('/v1/audio/transcriptions')).toBeGreaterThanOrEqual(0)
  expect(paths.indexOf('/v1/chat/completions')).toBeGreaterThan(paths.indexOf('/v1/audio/transcriptions'))
  const inputs = rt.provider.requests.filter((r) => r.path === '/v1/audio/speech').slice(0, 3).map((r) => (r.body as { input: string }).input)
  expect(inputs).toEqual(['Here is an example.', 'That is all!', '好的。'])
  await expect.poll(() => outputDbfs(page), { timeout: 15_000, intervals: [50] }).toBeGreaterThan(-40)
  await expect(page.getByTestId('voice-line').filter({ hasText: 'Show me some code' }).first()).toBeVisible()

  await page.getByTestId('voice-end').click()
  const voiceMessages = page.locator('[data-testid="message"][data-voice="true"]')
  await expect(voiceMessages.filter({ hasText: 'Show me some code' }).first()).toHaveAttribute('data-role', 'user')
  await expect(voiceMessages.filter({ hasText: 'That is all!' }).first()).toHaveAttribute('data-role', 'assistant')
})

test('a provider without realtime falls back to the pipeline', async ({ page, harness, provider }) => {
  provider.script({ match: { path: '/v1/audio/transcriptions' }, content: 'No realtime here' })
  provider.script({ content: 'Then we use the pipeline.' })
  await seedProvider(harness, provider)
  await harness.handlers.settings.update({ voiceAudioProcessing: false })
  await page.goto(harness.url)
  await page.getByTestId('voice-button').click()
  await expect(page.getByTestId('voice-view')).toHaveAttribute('data-status', 'active', { timeout: 20_000 })
  await expect(page.getByTestId('voice-line').filter({ hasText: 'Then we use the pipeline.' })).toBeVisible({ timeout: 20_000 })
  expect(provider.requests.some((r) => r.path === '/v1/audio/speech')).toBe(true)
})

test('push-to-talk: holding Space makes a turn; no server VAD', async ({ page, harness, rt }) => {
  rt.realtime.script({ userTranscript: 'Held to talk', answer: 'Heard you.', audioMs: 1500 })
  await openVoice(page, harness, rt, { voicePushToTalk: true })
  await expect.poll(() => rt.realtime.received.some((e) => e.type === 'session.update')).toBe(true)
  const update = rt.realtime.received.find((e) => e.type === 'session.update')
  expect((update?.event as { session: { audio: { input: { turn_detection: unknown } } } }).session.audio.input.turn_detection).toBeNull()
  await expect(page.getByTestId('voice-phase')).toContainText('Hold Space')
  await page.keyboard.down('Space')
  await expect(page.getByTestId('voice-phase')).toHaveAttribute('data-phase', 'user-speaking')
  await page.waitForTimeout(1500)
  await page.keyboard.up('Space')
  await expect.poll(() => rt.realtime.received.map((e) => e.type).filter((t) => t === 'input_audio_buffer.commit' || t === 'response.create')).toEqual(['input_audio_buffer.commit', 'response.create'])
  await expect(page.getByTestId('voice-line').filter({ hasText: 'Heard you.' })).toBeVisible({ timeout: 15_000 })
  expect(rt.realtime.sent.some((e) => e.type === 'input_audio_buffer.speech_started')).toBe(false)
})

test('microphone denied: an explanation instead of a session', async ({ page, harness, rt }) => {
  await seedProvider(harness, rt.provider, { apiKey: 'sk-test' })
  await page.goto(harness.url)
  await page.context().clearPermissions()
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Browser.setPermission', { permission: { name: 'microphone' }, setting: 'denied', origin: harness.origin })
  await page.getByTestId('voice-button').click()
  await expect(page.getByTestId('voice-error')).toHaveAttribute('data-kind', 'mic-denied')
  await expect(page.getByTestId('voice-error')).toContainText('not allowed to use the microphone')
  expect(rt.realtime.connectionCount()).toBe(0)
})

test('companion: the headphone starts voice, the answer plays, and the voice messages are in the conversation "Open in main window" hands over', async ({ page, context, harness, rt }) => {
  rt.realtime.script({ userTranscript: 'What time is it?', answer: 'It is noon in the companion.', audioMs: 2500 })
  await seedProvider(harness, rt.provider, { apiKey: 'sk-test' })
  await harness.handlers.settings.update({ voiceAudioProcessing: false })
  // The main window's page is open too (it receives "Open in main window").
  await page.goto(harness.url)
  await expect(page.getByTestId('composer')).toBeVisible()

  // The companion page, shown through the real shortcut registry and companion service.
  const companion = await context.newPage()
  await companion.goto(new URL('companion.html', harness.url).toString())
  await expect(companion.getByTestId('companion')).toBeVisible()
  await expect.poll(() => harness.connectionCount()).toBeGreaterThan(1)
  expect(harness.companion.pressShortcut()).toBe(true)
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-visible', 'true')

  await companion.getByTestId('companion-voice').click()
  const view = companion.getByTestId('voice-view')
  await expect(view).toHaveAttribute('data-layout', 'inline')
  await expect(view).toHaveAttribute('data-status', 'active', { timeout: 20_000 })
  await expect.poll(() => rt.realtime.sent.some((e) => e.type === 'input_audio_buffer.speech_started'), { timeout: 15_000 }).toBe(true)
  // A tap on the companion's output: the answer really plays.
  await expect.poll(() => outputDbfs(companion), { timeout: 15_000, intervals: [50] }).toBeGreaterThan(-40)
  await expect(companion.getByTestId('voice-line').filter({ hasText: 'It is noon in the companion.' })).toBeVisible()
  await expect(companion.getByTestId('voice-line').filter({ hasText: 'What time is it?' })).toBeVisible()
  // The session is on the companion's conversation, and main knows it as the companion's.
  const conversationId = await companion.getByTestId('companion').getAttribute('data-conversation-id')
  expect(conversationId).toBeTruthy()

  // Let the answer finish (End while it plays stores only what was heard, "It is noon in the…").
  await expect.poll(() => outputDbfs(companion), { timeout: 10_000, intervals: [50] }).toBeLessThan(-60)
  await companion.getByTestId('voice-end').click()
  await expect(view).toHaveCount(0)
  const inCompanion = companion.locator('[data-testid="message"][data-voice="true"]')
  await expect(inCompanion.filter({ hasText: 'What time is it?' }).first()).toHaveAttribute('data-role', 'user')
  // The looped microphone may talk over the end of it on a slow machine: the start is enough.
  await expect(inCompanion.filter({ hasText: 'It is noon' }).first()).toHaveAttribute('data-role', 'assistant')
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-conversation-id', conversationId!)

  await companion.getByTestId('companion-open-in-main').click()
  await expect.poll(() => harness.companion.calls.filter((c) => c.op === 'openInMain')).toEqual([{ op: 'openInMain', conversationId }])
  const inMain = page.locator('[data-testid="message"][data-voice="true"]')
  await expect(inMain.filter({ hasText: 'What time is it?' }).first()).toHaveAttribute('data-role', 'user')
  await expect(inMain.filter({ hasText: 'It is noon' }).first()).toHaveAttribute('data-role', 'assistant')
})
