/**
 * The pipeline voice session against the local provider: end of speech (the renderer's VAD) →
 * /v1/audio/transcriptions → streamed chat → /v1/audio/speech per sentence, in order; barge-in
 * stops playback and cancels the chat stream.
 */
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
import { PipelineVoiceSession } from '../../src/main/voice/pipelineSession'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import { pcm16ToBuffer, syntheticVoice } from '../support/fakeProvider/realtimeAudio'

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
  up(msg: UpMessage): void {
    for (const l of this.listeners) l(msg)
  }
  /** A spoken turn as the renderer sends it: vad on, frames, vad off. */
  turn(ms: number): void {
    this.up({ t: 'vad', speaking: true, at: Date.now() })
    const voice = syntheticVoice(ms)
    for (let i = 0; i < voice.length; i += 480) {
      const buf = pcm16ToBuffer(voice.subarray(i, i + 480))
      this.up({ t: 'mic', seq: i, capturedAt: Date.now(), pcm: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer })
    }
    this.up({ t: 'vad', speaking: false, at: Date.now() })
  }
}

let provider: FakeProvider
let dir: string
let store: ConversationStore
let link: MemoryLink
let events: VoiceEvent[]
let session: PipelineVoiceSession

async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 8000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

beforeEach(async () => {
  provider = await startFakeProvider({ apiKey: 'sk-test' })
  dir = await mkdtemp(path.join(tmpdir(), 'omnidesk-pipeline-'))
  store = (await openConversationStore({ dataDir: dir })).store
  link = new MemoryLink()
  events = []
})
afterEach(async () => {
  session?.stop()
  await provider.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

function start(conversationId: string): PipelineVoiceSession {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.baseURL, maxRetries: 0 })
  session = new PipelineVoiceSession(
    { sessionId: 'p1', conversationId, client, link, store, emit: (e) => events.push(e), log: () => undefined },
    { chatModel: 'gpt-4o', transcribeModel: 'gpt-4o-mini-transcribe', speechModel: 'gpt-4o-mini-tts', voice: 'coral', instructions: '' }
  )
  session.start()
  return session
}

describe('pipeline voice session', () => {
  it('transcribes, streams the answer, speaks each sentence in order without code, stores both sides', async () => {
    const conv = await store.createConversation({ title: 'P' })
    provider.script({ match: { path: '/v1/audio/transcriptions' }, content: 'How do I print?' })
    provider.script({ content: 'Use print.\n```py\nprint("not spoken")\n```\nThen run it! 就这样。' })
    start(conv.id)
    link.turn(600)
    await until(() => link.sent.some((m) => m.t === 'end'), 'end of the answer')
    const speech = provider.requests.filter((r) => r.path === '/v1/audio/speech').map((r) => r.body as { input: string; voice: string; response_format: string })
    expect(speech.map((b) => b.input)).toEqual(['Use print.', 'Then run it!', '就这样。'])
    expect(speech.every((b) => b.voice === 'coral' && b.response_format === 'pcm')).toBe(true)
    const audio = link.sent.filter((m): m is Extract<DownMessage, { t: 'audio' }> => m.t === 'audio')
    expect(audio.map((a) => a.pcm.byteLength)).toEqual(speech.map((b) => Math.max(300, b.input.length * 60) * 48))
    const messages = await until(async () => {
      const list = await store.listMessages(conv.id)
      return list.length === 2 && list[1].status === 'complete' ? list : undefined
    }, 'stored messages')
    expect(messages.map((m) => [m.role, m.parts[0].type === 'text' ? m.parts[0].text : ''])).toEqual([
      ['user', 'How do I print?'],
      ['assistant', 'Use print.\n```py\nprint("not spoken")\n```\nThen run it! 就这样。']
    ])
    expect(messages.every((m) => m.parts[0].type === 'text' && m.parts[0].voice)).toBe(true)
    const transcription = provider.requests.find((r) => r.path === '/v1/audio/transcriptions')
    expect(String(transcription?.headers['content-type'])).toMatch(/^multipart\/form-data/)
  })

  it('barge-in stops playback and cancels the chat stream', async () => {
    const conv = await store.createConversation({ title: 'B' })
    provider.script({ content: 'One. Two. Three. Four. Five. Six. Seven. Eight.', tokensPerSecond: 10 })
    start(conv.id)
    link.turn(600)
    await until(() => link.sent.some((m) => m.t === 'audio'), 'first sentence audio')
    link.up({ t: 'vad', speaking: true, at: Date.now() })
    expect(link.sent[link.sent.length - 1]).toMatchObject({ t: 'stop' })
    const bargeInAt = link.sent.length - 1
    const stopped = await until(async () => (await store.listMessages(conv.id)).find((m) => m.role === 'assistant' && m.status === 'stopped'), 'stopped answer')
    const text = stopped.parts[0].type === 'text' ? stopped.parts[0].text : ''
    expect(text.length).toBeLessThan('One. Two. Three. Four. Five. Six. Seven. Eight.'.length)
    expect(text.endsWith('…')).toBe(true)
    const bargeIn = bargeInAt
    await new Promise((r) => setTimeout(r, 400))
    expect(link.sent.slice(bargeIn + 1).filter((m) => m.t === 'audio' || m.t === 'end')).toEqual([])
  })

  it('a shared frame goes with the next question (the latest one), and not after sharing stops', async () => {
    const conv = await store.createConversation({ title: 'S' })
    provider.script({ match: { path: '/v1/audio/transcriptions' }, content: 'What is on my screen?' })
    provider.script({ content: 'A chart.' })
    const s = start(conv.id)
    s.setSharing(true)
    s.addFrame('data:image/jpeg;base64,AAAA')
    s.addFrame('data:image/jpeg;base64,BBBB')
    link.turn(600)
    await until(() => link.sent.some((m) => m.t === 'end'), 'end of the answer')
    const chat = provider.requests.find((r) => r.path === '/v1/chat/completions')!.body as { messages: Array<{ role: string; content: unknown }> }
    expect(chat.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is on my screen?' },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,BBBB', detail: 'high' } }
      ]
    })
    // The stored question is the words alone: frames are shown to the model, not kept.
    const question = (await store.listMessages(conv.id))[0]
    expect(question.parts).toEqual([{ type: 'text', text: 'What is on my screen?', voice: {} }])

    s.setSharing(false)
    provider.script({ match: { path: '/v1/audio/transcriptions' }, content: 'And now?' })
    provider.script({ content: 'Nothing shared.' })
    const ends = link.sent.filter((m) => m.t === 'end').length
    link.turn(600)
    await until(() => link.sent.filter((m) => m.t === 'end').length > ends, 'second answer')
    const second = provider.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!.body as { messages: Array<{ role: string; content: unknown }> }
    expect(second.messages.at(-1)).toEqual({ role: 'user', content: 'And now?' })
  })
})
