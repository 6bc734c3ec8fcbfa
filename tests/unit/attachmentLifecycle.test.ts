/**
 * Attachments from the day they are stored to the day nothing uses them (security issue 14, M3
 * and L10/L11): the collector (src/main/attachments/attachmentGc.ts) against the real SQLite
 * store and real files, the chat engine against the local provider; the size bounds of
 * `attachments.add` (schema, then main before decoding) and the renderer's pixel budget read
 * from a file's header before anything decodes it.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAttachmentServices, type AttachmentServices } from '../../src/main/attachments/handlers'
import { decodeDataUrl, manifestBlobs } from '../../src/main/attachments/attachmentStore'
import { HOLD_MS, UNSENT_GRACE_MS } from '../../src/main/attachments/config'
import { ChatEngine } from '../../src/main/chat/chatEngine'
import { createConversationHandlers } from '../../src/main/chat/handlers'
import { createOpenAIClient } from '../../src/main/providers/clientFactory'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ConversationStore } from '../../src/main/store/types'
import { checkPixelBudget } from '../../src/renderer/src/attachments/pixelBudget'
import { ImageRefused, prepareImage } from '../../src/renderer/src/attachments/prepare'
import { WEBP_OPTIONS } from '../../src/renderer/src/attachments/webpEncoder'
import type { WebPModule } from '@jsquash/webp/codec/enc/webp_enc'
import { declaredImageSize } from '../../src/shared/attachments/imageFormat'
import { dataUrlChars, MAX_ADD_REQUEST_CHARS, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_MODEL_COPY_BYTES } from '../../src/shared/attachments/limits'
import { AddAttachmentRequest } from '../../src/shared/attachments/schemas'
import type { ContentPart } from '../../src/shared/domain'
import { contract } from '../../src/shared/ipc/contract'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import { makePng } from '../support/images'

const png = (seed: number, w = 12, h = 8): Buffer => makePng(w, h, (x, y) => [seed % 256, (x * 20) % 256, (y * 30) % 256])
const dataUrl = (bytes: Buffer, mime = 'image/png'): string => `data:${mime};base64,${bytes.toString('base64')}`
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

let dir: string
let clock: number
let provider: FakeProvider
let store: ConversationStore
let attachments: AttachmentServices
let engine: ChatEngine
let conversations: ReturnType<typeof createConversationHandlers>

function startServices(): void {
  attachments = createAttachmentServices({ dataDir: dir, emit: () => {}, references: store, now: () => clock })
  const config = { id: 'p1', presetId: 'custom' as const, name: 'Local', baseURL: provider.baseURL, defaultModel: 'gpt-4o' }
  engine = new ChatEngine({
    store,
    providers: { resolve: () => ({ provider: config, client: createOpenAIClient(config, 'sk-test', { maxRetries: 0 }) }) },
    emit: () => {},
    images: attachments.resolver
  })
  conversations = createConversationHandlers({ store, engine, emit: () => {}, images: attachments.resolver })
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'omnidesk-attgc-'))
  // Real time: the sweep compares temp files' modification times with this clock.
  clock = Date.now()
  provider = await startFakeProvider()
  store = (await openConversationStore({ dataDir: dir })).store
  startServices()
})

afterEach(async () => {
  await engine.stopAll()
  await attachments.gc?.close()
  await store.close()
  await provider.close()
  await rm(dir, { recursive: true, force: true })
})

const gc = () => {
  if (!attachments.gc) throw new Error('no collector')
  return attachments.gc
}

/** Stores an image the way the composer does at Send: the original and its copies for the model. */
async function add(original: Buffer, encoded: Buffer[]) {
  return attachments.handlers.attachments.add({
    original: { dataUrl: dataUrl(original), width: 12, height: 8 },
    encoded: encoded.map((e) => ({ dataUrl: dataUrl(e), width: 12, height: 8 }))
  })
}

/** Sends a message with these images in a new conversation and waits for its answer. */
async function sendIn(ids: string[], conversationId?: string): Promise<string> {
  const started = await engine.send({ text: 'look', attachmentIds: ids, ...(conversationId ? { conversationId } : {}) })
  await engine.idle()
  return started.conversationId
}

async function removeConversation(id: string): Promise<void> {
  await conversations.remove({ id })
  await gc().idle()
}

const attachmentsDir = () => join(dir, 'attachments')
const exists = (file: string) => stat(file).then(() => true, () => false)
const manifestExists = (id: string) => exists(join(attachmentsDir(), `${id}.json`))
const blobExists = (bytes: Buffer) => exists(join(attachmentsDir(), 'blobs', sha(bytes)))
const blobNames = async () => (await readdir(join(attachmentsDir(), 'blobs')).catch(() => [] as string[])).sort()

/** Every manifest on disk has every file it names (what a concurrent add must never break). */
async function expectConsistent(): Promise<void> {
  const blobs = new Set(await blobNames())
  for (const name of await readdir(attachmentsDir())) {
    if (!name.endsWith('.json')) continue
    const manifest = await attachments.store.get(name.slice(0, -5))
    expect(manifest, name).toBeDefined()
    for (const sha of manifestBlobs(manifest!)) expect(blobs.has(sha), `${name} → ${sha}`).toBe(true)
  }
}

/** After this, what was added or described so far is no longer held. */
const holdsEnd = () => {
  clock += HOLD_MS + 1
}

describe('attachment collector', () => {
  it('deletes an image with the last conversation that used it: manifest, original and model copies', async () => {
    const original = png(1, 40, 30)
    const copy = png(1)
    const info = await add(original, [copy])
    const conversationId = await sendIn([info.id])
    expect(await manifestExists(info.id)).toBe(true)
    expect(await blobNames()).toEqual([sha(original), sha(copy)].sort())

    holdsEnd()
    await removeConversation(conversationId)
    expect(await manifestExists(info.id)).toBe(false)
    expect(await blobExists(original)).toBe(false)
    expect(await blobExists(copy)).toBe(false)
    expect(await blobNames()).toEqual([])
  })

  it('keeps an image while another conversation still uses it', async () => {
    const original = png(2, 40, 30)
    const copy = png(2)
    const info = await add(original, [copy])
    const first = await sendIn([info.id])
    // The same picture attached again in another chat: the same manifest.
    const again = await add(original, [copy])
    expect(again.id).toBe(info.id)
    const second = await sendIn([again.id])

    holdsEnd()
    await removeConversation(first)
    expect(await manifestExists(info.id)).toBe(true)
    expect(await blobExists(original)).toBe(true)
    expect(await attachments.store.modelDataUrls(info.id)).toHaveLength(1)

    await removeConversation(second)
    expect(await manifestExists(info.id)).toBe(false)
    expect(await blobNames()).toEqual([])
  })

  it('keeps a blob two manifests share while one of them lives', async () => {
    // One screenshot sent once standard and once sharp: two manifests, one original blob.
    const original = png(3, 40, 30)
    const standard = png(31)
    const tiles = [png(32), png(33)]
    const a = await add(original, [standard])
    const b = await add(original, tiles)
    expect(b.id).not.toBe(a.id)
    const withA = await sendIn([a.id])
    const withB = await sendIn([b.id])

    holdsEnd()
    await removeConversation(withA)
    expect(await manifestExists(a.id)).toBe(false)
    expect(await blobExists(standard)).toBe(false)
    expect(await manifestExists(b.id)).toBe(true)
    expect(await blobExists(original)).toBe(true)
    expect((await attachments.store.readOriginal(b.id))?.data.equals(original)).toBe(true)
    await expectConsistent()

    await removeConversation(withB)
    expect(await blobNames()).toEqual([])
  })

  it('collects what a regenerated answer or an edited message no longer references, and keeps the rest', async () => {
    const asked = await add(png(4, 40, 30), [png(41)])
    const conversationId = await sendIn([asked.id])
    // An answer carrying an image (the domain allows it; regenerate replaces it).
    const answered = await add(png(5, 40, 30), [png(51)])
    const [, answer] = await store.listMessages(conversationId)
    const imagePart: ContentPart = { type: 'image', attachmentId: answered.id, mime: 'image/png' }
    await store.updateMessage(answer.id, { parts: [...answer.parts, imagePart] })

    holdsEnd()
    await engine.regenerate({ conversationId })
    await engine.idle()
    await gc().idle()
    expect(await manifestExists(answered.id)).toBe(false)
    expect(await blobExists(png(51))).toBe(false)
    // The question's image is still referenced by the question.
    expect(await manifestExists(asked.id)).toBe(true)

    // Edit and resend: the answer it replaces had an image too.
    const [question, regenerated] = await store.listMessages(conversationId)
    const another = await add(png(6, 40, 30), [png(61)])
    await store.updateMessage(regenerated.id, { parts: [...regenerated.parts, { type: 'image', attachmentId: another.id, mime: 'image/png' }] })
    holdsEnd()
    await engine.editAndResend({ conversationId, messageId: question.id, text: 'look again' })
    await engine.idle()
    await gc().idle()
    expect(await manifestExists(another.id)).toBe(false)
    expect(await manifestExists(asked.id)).toBe(true)
    await expectConsistent()
  })

  it('leaves an image just added or described alone until its hold ends, then collects it', async () => {
    const info = await add(png(7, 40, 30), [png(71)])
    const conversationId = await sendIn([info.id])
    // Deleted right after the send: the id is still held (a send of it may be under way).
    await conversations.remove({ id: conversationId })
    await gc().idle()
    expect(await manifestExists(info.id)).toBe(true)

    // Looked at again on the next run once the hold is over.
    holdsEnd()
    expect(await gc().collect([])).toMatchObject({ manifests: 1, blobs: 2, held: 0 })
    expect(await manifestExists(info.id)).toBe(false)
  })

  it('sweeps at start-up images never sent after the grace period, not younger ones, and files nothing names', async () => {
    const now = clock
    clock = now - UNSENT_GRACE_MS - 60_000
    const oldUnsent = await add(png(8, 40, 30), [png(81)])
    const oldSent = await add(png(9, 40, 30), [png(91)])
    clock = now - 60 * 60 * 1000
    const youngUnsent = await add(png(10, 40, 30), [png(101)])
    await store.addMessage({
      conversationId: (await store.createConversation({ title: 'kept' })).id,
      role: 'user',
      parts: [{ type: 'image', attachmentId: oldSent.id, mime: 'image/png' }],
      status: 'complete'
    })
    // A blob no manifest names (an add that failed half-way), and temp files of interrupted writes.
    const orphan = png(11)
    const blobs = join(attachmentsDir(), 'blobs')
    await writeFile(join(blobs, sha(orphan)), orphan)
    const staleTemp = join(blobs, `${sha(png(12))}.4242.abc123.tmp`)
    const freshTemp = join(blobs, `${sha(png(13))}.4242.def456.tmp`)
    await writeFile(staleTemp, 'x')
    await writeFile(freshTemp, 'x')
    const twoDaysAgo = new Date(now - 2 * UNSENT_GRACE_MS)
    await utimes(staleTemp, twoDaysAgo, twoDaysAgo)

    // The next start: a new store (no holds), the sweep the services start.
    await attachments.gc?.close()
    clock = now
    startServices()
    const report = await gc().sweep()
    expect(report).toMatchObject({ manifests: 1, temps: 1 })
    expect(await manifestExists(oldUnsent.id)).toBe(false)
    expect(await blobExists(png(81))).toBe(false)
    expect(await manifestExists(oldSent.id)).toBe(true)
    expect(await manifestExists(youngUnsent.id)).toBe(true)
    expect(await blobExists(orphan)).toBe(false)
    expect(await exists(staleTemp)).toBe(false)
    expect(await exists(freshTemp)).toBe(true)
    await expectConsistent()
  })

  it('an add running while the collector deletes a manifest that shares its blob leaves a consistent store', async () => {
    for (let round = 0; round < 12; round++) {
      // A new original each round: no manifest of an earlier round names it.
      const original = png(100 + round, 40, 30)
      const dying = await add(original, [png(200 + round)])
      const conversationId = await sendIn([dying.id])
      holdsEnd()
      // The collection and an add of the same original with another copy, started in varied orders.
      const collection = removeConversation(conversationId)
      const delay = new Promise((r) => (round % 3 === 0 ? r(undefined) : setTimeout(r, round % 3 === 1 ? 0 : 2)))
      const adding = delay.then(() => add(original, [png(300 + round)]))
      const [, added] = await Promise.all([collection, adding])
      expect(await attachments.store.readOriginal(added.id)).toBeDefined()
      expect(await attachments.store.modelDataUrls(added.id)).toHaveLength(1)
      await expectConsistent()
    }
    // The same image re-added while its last conversation is being deleted stays whole.
    const original = png(14, 40, 30)
    const again = await add(original, [png(400)])
    const conversationId = await sendIn([again.id])
    holdsEnd()
    const [, readded] = await Promise.all([removeConversation(conversationId), add(original, [png(400)])])
    expect(readded.id).toBe(again.id)
    expect(await attachments.store.modelDataUrls(readded.id)).toHaveLength(1)
    await expectConsistent()
  })

  it('deletes nothing when an id is malformed or unknown', async () => {
    const info = await add(png(15, 40, 30), [png(151)])
    await writeFile(join(dir, 'keep.json'), '{}')
    holdsEnd()
    expect(await gc().collect(['../keep', '../../keep', 'f'.repeat(64), ''])).toMatchObject({ manifests: 0, blobs: 0 })
    expect(await exists(join(dir, 'keep.json'))).toBe(true)
    // Unreferenced and not held any more: asked about, it goes.
    expect(await gc().collect([info.id])).toMatchObject({ manifests: 1, blobs: 2 })
  })
})

describe('conversation store: attachment references', () => {
  it('lists a conversation’s attachment ids and says which candidates any message references', async () => {
    const a = await store.createConversation({ title: 'a' })
    const b = await store.createConversation({ title: 'b' })
    const image = (id: string): ContentPart => ({ type: 'image', attachmentId: id, mime: 'image/png' })
    await store.addMessage({ conversationId: a.id, role: 'user', parts: [{ type: 'text', text: 'x' }, image('i1'), image('i2')], status: 'complete' })
    await store.addMessage({ conversationId: a.id, role: 'assistant', parts: [{ type: 'text', text: 'mentions "attachmentId" in text' }], status: 'complete' })
    await store.addMessage({ conversationId: b.id, role: 'user', parts: [image('i2'), image('i3')], status: 'complete' })
    expect((await store.attachmentIdsOf(a.id)).sort()).toEqual(['i1', 'i2'])
    expect(await store.attachmentIdsOf('nope')).toEqual([])
    expect([...(await store.referencedAttachmentIds(['i1', 'i3', 'i9']))].sort()).toEqual(['i1', 'i3'])
    expect(await store.referencedAttachmentIds([])).toEqual(new Set())
    await store.deleteConversation(a.id)
    expect([...(await store.referencedAttachmentIds(['i1', 'i2', 'i3']))].sort()).toEqual(['i2', 'i3'])
  })
})

describe('attachments.add size bounds (before anything is decoded)', () => {
  const header = 'data:image/jpeg;base64,'
  const urlOf = (chars: number) => header + 'A'.repeat(chars - header.length)
  const request = (original: string, encoded: string[]) => ({
    original: { dataUrl: original, width: 10, height: 10 },
    encoded: encoded.map((e) => ({ dataUrl: e, width: 10, height: 10 }))
  })

  it('refuses an original or a model copy longer than its file limit allows, in the contract’s schema', () => {
    const small = urlOf(100)
    expect(AddAttachmentRequest.safeParse(request(urlOf(dataUrlChars(MAX_IMAGE_BYTES)), [small])).success).toBe(true)
    expect(AddAttachmentRequest.safeParse(request(urlOf(dataUrlChars(MAX_IMAGE_BYTES) + 1), [small])).success).toBe(false)
    expect(AddAttachmentRequest.safeParse(request(small, [urlOf(dataUrlChars(MAX_MODEL_COPY_BYTES) + 1)])).success).toBe(false)
    // The contract validates attachments.add with this schema.
    expect(contract.attachments.add.req.safeParse(request(urlOf(dataUrlChars(MAX_IMAGE_BYTES) + 1), [small])).success).toBe(false)
  })

  it('refuses a request whose URLs are each within bounds but too large together', () => {
    const copy = urlOf(dataUrlChars(MAX_MODEL_COPY_BYTES))
    const sixteen = new Array<string>(16).fill(copy)
    expect(16 * copy.length).toBeGreaterThan(MAX_ADD_REQUEST_CHARS)
    const parsed = AddAttachmentRequest.safeParse(request(urlOf(100), sixteen))
    expect(parsed.success).toBe(false)
    expect(AddAttachmentRequest.safeParse(request(urlOf(100), sixteen.slice(0, 2))).success).toBe(true)
  })

  it('main checks a URL’s length before decoding it', async () => {
    expect(() => decodeDataUrl(urlOf(dataUrlChars(1000) + 1), 1000)).toThrow(/too large/)
    expect(Buffer.from(decodeDataUrl(`data:image/png;base64,${Buffer.from([1, 2, 3]).toString('base64')}`, 1000)!)).toEqual(Buffer.from([1, 2, 3]))
    // The handler too (a caller that skipped the schema): refused, nothing stored.
    const tooLong = urlOf(dataUrlChars(MAX_MODEL_COPY_BYTES) + 1)
    await expect(attachments.handlers.attachments.add(request(dataUrl(png(16)), [tooLong]))).rejects.toThrow(/too large/)
    expect(await readdir(attachmentsDir()).catch(() => [])).toEqual([])
  })
})

/** A PNG whose IHDR declares width×height (its CRC is not fixed: only the header is read). */
function pngDeclaring(width: number, height: number): Uint8Array {
  const bytes = Buffer.from(png(17, 2, 2))
  bytes.writeUInt32BE(width, 16)
  bytes.writeUInt32BE(height, 20)
  return bytes
}

/** A JPEG: SOI, a fill byte, APP0 and APP1 segments, then a frame header (SOF0 or SOF2) declaring width×height. */
function jpegDeclaring(width: number, height: number, sof = 0xc0): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]
  const app1 = [0xff, 0xe1, 0x00, 0x08, ...Buffer.from('Exif\0\0')]
  const sofSegment = [0xff, sof, 0x00, 0x11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
  return new Uint8Array([0xff, 0xd8, ...app0, 0xff, ...app1, ...sofSegment, 0xff, 0xda, 0x00, 0x02])
}

const riff = (chunk: string, payload: number[]): Uint8Array => {
  const body = [...Buffer.from('WEBP'), ...Buffer.from(chunk), payload.length, 0, 0, 0, ...payload]
  const size = body.length
  return new Uint8Array([...Buffer.from('RIFF'), size & 0xff, (size >> 8) & 0xff, 0, 0, ...body, ...new Array(8).fill(0)])
}

/** Extended WebP (VP8X): the canvas is width-1 and height-1 in 24 bits each. */
const webpVp8x = (width: number, height: number) =>
  riff('VP8X', [0x10, 0, 0, 0, (width - 1) & 0xff, ((width - 1) >> 8) & 0xff, (width - 1) >> 16, (height - 1) & 0xff, ((height - 1) >> 8) & 0xff, (height - 1) >> 16])

/** Lossless WebP (VP8L): the signature 0x2f, then width-1 and height-1 in 14 bits each. */
function webpVp8l(width: number, height: number): Uint8Array {
  const bits = ((width - 1) | ((height - 1) << 14)) >>> 0
  return riff('VP8L', [0x2f, bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, (bits >>> 24) & 0xff, 0, 0, 0, 0, 0])
}

/** Lossy WebP (VP8): frame tag, start code, 14-bit width and height. */
const webpVp8 = (width: number, height: number) => riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, width & 0xff, width >> 8, height & 0xff, height >> 8])

/** A GIF with a logical screen and a first frame at (left, top) of frameW×frameH. */
function gifDeclaring(screenW: number, screenH: number, frame?: { left: number; top: number; width: number; height: number }): Uint8Array {
  const u16 = (v: number) => [v & 0xff, v >> 8]
  // Global colour table of 2 entries (flag 0x80, size 0), a graphic control extension, the frame.
  const head = [...Buffer.from('GIF89a'), ...u16(screenW), ...u16(screenH), 0x80, 0, 0, 0, 0, 0, 255, 255, 255]
  const gce = [0x21, 0xf9, 0x04, 0, 0, 0, 0, 0x00]
  const descriptor = frame ? [0x2c, ...u16(frame.left), ...u16(frame.top), ...u16(frame.width), ...u16(frame.height), 0] : []
  return new Uint8Array([...head, ...gce, ...descriptor, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b])
}

describe('pixel budget from the file header (renderer, before decoding)', () => {
  it('reads the declared size of PNG, JPEG, WebP (VP8, VP8L, VP8X) and GIF', () => {
    expect(declaredImageSize(pngDeclaring(37, 11))).toEqual({ width: 37, height: 11 })
    expect(declaredImageSize(jpegDeclaring(640, 480))).toEqual({ width: 640, height: 480 })
    expect(declaredImageSize(jpegDeclaring(641, 479, 0xc2))).toEqual({ width: 641, height: 479 })
    expect(declaredImageSize(webpVp8(6, 4))).toEqual({ width: 6, height: 4 })
    expect(declaredImageSize(webpVp8l(300, 200))).toEqual({ width: 300, height: 200 })
    expect(declaredImageSize(webpVp8x(1920, 1080))).toEqual({ width: 1920, height: 1080 })
    expect(declaredImageSize(gifDeclaring(20, 10, { left: 0, top: 0, width: 20, height: 10 }))).toEqual({ width: 20, height: 10 })
    // A real lossy WebP (cwebp -q 80 -m 0, 6×4).
    const real = Buffer.from('UklGRjIAAABXRUJQVlA4ICYAAACwAQCdASoGAAQAAUAmJaQAA2EfehwAAP77J/eSU/qdZSpSAAAAAA==', 'base64')
    expect(declaredImageSize(real)).toEqual({ width: 6, height: 4 })
    expect(declaredImageSize(png(18, 33, 21))).toEqual({ width: 33, height: 21 })
  })

  it('reads real libwebp files: lossy, lossy with alpha (VP8X) and lossless (VP8L) at odd sizes', async () => {
    const { default: factory } = await import('@jsquash/webp/codec/enc/webp_enc_simd.js')
    const wasm = readFileSync(createRequire(import.meta.url).resolve('@jsquash/webp/codec/enc/webp_enc_simd.wasm'))
    const module = (await factory({ noInitialRun: true, wasmBinary: wasm } as never)) as WebPModule
    const rgba = (w: number, h: number, alpha: number) => new Uint8ClampedArray(w * h * 4).map((_, i) => (i % 4 === 3 ? alpha : (i * 7) % 251))
    const cases: Array<[string, number, number, number, number]> = [
      ['VP8 ', 301, 117, 255, 0],
      ['VP8X', 257, 3, 128, 0],
      ['VP8L', 1023, 45, 255, 1]
    ]
    for (const [chunk, w, h, alpha, lossless] of cases) {
      const out = module.encode(rgba(w, h, alpha), w, h, { ...WEBP_OPTIONS, quality: 80, lossless })!
      expect(new TextDecoder().decode(out.subarray(12, 16)), chunk).toBe(chunk)
      expect(declaredImageSize(out), chunk).toEqual({ width: w, height: h })
    }
  })

  it('refuses headers declaring more pixels than the budget, whatever the file weighs', () => {
    const cases: Array<[string, Uint8Array, number, number]> = [
      ['png', pngDeclaring(50_000, 50_000), 50_000, 50_000],
      ['jpeg', jpegDeclaring(65_000, 65_000), 65_000, 65_000],
      ['progressive jpeg', jpegDeclaring(20_000, 10_000, 0xc2), 20_000, 10_000],
      ['webp vp8x', webpVp8x(16_384, 16_384), 16_384, 16_384],
      ['webp vp8l', webpVp8l(16_384, 16_384), 16_384, 16_384],
      ['gif screen', gifDeclaring(20_000, 20_000), 20_000, 20_000],
      // A tiny screen whose first frame reaches far past it: decoders grow the canvas to it.
      ['gif frame', gifDeclaring(10, 10, { left: 30_000, top: 30_000, width: 30_000, height: 30_000 }), 60_000, 60_000]
    ]
    for (const [what, bytes, width, height] of cases) {
      expect(bytes.length, what).toBeLessThan(200)
      expect(checkPixelBudget(bytes), what).toEqual({ ok: false, reason: 'too-many-pixels', width, height })
    }
    // At the budget is fine; one row more is not.
    const side = Math.floor(Math.sqrt(MAX_IMAGE_PIXELS))
    expect(checkPixelBudget(pngDeclaring(side, side))).toEqual({ ok: true, width: side, height: side })
    expect(checkPixelBudget(pngDeclaring(side, Math.ceil(MAX_IMAGE_PIXELS / side) + 1)).ok).toBe(false)
    expect(checkPixelBudget(webpVp8(16_383, 16_383)).ok).toBe(false)
    expect(checkPixelBudget(jpegDeclaring(7680, 4320))).toEqual({ ok: true, width: 7680, height: 4320 })
  })

  it('calls a header with no size unreadable', () => {
    expect(checkPixelBudget(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toEqual({ ok: false, reason: 'unreadable' })
    expect(checkPixelBudget(pngDeclaring(0, 10))).toEqual({ ok: false, reason: 'unreadable' })
    expect(checkPixelBudget(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toEqual({ ok: false, reason: 'unreadable' })
    expect(checkPixelBudget(new TextEncoder().encode('not an image at all'))).toEqual({ ok: false, reason: 'unreadable' })
  })

  it('prepareImage refuses before decoding (no createImageBitmap here: a decode would say unreadable)', async () => {
    expect(typeof (globalThis as { createImageBitmap?: unknown }).createImageBitmap).toBe('undefined')
    const refused = await prepareImage(pngDeclaring(50_000, 50_000), 'image/png', { name: 'bomb.png' }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ImageRefused)
    expect(refused).toMatchObject({ reason: 'too-many-pixels', fileName: 'bomb.png', size: { width: 50_000, height: 50_000 } })
    const gif = await prepareImage(gifDeclaring(10, 10, { left: 0, top: 0, width: 65_535, height: 65_535 }), 'image/gif').catch((e: unknown) => e)
    expect(gif).toMatchObject({ reason: 'too-many-pixels' })
  })
})

describe('main refuses a stored original declaring too many pixels', () => {
  it('even when a renderer skipped its own check', async () => {
    const bomb = Buffer.from(pngDeclaring(50_000, 50_000))
    await expect(
      attachments.handlers.attachments.add({ original: { dataUrl: dataUrl(bomb), width: 50_000, height: 50_000 }, encoded: [{ dataUrl: dataUrl(png(19)), width: 12, height: 8 }] })
    ).rejects.toThrow(/too many pixels/)
    expect(await blobNames()).toEqual([])
  })
})
