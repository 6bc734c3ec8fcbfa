/**
 * Attachment store (content-addressed originals + encoded copies) and the chat engine sending
 * image_url parts to the local provider through the real openai SDK.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAttachmentStore, decodeDataUrl } from '../../src/main/attachments/attachmentStore'
import { createAttachmentServices } from '../../src/main/attachments/handlers'
import { imageAttachmentIds, toChatMessages } from '../../src/main/chat/buildRequest'
import { ChatEngine } from '../../src/main/chat/chatEngine'
import { createImagesAsText } from '../../src/main/ocr/imagesAsText'
import { createOpenAIClient } from '../../src/main/providers/clientFactory'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ConversationStore } from '../../src/main/store/types'
import type { Message } from '../../src/shared/domain'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import { imageSize, makePng, parseDataUrl } from '../support/images'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'omnidesk-att-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const original = makePng(300, 200, (x, y) => [x % 256, y % 256, 40])
const encoded = makePng(150, 100, (x, y) => [x % 256, y % 256, 40])

describe('attachment store', () => {
  it('keeps the original and the encoded copy once, content-addressed', async () => {
    const store = createAttachmentStore({ dataDir: dir, now: () => 1 })
    const a = await store.add({ original: { data: original, width: 300, height: 200 }, encoded: [{ data: encoded, width: 150, height: 100 }] })
    const b = await store.add({ original: { data: original, width: 300, height: 200 }, encoded: [{ data: encoded, width: 150, height: 100 }] })
    expect(a.id).toMatch(/^[a-f0-9]{64}$/)
    expect(b.id).toBe(a.id)
    expect(a.original).toMatchObject({ mime: 'image/png', width: 300, height: 200, bytes: original.length })
    expect(await readdir(join(dir, 'attachments', 'blobs'))).toHaveLength(2)
    const read = await store.readOriginal(a.id)
    expect(Buffer.compare(read!.data, original)).toBe(0)
    const urls = await store.modelDataUrls(a.id)
    expect(urls).toHaveLength(1)
    expect(imageSize(parseDataUrl(urls![0]).bytes)).toEqual({ mime: 'image/png', width: 150, height: 100 })
  })

  it('refuses non-images by their bytes, and unknown or malformed ids', async () => {
    const store = createAttachmentStore({ dataDir: dir })
    const pdf = new TextEncoder().encode('%PDF-1.7 not an image')
    await expect(store.add({ original: { data: pdf, width: 1, height: 1 }, encoded: [{ data: encoded, width: 1, height: 1 }] })).rejects.toThrow(/not a PNG/)
    await expect(store.add({ original: { data: original, width: 1, height: 1 }, encoded: [] })).rejects.toThrow()
    expect(await store.get('../../etc/passwd')).toBeUndefined()
    expect(await store.get('a'.repeat(64))).toBeUndefined()
  })

  it('accepts a lossy WebP copy (what the renderer sends GPT-4o) and gives it back as data:image/webp', async () => {
    // 6×4 VP8 (lossy) file made by cwebp -q 80 -m 0, like the renderer's libwebp at method 0.
    const webp = Buffer.from('UklGRjIAAABXRUJQVlA4ICYAAACwAQCdASoGAAQAAUAmJaQAA2EfehwAAP77J/eSU/qdZSpSAAAAAA==', 'base64')
    const store = createAttachmentStore({ dataDir: dir })
    const a = await store.add({ original: { data: original, width: 300, height: 200 }, encoded: [{ data: webp, width: 6, height: 4 }] })
    expect(a.encoded).toEqual([expect.objectContaining({ mime: 'image/webp', width: 6, height: 4, bytes: webp.length })])
    const urls = await store.modelDataUrls(a.id)
    expect(urls).toEqual([`data:image/webp;base64,${webp.toString('base64')}`])
  })

  it('decodes data URLs', () => {
    expect(Buffer.from(decodeDataUrl('data:image/png;base64,AAEC')!)).toEqual(Buffer.from([0, 1, 2]))
    expect(decodeDataUrl('http://example.com/x.png')).toBeUndefined()
  })
})

describe('request building with images', () => {
  const msg = (parts: Message['parts'], role: Message['role'] = 'user'): Message => ({
    id: Math.random().toString(36),
    conversationId: 'c',
    role,
    parts,
    status: 'complete',
    createdAt: 0,
    updatedAt: 0
  })

  it('turns image parts into image_url data parts after the text', () => {
    const history = [msg([{ type: 'text', text: 'look' }, { type: 'image', attachmentId: 'a1', mime: 'image/png' }])]
    expect(imageAttachmentIds(history)).toEqual(['a1'])
    const out = toChatMessages(history, new Date(0), new Map([['a1', ['data:image/jpeg;base64,AAA', 'data:image/jpeg;base64,BBB']]]))
    expect(out[1]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'look' },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAA', detail: 'high' } },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,BBB', detail: 'high' } }
      ]
    })
  })

  it('an image alone has no empty text part; a missing copy falls back to text', () => {
    const out = toChatMessages([msg([{ type: 'image', attachmentId: 'a1', mime: 'image/png' }])], new Date(0), new Map([['a1', ['data:image/png;base64,A']]]))
    expect(out[1]).toEqual({ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,A', detail: 'high' } }] })
    const missing = toChatMessages([msg([{ type: 'text', text: 'hi' }, { type: 'image', attachmentId: 'x', mime: 'image/png' }])], new Date(0), new Map())
    expect(missing[1]).toEqual({ role: 'user', content: 'hi' })
  })
})

describe('chat engine with image attachments', () => {
  let provider: FakeProvider
  let store: ConversationStore
  beforeEach(async () => {
    provider = await startFakeProvider({})
    store = (await openConversationStore({ dataDir: dir })).store
  })
  afterEach(async () => {
    await store.close()
    await provider.close()
  })

  it('stores the image part and sends the encoded copy as an image_url data part', async () => {
    const attachments = createAttachmentServices({ dataDir: dir, emit: () => {} })
    const info = await attachments.handlers.attachments.add({
      original: { dataUrl: `data:image/png;base64,${original.toString('base64')}`, width: 300, height: 200 },
      encoded: [{ dataUrl: `data:image/png;base64,${encoded.toString('base64')}`, width: 150, height: 100 }]
    })
    const config = { id: 'p1', presetId: 'custom' as const, name: 'Local', baseURL: provider.baseURL, defaultModel: 'gpt-4o' }
    const engine = new ChatEngine({
      store,
      providers: { resolve: () => ({ provider: config, client: createOpenAIClient(config, 'sk-test', { maxRetries: 0 }) }) },
      emit: () => {},
      images: attachments.resolver
    })
    const started = await engine.send({ text: '', attachmentIds: [info.id] })
    await engine.idle()
    const user = await store.getMessage(started.userMessageId)
    expect(user?.parts).toEqual([{ type: 'image', attachmentId: info.id, mime: 'image/png', width: 300, height: 200 }])
    const body = provider.requests.find((r) => r.path.endsWith('/chat/completions'))!.body as {
      messages: Array<{ role: string; content: unknown }>
    }
    const content = body.messages.at(-1)!.content as Array<{ type: string; image_url: { url: string } }>
    expect(content).toHaveLength(1)
    expect(imageSize(parseDataUrl(content[0].image_url.url).bytes)).toEqual({ mime: 'image/png', width: 150, height: 100 })

    // The original is what history shows.
    const shown = await attachments.handlers.attachments.get({ id: info.id })
    expect(shown).toMatchObject({ width: 300, height: 200, mime: 'image/png' })

    // An unknown attachment is refused before anything is stored.
    await expect(engine.send({ text: 'x', attachmentIds: ['f'.repeat(64)] })).rejects.toThrow(/no longer available/)
  })

  it('a model that takes no images gets their text (OCR) instead, and the answer says so', async () => {
    const attachments = createAttachmentServices({ dataDir: dir, emit: () => {} })
    const info = await attachments.handlers.attachments.add({
      original: { dataUrl: `data:image/png;base64,${original.toString('base64')}`, width: 300, height: 200 },
      encoded: [{ dataUrl: `data:image/png;base64,${encoded.toString('base64')}`, width: 150, height: 100 }],
      name: 'chart.png'
    })
    const read: number[] = []
    const config = { id: 'p1', presetId: 'custom' as const, name: 'Local', baseURL: provider.baseURL, defaultModel: 'deepseek-chat' }
    const events: Array<{ kind: string; images?: unknown }> = []
    const engine = new ChatEngine({
      store,
      providers: { resolve: () => ({ provider: config, client: createOpenAIClient(config, 'sk-test', { maxRetries: 0 }) }) },
      emit: (channel, payload) => {
        if (channel === 'chat:onEvent') events.push(payload as { kind: string })
      },
      images: attachments.resolver,
      // A stand-in reader: the real one is tested in ocr.test.ts; this checks it gets the original.
      imagesAsText: createImagesAsText({ ocr: { read: async (bytes) => (read.push(bytes.length), 'Sales by region') }, images: attachments.resolver })
    })
    const started = await engine.send({ text: 'What does it say?', attachmentIds: [info.id] })
    await engine.idle()
    expect(read).toEqual([original.length])
    const body = provider.requests.find((r) => r.path.endsWith('/chat/completions'))!.body as { messages: Array<{ role: string; content: unknown }> }
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'What does it say?\n\n<image name="chart.png">\nSales by region\n</image>' })
    expect(body.messages[0].content).toMatch(/cannot see images/)
    expect(JSON.stringify(body)).not.toContain('image_url')
    const answer = await store.getMessage(started.assistantMessageId)
    expect(answer?.parts[0]).toEqual({ type: 'imagesRead', images: [{ name: 'chart.png', text: 'Sales by region' }] })
    expect(events.find((e) => e.kind === 'imagesRead')?.images).toEqual([{ name: 'chart.png', text: 'Sales by region' }])

    // The same conversation with a model that sees images: the image goes as an image again.
    await engine.send({ conversationId: started.conversationId, text: 'And now?', model: 'gpt-4o' })
    await engine.idle()
    const second = provider.requests.find((r) => r.path.endsWith('/chat/completions') && JSON.stringify(r.body).includes('And now?'))!.body
    expect(JSON.stringify(second)).toContain('image_url')
    expect(read).toHaveLength(1)
  })
})
