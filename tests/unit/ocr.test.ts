/**
 * Reading images as text for models that take no images (issue 18): the text cleanup, the OCR
 * service (real tesseract.js on drawn text; its worker's lifecycle and cache with a stand-in),
 * and what a request carries (attached images, too-large originals, scanned pages, failures).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OCR_MAX_PIXELS } from '../../src/main/ocr/config'
import { createImagesAsText } from '../../src/main/ocr/imagesAsText'
import { createOcrService, type OcrWorker } from '../../src/main/ocr/ocrService'
import { cleanOcrText } from '../../src/main/ocr/ocrText'
import type { Message } from '../../src/shared/domain'
import { textImagePng } from '../support/textImage'

let dataDir: string
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'omnidesk-ocr-'))
})
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

describe('cleanOcrText', () => {
  it('joins Chinese characters tesseract spaced apart, keeps spaces between words and around Latin', () => {
    expect(cleanOcrText('季度 收入 增长 了 百 分 之 四 十 二\nRevenue  grew 42 %  ')).toBe('季度收入增长了百分之四十二\nRevenue grew 42 %')
    expect(cleanOcrText('用 GPT-4o 回答')).toBe('用 GPT-4o 回答')
    expect(cleanOcrText('设置 ， 帮助')).toBe('设置，帮助')
  })

  it('collapses runs of blank lines and trims; caps the length with an ellipsis', () => {
    expect(cleanOcrText('\n\n a \n\n\n\n b \n\n')).toBe('a\n\nb')
    expect(cleanOcrText('x'.repeat(50), 10)).toBe(`${'x'.repeat(10)}…`)
  })
})

describe('the OCR service (tesseract.js, English and Simplified Chinese)', () => {
  it('reads the words of an image, English and Chinese in one pass; a corrupt image is "could not be read", and the next one is read', async () => {
    const logged: string[] = []
    const ocr = createOcrService({ dataDir, log: (message) => logged.push(message) })
    try {
      const text = await ocr.read(textImagePng(['Quarterly revenue grew 42 percent', '季度收入增长了百分之四十二']))
      expect(text).toContain('Quarterly revenue grew 42 percent')
      expect(text).toContain('季度收入')
      expect(await ocr.read(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]))).toBeUndefined()
      expect(logged.join('\n')).toMatch(/could not read the text of an image/)
      expect(await ocr.read(textImagePng(['Second image still read'], { mime: 'image/jpeg' }))).toContain('Second image still read')
      expect(await ocr.read(textImagePng([' ']))).toBe('')
    } finally {
      await ocr.close()
    }
    // The language models were unpacked once, under the data folder.
    const [folder] = await readdir(path.join(dataDir, 'ocr-languages'))
    expect((await readdir(path.join(dataDir, 'ocr-languages', folder))).sort()).toEqual(['chi_sim.traineddata.gz', 'eng.traineddata.gz'])
  }, 60_000)
})

describe('the OCR worker lifecycle', () => {
  function standIn(): { start: () => Promise<OcrWorker>; started: number; terminated: number; recognized: number; fail: boolean } {
    const state = {
      started: 0,
      terminated: 0,
      recognized: 0,
      fail: false,
      start: async (): Promise<OcrWorker> => {
        state.started++
        return {
          recognize: async (image) => {
            state.recognized++
            if (state.fail) throw new Error('bad image')
            return { data: { text: `text of ${image.length} bytes` } }
          },
          terminate: async () => {
            state.terminated++
          }
        }
      }
    }
    return state
  }

  it('reads the same image once (cached by content), starts one worker, lets it go when idle and starts it again', async () => {
    const worker = standIn()
    const ocr = createOcrService({ dataDir, startWorker: worker.start, idleMs: 20 })
    expect(await ocr.read(new Uint8Array(5))).toBe('text of 5 bytes')
    expect(await ocr.read(new Uint8Array(5))).toBe('text of 5 bytes')
    expect(worker.recognized).toBe(1)
    await expect.poll(() => worker.terminated).toBe(1)
    expect(await ocr.read(new Uint8Array(6))).toBe('text of 6 bytes')
    expect(worker.started).toBe(2)
    await ocr.close()
    expect(worker.terminated).toBe(2)
    expect(await ocr.read(new Uint8Array(7))).toBeUndefined()
  })

  it('a failed read replaces the worker and is not cached', async () => {
    const worker = standIn()
    const ocr = createOcrService({ dataDir, startWorker: worker.start })
    worker.fail = true
    expect(await ocr.read(new Uint8Array(3))).toBeUndefined()
    expect(worker.terminated).toBe(1)
    worker.fail = false
    expect(await ocr.read(new Uint8Array(3))).toBe('text of 3 bytes')
    expect(worker.started).toBe(2)
    await ocr.close()
  })

  it('a read that never ends times out as "could not be read"', async () => {
    const ocr = createOcrService({
      dataDir,
      timeoutMs: 20,
      startWorker: async () => ({ recognize: () => new Promise(() => undefined), terminate: async () => undefined })
    })
    expect(await ocr.read(new Uint8Array(3))).toBeUndefined()
    await ocr.close()
  })
})

describe('a request\'s images as text', () => {
  const user = (id: string, parts: Message['parts']): Message => ({ id, conversationId: 'c', role: 'user', parts, status: 'complete', createdAt: 1, updatedAt: 1 })
  const image = (id: string): Message['parts'][number] => ({ type: 'image', attachmentId: id, mime: 'image/png', width: 10, height: 10 })
  const dataUrl = (text: string): string => `data:image/png;base64,${Buffer.from(text).toString('base64')}`
  // A stand-in reader: the "image" bytes are its text; "broken" cannot be read.
  const ocr = { read: async (bytes: Uint8Array) => (Buffer.from(bytes).toString() === 'broken' ? undefined : Buffer.from(bytes).toString()) }

  it('each message\'s images after its text, named; the question\'s images for the notice; one system line', async () => {
    const originals: Record<string, { name?: string; text: string; width: number; height: number }> = {
      a: { name: 'screenshot.png', text: 'Revenue 42', width: 100, height: 100 },
      b: { text: '', width: 100, height: 100 },
      c: { name: 'huge.png', text: 'never read whole', width: OCR_MAX_PIXELS, height: 2 },
      d: { name: 'broken.png', text: 'broken', width: 10, height: 10 }
    }
    const reader = createImagesAsText({
      ocr,
      images: {
        original: async (id) => (originals[id] ? { name: originals[id].name, data: Buffer.from(originals[id].text), width: originals[id].width, height: originals[id].height } : undefined),
        modelDataUrls: async (id) => (id === 'c' ? [dataUrl('left half'), dataUrl('right half')] : id === 'd' ? [dataUrl('broken')] : undefined)
      }
    })
    const out = await reader.context({
      context: [user('m1', [{ type: 'text', text: 'earlier' }, image('a')]), user('m2', [{ type: 'text', text: 'now' }, image('b'), image('c'), image('d')])],
      questionId: 'm2',
      pageImages: new Map([['m1', [dataUrl('page one text')]]])
    })
    expect(out.appendix.get('m1')).toEqual(['<image name="screenshot.png">\nRevenue 42\n</image>', '<image name="scanned page 1">\npage one text\n</image>'])
    expect(out.appendix.get('m2')).toEqual([
      '<image name="image 1">No text was found in this image.</image>',
      '<image name="huge.png">\nleft half\n\nright half\n</image>',
      '<image name="broken.png">The text of this image could not be read.</image>'
    ])
    expect(out.question).toEqual([{ name: 'image 1', text: '' }, { name: 'huge.png', text: 'left half\n\nright half' }, { name: 'broken.png' }])
    expect(out.system).toHaveLength(1)
    expect(out.system[0]).toMatch(/cannot see images/)
  })

  it('no images: nothing added', async () => {
    const reader = createImagesAsText({ ocr, images: { modelDataUrls: async () => undefined } })
    expect(await reader.context({ context: [user('m1', [{ type: 'text', text: 'hi' }])], questionId: 'm1', pageImages: new Map() })).toEqual({ appendix: new Map(), system: [], question: [] })
  })
})
