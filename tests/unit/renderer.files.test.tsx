// @vitest-environment jsdom
/**
 * Documents and data files in the composer: the pure upload (slices in order, base64 that decodes
 * back to the file, a too-large file refused before a byte is read), and the Composer against a
 * fake `window.omnidesk` (begin → pieces → finish, the password of an encrypted PDF, cancel on
 * remove, Send held while a file is on its way, file ids after image ids); files and the passages
 * note in the history; the optimistic message carrying the files.
 */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError, errorInfoOf } from '../../src/shared/errors'
import { createBridgeApi, ipcFail, ipcOk } from '../../src/shared/ipc/bridgeApi'
import { unwrapApi } from '../../src/shared/ipc/client'
import type { BridgeApi } from '../../src/shared/ipc/contract'
import type { FilePart, Message } from '../../src/shared/domain'
import { FILE_CHUNK_BYTES, FILE_CHUNK_CHARS, MAX_ATTACHED_FILE_BYTES, type FileAttachmentInfo } from '../../src/shared/files/schemas'
import { bytesToBase64 } from '../../src/renderer/src/logic/base64'
import {
  chunkRanges,
  compactCount,
  filesBlockSend,
  partitionImageFiles,
  sendFileBytes,
  withinFileLimit,
  type FileItem,
  type FileUploadApi,
  type SliceableFile
} from '../../src/renderer/src/attachments/fileUpload'
import { Composer } from '../../src/renderer/src/components/Composer'
import { MessageItem } from '../../src/renderer/src/components/MessageItem'
import { initI18n } from '../../src/renderer/src/i18n'
import { AppController } from '../../src/renderer/src/state/controller'
import { ControllerContext } from '../../src/renderer/src/state/hooks'
import { toViewMessage, type ViewMessage } from '../../src/renderer/src/state/messages'
import { click, flush, type } from '../support/renderedDom'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

/**
 * The image path needs a canvas jsdom does not have: a stand-in records what reaches it and
 * answers with the ready images a test sets.
 */
const images = vi.hoisted(() => ({ readyIds: [] as string[], added: [] as string[] }))
vi.mock('../../src/renderer/src/attachments/useImageAttachments', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/renderer/src/attachments/useImageAttachments')>()
  return {
    ...real,
    useImageAttachments: () => ({
      items: [],
      notice: null,
      dismissNotice: () => undefined,
      setNotice: () => undefined,
      busy: false,
      readyCount: images.readyIds.length,
      addFiles: async (files: Iterable<File>) => {
        for (const f of files) images.added.push(f.name)
      },
      addCaptured: async () => undefined,
      remove: () => undefined,
      toggleSharp: async () => undefined,
      upload: async () => images.readyIds,
      clear: () => undefined
    })
  }
})

// jsdom's Blob has no arrayBuffer() (Chromium's has): read it through FileReader.
if (typeof Blob.prototype.arrayBuffer !== 'function') {
  Blob.prototype.arrayBuffer = function arrayBuffer(this: Blob): Promise<ArrayBuffer> {
    return new Promise((resolve, reject) => {
      const reader = new FileReader()
      reader.onload = () => resolve(reader.result as ArrayBuffer)
      reader.onerror = () => reject(reader.error)
      reader.readAsArrayBuffer(this)
    })
  }
}

const PDF_INFO: FileAttachmentInfo = {
  id: 'f-1',
  name: 'report.pdf',
  kind: 'document',
  format: 'pdf',
  bytes: 20,
  pages: 12,
  tokens: 3400,
  previewText: 'Quarterly report\nRevenue grew.',
  warnings: []
}

const CSV_INFO: FileAttachmentInfo = {
  id: 'f-2',
  name: 'sales.csv',
  kind: 'data',
  format: 'csv',
  bytes: 30,
  rows: 1_000_000,
  tokens: 250,
  tables: [
    {
      table: 'sales',
      rowCount: 1_000_000,
      columns: [
        { name: 'region', type: 'VARCHAR' },
        { name: 'amount', type: 'DOUBLE' }
      ],
      rejectedLines: 120,
      rejectedExamples: ['a,b,c,d'],
      sampleRows: [
        ['north', 12.5],
        ['south', null]
      ]
    }
  ],
  warnings: ['120 lines of sales.csv were skipped (wrong number of fields).']
}

/** A file in memory whose slices are recorded (nothing in jsdom reads a Blob fast). */
function memoryFile(bytes: Uint8Array, name = 'data.bin', size = bytes.length, type = ''): SliceableFile & { reads: Array<[number, number]> } {
  const reads: Array<[number, number]> = []
  return {
    name,
    size,
    type,
    reads,
    slice: (start: number, end: number) =>
      ({
        arrayBuffer: async () => {
          reads.push([start, end])
          return bytes.slice(start, end).buffer
        }
      }) as unknown as Blob
  }
}

/** Bytes of every value, in a period (251, prime) that never lines up with the pieces; built by doubling, as 8 MiB byte by byte is slow. */
function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < Math.min(n, 251); i++) out[i] = (i * 97 + 13) % 256
  for (let filled = Math.min(n, 251); filled < n; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, n - filled))
  return out
}

/** An upload API in memory: records every call, keeps the pieces. */
function memoryApi(over: Partial<FileUploadApi> = {}) {
  const calls: string[] = []
  const pieces: Array<{ offset: number; data: string }> = []
  const api: FileUploadApi = {
    beginFile: vi.fn(async (req: { name: string; bytes: number }) => {
      calls.push(`begin ${req.name} ${req.bytes}`)
      return { uploadId: 'u1', maxBytes: MAX_ATTACHED_FILE_BYTES }
    }),
    fileChunk: vi.fn(async (req: { uploadId: string; offset: number; data: string }) => {
      calls.push(`chunk ${req.offset}`)
      pieces.push({ offset: req.offset, data: req.data })
      return { ok: true }
    }),
    finishFile: vi.fn(async () => PDF_INFO),
    cancelFile: vi.fn(async (req: { uploadId: string }) => {
      calls.push(`cancel ${req.uploadId}`)
      return { ok: true }
    }),
    ...over
  }
  return { api, calls, pieces }
}

/** Base64 decoded by the platform's own atob, byte for byte. */
function fromBase64(data: string): Uint8Array {
  const binary = atob(data)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Equal bytes (expect's toEqual over 8 MiB element by element is slow). */
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i])

const noHooks = { onBegun: () => undefined, onProgress: () => undefined, cancelled: () => false }

describe('the upload, without React', () => {
  it('encodes base64 that decodes back, across the pieces String.fromCharCode gets', () => {
    expect(bytesToBase64(new TextEncoder().encode('Man'))).toBe('TWFu')
    expect(bytesToBase64(new Uint8Array([0xff, 0xfe]))).toBe('//4=')
    expect(bytesToBase64(new Uint8Array([0x80]))).toBe('gA==')
    for (const n of [0, 1, 2, 3, 0x2000 - 1, 0x2000, 0x2000 + 5, 200_001]) {
      const bytes = randomBytes(n)
      expect(sameBytes(fromBase64(bytesToBase64(bytes)), bytes), `${n} bytes`).toBe(true)
    }
    // Where the engine has Uint8Array.prototype.toBase64 (Electron's Chromium), it is used.
    const bytes = randomBytes(10)
    Object.defineProperty(bytes, 'toBase64', { value: () => 'native' })
    expect(bytesToBase64(bytes)).toBe('native')
  })

  it('slices a file in order, each piece within the cap, and the pieces decode back to the file', async () => {
    const bytes = randomBytes(2 * FILE_CHUNK_BYTES + 123)
    const file = memoryFile(bytes)
    const { api, calls, pieces } = memoryApi()
    const progress: number[] = []
    const uploadId = await sendFileBytes(file, api, { ...noHooks, onProgress: (n) => progress.push(n) })
    expect(uploadId).toBe('u1')
    expect(calls).toEqual([`begin data.bin ${bytes.length}`, 'chunk 0', `chunk ${FILE_CHUNK_BYTES}`, `chunk ${2 * FILE_CHUNK_BYTES}`])
    expect(pieces.every((p) => p.data.length <= FILE_CHUNK_CHARS)).toBe(true)
    expect(sameBytes(concat(pieces.map((p) => fromBase64(p.data))), bytes)).toBe(true)
    expect(progress).toEqual([FILE_CHUNK_BYTES, 2 * FILE_CHUNK_BYTES, bytes.length])
    expect(file.reads.every(([s, e]) => e - s <= FILE_CHUNK_BYTES)).toBe(true)
    expect(chunkRanges(0)).toEqual([])
    expect(chunkRanges(10, 4)).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 8 },
      { start: 8, end: 10 }
    ])
  })

  it('refuses a 3 GB file from its size: nothing read, nothing sent', async () => {
    const file = memoryFile(new Uint8Array(0), 'movie.mkv', 3 * 1024 ** 3)
    const { api } = memoryApi()
    const error = await sendFileBytes(file, api, noHooks).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).info.code).toBe('file_too_large')
    expect((error as AppError).info.detail).toContain('movie.mkv')
    expect(file.reads).toEqual([])
    expect(api.beginFile).not.toHaveBeenCalled()
  })

  it('keeps to a lower cap main gives when the upload begins, and cancels it', async () => {
    const file = memoryFile(randomBytes(100), 'book.docx')
    const { api, calls } = memoryApi({ beginFile: vi.fn(async () => ({ uploadId: 'u9', maxBytes: 50 })) })
    const error = await sendFileBytes(file, api, noHooks).catch((e: unknown) => e)
    expect(errorInfoOf(error).code).toBe('file_too_large')
    expect(calls).toEqual(['cancel u9'])
    expect(file.reads).toEqual([])
  })

  it('stops before the next piece once cancelled', async () => {
    const file = memoryFile(randomBytes(FILE_CHUNK_BYTES + 10))
    const { api, calls } = memoryApi()
    let cancelled = false
    const result = await sendFileBytes(file, api, { ...noHooks, onProgress: () => (cancelled = true), cancelled: () => cancelled })
    expect(result).toBeNull()
    expect(calls).toEqual([`begin data.bin ${FILE_CHUNK_BYTES + 10}`, 'chunk 0'])
  })

  it('sends images the image way (by type, else by their first bytes); everything else is a file for main', async () => {
    const pngBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
    const typed = memoryFile(pngBytes, 'photo.jpg', undefined, 'image/jpeg')
    const untyped = memoryFile(pngBytes, 'clipboard')
    const pngAsCsv = memoryFile(pngBytes, 'photo.csv', undefined, 'text/csv')
    const pdf = memoryFile(new TextEncoder().encode('%PDF-1.7\n'), 'report')
    const empty = memoryFile(new Uint8Array(0), 'empty')
    const { images: pictures, others } = await partitionImageFiles([typed, untyped, pngAsCsv, pdf, empty])
    expect(pictures.map((f) => f.name)).toEqual(['photo.jpg', 'clipboard'])
    // Main says what is wrong with an image named .csv, naming it.
    expect(others.map((f) => f.name)).toEqual(['photo.csv', 'report', 'empty'])
    expect(untyped.reads).toEqual([[0, 16]])
    expect(typed.reads).toEqual([])
    expect(pngAsCsv.reads).toEqual([])
  })

  it('counts the limit without failed chips, and holds Send for uploads, reads and passwords', () => {
    const item = (state: FileItem['state']): FileItem => ({ key: state, name: state, bytes: 1, state, sent: 0 })
    const nine = [...Array.from({ length: 8 }, () => item('ready')), item('error'), item('uploading')]
    expect(withinFileLimit(nine, ['a', 'b', 'c'])).toEqual({ accepted: ['a'], refused: ['b', 'c'] })
    expect(filesBlockSend([item('ready'), item('error')])).toBe(false)
    for (const state of ['uploading', 'reading', 'password'] as const) expect(filesBlockSend([item('ready'), item(state)])).toBe(true)
    expect([850, 3400, 12_345, 1_000_000, 25_000_000].map(compactCount)).toEqual(['850', '3.4k', '12k', '1M', '25M'])
  })
})

// ---------------------------------------------------------------------------------------------
// The Composer against a fake bridge

type Handler = (payload: any) => unknown

let root: Root | null = null
let container: HTMLElement | null = null

function installBridge(handlers: Record<string, Handler>) {
  const calls: Array<{ channel: string; payload: any }> = []
  const bridge = createBridgeApi({
    invoke: async (channel, payload) => {
      calls.push({ channel, payload })
      try {
        const h = handlers[channel]
        return ipcOk(h ? await h(payload) : { ok: true })
      } catch (error) {
        return ipcFail(errorInfoOf(error))
      }
    },
    on: () => () => undefined
  })
  ;(window as unknown as { omnidesk?: BridgeApi }).omnidesk = bridge
  const api = unwrapApi(bridge)
  return {
    api,
    calls,
    channels: () => calls.map((c) => c.channel.replace(/^attachments:/, '')),
    of: (channel: string) => calls.filter((c) => c.channel === channel).map((c) => c.payload)
  }
}

function deferred<T = unknown>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

const $ = (testId: string, within: ParentNode = container!): HTMLElement | null => within.querySelector(`[data-testid="${testId}"]`)
const $$ = (testId: string): HTMLElement[] => Array.from(container!.querySelectorAll(`[data-testid="${testId}"]`))

async function pick(files: File[]): Promise<void> {
  const input = $('file-input') as HTMLInputElement
  Object.defineProperty(input, 'files', { value: files, configurable: true })
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }))
  })
  await flush()
}

/** A paste or drop carrying files (jsdom has no DataTransfer to build one). */
async function fileEvent(type: 'paste' | 'drop', target: HTMLElement, files: File[]): Promise<boolean> {
  const ev = new Event(type, { bubbles: true, cancelable: true })
  const data = { files, items: [], types: ['Files'], getData: () => '' }
  Object.defineProperty(ev, type === 'paste' ? 'clipboardData' : 'dataTransfer', { value: data })
  let notCancelled = true
  await act(async () => {
    notCancelled = target.dispatchEvent(ev)
  })
  await flush()
  return notCancelled
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 50 && !check(); i++) await flush()
  expect(check(), what).toBe(true)
}

const pdfFile = (name = 'report.pdf'): File => new File([new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj')], name)
const PNG_HEAD = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
/** jsdom gives a File no type unless told: untyped, the first bytes decide. */
const pngFile = (type = ''): File => new File([PNG_HEAD], 'shot.png', { type })

async function mountComposer(handlers: Record<string, Handler>, onSend = vi.fn(async (..._args: unknown[]) => true)) {
  const bridge = installBridge(handlers)
  const controller = new AppController({ api: bridge.api, schedule: (cb) => queueMicrotask(cb) })
  container = document.createElement('div')
  document.body.appendChild(container)
  root = createRoot(container)
  await act(async () => {
    root!.render(
      <ControllerContext.Provider value={controller}>
        <Composer busy={false} enterToSend platform="linux" focusTick={0} onSend={onSend} onStop={() => undefined} />
      </ControllerContext.Provider>
    )
  })
  await flush()
  return { ...bridge, onSend, controller }
}

const begin = (): { uploadId: string; maxBytes: number } => ({ uploadId: 'up-1', maxBytes: MAX_ATTACHED_FILE_BYTES })
const sendButton = (): HTMLButtonElement => $('send') as HTMLButtonElement

beforeAll(() => {
  initI18n('en')
})

beforeEach(() => {
  images.readyIds = []
  images.added = []
})

afterEach(async () => {
  await act(async () => root?.unmount())
  container?.remove()
  root = null
  container = null
  delete (window as unknown as { omnidesk?: BridgeApi }).omnidesk
})

describe('files in the composer', () => {
  it('uploads a picked file (begin → pieces in order → finish) and shows its chip and preview', async () => {
    const t = await mountComposer({ 'attachments:beginFile': begin, 'attachments:finishFile': () => PDF_INFO })
    expect($('attach-file-button')).not.toBeNull()
    await pick([pdfFile()])
    await until(() => $('file-chip')?.dataset.state === 'ready', 'the chip is ready')
    expect(t.channels()).toEqual(['beginFile', 'fileChunk', 'finishFile'])
    expect(t.of('attachments:beginFile')[0]).toEqual({ name: 'report.pdf', bytes: pdfFile().size })
    const chunk = t.of('attachments:fileChunk')[0]
    expect(chunk.uploadId).toBe('up-1')
    expect(chunk.offset).toBe(0)
    expect(atob(chunk.data)).toContain('%PDF-1.7')
    expect(t.of('attachments:finishFile')[0]).toEqual({ uploadId: 'up-1' })

    const chip = $('file-chip')!
    expect(chip.textContent).toContain('report.pdf')
    expect(chip.textContent).toContain('12 pages')
    expect(chip.textContent).toContain('~3.4k tokens')
    expect(sendButton().disabled).toBe(false)

    await click($('file-chip-preview'))
    expect($('file-preview')?.textContent).toContain('Revenue grew.')
    // Esc closes it (and is not left for the companion to hide the window).
    let notCancelled = true
    await act(async () => {
      notCancelled = document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }))
    })
    await flush()
    expect(notCancelled).toBe(false)
    expect($('file-preview')).toBeNull()
  })

  it('shows a data file with rows, the skipped lines, and its tables in the preview', async () => {
    await mountComposer({ 'attachments:beginFile': begin, 'attachments:finishFile': () => CSV_INFO })
    await pick([new File(['region,amount\nnorth,12.5\n'], 'sales.csv')])
    await until(() => $('file-chip')?.dataset.state === 'ready', 'the chip is ready')
    const chip = $('file-chip')!
    expect(chip.dataset.kind).toBe('data')
    expect(chip.textContent).toContain('1,000,000 rows')
    expect($('file-chip-warning')?.textContent).toBe('120 lines were skipped')
    expect(chip.title).toContain('wrong number of fields')
    await click($('file-chip-preview'))
    const preview = $('file-preview')!
    expect(Array.from(preview.querySelectorAll('th .od-file-preview-col')).map((th) => th.textContent)).toEqual(['region', 'amount'])
    expect(Array.from(preview.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.children).map((td) => td.textContent))).toEqual([
      ['north', '12.5'],
      ['south', '']
    ])
    expect(preview.textContent).toContain('a,b,c,d')
    await click($('file-preview-close'))
    expect($('file-preview')).toBeNull()
  })

  it('holds Send while the file uploads, and keeps the typed text', async () => {
    const piece = deferred()
    await mountComposer({ 'attachments:beginFile': begin, 'attachments:fileChunk': () => piece.promise, 'attachments:finishFile': () => PDF_INFO })
    await type($('composer'), 'Summarise this')
    await pick([pdfFile()])
    expect($('file-chip')?.dataset.state).toBe('uploading')
    expect($('file-chip')?.textContent).toContain('Uploading… 0%')
    expect(sendButton().disabled).toBe(true)
    await act(async () => piece.resolve({ ok: true }))
    await until(() => $('file-chip')?.dataset.state === 'ready', 'the chip is ready')
    expect(sendButton().disabled).toBe(false)
    expect(($('composer') as HTMLTextAreaElement).value).toBe('Summarise this')
  })

  it('asks for the password of an encrypted PDF, says when it is wrong, and opens it', async () => {
    const passwords: Array<string | undefined> = []
    const t = await mountComposer({
      'attachments:beginFile': begin,
      'attachments:finishFile': (req: { password?: string }) => {
        passwords.push(req.password)
        if (req.password === undefined) throw new AppError({ code: 'file_needs_password', detail: 'report.pdf is encrypted.' })
        if (req.password !== 'secret') throw new AppError({ code: 'file_wrong_password', detail: 'The password does not open report.pdf.' })
        return PDF_INFO
      }
    })
    await pick([pdfFile()])
    await until(() => $('file-chip')?.dataset.state === 'password', 'the chip asks for the password')
    expect(sendButton().disabled).toBe(true)
    expect($('file-chip-error')).toBeNull()

    await type($('file-password-input'), 'guess')
    await click($('file-password-submit'))
    await until(() => $('file-chip-error') !== null, 'the wrong password is said')
    expect($('file-chip')?.dataset.state).toBe('password')
    expect($('file-chip-error')?.textContent).toContain("That password doesn't open this PDF.")
    expect($('file-chip-error')?.textContent).toContain('The password does not open report.pdf.')
    expect(sendButton().disabled).toBe(true)

    await type($('file-password-input'), 'secret')
    await click($('file-password-submit'))
    await until(() => $('file-chip')?.dataset.state === 'ready', 'the PDF opens')
    expect(passwords).toEqual([undefined, 'guess', 'secret'])
    expect(t.of('attachments:finishFile').every((req) => req.uploadId === 'up-1')).toBe(true)
    expect(t.of('attachments:beginFile')).toHaveLength(1)
    expect(sendButton().disabled).toBe(false)
  })

  it('cancels the upload with main when its chip is removed, and sends nothing more', async () => {
    const piece = deferred()
    const t = await mountComposer({
      'attachments:beginFile': begin,
      'attachments:fileChunk': () => piece.promise,
      'attachments:finishFile': () => PDF_INFO
    })
    await pick([pdfFile()])
    expect($('file-chip')?.dataset.state).toBe('uploading')
    await click($('file-chip-remove'))
    expect($('file-chip')).toBeNull()
    expect(t.of('attachments:cancelFile')).toEqual([{ uploadId: 'up-1' }])
    await act(async () => piece.resolve({ ok: true }))
    await flush()
    expect(t.channels()).toEqual(['beginFile', 'fileChunk', 'cancelFile'])
    expect(sendButton().disabled).toBe(true)
  })

  it('refuses a 3 GB file on its chip without reading it or calling main', async () => {
    const t = await mountComposer({ 'attachments:beginFile': begin })
    const huge = pdfFile('huge.parquet')
    Object.defineProperty(huge, 'size', { value: 3 * 1024 ** 3 })
    const sliced: Array<[number | undefined, number | undefined]> = []
    const slice = huge.slice.bind(huge)
    huge.slice = (start?: number, end?: number) => {
      sliced.push([start, end])
      return slice(start, end)
    }
    await pick([huge])
    await until(() => $('file-chip')?.dataset.state === 'error', 'the chip says why')
    expect($('file-chip-error')?.textContent).toContain('This file is larger than Omnidesk can attach.')
    expect($('file-chip-error')?.textContent).toContain('huge.parquet')
    expect(t.calls).toEqual([])
    // Only its first bytes were looked at (is it an image?), never the rest.
    expect(sliced.every(([s, e]) => (e ?? Infinity) - (s ?? 0) <= 16)).toBe(true)
    // A failed file does not hold Send, and is not sent: the text goes alone.
    await type($('composer'), 'hello')
    expect(sendButton().disabled).toBe(false)
  })

  it('sends the file ids after the image ids, with the files for the message shown at once', async () => {
    images.readyIds = ['img-1']
    const t = await mountComposer({
      'attachments:beginFile': begin,
      'attachments:finishFile': (() => {
        const infos = [PDF_INFO, CSV_INFO]
        return () => infos.shift()
      })()
    })
    await pick([pdfFile(), new File(['a,b\n1,2\n'], 'sales.csv')])
    await until(() => $$('file-chip').every((c) => c.dataset.state === 'ready') && $$('file-chip').length === 2, 'both chips are ready')
    await type($('composer'), 'Compare')
    await click($('send'))
    expect(t.onSend).toHaveBeenCalledTimes(1)
    const [text, ids, parts] = t.onSend.mock.calls[0] as [string, string[], FilePart[]]
    expect(text).toBe('Compare')
    expect(ids).toEqual(['img-1', 'f-1', 'f-2'])
    expect(parts.map((p) => [p.type, p.attachmentId, p.name, p.kind])).toEqual([
      ['file', 'f-1', 'report.pdf', 'document'],
      ['file', 'f-2', 'sales.csv', 'data']
    ])
    expect($$('file-chip')).toHaveLength(0)
  })

  it('keeps the chips when main refuses the message', async () => {
    await mountComposer({ 'attachments:beginFile': begin, 'attachments:finishFile': () => PDF_INFO }, vi.fn(async () => false))
    await pick([pdfFile()])
    await until(() => $('file-chip')?.dataset.state === 'ready', 'the chip is ready')
    await type($('composer'), 'Read it')
    await click($('send'))
    expect($$('file-chip')).toHaveLength(1)
    expect(($('composer') as HTMLTextAreaElement).value).toBe('Read it')
  })

  it('sends pasted and dropped images the image way and every other file to main', async () => {
    const t = await mountComposer({ 'attachments:beginFile': begin, 'attachments:finishFile': () => PDF_INFO })
    const notCancelled = await fileEvent('paste', $('composer')!, [pngFile(), pdfFile()])
    expect(notCancelled).toBe(false)
    await until(() => $('file-chip')?.dataset.state === 'ready', 'the pasted PDF is ready')
    expect(images.added).toEqual(['shot.png'])
    expect(t.of('attachments:beginFile').map((r) => r.name)).toEqual(['report.pdf'])

    await fileEvent('drop', container!.querySelector('.od-composer-wrap') as HTMLElement, [
      new File(['# Notes'], 'notes.md', { type: 'text/markdown' }),
      pngFile('image/png'),
      new File([PNG_HEAD], 'photo.csv', { type: 'text/csv' })
    ])
    await until(() => $$('file-chip').length === 3 && $$('file-chip').every((c) => c.dataset.state === 'ready'), 'the dropped files are ready')
    expect(images.added).toEqual(['shot.png', 'shot.png'])
    expect(t.of('attachments:beginFile').map((r) => r.name)).toEqual(['report.pdf', 'notes.md', 'photo.csv'])

    // Some apps put a file on the clipboard without a name: main still gets one.
    await fileEvent('paste', $('composer')!, [new File(['plain words'], '')])
    await until(() => t.of('attachments:beginFile').length === 4, 'the nameless file is uploaded')
    expect(t.of('attachments:beginFile')[3].name).toBe('Pasted file')
  })

  it('attaches at most ten files to a message and says which were left out', async () => {
    const t = await mountComposer({ 'attachments:beginFile': begin, 'attachments:finishFile': () => PDF_INFO })
    await pick(Array.from({ length: 12 }, (_, i) => pdfFile(`doc${i + 1}.pdf`)))
    expect($$('file-chip')).toHaveLength(10)
    expect($('file-notice')?.textContent).toContain('doc11.pdf, doc12.pdf were not attached')
    await until(() => t.of('attachments:finishFile').length === 10, 'all ten are read')
  })
})

describe('the message box and the focus', () => {
  const draw = async (controller: AppController, focusTick: number): Promise<void> => {
    await act(async () => {
      root!.render(
        <ControllerContext.Provider value={controller}>
          <Composer busy={false} enterToSend platform="linux" focusTick={focusTick} onSend={async () => true} onStop={() => undefined} />
        </ControllerContext.Provider>
      )
    })
  }

  it('takes the focus when it appears, unless the user is already typing elsewhere; always when asked', async () => {
    const search = document.createElement('input')
    document.body.appendChild(search)
    try {
      // The main window draws the chat after its sidebar: a search started by then keeps the keys.
      search.focus()
      const { controller } = await mountComposer({})
      expect(document.activeElement).toBe(search)
      // Asked for (a new chat, a panel closed): the caret comes to the message box.
      await draw(controller, 1)
      expect(document.activeElement).toBe($('composer'))
      await act(async () => root?.unmount())
      container?.remove()

      // Nothing focused: the box takes it as it appears.
      search.blur()
      await mountComposer({})
      expect(document.activeElement).toBe($('composer'))
    } finally {
      search.remove()
    }
  })
})

describe('files in the history', () => {
  const part = (id: string, name: string): FilePart => ({ type: 'file', attachmentId: id, name, kind: 'document', format: 'pdf', bytes: 2_300_000, pages: 12, tokens: 3400 })

  async function mountMessage(message: ViewMessage, handlers: Record<string, Handler> = {}) {
    const bridge = installBridge(handlers)
    const controller = new AppController({ api: bridge.api, schedule: (cb) => queueMicrotask(cb) })
    container = document.createElement('div')
    document.body.appendChild(container)
    root = createRoot(container)
    const noop = (): void => undefined
    await act(async () => {
      root!.render(
        <ControllerContext.Provider value={controller}>
          <MessageItem
            message={message}
            isLastUser={false}
            isLastAssistant={false}
            busy={false}
            highlighted={false}
            onRegenerate={noop}
            onContinue={noop}
            onEdit={noop}
            onOpenLink={noop}
            onOpenSettings={noop}
          />
        </ControllerContext.Provider>
      )
    })
    await flush()
    return bridge
  }

  it('reads files and the passages note from the stored parts', () => {
    const stored: Message = {
      id: 'm1',
      conversationId: 'c1',
      role: 'user',
      parts: [{ type: 'text', text: 'Look' }, part('f-1', 'report.pdf'), { type: 'image', attachmentId: 'img-1', mime: 'image/png' }],
      status: 'complete',
      createdAt: 1,
      updatedAt: 1
    }
    const v = toViewMessage(stored)
    expect(v.files?.map((f) => f.attachmentId)).toEqual(['f-1'])
    expect(v.imageIds).toEqual(['img-1'])
    expect(v.text).toBe('Look')
    const answer = toViewMessage({
      ...stored,
      id: 'm2',
      role: 'assistant',
      parts: [{ type: 'passages', files: [{ name: 'report.pdf', used: 12, total: 340 }] }, { type: 'text', text: 'Answer' }]
    })
    expect(answer.passages).toEqual([{ name: 'report.pdf', used: 12, total: 340 }])
    expect(answer.text).toBe('Answer')
    expect(answer.files).toBeUndefined()
  })

  it('shows a user message’s files as read-only chips with a preview from the store, and a missing file plainly', async () => {
    const message = toViewMessage({
      id: 'm1',
      conversationId: 'c1',
      role: 'user',
      parts: [{ type: 'text', text: 'Look' }, part('f-1', 'report.pdf'), part('f-gone', 'old.pdf')],
      status: 'complete',
      createdAt: 1,
      updatedAt: 1
    })
    const bridge = await mountMessage(message, {
      'attachments:fileInfo': (req: { id: string }) => {
        if (req.id === 'f-1') return PDF_INFO
        throw new AppError({ code: 'not_found', detail: 'No such file' })
      }
    })
    const chips = $$('message-file-chip')
    expect(chips).toHaveLength(2)
    expect(chips[0].textContent).toContain('2.3 MB · 12 pages · ~3.4k tokens')
    expect($('file-chip-remove')).toBeNull()
    await click($('file-chip-preview', chips[0]))
    await until(() => $('file-preview')?.textContent?.includes('Revenue grew.') ?? false, 'the preview shows the text')
    await click($('file-chip-preview', chips[1]))
    await until(() => $('file-missing') !== null, 'the missing file is said')
    expect($('file-missing')?.textContent).toBe('This file is no longer available.')
    expect(bridge.of('attachments:fileInfo')).toEqual([{ id: 'f-1' }, { id: 'f-gone' }])
  })

  it('notes above an answer how many passages of each document it used', async () => {
    const answer: ViewMessage = {
      id: 'a1',
      conversationId: 'c1',
      role: 'assistant',
      text: 'The revenue grew.',
      images: 0,
      status: 'complete',
      createdAt: 1,
      passages: [
        { name: 'report.pdf', used: 12, total: 340 },
        { name: 'memo.docx', used: 1, total: 1 }
      ]
    }
    await mountMessage(answer)
    const notice = $('passages-notice')!
    expect(Array.from(notice.children).map((line) => line.textContent)).toEqual([
      'Using 12 of 340 passages of report.pdf',
      'Using 1 of 1 passage of memo.docx'
    ])
  })
})

describe('the message shown before main confirms', () => {
  it('carries the files, and only the images as images', async () => {
    const bridge = installBridge({ 'chat:send': () => new Promise(() => undefined) })
    const controller = new AppController({ api: bridge.api, schedule: (cb) => queueMicrotask(cb) })
    const files: FilePart[] = [{ type: 'file', attachmentId: 'f-1', name: 'report.pdf', kind: 'document', format: 'pdf', bytes: 20, pages: 12, tokens: 3400 }]
    void controller.chat.send('See', ['img-1', 'f-1'], files)
    const user = controller.store.get().messages.find((m) => m.role === 'user')!
    expect(user.local).toBe(true)
    expect(user.images).toBe(1)
    expect(user.imageIds).toEqual(['img-1'])
    expect(user.files).toEqual(files)
    // Callers that pass no files keep the old behaviour: every id is an image.
    void controller.chat.send('Again', ['img-2'])
    const second = controller.store.get().messages.filter((m) => m.role === 'user')[1]
    expect(second.imageIds).toEqual(['img-2'])
    expect(second.files).toBeUndefined()
    await flush()
    expect(bridge.of('chat:send')[0]).toMatchObject({ text: 'See', attachmentIds: ['img-1', 'f-1'] })
  })
})
