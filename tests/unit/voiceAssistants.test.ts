/**
 * Voice mode with assistants, through the real main services (createMainServices: voice wired to
 * the assistants in services.ts, a real SQLite store, the provider service) with an in-memory
 * audio link standing in for the renderer. A session talks with its conversation's assistant —
 * its voice, its voice instructions (or its instructions after the generic voice prompt) — in
 * realtime (what the local provider's realtime endpoint receives in session.update) and in the
 * pipeline (the chat request's system prompt, the speech requests' voice); a new session may pick
 * one; "Live translation" is the library's live interpreter, added once.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import tls from 'node:tls'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MainServices } from '../../src/main/services'
import type { AudioLink, AudioLinkPort } from '../../src/main/voice/audioLink'
import { VOICE_INSTRUCTIONS } from '../../src/main/voice/prompts'
import { LIVE_TRANSLATOR_ID, libraryAssistantDraft, libraryEntry } from '../../src/shared/assistants/library'
import { BuiltinAssistantId } from '../../src/shared/assistants/schemas'
import type { AppError } from '../../src/shared/errors'
import type { DownMessage, UpMessage } from '../../src/shared/voice/audioLink'
import { VoiceBuiltinAssistant, type VoiceStarted } from '../../src/shared/voice/schemas'
import { startFakeProvider, startRealtimeProvider, type FakeProvider, type RealtimeProvider } from '../support/fakeProvider'
import { pcm16ToBuffer, syntheticVoice } from '../support/fakeProvider/realtimeAudio'
import { startTestServices } from '../support/testServices'

class MemoryLink implements AudioLink {
  sent: DownMessage[] = []
  private listeners: Array<(m: UpMessage) => void> = []
  send(msg: DownMessage): void {
    this.sent.push(msg)
  }
  onMessage(l: (m: UpMessage) => void): void {
    this.listeners.push(l)
  }
  onClose(): void {}
  close(): void {}
  /** A spoken turn as the renderer sends it in the pipeline: vad on, frames, vad off. */
  turn(ms: number): void {
    const up = (msg: UpMessage) => this.listeners.forEach((l) => l(msg))
    up({ t: 'vad', speaking: true, at: Date.now() })
    const voice = syntheticVoice(ms)
    for (let i = 0; i < voice.length; i += 480) {
      const buf = pcm16ToBuffer(voice.subarray(i, i + 480))
      up({ t: 'mic', seq: i, capturedAt: Date.now(), pcm: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer })
    }
    up({ t: 'vad', speaking: false, at: Date.now() })
  }
}

async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 8000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/**
 * The realtime endpoint is wss:// only (the SDK forces it): trust the local provider's test CA the
 * way NODE_EXTRA_CA_CERTS does for the E2E harness, for loopback connections of this file only.
 * One CA at a time: each provider's has the same name, and OpenSSL checks against the first.
 */
const trusted: string[] = []
const originalConnect = tls.connect
beforeAll(() => {
  tls.connect = ((...args: Parameters<typeof tls.connect>) => {
    const opts = args[0] as tls.ConnectionOptions
    if (typeof opts === 'object' && opts !== null && !opts.ca && (opts.host === '127.0.0.1' || opts.servername === '127.0.0.1') && trusted.length) {
      opts.ca = [...tls.rootCertificates, ...trusted]
    }
    return (originalConnect as (...a: unknown[]) => tls.TLSSocket)(...args)
  }) as typeof tls.connect
})
afterAll(() => {
  tls.connect = originalConnect
})

interface Running {
  services: MainServices
  links: MemoryLink[]
  dir: string
  close(): Promise<void>
}
const running: Running[] = []
const providers: Array<{ close(): Promise<void> }> = []

afterEach(async () => {
  for (const r of running.splice(0)) await r.close()
  for (const p of providers.splice(0)) await p.close()
})

/** The real services over a temp folder, the given provider saved as the default. */
async function startServices(baseURL: string, settings: Parameters<MainServices['handlers']['settings']['update']>[0] = {}): Promise<Running> {
  const dir = await mkdtemp(path.join(tmpdir(), 'omnidesk-voice-assistants-'))
  const links: MemoryLink[] = []
  const audioLinks: AudioLinkPort = {
    open: async () => {
      const link = new MemoryLink()
      links.push(link)
      return link
    }
  }
  const { services, providerId } = await startTestServices({ root: dir, provider: { baseURL }, apiKey: 'sk-test', audioLinks })
  await services.handlers.settings.update({ defaultProviderId: providerId, ...settings })
  const r: Running = {
    services,
    links,
    dir,
    async close() {
      await services.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
  running.push(r)
  return r
}

async function realtime(settings: Parameters<MainServices['handlers']['settings']['update']>[0] = {}): Promise<{ rp: RealtimeProvider; r: Running }> {
  const rp = await startRealtimeProvider({ provider: { apiKey: 'sk-test' }, realtime: { audioSpeed: 10 } })
  providers.push(rp)
  trusted.splice(0, trusted.length, rp.caPem)
  return { rp, r: await startServices(rp.provider.baseURL, { voiceMode: 'realtime', ...settings }) }
}

type SessionUpdate = { session: { instructions: string; audio: { output: { voice: string } } } }
/** The session.update the provider received for the n-th connection (each session opens one). */
const sessionUpdates = (rp: RealtimeProvider): SessionUpdate[] => rp.realtime.received.filter((e) => e.type === 'session.update').map((e) => e.event as unknown as SessionUpdate)
async function nthUpdate(rp: RealtimeProvider, n: number): Promise<SessionUpdate> {
  return until(() => sessionUpdates(rp)[n], `session.update #${n + 1}`)
}

const assistantDraft = (fields: { name: string; instructions: string; voice?: string; voiceInstructions?: string }) => ({
  description: '',
  starters: [],
  knowledge: [],
  capabilities: { web: false, data: false, memory: false, mcpServers: [] },
  ...fields
})

/** A conversation with this assistant, through chat as the user makes one. */
async function conversationWith(r: Running, provider: FakeProvider | RealtimeProvider['provider'], assistantId: string): Promise<string> {
  provider.script({ content: 'Typed answer.' })
  const started = await r.services.handlers.chat.send({ text: 'Typed question', assistantId })
  await until(async () => (await r.services.handlers.conversations.get({ id: started.conversationId })).messages.every((m) => m.status !== 'streaming'), 'the typed answer')
  return started.conversationId
}

const stop = async (r: Running, started: VoiceStarted) => r.services.handlers.voice.stop({ sessionId: started.sessionId })

describe('voice with the conversation’s assistant', () => {
  it('realtime: the assistant’s voice instructions replace the voice prompt, its voice speaks; without them, its instructions follow the voice prompt', async () => {
    const { rp, r } = await realtime({ voiceName: 'alloy', voiceInstructions: 'Settings extra: call me Sam.' })
    const { handlers } = r.services
    const pirate = await handlers.assistants.save(assistantDraft({ name: 'Pirate', instructions: 'Write like a pirate.', voice: 'ballad', voiceInstructions: 'Only ever say "ahoy", in a pirate voice.' }))
    const tutor = await handlers.assistants.save(assistantDraft({ name: 'Tutor', instructions: 'Explain like a patient maths tutor.' }))
    const withPirate = await conversationWith(r, rp.provider, pirate.id)
    const withTutor = await conversationWith(r, rp.provider, tutor.id)

    const first = await handlers.voice.start({ conversationId: withPirate, voice: 'alloy' })
    expect(first).toMatchObject({ conversationId: withPirate, mode: 'realtime', assistant: { id: pirate.id, name: 'Pirate', voice: 'ballad' } })
    const update = await nthUpdate(rp, 0)
    // The voice instructions alone: not the generic "answer" prompt, not Settings' extra.
    expect(update.session.instructions).toBe('Only ever say "ahoy", in a pirate voice.')
    expect(update.session.audio.output.voice).toBe('ballad')
    await stop(r, first)

    const second = await handlers.voice.start({ conversationId: withTutor, voice: 'alloy' })
    expect(second.assistant).toEqual({ id: tutor.id, name: 'Tutor' })
    const tutorUpdate = await nthUpdate(rp, 1)
    expect(tutorUpdate.session.instructions).toBe(`${VOICE_INSTRUCTIONS}\nExplain like a patient maths tutor.`)
    expect(tutorUpdate.session.audio.output.voice).toBe('alloy')
    await stop(r, second)

    // No assistant: as before, the voice prompt then the user's own (Settings → Voice).
    const plain = await handlers.voice.start({ voice: 'alloy' })
    expect(plain.assistant).toBeUndefined()
    expect((await nthUpdate(rp, 2)).session.instructions).toBe(`${VOICE_INSTRUCTIONS}\nSettings extra: call me Sam.`)
    expect((await handlers.conversations.get({ id: plain.conversationId })).conversation.assistantId).toBeUndefined()
    await stop(r, plain)
  })

  it('a new session with assistantId creates its conversation with that assistant; an unknown one is not_found and creates nothing', async () => {
    const { rp, r } = await realtime()
    const { handlers } = r.services
    const coach = await handlers.assistants.save(assistantDraft({ name: 'Coach', instructions: 'Be encouraging.', voiceInstructions: 'Cheer the user on, briefly.' }))
    const started = await handlers.voice.start({ assistantId: coach.id })
    const { conversation } = await handlers.conversations.get({ id: started.conversationId })
    expect(conversation).toMatchObject({ assistantId: coach.id, title: 'Coach' })
    expect((await nthUpdate(rp, 0)).session.instructions).toBe('Cheer the user on, briefly.')
    await stop(r, started)

    const before = (await handlers.conversations.list({})).conversations.length
    const refused = await Promise.resolve(handlers.voice.start({ assistantId: '00000000-0000-4000-8000-000000000000' })).then(
      () => undefined,
      (error: AppError) => error
    )
    expect(refused?.info).toMatchObject({ code: 'not_found', detail: 'That assistant no longer exists.' })
    expect((await handlers.conversations.list({})).conversations.length).toBe(before)
    expect(r.links.length).toBe(1)
  })

  it('"Live translation": the library’s interpreter is added once (in the UI language), its voice instructions are the session’s, the user’s edits win', async () => {
    const { rp, r } = await realtime({ voiceInstructions: 'Settings extra: never used by an assistant.' })
    const { handlers } = r.services
    const library = libraryAssistantDraft(libraryEntry(LIVE_TRANSLATOR_ID)!, 'en')

    const first = await handlers.voice.start({ builtinAssistantId: 'live-translator' })
    const mine = (await handlers.assistants.list()).filter((a) => a.builtinId === LIVE_TRANSLATOR_ID)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ name: library.name, voiceInstructions: library.voiceInstructions })
    expect(first.assistant).toMatchObject({ id: mine[0].id, name: library.name, builtinId: LIVE_TRANSLATOR_ID })
    // The conversation records it (the header badge, Mine).
    expect((await handlers.conversations.get({ id: first.conversationId })).conversation).toMatchObject({ assistantId: mine[0].id, title: library.name })
    const update = await nthUpdate(rp, 0)
    expect(update.session.instructions).toBe(library.voiceInstructions)
    expect(update.session.instructions).not.toContain(VOICE_INSTRUCTIONS)
    await stop(r, first)

    // Again, continuing that conversation and in a new one: the same copy, not a second.
    const again = await handlers.voice.start({ conversationId: first.conversationId, builtinAssistantId: 'live-translator' })
    await stop(r, again)
    const fresh = await handlers.voice.start({ builtinAssistantId: 'live-translator' })
    await stop(r, fresh)
    expect((await handlers.assistants.list()).filter((a) => a.builtinId === LIVE_TRANSLATOR_ID)).toHaveLength(1)
    expect(fresh.assistant?.id).toBe(mine[0].id)
    expect((await nthUpdate(rp, 2)).session.instructions).toBe(library.voiceInstructions)

    // Their edits win.
    const { createdAt: _c, updatedAt: _u, ...copy } = mine[0]
    await handlers.assistants.save({ ...copy, voice: 'verse', voiceInstructions: 'Interpret into French only.' })
    const edited = await handlers.voice.start({ builtinAssistantId: 'live-translator' })
    const editedUpdate = await nthUpdate(rp, 3)
    expect(editedUpdate.session.instructions).toBe('Interpret into French only.')
    expect(editedUpdate.session.audio.output.voice).toBe('verse')
    await stop(r, edited)

    // The interpreter, ticked in a conversation with another assistant: the session talks with
    // the interpreter; the conversation keeps its own assistant.
    const other = await handlers.assistants.save(assistantDraft({ name: 'Writer', instructions: 'Help with writing.' }))
    const withWriter = await conversationWith(r, rp.provider, other.id)
    const overridden = await handlers.voice.start({ conversationId: withWriter, builtinAssistantId: 'live-translator' })
    expect(overridden.assistant?.id).toBe(mine[0].id)
    expect((await nthUpdate(rp, 4)).session.instructions).toBe('Interpret into French only.')
    expect((await handlers.conversations.get({ id: withWriter })).conversation.assistantId).toBe(other.id)
    await stop(r, overridden)
  })

  it('"Live translation" in Chinese: added with its zh-CN text when the UI is in Chinese; two starts at once add it once', async () => {
    const { rp, r } = await realtime({ language: 'zh-CN' })
    const { handlers } = r.services
    const [a, b] = await Promise.all([handlers.voice.start({ builtinAssistantId: 'live-translator' }), handlers.voice.start({ builtinAssistantId: 'live-translator' })])
    const mine = (await handlers.assistants.list()).filter((x) => x.builtinId === LIVE_TRANSLATOR_ID)
    expect(mine).toHaveLength(1)
    expect(mine[0].name).toBe('实时口译')
    expect(a.assistant?.id).toBe(mine[0].id)
    expect(b.assistant?.id).toBe(mine[0].id)
    const zh = libraryAssistantDraft(libraryEntry(LIVE_TRANSLATOR_ID)!, 'zh-CN').voiceInstructions
    await until(() => sessionUpdates(rp).length === 2, 'both session updates')
    expect(sessionUpdates(rp).map((u) => u.session.instructions)).toEqual([zh, zh])
    await stop(r, a)
    await stop(r, b)
  })

  it('pipeline: the chat request carries the assistant’s voice instructions (else its instructions) and the speech its voice', async () => {
    const provider = await startFakeProvider({ apiKey: 'sk-test' })
    providers.push(provider)
    const r = await startServices(provider.baseURL, { voiceMode: 'pipeline', voiceName: 'alloy', voiceInstructions: 'Settings extra: call me Sam.' })
    const { handlers } = r.services
    const pirate = await handlers.assistants.save(assistantDraft({ name: 'Pirate', instructions: 'Write like a pirate.', voice: 'coral', voiceInstructions: 'Only ever say "ahoy".' }))
    const tutor = await handlers.assistants.save(assistantDraft({ name: 'Tutor', instructions: 'Explain like a patient maths tutor.' }))

    const systemOfTurn = async (conversationId: string | undefined, extra: { assistantId?: string }, spoken: string) => {
      provider.script({ match: { path: '/v1/audio/transcriptions' }, content: `Question for ${spoken}` })
      provider.script({ match: { lastUserContains: `Question for ${spoken}` }, content: `${spoken} answers.` })
      const started = await handlers.voice.start({ conversationId, voice: 'alloy', ...extra })
      expect(started.mode).toBe('pipeline')
      const link = r.links[r.links.length - 1]
      link.turn(600)
      await until(() => link.sent.some((m) => m.t === 'end'), `the end of ${spoken}'s answer`)
      await stop(r, started)
      const chat = provider.requests.filter((q) => q.path === '/v1/chat/completions').map((q) => q.body as { messages: Array<{ role: string; content: string }> })
      const body = chat.find((b) => b.messages.some((m) => m.role === 'user' && String(m.content).includes(`Question for ${spoken}`)))!
      const speech = provider.requests.filter((q) => q.path === '/v1/audio/speech').map((q) => q.body as { input: string; voice: string })
      return { started, system: String(body.messages[0].content), voice: speech.find((s) => s.input.includes(`${spoken} answers.`))?.voice }
    }

    const withPirate = await conversationWith(r, provider, pirate.id)
    const p = await systemOfTurn(withPirate, {}, 'Pirate')
    expect(p.system).toMatch(/\nOnly ever say "ahoy"\.$/)
    expect(p.system).not.toContain('Settings extra')
    expect(p.voice).toBe('coral')

    // A new conversation picked with the tutor.
    const t = await systemOfTurn(undefined, { assistantId: tutor.id }, 'Tutor')
    expect((await handlers.conversations.get({ id: t.started.conversationId })).conversation.assistantId).toBe(tutor.id)
    expect(t.system).toMatch(/\nExplain like a patient maths tutor\.$/)
    expect(t.voice).toBe('alloy')

    const none = await systemOfTurn(undefined, {}, 'Nobody')
    expect(none.system).toMatch(/\nSettings extra: call me Sam\.$/)
  })

  it('the request’s library ids are library entries with voice instructions in both languages', () => {
    for (const id of VoiceBuiltinAssistant.options) {
      expect(BuiltinAssistantId.safeParse(id).success).toBe(true)
      const entry = libraryEntry(id)
      expect(entry, id).toBeDefined()
      for (const language of ['en', 'zh-CN'] as const) expect(libraryAssistantDraft(entry!, language).voiceInstructions, `${id} ${language}`).toBeTruthy()
    }
    expect(VoiceBuiltinAssistant.options).toContain(LIVE_TRANSLATOR_ID)
  })
})
