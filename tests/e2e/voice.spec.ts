/**
 * Voice mode end to end: Debian Chromium's fake microphone plays espeak-ng speech (AGC, noise
 * suppression and echo cancellation off through the voiceAudioProcessing setting), the web
 * harness runs main's voice session, and the local provider serves Realtime over TLS plus the
 * pipeline's audio endpoints. Here the user asks once and listens; talking over the answer is
 * voice-bargein.spec.ts.
 */
import { LIVE_TRANSLATOR_ID, libraryAssistantDraft, libraryEntry } from '../../src/shared/assistants/library'
import { answerPlayedThrough, askOnce, expect, microphone, showCompanion, openVoice, seedProvider, test, voiceTap, type Page } from './voiceFixtures'
import type { RealtimeProvider } from '../support/fakeProvider'

test.use({ permissions: ['microphone'], launchOptions: microphone(askOnce) })

test('realtime: the microphone speaks, the provider hears it, the answer plays, both transcripts land in the conversation', async ({ page, harness, rt }) => {
  rt.realtime.script({ userTranscript: 'What time is it?', answer: 'It is noon in the fake world.', audioMs: 2500 })
  await openVoice(page, harness, rt)

  await expect.poll(() => rt.realtime.sent.some((e) => e.type === 'input_audio_buffer.speech_started'), { timeout: 15_000 }).toBe(true)
  // At least the speech the VAD needs before it decides (150 ms; 24 kHz pcm16 is 48 bytes per ms).
  expect(rt.realtime.audioBytesReceived()).toBeGreaterThanOrEqual(150 * 48)
  const update = rt.realtime.received.find((e) => e.type === 'session.update')
  expect(update?.event).toMatchObject({ session: { audio: { input: { turn_detection: { type: 'server_vad' } } } } })

  // A tap on the output: assistant audio is really playing, well above silence.
  await expect.poll(async () => (await voiceTap(page)).outputPeak, { timeout: 15_000 }).toBeGreaterThan(-40)
  await expect(page.getByTestId('voice-line').filter({ hasText: 'It is noon in the fake world.' })).toBeVisible()
  await expect(page.getByTestId('voice-line').filter({ hasText: 'What time is it?' })).toBeVisible()

  await answerPlayedThrough(page, 'It is noon in the fake world.')
  await page.getByTestId('voice-end').click()
  await expect(page.getByTestId('voice-view')).toHaveCount(0)
  const voiceMessages = page.locator('[data-testid="message"][data-voice="true"]')
  await expect(voiceMessages.filter({ hasText: 'What time is it?' }).first()).toHaveAttribute('data-role', 'user')
  const answer = voiceMessages.filter({ hasText: 'It is noon in the fake world.' }).first()
  await expect(answer).toHaveAttribute('data-role', 'assistant')
  await expect(answer).toHaveAttribute('data-status', 'complete')
})

test('realtime: what the user says while the session connects is sent once it is up, not lost', async ({ page, harness, rt }) => {
  rt.realtime.script({ userTranscript: 'What time is it?', answer: 'It is noon.', audioMs: 1200 })
  // The provider answers the connection only when the spec says: the whole question is spoken
  // (the microphone rose and fell: the page's meter moves while it connects) while the session
  // is still connecting.
  rt.realtime.holdConnections(true)
  await seedProvider(harness, rt.provider, { apiKey: 'sk-test' })
  await harness.handlers.settings.update({ voiceAudioProcessing: false })
  await page.goto(harness.url)
  await page.getByTestId('voice-button').click()
  await expect.poll(() => rt.realtime.connectionsWaiting(), { timeout: 15_000 }).toBe(1)
  await expect.poll(async () => (await voiceTap(page)).inputPeak, { timeout: 15_000 }).toBeGreaterThan(-40)
  await expect.poll(async () => (await voiceTap(page)).inputQuietMs, { timeout: 15_000 }).toBeGreaterThanOrEqual(1000)
  await expect(page.getByTestId('voice-view')).toHaveAttribute('data-status', 'starting')
  expect(rt.realtime.audioBytesReceived()).toBe(0)

  rt.realtime.holdConnections(false)
  await expect(page.getByTestId('voice-view')).toHaveAttribute('data-status', 'active', { timeout: 15_000 })
  // The microphone file repeats its question only after 30 s of silence: this is the first one.
  await expect(page.getByTestId('voice-line').filter({ hasText: 'What time is it?' })).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('voice-line').filter({ hasText: 'It is noon.' })).toBeVisible({ timeout: 15_000 })
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
  await expect.poll(async () => (await voiceTap(page)).outputPeak, { timeout: 15_000 }).toBeGreaterThan(-40)
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

type SessionUpdate = { session: { instructions: string; audio: { output: { voice: string } } } }
/** The session.update of each realtime session so far (each opens one connection), oldest first. */
const sessionUpdates = (rt: RealtimeProvider): SessionUpdate[] => rt.realtime.received.filter((e) => e.type === 'session.update').map((e) => e.event as unknown as SessionUpdate)
const voiceActive = (page: Page) => expect(page.getByTestId('voice-view')).toHaveAttribute('data-status', 'active', { timeout: 20_000 })

test('an assistant’s chat: voice talks with it — its voice instructions are the session’s, its voice speaks, the view says who', async ({ page, harness, rt }) => {
  rt.realtime.script({ userTranscript: 'What time is it?', answer: 'Ahoy, it be noon.', audioMs: 1500 })
  await seedProvider(harness, rt.provider, { apiKey: 'sk-test' })
  await harness.handlers.settings.update({ voiceAudioProcessing: false, voiceName: 'alloy' })
  const pirate = await harness.handlers.assistants.save({
    name: 'Pirate',
    emoji: '🏴‍☠️',
    description: 'Talks like a pirate.',
    instructions: 'Write like a pirate.',
    starters: [],
    knowledge: [],
    capabilities: { web: false, data: false, memory: false, mcpServers: [] },
    voice: 'ballad',
    voiceInstructions: 'Only ever answer "ahoy", in a pirate voice.'
  })
  await page.goto(harness.url)
  await page.getByTestId('assistants-open').click()
  await page.getByTestId('assistant-card').filter({ hasText: 'Pirate' }).getByTestId('assistant-chat').click()
  await expect(page.getByTestId('chat-assistant')).toContainText('Pirate')

  await page.getByTestId('voice-button').click()
  await voiceActive(page)
  await expect(page.getByTestId('voice-assistant')).toHaveText('With Pirate')
  await expect(page.getByTestId('voice-picker')).toHaveValue('ballad')
  await expect(page.getByTestId('voice-picker')).toBeDisabled()
  await expect.poll(() => sessionUpdates(rt).length).toBe(1)
  // Its voice instructions alone: not the generic prompt that tells the model to answer.
  expect(sessionUpdates(rt)[0].session).toMatchObject({ instructions: 'Only ever answer "ahoy", in a pirate voice.', audio: { output: { voice: 'ballad' } } })

  await answerPlayedThrough(page, 'Ahoy, it be noon.')
  await page.getByTestId('voice-end').click()
  await expect(page.getByTestId('voice-view')).toHaveCount(0)
  // The new conversation is the assistant's: its badge, and the voice messages in it.
  await expect(page.getByTestId('chat-assistant')).toHaveAttribute('data-id', pirate.id)
  await expect(page.locator('[data-testid="message"][data-voice="true"]').filter({ hasText: 'Ahoy, it be noon.' }).first()).toHaveAttribute('data-status', 'complete')
  const conversations = (await harness.handlers.conversations.list({})).conversations
  expect(conversations.filter((c) => c.assistantId === pirate.id)).toHaveLength(1)
})

test('Live translation: ticked, voice restarts with the library’s Live Interpreter (added to Mine once); unticked, back to the chat', async ({ page, harness, rt }) => {
  await seedProvider(harness, rt.provider, { apiKey: 'sk-test' })
  await harness.handlers.settings.update({ voiceAudioProcessing: false, language: 'en' })
  const interpreter = libraryAssistantDraft(libraryEntry(LIVE_TRANSLATOR_ID)!, 'en')
  await page.goto(harness.url)
  await page.getByTestId('voice-button').click()
  await voiceActive(page)
  await expect(page.getByTestId('voice-assistant')).toHaveCount(0)
  await expect.poll(() => sessionUpdates(rt).length).toBe(1)
  const chatId = (await harness.handlers.conversations.list({})).conversations[0].id

  await page.getByTestId('voice-translation').check()
  await expect(page.getByTestId('voice-assistant')).toHaveText(`With ${interpreter.name}`)
  await voiceActive(page)
  await expect.poll(() => sessionUpdates(rt).length).toBe(2)
  expect(sessionUpdates(rt)[1].session.instructions).toBe(interpreter.voiceInstructions)
  // The interpreter's own conversation: its badge in the header, and it is in Mine.
  await expect(page.getByTestId('chat-assistant')).toContainText(interpreter.name)
  const mine = (await harness.handlers.assistants.list()).filter((a) => a.builtinId === LIVE_TRANSLATOR_ID)
  expect(mine).toHaveLength(1)

  await page.getByTestId('voice-translation').uncheck()
  await expect(page.getByTestId('voice-assistant')).toHaveCount(0)
  await voiceActive(page)
  await expect.poll(() => sessionUpdates(rt).length).toBe(3)
  expect(sessionUpdates(rt)[2].session.instructions).not.toBe(interpreter.voiceInstructions)
  await expect(page.getByTestId('chat-assistant')).toHaveCount(0)

  // Ticked again: the same interpreter, not a second copy.
  await page.getByTestId('voice-translation').check()
  await expect(page.getByTestId('voice-assistant')).toHaveText(`With ${interpreter.name}`)
  await expect.poll(() => sessionUpdates(rt).length).toBe(4)
  expect((await harness.handlers.assistants.list()).filter((a) => a.builtinId === LIVE_TRANSLATOR_ID)).toHaveLength(1)
  const conversations = (await harness.handlers.conversations.list({})).conversations
  expect(conversations.find((c) => c.id === chatId)?.assistantId).toBeUndefined()
  expect(conversations.filter((c) => c.assistantId === mine[0].id)).toHaveLength(1)
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

  const companion = await showCompanion(context, harness)

  await companion.getByTestId('companion-voice').click()
  const view = companion.getByTestId('voice-view')
  await expect(view).toHaveAttribute('data-layout', 'inline')
  await expect(view).toHaveAttribute('data-status', 'active', { timeout: 20_000 })
  await expect.poll(() => rt.realtime.sent.some((e) => e.type === 'input_audio_buffer.speech_started'), { timeout: 15_000 }).toBe(true)
  // A tap on the companion's output: the answer really plays.
  await expect.poll(async () => (await voiceTap(companion)).outputPeak, { timeout: 15_000 }).toBeGreaterThan(-40)
  await expect(companion.getByTestId('voice-line').filter({ hasText: 'It is noon in the companion.' })).toBeVisible()
  await expect(companion.getByTestId('voice-line').filter({ hasText: 'What time is it?' })).toBeVisible()
  // The session is on the companion's conversation, and main knows it as the companion's.
  const conversationId = await companion.getByTestId('companion').getAttribute('data-conversation-id')
  expect(conversationId).toBeTruthy()

  await answerPlayedThrough(companion, 'It is noon in the companion.')
  await companion.getByTestId('voice-end').click()
  await expect(view).toHaveCount(0)
  const inCompanion = companion.locator('[data-testid="message"][data-voice="true"]')
  await expect(inCompanion.filter({ hasText: 'What time is it?' }).first()).toHaveAttribute('data-role', 'user')
  await expect(inCompanion.filter({ hasText: 'It is noon in the companion.' }).first()).toHaveAttribute('data-status', 'complete')
  await expect(companion.getByTestId('companion')).toHaveAttribute('data-conversation-id', conversationId!)

  await companion.getByTestId('companion-open-in-main').click()
  await expect.poll(() => harness.companion.calls.filter((c) => c.op === 'openInMain')).toEqual([{ op: 'openInMain', conversationId }])
  const inMain = page.locator('[data-testid="message"][data-voice="true"]')
  await expect(inMain.filter({ hasText: 'What time is it?' }).first()).toHaveAttribute('data-role', 'user')
  await expect(inMain.filter({ hasText: 'It is noon in the companion.' }).first()).toHaveAttribute('data-role', 'assistant')
})
