/**
 * The local provider's Realtime API, driven by the openai SDK's own realtime client over TLS.
 */
import OpenAI from 'openai'
import { OpenAIRealtimeWS } from 'openai/realtime/ws'
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startRealtimeProvider, type RealtimeProvider } from '../support/fakeProvider'
import { EnergyVad, pcm16ToBuffer, syntheticVoice } from '../support/fakeProvider/realtimeAudio'

let rp: RealtimeProvider
let rt: OpenAIRealtimeWS
let events: RealtimeServerEvent[]

async function connect(apiKey = 'sk-test'): Promise<OpenAIRealtimeWS> {
  const client = new OpenAI({ apiKey, baseURL: rp.provider.baseURL })
  const socket = new OpenAIRealtimeWS({ model: 'gpt-realtime', options: { ca: rp.caPem } }, client)
  events = []
  socket.on('event', (e) => events.push(e))
  socket.on('error', () => undefined)
  await new Promise<void>((resolve, reject) => {
    socket.socket.once('open', () => resolve())
    socket.socket.once('error', reject)
  })
  return socket
}

const waitFor = async (type: string, count = 1, timeoutMs = 5000): Promise<RealtimeServerEvent> => {
  const start = Date.now()
  for (;;) {
    const found = events.filter((e) => e.type === type)
    if (found.length >= count) return found[count - 1]
    if (Date.now() - start > timeoutMs) throw new Error(`no ${type} (got ${events.map((e) => e.type).join(', ')})`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

function appendSpeech(socket: OpenAIRealtimeWS, speechMs: number, silenceMs: number): void {
  const voice = syntheticVoice(speechMs)
  const all = new Int16Array(voice.length + (silenceMs * 24))
  all.set(voice)
  for (let i = 0; i < all.length; i += 960) {
    socket.send({ type: 'input_audio_buffer.append', audio: pcm16ToBuffer(all.subarray(i, i + 960)).toString('base64') })
  }
}

beforeEach(async () => {
  rp = await startRealtimeProvider({ provider: { apiKey: 'sk-test' }, realtime: { audioSpeed: 20 } })
})
afterEach(async () => {
  rt?.close()
  await rp.close()
})

describe('local provider realtime over TLS with the openai SDK client', () => {
  it('creates and updates the session', async () => {
    rt = await connect()
    await waitFor('session.created')
    rt.send({
      type: 'session.update',
      session: { type: 'realtime', instructions: 'Be brief.', audio: { output: { voice: 'marin' }, input: { turn_detection: { type: 'semantic_vad' } } } }
    })
    const updated = (await waitFor('session.updated')) as Extract<RealtimeServerEvent, { type: 'session.updated' }>
    expect(updated.session).toMatchObject({ instructions: 'Be brief.', audio: { output: { voice: 'marin' }, input: { turn_detection: { type: 'semantic_vad' } } } })
  })

  it('refuses a wrong key at the upgrade', async () => {
    await expect(connect('sk-wrong')).rejects.toThrow(/401/)
  })

  it('hears speech with its VAD, transcribes, answers with audio and transcript', async () => {
    rp.realtime.script({ userTranscript: 'What time is it?', answer: 'It is noon.' })
    rt = await connect()
    rt.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: { model: 'gpt-4o-mini-transcribe' } } } } })
    await waitFor('session.updated')
    appendSpeech(rt, 700, 800)
    const started = (await waitFor('input_audio_buffer.speech_started')) as Extract<RealtimeServerEvent, { type: 'input_audio_buffer.speech_started' }>
    expect(started.audio_start_ms).toBeLessThan(50)
    const stopped = (await waitFor('input_audio_buffer.speech_stopped')) as Extract<RealtimeServerEvent, { type: 'input_audio_buffer.speech_stopped' }>
    expect(stopped.audio_end_ms).toBeGreaterThan(500)
    expect(stopped.audio_end_ms).toBeLessThan(800)
    await waitFor('input_audio_buffer.committed')
    const transcript = (await waitFor('conversation.item.input_audio_transcription.completed')) as Extract<RealtimeServerEvent, { type: 'conversation.item.input_audio_transcription.completed' }>
    expect(transcript.transcript).toBe('What time is it?')
    await waitFor('response.created')
    const done = (await waitFor('response.done')) as Extract<RealtimeServerEvent, { type: 'response.done' }>
    expect(done.response.status).toBe('completed')
    const deltas = events.filter((e): e is Extract<RealtimeServerEvent, { type: 'response.output_audio.delta' }> => e.type === 'response.output_audio.delta')
    expect(deltas.length).toBeGreaterThan(3)
    const pcm = Buffer.concat(deltas.map((d) => Buffer.from(d.delta, 'base64')))
    expect(pcm.length / 48).toBeGreaterThanOrEqual(800) // ms of 24 kHz pcm16
    let peak = 0
    for (let i = 0; i < pcm.length; i += 2) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i)))
    expect(peak).toBeGreaterThan(3000)
    const text = events.filter((e) => e.type === 'response.output_audio_transcript.delta').map((e) => (e as { delta: string }).delta).join('')
    expect(text).toBe('It is noon.')
    const tdone = (await waitFor('response.output_audio_transcript.done')) as { transcript: string }
    expect(tdone.transcript).toBe('It is noon.')
    expect(rp.realtime.audioBytesReceived()).toBe((700 + 800) * 48)
  })

  it('does not start on silence or on a short click', async () => {
    rt = await connect()
    await waitFor('session.created')
    const click = syntheticVoice(60)
    const all = new Int16Array(24_000)
    all.set(click, 4800)
    rt.send({ type: 'input_audio_buffer.append', audio: pcm16ToBuffer(all).toString('base64') })
    await new Promise((r) => setTimeout(r, 200))
    expect(events.some((e) => e.type === 'input_audio_buffer.speech_started')).toBe(false)
  })

  it('cancels on speech, truncates played audio, and reports errors', async () => {
    rp.realtime.script({ answer: 'A long answer that keeps talking for a while.', audioMs: 4000 })
    rt = await connect()
    await waitFor('session.created')
    rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Tell me a story' }] } })
    await waitFor('conversation.item.created')
    rt.send({ type: 'response.create' })
    const delta = (await waitFor('response.output_audio.delta', 3)) as { item_id: string }
    rt.send({ type: 'response.cancel' })
    const done = (await waitFor('response.done')) as Extract<RealtimeServerEvent, { type: 'response.done' }>
    expect(done.response.status).toBe('cancelled')
    rt.send({ type: 'conversation.item.truncate', item_id: delta.item_id, content_index: 0, audio_end_ms: 150 })
    const truncated = (await waitFor('conversation.item.truncated')) as { audio_end_ms: number; item_id: string }
    expect(truncated).toMatchObject({ audio_end_ms: 150, item_id: delta.item_id })
    rt.send({ type: 'conversation.item.truncate', item_id: delta.item_id, content_index: 0, audio_end_ms: 99_000 })
    rt.send({ type: 'response.cancel' })
    rt.send({ type: 'no.such.event' } as never)
    await waitFor('error', 3)
    const codes = events.filter((e) => e.type === 'error').map((e) => (e as { error: { code: string } }).error.code)
    expect(codes).toEqual(['invalid_value', 'response_cancel_not_active', 'invalid_value'])
    expect(rp.realtime.received.map((e) => e.type)).toContain('conversation.item.truncate')
  })

  it('cancels a running response when speech starts (interrupt_response)', async () => {
    rp.realtime.script({ audioMs: 5000 })
    rt = await connect()
    await waitFor('session.created')
    rt.send({ type: 'response.create' })
    await waitFor('response.output_audio.delta', 2)
    appendSpeech(rt, 400, 0)
    await waitFor('input_audio_buffer.speech_started')
    const done = (await waitFor('response.done')) as Extract<RealtimeServerEvent, { type: 'response.done' }>
    expect(done.response.status).toBe('cancelled')
  })

  it('delays every message by the scripted latency', async () => {
    rp.realtime.setLatency(120)
    const t0 = Date.now()
    rt = await connect()
    await waitFor('session.created')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110)
  })
})

describe('energy VAD', () => {
  it('needs some speech, then ends after the silence length', () => {
    const vad = new EnergyVad({ minSpeechMs: 150, silenceMs: 300 })
    const voice = syntheticVoice(500)
    const buf = new Int16Array(24_000)
    buf.set(voice, 2400)
    const decisions = vad.push(buf)
    expect(decisions.map((d) => d.kind)).toEqual(['speech_started', 'speech_stopped'])
    expect(decisions[0]).toMatchObject({ audioStartMs: 100 })
    const end = (decisions[1] as { audioEndMs: number }).audioEndMs
    expect(end).toBeGreaterThanOrEqual(550)
    expect(end).toBeLessThanOrEqual(600)
  })
})
