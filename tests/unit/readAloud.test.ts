/**
 * Read aloud in main (issue 18) against the local provider: an answer's spoken sentences
 * (markdown stripped, code skipped), their speech in order through /v1/audio/speech with the
 * voice and model of Settings, a few synthesised ahead, Stop cancelling the rest, and failures
 * said in the provider's words.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import OpenAI from 'openai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ConversationStore } from '../../src/main/store/types'
import { createReadAloud } from '../../src/main/voice/readAloud'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import { speechDurationMs } from '../support/fakeProvider/audioRoutes'

let provider: FakeProvider
let dir: string
let store: ConversationStore

beforeEach(async () => {
  provider = await startFakeProvider({ apiKey: 'sk-test' })
  dir = await mkdtemp(path.join(tmpdir(), 'omnidesk-read-aloud-'))
  store = (await openConversationStore({ dataDir: dir })).store
})
afterEach(async () => {
  await store.close()
  await provider.close()
  await rm(dir, { recursive: true, force: true })
})

function reader(logged: string[] = []) {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.baseURL, maxRetries: 0 })
  return createReadAloud({
    store,
    providers: { resolve: () => ({ provider: { id: 'p', presetId: 'custom', name: 'Local', baseURL: provider.baseURL, defaultModel: 'gpt-4o' }, client }) },
    settings: () => ({ ...DEFAULT_SETTINGS, voiceName: 'coral', voiceSpeechModel: 'gpt-4o-mini-tts' }),
    log: (message) => logged.push(message)
  })
}

async function answer(text: string): Promise<string> {
  const conversation = await store.createConversation({ title: 't' })
  const m = await store.addMessage({ conversationId: conversation.id, role: 'assistant', status: 'complete', parts: [{ type: 'reasoning', text: 'Thinking that is never read.' }, { type: 'text', text }] })
  return m.id
}

const speechRequests = () => provider.requests.filter((r) => r.path === '/v1/audio/speech').map((r) => r.body as { input: string; voice: string; model: string; response_format: string })

describe('read aloud', () => {
  it('speaks the answer sentence by sentence, in order, code skipped, with the voice and model of Settings', async () => {
    const id = await answer('# Plan\n\nFirst, **install** it. Then run `npm start`.\n\n```sh\nrm -rf /\n```\n\nThat is all!')
    const read = reader()
    const { readingId, sentences } = await read.start({ messageId: id })
    expect(sentences).toEqual(['Plan', 'First, install it.', 'Then run npm start.', 'That is all!'])
    const audio: ArrayBuffer[] = []
    for (let index = 0; index < sentences.length; index++) audio.push(await read.audio({ readingId, index }))
    // pcm16 at 24 kHz: each sentence's length is the fake voice's for that text.
    expect(audio.map((a) => a.byteLength)).toEqual(sentences.map((s) => Math.round((speechDurationMs(s) * 24_000) / 1000) * 2))
    const requests = speechRequests()
    expect(requests.map((r) => r.input).sort()).toEqual([...sentences].sort())
    expect(requests.every((r) => r.voice === 'coral' && r.model === 'gpt-4o-mini-tts' && r.response_format === 'pcm')).toBe(true)
    expect(JSON.stringify(requests)).not.toContain('rm -rf')
    expect(JSON.stringify(requests)).not.toContain('never read')
  })

  it('synthesises only a few sentences ahead; Stop cancels the reading', async () => {
    const id = await answer(Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1}.`).join(' '))
    const read = reader()
    const { readingId, sentences } = await read.start({ messageId: id })
    expect(sentences).toHaveLength(12)
    await read.audio({ readingId, index: 0 })
    // The first, and two ahead of it: nothing more until the page asks.
    await expect.poll(() => speechRequests().length).toBe(3)
    read.stop({ readingId })
    await expect(read.audio({ readingId, index: 1 })).rejects.toMatchObject({ info: { code: 'not_found' } })
    expect(speechRequests()).toHaveLength(3)
  })

  it('a new reading stops the one before it', async () => {
    const read = reader()
    const first = await read.start({ messageId: await answer('One. Two.') })
    const second = await read.start({ messageId: await answer('Three. Four.') })
    await expect(read.audio({ readingId: first.readingId, index: 0 })).rejects.toMatchObject({ info: { code: 'not_found' } })
    expect((await read.audio({ readingId: second.readingId, index: 0 })).byteLength).toBeGreaterThan(0)
  })

  it('a provider without speech: the error in its words; an answer with only code: said plainly', async () => {
    provider.script({ match: { path: '/v1/audio/speech' }, status: 404, error: { message: 'Invalid URL (POST /v1/audio/speech)' }, times: Infinity })
    const logged: string[] = []
    const read = reader(logged)
    const { readingId } = await read.start({ messageId: await answer('Hello there.') })
    await expect(read.audio({ readingId, index: 0 })).rejects.toMatchObject({ info: { code: 'not_found', detail: expect.stringContaining('Invalid URL') } })
    expect(logged).toContain('read aloud: speech failed')
    await expect(read.start({ messageId: await answer('```js\nconsole.log(1)\n```') })).rejects.toMatchObject({ info: { code: 'bad_request', detail: expect.stringMatching(/no text to read aloud/) } })
    await expect(read.start({ messageId: 'missing' })).rejects.toMatchObject({ info: { code: 'not_found' } })
  })
})
