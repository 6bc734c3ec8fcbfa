/**
 * Main's realtime voice session against the local provider (TLS, the openai SDK's realtime
 * client), with an in-memory audio link standing in for the renderer and a real SQLite store.
 */
import { createVoiceTimingsProbe } from '../support/voiceTimings'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import OpenAI from 'openai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DownMessage, UpMessage } from '../../src/shared/voice/audioLink'
import type { VoiceEvent } from '../../src/shared/voice/schemas'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ConversationStore } from '../../src/main/store/types'
import type { AudioLink } from '../../src/main/voice/audioLink'
import { openRealtimeConnection } from '../../src/main/voice/realtimeConnection'
import { RealtimeVoiceSession, type RealtimeSessionConfig } from '../../src/main/voice/realtimeSession'
import { startRealtimeProvider, type RealtimeProvider } from '../support/fakeProvider'
import { pcm16ToBuffer, syntheticVoice } from '../support/fakeProvider/realtimeAudio'

class MemoryLink implements AudioLink {
  sent: DownMessage[] = []
  private listeners: Array<(m: UpMessage) => void> = []
  private closeListeners: Array<() => void> = []
  /** Answers `stop` like the playback worklet would. */
  onStop: (() => UpMessage | undefined) | undefined
  closed = false
  send(msg: DownMessage): void {
    this.sent.push(msg)
    if (msg.t === 'stop' && this.onStop) {
      const reply = this.onStop()
      if (reply) setTimeout(() => this.up(reply), 5)
    }
  }
  onMessage(l: (m: UpMessage) => void): void {
    this.listeners.push(l)
  }
  onClose(l: () => void): void {
    this.closeListeners.push(l)
  }
  close(): void {
    this.closed = true
  }
  up(msg: UpMessage): void {
    for (const l of this.listeners) l(msg)
  }
  /** Speech then silence, as 40 ms microphone frames. */
  speak(speechMs: number, silenceMs: number): void {
    const voice = syntheticVoice(speechMs)
    const all = new Int16Array(voice.length + silenceMs * 24)
    all.set(voice)
    let seq = 0
    for (let i = 0; i < all.length; i += 960) {
      const buf = pcm16ToBuffer(all.subarray(i, i + 960))
      this.up({ t: 'mic', seq: seq++, capturedAt: Date.now(), pcm: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer })
    }
  }
}

const CONFIG: RealtimeSessionConfig = {
  instructions: 'Be brief.',
  voice: 'marin',
  turnDetection: 'server_vad',
  silenceMs: 500,
  transcribeModel: 'gpt-4o-mini-transcribe',
  pushToTalk: false
}

let rp: RealtimeProvider
let dir: string
let store: ConversationStore
let events: VoiceEvent[]
let link: MemoryLink
let session: RealtimeVoiceSession | undefined
/** The session's timings, through the probe the voice bench injects. */
let recorder: ReturnType<typeof createVoiceTimingsProbe>

async function until<T>(fn: () => T | undefined | false, what: string, timeoutMs = 8000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

async function untilAsync<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 8000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function startSession(conversationId: string, config = CONFIG): Promise<RealtimeVoiceSession> {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: rp.provider.baseURL })
  const conn = await openRealtimeConnection(client, 'gpt-realtime', { ca: rp.caPem })
  const history = await store.listMessages(conversationId)
  recorder = createVoiceTimingsProbe()
  session = new RealtimeVoiceSession({ sessionId: 's1', conversationId, link, store, emit: (e) => events.push(e), log: () => undefined, history, probe: recorder.probe }, conn, config)
  session.start()
  return session
}

beforeEach(async () => {
  rp = await startRealtimeProvider({ provider: { apiKey: 'sk-test' }, realtime: { audioSpeed: 10 } })
  dir = await mkdtemp(path.join(tmpdir(), 'omnidesk-voice-'))
  store = (await openConversationStore({ dataDir: dir })).store
  events = []
  link = new MemoryLink()
})

afterEach(async () => {
  session?.stop()
  session = undefined
  await rp.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

describe('realtime voice session', () => {
  it('configures the session with the conversation so far, hears the user, plays and stores both transcripts', async () => {
    const conv = await store.createConversation({ title: 'Mixed' })
    await store.addMessage({ conversationId: conv.id, role: 'user', parts: [{ type: 'text', text: 'Typed question' }], status: 'complete' })
    await store.addMessage({ conversationId: conv.id, role: 'assistant', parts: [{ type: 'text', text: 'Typed answer' }], status: 'complete' })
    rp.realtime.script({ userTranscript: 'What time is it?', answer: 'It is noon.' })
    await startSession(conv.id, { ...CONFIG, silenceMs: 600 })

    const update = await until(() => rp.realtime.received.find((e) => e.type === 'session.update'), 'session.update')
    expect(update.event).toMatchObject({
      session: {
        type: 'realtime',
        instructions: 'Be brief.',
        audio: {
          input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'gpt-4o-mini-transcribe' }, turn_detection: { type: 'server_vad', silence_duration_ms: 600 } },
          output: { voice: 'marin' }
        }
      }
    })
    const context = rp.realtime.received.filter((e) => e.type === 'conversation.item.create').map((e) => e.event.item)
    expect(context).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Typed question' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Typed answer' }] }
    ])

    link.speak(700, 900)
    await until(() => rp.realtime.sent.some((e) => e.type === 'input_audio_buffer.speech_started'), 'speech_started')
    await until(() => events.some((e) => e.kind === 'ended' || (e.kind === 'transcript' && e.role === 'assistant' && e.final && e.messageId)), 'final assistant transcript')
    const audio = link.sent.filter((m): m is Extract<DownMessage, { t: 'audio' }> => m.t === 'audio')
    expect(audio.length).toBeGreaterThan(3)
    expect(link.sent.some((m) => m.t === 'end')).toBe(true)
    const phases = events.filter((e) => e.kind === 'phase').map((e) => (e as { phase: string }).phase)
    expect(phases).toEqual(expect.arrayContaining(['listening', 'user-speaking', 'thinking', 'assistant-speaking']))

    const list = await untilAsync(async () => {
      const all = await store.listMessages(conv.id)
      return all.length === 4 && all.every((m) => m.status !== 'streaming') ? all : undefined
    }, 'stored voice messages')
    expect(list.map((m) => [m.role, m.parts[0].type === 'text' ? m.parts[0].text : '', m.parts[0].type === 'text' ? m.parts[0].voice : undefined])).toEqual([
      ['user', 'Typed question', undefined],
      ['assistant', 'Typed answer', undefined],
      ['user', 'What time is it?', {}],
      ['assistant', 'It is noon.', {}]
    ])
  })

  it('barge-in: stops playback, cancels the response, truncates at what was played', async () => {
    const conv = await store.createConversation({ title: 'Barge' })
    rp.realtime.script({ answer: 'A long story that goes on and on and on for quite a while.', audioMs: 6000 })
    rp.realtime.script({ userTranscript: 'Stop please', answer: 'Okay.' })
    await startSession(conv.id)
    link.speak(600, 700)
    const first = await until(() => link.sent.find((m): m is Extract<DownMessage, { t: 'audio' }> => m.t === 'audio'), 'assistant audio')
    await until(() => link.sent.filter((m) => m.t === 'audio').length >= 5, 'more audio')
    link.up({ t: 'played', itemId: first.itemId, ms: 300 })
    link.onStop = () => ({ t: 'stopped', itemId: first.itemId, ms: 420, at: Date.now() })
    link.speak(500, 700)
    const truncate = await until(() => rp.realtime.received.find((e) => e.type === 'conversation.item.truncate'), 'truncate')
    expect(truncate.event).toMatchObject({ item_id: first.itemId, content_index: 0, audio_end_ms: 420 })
    expect(link.sent.some((m) => m.t === 'stop')).toBe(true)
    const cut = await until(() => events.find((e) => e.kind === 'transcript' && e.itemId === first.itemId && e.truncated && e.messageId), 'truncated transcript')
    expect((cut as { text: string }).text.endsWith('…')).toBe(true)
    const stored = await untilAsync(async () => (await store.listMessages(conv.id)).find((m) => m.status === 'stopped'), 'stored cut message')
    const part = stored.parts[0]
    expect(part.type === 'text' && part.voice).toEqual({ truncatedAtMs: 420 })
  })

  it('client-side barge-in (the renderer VAD) cancels and truncates once, and drops audio still in flight', async () => {
    const conv = await store.createConversation({ title: 'Client barge' })
    rp.realtime.script({ answer: 'A long story that goes on and on.', audioMs: 8000 })
    await startSession(conv.id)
    await until(() => rp.realtime.received.some((e) => e.type === 'session.update'), 'session.update')
    link.speak(600, 700)
    const first = await until(() => link.sent.find((m): m is Extract<DownMessage, { t: 'audio' }> => m.t === 'audio'), 'assistant audio')
    await until(() => link.sent.filter((m) => m.t === 'audio').length >= 3, 'more audio')
    link.onStop = () => ({ t: 'stopped', itemId: first.itemId, ms: 250, at: Date.now() })
    link.up({ t: 'vad', speaking: true, at: Date.now() })
    const stopIndex = link.sent.length - 1
    expect(link.sent[stopIndex]).toMatchObject({ t: 'stop' })
    const truncate = await until(() => rp.realtime.received.find((e) => e.type === 'conversation.item.truncate'), 'truncate')
    expect(truncate.event).toMatchObject({ item_id: first.itemId, audio_end_ms: 250 })
    expect(rp.realtime.received.filter((e) => e.type === 'response.cancel')).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 300))
    expect(link.sent.slice(stopIndex + 1).filter((m) => m.t === 'audio' && m.itemId === first.itemId)).toEqual([])
    expect(rp.realtime.received.filter((e) => e.type === 'conversation.item.truncate')).toHaveLength(1)
    expect(recorder.timings.clientBargeInAt).toHaveLength(1)
    expect(recorder.timings.stopSentAt.length).toBeGreaterThanOrEqual(1)
  })

  it('a network drop ends the session gracefully, keeping the transcript', async () => {
    const conv = await store.createConversation({ title: 'Drop' })
    await startSession(conv.id)
    await until(() => rp.realtime.received.some((e) => e.type === 'session.update'), 'session.update')
    rp.realtime.dropAll()
    const ended = await until(() => events.find((e) => e.kind === 'ended'), 'ended')
    expect(ended).toMatchObject({ reason: 'network', error: { code: 'connection' } })
    expect(link.closed).toBe(true)
  })

  it('mute stops sending audio; push-to-talk commits and asks for a response', async () => {
    const conv = await store.createConversation({ title: 'PTT' })
    const s = await startSession(conv.id, { ...CONFIG, pushToTalk: true })
    const update = await until(() => rp.realtime.received.find((e) => e.type === 'session.update'), 'session.update')
    expect((update.event as { session: { audio: { input: { turn_detection: unknown } } } }).session.audio.input.turn_detection).toBeNull()
    s.setMuted(true)
    link.speak(200, 0)
    await new Promise((r) => setTimeout(r, 100))
    expect(rp.realtime.audioBytesReceived()).toBe(0)
    s.setMuted(false)
    await s.pushToTalk(true)
    link.speak(400, 0)
    await s.pushToTalk(false)
    await until(() => rp.realtime.sent.some((e) => e.type === 'response.done'), 'response.done')
    const types = rp.realtime.received.map((e) => e.type)
    expect(types).toEqual(expect.arrayContaining(['input_audio_buffer.clear', 'input_audio_buffer.commit', 'response.create']))
    expect(rp.realtime.sent.some((e) => e.type === 'input_audio_buffer.speech_started')).toBe(false)
  })
})
