/**
 * Attached documents and data files through the real services (createMainServices in a temp
 * folder, the document and data workers from the sources, the real SQLite store) against the
 * local OpenAI-compatible provider: files go up in base64 pieces as the renderer sends them, and
 * each case checks what the user and the model actually get — the chip's facts, the request's
 * system prompt, user message and tools, the tool results sent back, the stored answer, the
 * files on disk.
 *
 *   1 a CSV: its tables in the system prompt, query_data offered and run, the numbers sent back
 *     and kept as the step's table, the answer stored
 *   2 a long PDF gives the passages of the question (page markers) and a `passages` part, again
 *     for a follow-up; a short text file goes whole; a scanned PDF goes as page images
 *   3 data.query and data.exportCsv over the conversation's data files (two, joined)
 *   4 bad input: empty, too large (declared, and by kind at the first piece: a PDF, a workbook
 *     whose ZIP directory has not arrived), mislabelled, ragged and Latin-1, corrupt, encrypted
 *     (password asked, wrong, right), a workbook with formulas and merged cells, a Parquet file
 *     past the sniffed sample, pieces out of order, a cancelled upload
 *   5 query_data refuses writing, attaching, installing and reading files; the answer completes
 *   6 one file stored once; deleting the conversation deletes its manifest, blobs and passages;
 *     after a restart a data file loads again from the store
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { HOLD_MS } from '../../src/main/attachments/config'
import { SNIFF_SAMPLE_BYTES } from '../../src/main/files/documents/config'
import type { MainServices } from '../../src/main/services'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import { messageText, type ContentPart, type Message, type PassagesPart, type ToolStepPart } from '../../src/shared/domain'
import { AppError, type ErrorCode } from '../../src/shared/errors'
import { FILE_CHUNK_BYTES, type FileAttachmentInfo } from '../../src/shared/files/schemas'
import type { ChatEvent, EventName, EventPayload } from '../../src/shared/ipc/contract'
import { writeParquet, writeXlsx } from '../support/dataFiles'
import { encryptPdf, hasQpdf, makePdf, makeZip, syntheticPages, textPages, type PdfPage } from '../support/documents'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import { makePng } from '../support/images'
import { startTestServices } from '../support/testServices'

// --- the files -------------------------------------------------------------------------------------

const REGIONS = ['North', 'South', 'East', 'West']
const SALES_ROWS = 3000
/** Rows whose note needs quoting in CSV (a comma and quotes). */
const SPECIAL_NOTE = 'big, "special" order'

/** sales.csv: id, region, amount (integers: exact sums), note; and the sums by region it must give. */
function salesCsv(): { bytes: Buffer; totals: Map<string, number> } {
  const totals = new Map<string, number>()
  const lines = ['id,region,amount,note']
  for (let i = 0; i < SALES_ROWS; i++) {
    const region = REGIONS[i % 4]
    const amount = (i * 37) % 1000
    totals.set(region, (totals.get(region) ?? 0) + amount)
    lines.push(`${i},${region},${amount},${i % 500 === 0 ? `"${SPECIAL_NOTE.replace(/"/g, '""')}"` : 'ok'}`)
  }
  return { bytes: Buffer.from(lines.join('\n') + '\n'), totals }
}

/** The words only page TARGET_PAGE of the long PDF has (syllables the synthetic text never makes). */
const TARGET_PAGE = 217
const NEEDLE = 'zephyrquartz obsidianmarmot'

/** A 300-page PDF of varied text (~40k tokens: past WHOLE_DOCUMENTS_MAX_TOKENS), NEEDLE on TARGET_PAGE. */
function longPdf(): Buffer {
  const { pages } = syntheticPages(300)
  const pdfPages: PdfPage[] = pages.map((p) => {
    const words = p.text.replace(/\s+/g, ' ').split(' ').slice(0, 110)
    const lines: string[] = []
    for (let i = 0; i < words.length; i += 12) lines.push(words.slice(i, i + 12).join(' '))
    if (p.number === TARGET_PAGE) lines.splice(3, 0, `The ${NEEDLE} clause governs the renewal.`)
    return { lines }
  })
  return makePdf(pdfPages)
}

// --- the services, the provider, the events ------------------------------------------------------

interface Harness {
  root: string
  dataDir: string
  services: MainServices
  providerId: string
  events: ChatEvent[]
  done: Map<string, Extract<ChatEvent, { kind: 'done' }>>
  waiters: Map<string, () => void>
}

let provider: FakeProvider

async function startHarness(existingRoot?: string): Promise<Harness> {
  const root = existingRoot ?? mkdtempSync(path.join(os.tmpdir(), 'omnidesk-files-'))
  const dataDir = path.join(root, 'data')
  const events: ChatEvent[] = []
  const done = new Map<string, Extract<ChatEvent, { kind: 'done' }>>()
  const waiters = new Map<string, () => void>()
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    if (event !== 'chat:onEvent') return
    const e = payload as ChatEvent
    events.push(e)
    if (e.kind === 'done') {
      done.set(e.streamId, e)
      waiters.get(e.streamId)?.()
    }
  }
  // Services over <root>/data: the same folder again after a restart (the provider found again).
  const { services, providerId } = await startTestServices({ root, provider, apiKey: 'sk-files-test', onEvent: emit })
  return { root, dataDir, services, providerId, events, done, waiters }
}

async function stopHarness(h: Harness | undefined): Promise<void> {
  if (!h) return
  await h.services.close()
  rmSync(h.root, { recursive: true, force: true })
}

let h: Harness

const api = () => h.services.handlers

/** Sends the bytes the way the composer does: beginFile, then FILE_CHUNK_BYTES pieces as base64. Returns the upload. */
async function sendBytes(name: string, bytes: Buffer): Promise<string> {
  const { uploadId } = await api().attachments.beginFile({ name, bytes: bytes.length })
  for (let offset = 0; offset < bytes.length; offset += FILE_CHUNK_BYTES) {
    await api().attachments.fileChunk({ uploadId, offset, data: bytes.subarray(offset, offset + FILE_CHUNK_BYTES).toString('base64') })
  }
  return uploadId
}

async function attach(name: string, bytes: Buffer, password?: string): Promise<FileAttachmentInfo> {
  const uploadId = await sendBytes(name, bytes)
  return api().attachments.finishFile({ uploadId, ...(password !== undefined ? { password } : {}) })
}

/** The AppError a call fails with (the test fails if it succeeds). */
async function failure(promise: Promise<unknown> | unknown): Promise<{ code: ErrorCode; detail: string }> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    const info = (error as AppError).info
    return { code: info.code, detail: info.detail ?? '' }
  }
  throw new Error('expected a failure')
}

/** Sends a message and waits for its answer to end; returns the stored conversation. */
async function ask(text: string, attachmentIds: string[] = [], conversationId?: string) {
  const started = await api().chat.send({ text, attachmentIds, providerId: h.providerId, ...(conversationId ? { conversationId } : {}) })
  if (!h.done.has(started.streamId)) await new Promise<void>((resolve) => h.waiters.set(started.streamId, resolve))
  const { messages } = await api().conversations.get({ id: started.conversationId })
  const answer = messages.find((m) => m.id === started.assistantMessageId) as Message
  return { ...started, messages, answer, done: h.done.get(started.streamId) }
}

type SentMessage = { role: string; content: unknown; tool_call_id?: string; tool_calls?: unknown[] }
type SentBody = { messages: SentMessage[]; tools?: Array<{ function: { name: string } }> }

/** The streamed chat requests whose question contains `key`, oldest first. */
const requestsFor = (key: string): SentBody[] =>
  provider.requests
    .filter((r) => r.path === '/v1/chat/completions' && (r.body as { stream?: boolean }).stream)
    .map((r) => r.body as SentBody)
    .filter((b) => b.messages.some((m) => m.role === 'user' && textOf(m.content).includes(key)))

const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((c: { text?: string }) => c.text ?? '').join('') : ''

const lastUser = (body: SentBody): string => textOf([...body.messages].reverse().find((m) => m.role === 'user')?.content)
const toolSteps = (parts: readonly ContentPart[]): ToolStepPart[] => parts.filter((p): p is ToolStepPart => p.type === 'tool')

const uploadsDir = () => path.join(h.dataDir, 'attachments', 'uploads')
const partFiles = () => (existsSync(uploadsDir()) ? readdirSync(uploadsDir()).filter((f) => f.endsWith('.part')) : [])

beforeAll(async () => {
  provider = await startFakeProvider()
})

afterAll(async () => {
  await provider.close()
})

// --- 1–5: one set of services ------------------------------------------------------------------------

describe('attached files through the services', () => {
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(async () => {
    await stopHarness(h)
  })

  it('a CSV: described to the model, queried with query_data, the numbers sent back and kept with the step, the answer stored', async () => {
    const { bytes, totals } = salesCsv()
    const info = await attach('sales.csv', bytes)
    expect(info).toMatchObject({ name: 'sales.csv', kind: 'data', format: 'csv', bytes: bytes.length, rows: SALES_ROWS, warnings: [] })
    expect(info.tables).toHaveLength(1)
    const [table] = info.tables ?? []
    expect(table).toMatchObject({ table: 'sales', rowCount: SALES_ROWS })
    expect(table.columns).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'region', type: 'VARCHAR' },
      { name: 'amount', type: 'BIGINT' },
      { name: 'note', type: 'VARCHAR' }
    ])
    expect(table.sampleRows[0]).toEqual([0, 'North', 0, SPECIAL_NOTE])
    expect(table.sampleRows[1]).toEqual([1, 'South', 37, 'ok'])

    const sql = 'SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region'
    provider.script({ match: { lastUserContains: 'sales by region' }, toolCalls: [{ id: 'q1', name: 'query_data', arguments: { sql } }] })
    provider.script({ match: { lastUserContains: 'sales by region' }, content: 'North leads on sales.' })
    const { answer, done } = await ask('Which region has the most sales by region?', [info.id])
    expect(done?.status).toBe('complete')

    const [first, second] = requestsFor('sales by region')
    const system = textOf(first.messages[0].content)
    expect(system).toContain('query_data')
    expect(system).toContain(`from sales.csv; ${SALES_ROWS} rows`)
    expect(system).toMatch(/"region" VARCHAR/)
    expect(system).toMatch(/"amount" BIGINT/)
    expect(first.tools?.map((t) => t.function.name)).toContain('query_data')
    // Where the file went, in the message it came with.
    expect(lastUser(first)).toContain('<data file="sales.csv">')

    const sorted = [...totals.entries()].sort(([a], [b]) => a.localeCompare(b))
    const toolMessage = second.messages.find((m) => m.role === 'tool' && m.tool_call_id === 'q1')
    const result = textOf(toolMessage?.content)
    for (const [region, total] of sorted) expect(result).toContain(`| ${region} | ${total} |`)
    expect(result).toContain('4 rows.')

    const [step] = toolSteps(answer.parts)
    expect(step).toMatchObject({ name: 'query_data', status: 'done', callId: 'q1' })
    expect(step.table?.columns.map((c) => c.name)).toEqual(['region', 'total'])
    expect(step.table?.rows).toEqual(sorted.map(([region, total]) => [region, total]))
    expect(step.table).toMatchObject({ rowCount: 4, truncated: false })
    expect(answer.status).toBe('complete')
    expect(messageText(answer.parts)).toBe('North leads on sales.')
  })

  it('a long PDF gives the passages of the question (with their pages) and says how many; a short text file goes whole', async () => {
    const pdf = await attach('contract.pdf', longPdf())
    expect(pdf).toMatchObject({ kind: 'document', format: 'pdf', pages: 300 })
    expect(pdf.tokens).toBeGreaterThan(24_000)
    const notes = await attach('notes.txt', Buffer.from('Meeting notes.\nThe budget owner is Margarethe Quell.\n'))
    expect(notes).toMatchObject({ kind: 'document', format: 'text' })

    provider.script({ match: { lastUserContains: `the ${NEEDLE} clause say` }, content: 'It governs the renewal (contract.pdf, p. 217).' })
    const { answer } = await ask(`What does the ${NEEDLE} clause say?`, [pdf.id, notes.id])
    const [sent] = requestsFor(NEEDLE)
    const user = lastUser(sent)
    // The short file whole, the long one as passages chosen by the question.
    expect(user).toContain('The budget owner is Margarethe Quell.')
    const block = user.match(/<document name="contract\.pdf" passages="(\d+) of (\d+)">([\s\S]*?)<\/document>/)
    expect(block).not.toBeNull()
    const [, used, total, body] = block as RegExpMatchArray
    expect(Number(used)).toBeGreaterThan(0)
    expect(Number(total)).toBeGreaterThan(Number(used))
    // The passage holding the needle is marked with a range of pages that includes its page.
    const passages = body.split(/(?=--- Pages? )/)
    const hit = passages.find((p) => p.includes(NEEDLE))
    expect(hit).toBeDefined()
    const marker = hit?.match(/^--- Pages? (\d+)(?:–(\d+))? ---/)
    expect(marker).not.toBeNull()
    const from = Number(marker?.[1])
    const to = Number(marker?.[2] ?? marker?.[1])
    expect(from).toBeLessThanOrEqual(TARGET_PAGE)
    expect(to).toBeGreaterThanOrEqual(TARGET_PAGE)
    // Not the whole document.
    expect(user).not.toContain('--- Page 1 ---')

    const lead = answer.parts[0] as PassagesPart
    expect(lead.type).toBe('passages')
    expect(lead.files).toEqual([{ name: 'contract.pdf', used: Number(used), total: Number(total) }])
    expect(h.events.some((e) => e.kind === 'passages')).toBe(true)

    // A follow-up: the passages of the new question come with it; where the PDF was attached, a stub.
    const followUp = await ask('And the first sentence heading of the document, follow-up?', [], answer.conversationId)
    const [later] = requestsFor('follow-up?')
    const users = later.messages.filter((m) => m.role === 'user').map((m) => textOf(m.content))
    expect(users).toHaveLength(2)
    expect(users[0]).toContain('<document name="contract.pdf" pages="300">This document is long')
    expect(users[0]).not.toMatch(/--- Pages? \d/)
    expect(users[0]).toContain('The budget owner is Margarethe Quell.')
    expect(users[1]).toMatch(/<document name="contract\.pdf" passages="\d+ of \d+">/)
    // The earlier answer's passages notice is not sent back.
    expect(later.messages.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual(['It governs the renewal (contract.pdf, p. 217).'])
    expect(followUp.answer.parts[0]).toMatchObject({ type: 'passages' })
  })

  it('a scanned PDF goes as its page images, for a model that reads images', async () => {
    const scan = await attach('scan.pdf', makePdf([{ image: true }, { image: true }]))
    expect(scan).toMatchObject({ kind: 'document', format: 'pdf', pages: 2, scanned: true })
    expect(scan.warnings.join(' ')).toMatch(/sent as images/)
    await ask('What is on the scanned pages?', [scan.id])
    const [sent] = requestsFor('scanned pages')
    const content = sent.messages.at(-1)?.content as Array<{ type: string; text?: string; image_url?: { url: string } }>
    expect(Array.isArray(content)).toBe(true)
    expect(content.find((c) => c.type === 'text')?.text).toContain('<document name="scan.pdf" pages="2">This document is scanned (no text layer): its pages follow as images.')
    const images = content.filter((c) => c.type === 'image_url').map((c) => c.image_url?.url ?? '')
    expect(images).toHaveLength(2)
    for (const url of images) expect(url).toMatch(/^data:image\/jpeg;base64,\/9j\//)
  })

  it('data.query and data.exportCsv run over the conversation\'s data files; a conversation without any is refused', async () => {
    const info = await attach('sales.csv', salesCsv().bytes)
    const { conversationId } = await ask('Just keep the sales table here, exports.', [info.id])
    const byRegion = await api().data.query({ conversationId, sql: "SELECT region, count(*) AS n FROM sales GROUP BY region ORDER BY region" })
    expect(byRegion).toMatchObject({ rowCount: 4, truncated: false })
    expect(byRegion.rows).toEqual([...REGIONS].sort().map((r) => [r, SALES_ROWS / 4]))

    const exported = await api().data.exportCsv({ conversationId, sql: "SELECT id, region, note FROM sales WHERE note <> 'ok' ORDER BY id" })
    expect(exported.rows).toBe(SALES_ROWS / 500)
    expect(exported.csv.startsWith('\ufeffid,region,note\r\n')).toBe(true)
    expect(exported.csv).toContain('\r\n500,North,"big, ""special"" order"\r\n')
    expect(exported.csv.split('\r\n')).toHaveLength(1 + SALES_ROWS / 500 + 1) // header, rows, the final line break

    // A second file later in the same conversation: both tables, joinable, in the next request too.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omnidesk-xlsx-'))
    try {
      await writeXlsx(path.join(dir, 'report.xlsx'))
      const workbook = await attach('report.xlsx', await readFile(path.join(dir, 'report.xlsx')))
      await ask('And the workbook too, second file.', [workbook.id], conversationId)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const [second] = requestsFor('second file.')
    expect(textOf(second.messages[0].content)).toMatch(/from sales\.csv; 3000 rows[\s\S]*from report\.xlsx, sheet "Sales"; 4 rows/)
    const joined = await api().data.query({
      conversationId,
      sql: 'SELECT r.Region, count(*) AS n FROM sales s JOIN report_sales r ON s.region = r.Region GROUP BY r.Region ORDER BY r.Region'
    })
    expect(joined.rows).toEqual([
      ['North', SALES_ROWS / 4],
      ['South', SALES_ROWS / 4]
    ])

    const bad = await failure(api().data.query({ conversationId, sql: 'SELECT nope FROM sales' }))
    expect(bad.code).toBe('data_query')
    const plain = await ask('no files in this one')
    const none = await failure(api().data.query({ conversationId: plain.conversationId, sql: 'SELECT 1' }))
    expect(none).toMatchObject({ code: 'data_query' })
    expect(none.detail).toMatch(/no data files/)
  })

  describe('bad input is refused with its code and a detail naming the file', () => {
    it('an empty file at begin', async () => {
      const e = await failure(api().attachments.beginFile({ name: 'empty.csv', bytes: 0 }))
      expect(e.code).toBe('file_empty')
      expect(e.detail).toContain('empty.csv')
    })

    it('a 3 GB file at begin, before anything is written', async () => {
      const before = partFiles()
      const e = await failure(api().attachments.beginFile({ name: 'huge.csv', bytes: 3 * 1024 ** 3 }))
      expect(e.code).toBe('file_too_large')
      expect(e.detail).toContain('huge.csv')
      expect(e.detail).toContain('3 GB')
      expect(partFiles()).toEqual(before)
    })

    it('a 300 MB PDF at its first piece (documents have a lower cap); its upload is gone', async () => {
      const { uploadId } = await api().attachments.beginFile({ name: 'big.pdf', bytes: 300 * 1024 * 1024 })
      expect(partFiles()).toContain(`${uploadId}.part`)
      const head = makePdf(textPages(1))
      const e = await failure(api().attachments.fileChunk({ uploadId, offset: 0, data: head.toString('base64') }))
      expect(e.code).toBe('file_too_large')
      expect(e.detail).toContain('big.pdf')
      expect(e.detail).toContain('200 MB')
      expect(partFiles()).not.toContain(`${uploadId}.part`)
      expect((await failure(api().attachments.fileChunk({ uploadId, offset: head.length, data: 'AAAA' }))).code).toBe('not_found')
    })

    it('a 60 MB workbook at its first piece, though its ZIP directory has not arrived yet; a large Parquet file is not held to the documents\' cap', async () => {
      const { uploadId } = await api().attachments.beginFile({ name: 'big.xlsx', bytes: 60 * 1024 * 1024 })
      const zip = makeZip([
        ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
        ['xl/worksheets/sheet1.xml', 'x'.repeat(2 * SNIFF_SAMPLE_BYTES)]
      ])
      const e = await failure(api().attachments.fileChunk({ uploadId, offset: 0, data: zip.subarray(0, SNIFF_SAMPLE_BYTES + 100).toString('base64') }))
      expect(e.code).toBe('file_too_large')
      expect(e.detail).toBe('big.xlsx is 60 MB; Excel workbooks can be attached up to 50 MB.')
      expect(partFiles()).not.toContain(`${uploadId}.part`)

      const parquet = await api().attachments.beginFile({ name: 'big.parquet', bytes: 500 * 1024 * 1024 })
      await api().attachments.fileChunk({ uploadId: parquet.uploadId, offset: 0, data: Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(100, 0)]).toString('base64') })
      await api().attachments.cancelFile({ uploadId: parquet.uploadId })
      expect(partFiles()).not.toContain(`${parquet.uploadId}.part`)
    })

    it('a PNG named .csv', async () => {
      const e = await failure(attach('photo.csv', makePng(8, 8, () => [10, 20, 30])))
      expect(e.code).toBe('file_unreadable')
      expect(e.detail).toContain('photo.csv')
      expect(partFiles()).toEqual([])
    })

    it('a CSV with ragged rows and a Latin-1 line is loaded around them, and says so', async () => {
      const text = Buffer.from('id,name,score\n1,Anna,2.5\n2,Bob\n3,Jos\xe9,4.5\n4,Dora,5.5,extra\n5,Emil,6.5\n', 'latin1')
      const info = await attach('ragged.csv', text)
      expect(info).toMatchObject({ kind: 'data', format: 'csv', rows: 3, encoding: 'latin-1' })
      expect(info.tables?.[0]).toMatchObject({ rejectedLines: 2 })
      expect(info.tables?.[0].sampleRows).toEqual([[1, 'Anna', 2.5], [3, 'José', 4.5], [5, 'Emil', 6.5]])
      expect(info.warnings.join('\n')).toMatch(/2 malformed lines were skipped: line 3 \(missing columns\): 2,Bob/)
      expect(info.warnings.join('\n')).toMatch(/Latin-1/)
    })

    it('a corrupt PDF', async () => {
      const good = makePdf(textPages(3))
      const corrupt = Buffer.concat([good.subarray(0, 40), Buffer.alloc(good.length - 40, 0x41)])
      const e = await failure(attach('broken.pdf', corrupt))
      expect(e.code).toBe('file_unreadable')
      expect(e.detail).toContain('broken.pdf')
      expect(partFiles()).toEqual([])
    })

    it.skipIf(!hasQpdf())('an encrypted PDF asks for its password; a wrong one keeps the upload; the right one reads it', async () => {
      const locked = encryptPdf(makePdf(textPages(2)), 'open sesame')
      const uploadId = await sendBytes('locked.pdf', locked)
      const needs = await failure(api().attachments.finishFile({ uploadId }))
      expect(needs.code).toBe('file_needs_password')
      expect(needs.detail).toContain('locked.pdf')
      expect(partFiles()).toContain(`${uploadId}.part`)
      const wrong = await failure(api().attachments.finishFile({ uploadId, password: 'close sesame' }))
      expect(wrong.code).toBe('file_wrong_password')
      expect(wrong.detail).toContain('locked.pdf')
      const info = await api().attachments.finishFile({ uploadId, password: 'open sesame' })
      expect(info).toMatchObject({ name: 'locked.pdf', kind: 'document', format: 'pdf', pages: 2 })
      expect(info.previewText).toContain('Page 2 heading')
      expect(partFiles()).toEqual([])
    })

    it('an XLSX: one table per sheet, formulas as their values, a merged range in its first cell', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'omnidesk-xlsx-'))
      try {
        await writeXlsx(path.join(dir, 'report.xlsx'))
        const info = await attach('report.xlsx', await readFile(path.join(dir, 'report.xlsx')))
        expect(info).toMatchObject({ kind: 'data', format: 'xlsx', rows: 6 })
        expect(info.tables?.map((t) => [t.table, t.sheet, t.rowCount])).toEqual([
          ['report_sales', 'Sales', 4],
          ['report_notes', 'Notes', 2]
        ])
        expect(info.tables?.[0].sampleRows).toEqual([
          ['Jan', 'North', 1, 10],
          ['Feb', null, 2, 20],
          ['Mar', 'South', 3, 30],
          ['Total', null, null, 60]
        ])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })

    it('a Parquet file larger than the sample its kind is told from is read (its magic is at both ends)', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'omnidesk-parquet-'))
      try {
        await writeParquet(path.join(dir, 'rides.parquet'), 50_000)
        const bytes = await readFile(path.join(dir, 'rides.parquet'))
        expect(bytes.length).toBeGreaterThan(SNIFF_SAMPLE_BYTES)
        const info = await attach('rides.parquet', bytes)
        expect(info).toMatchObject({ kind: 'data', format: 'parquet', rows: 50_000 })
        expect(info.tables?.[0].columns.map((c) => c.name)).toEqual(['id', 'city', 'amount', 'day'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })

    it('pieces out of order', async () => {
      const bytes = Buffer.from('a,b\n1,2\n')
      const { uploadId } = await api().attachments.beginFile({ name: 'order.csv', bytes: bytes.length })
      const e = await failure(api().attachments.fileChunk({ uploadId, offset: 4, data: bytes.subarray(4).toString('base64') }))
      expect(e.code).toBe('bad_request')
      expect(e.detail).toMatch(/out of order/)
      // Nothing was written for it: the right piece still goes in and the file reads.
      await api().attachments.fileChunk({ uploadId, offset: 0, data: bytes.toString('base64') })
      expect(await api().attachments.finishFile({ uploadId })).toMatchObject({ rows: 1 })
    })

    it('cancelFile deletes the upload', async () => {
      const bytes = Buffer.from('a,b\n1,2\n3,4\n')
      const { uploadId } = await api().attachments.beginFile({ name: 'cancel.csv', bytes: bytes.length })
      await api().attachments.fileChunk({ uploadId, offset: 0, data: bytes.subarray(0, 5).toString('base64') })
      expect(partFiles()).toContain(`${uploadId}.part`)
      await api().attachments.cancelFile({ uploadId })
      expect(partFiles()).not.toContain(`${uploadId}.part`)
      expect((await failure(api().attachments.finishFile({ uploadId }))).code).toBe('not_found')
    })
  })

  it('query_data refuses to write, attach, install or read files: each step an error telling the model why; the answer completes', async () => {
    const info = await attach('sales.csv', salesCsv().bytes)
    const outside = mkdtempSync(path.join(os.tmpdir(), 'omnidesk-outside-'))
    try {
      const leak = path.join(outside, 'leak.csv')
      const attached = path.join(outside, 'other.duckdb')
      provider.script({
        match: { lastUserContains: 'try the forbidden' },
        toolCalls: [
          { id: 'r1', name: 'query_data', arguments: { sql: `COPY (SELECT * FROM sales) TO '${leak}'` } },
          { id: 'r2', name: 'query_data', arguments: { sql: `ATTACH '${attached}' AS other` } },
          { id: 'r3', name: 'query_data', arguments: { sql: 'INSTALL httpfs' } },
          { id: 'r4', name: 'query_data', arguments: { sql: "SELECT * FROM read_csv('/etc/passwd')" } }
        ]
      })
      provider.script({ match: { lastUserContains: 'try the forbidden' }, content: 'I cannot do that here.' })
      const { answer } = await ask('Please try the forbidden queries.', [info.id])
      const steps = toolSteps(answer.parts)
      expect(steps.map((s) => [s.callId, s.status])).toEqual([
        ['r1', 'error'],
        ['r2', 'error'],
        ['r3', 'error'],
        ['r4', 'error']
      ])
      for (const step of steps) expect(step.table).toBeUndefined()
      // What is not a SELECT is refused by the gate, before DuckDB runs anything; a SELECT reaching
      // for a file by the session's lock.
      for (const step of steps.slice(0, 3)) expect(step.result).toMatch(/^Only SELECT statements may run\. query_data runs one read-only SELECT/)
      expect(steps[3].result).toMatch(/^Files cannot be read or written from query_data: query the loaded tables instead\./)
      expect(steps[3].result).not.toContain('root:')
      // The model got the same reasons.
      const back = requestsFor('try the forbidden').at(-1) as SentBody
      const results = back.messages.filter((m) => m.role === 'tool').map((m) => textOf(m.content))
      expect(results).toEqual(steps.map((s) => s.result))
      expect(readdirSync(outside)).toEqual([])
      expect(answer.status).toBe('complete')
      expect(messageText(answer.parts)).toBe('I cannot do that here.')
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })
})

// --- 6: its own services (closed and the database opened again to look) -----------------------------

describe('a file from attach to delete', () => {
  let skew = 0
  let closed = false
  beforeEach(async () => {
    closed = false
    // The collector leaves an id alone HOLD_MS after it was attached; this clock can move past it.
    const realNow = Date.now.bind(Date)
    skew = 0
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + skew)
    h = await startHarness()
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    if (!closed) await h.services.close()
    rmSync(h.root, { recursive: true, force: true })
  })

  it('is stored once when attached twice, and goes — manifest, blobs, passages — with the last conversation using it', async () => {
    const pdfBytes = longPdf()
    const pdf = await attach('contract.pdf', pdfBytes)
    const again = await attach('contract.pdf', pdfBytes)
    expect(again.id).toBe(pdf.id)
    const csv = await attach('sales.csv', salesCsv().bytes)
    expect((await attach('sales.csv', salesCsv().bytes)).id).toBe(csv.id)
    expect(partFiles()).toEqual([])

    const attachments = path.join(h.dataDir, 'attachments')
    const manifests = () => readdirSync(attachments).filter((f) => f.endsWith('.json')).sort()
    const blobs = () => (existsSync(path.join(attachments, 'blobs')) ? readdirSync(path.join(attachments, 'blobs')) : [])
    expect(manifests()).toEqual([`${pdf.id}.json`, `${csv.id}.json`].sort())
    expect(blobs()).toHaveLength(3) // the PDF, its text, the CSV

    const first = await ask(`The ${NEEDLE} again, lifecycle one.`, [pdf.id, csv.id])
    const second = await ask('And in another chat, lifecycle two.', [pdf.id])
    // Its passages were indexed: the answer read some of them.
    const lead = first.answer.parts[0] as PassagesPart
    expect(lead.type).toBe('passages')
    expect(lead.files[0].total).toBeGreaterThan(lead.files[0].used)

    skew = HOLD_MS + 60_000
    await api().conversations.remove({ id: first.conversationId })
    // The PDF is still used by the second chat; the CSV goes.
    await expect.poll(() => manifests(), { timeout: 10_000 }).toEqual([`${pdf.id}.json`])
    expect(await api().attachments.fileInfo({ id: pdf.id })).toMatchObject({ name: 'contract.pdf' })
    expect((await failure(api().attachments.fileInfo({ id: csv.id }))).code).toBe('not_found')
    await expect.poll(() => blobs().length, { timeout: 10_000 }).toBe(2)

    await api().conversations.remove({ id: second.conversationId })
    await expect.poll(() => manifests(), { timeout: 10_000 }).toEqual([])
    await expect.poll(() => blobs(), { timeout: 10_000 }).toEqual([])
    expect((await failure(api().attachments.fileInfo({ id: pdf.id }))).code).toBe('not_found')

    // Closing waits for the collector's runs; its passages are gone from the database.
    await h.services.close()
    closed = true
    const { store } = await openConversationStore({ dataDir: h.dataDir })
    try {
      expect(await store.documentChunkCounts([pdf.id])).toEqual(new Map())
    } finally {
      await store.close()
    }
  })

  it("after a restart, the conversation's data file loads again from the store and query_data runs over it", async () => {
    const { bytes, totals } = salesCsv()
    const csv = await attach('sales.csv', bytes)
    const { conversationId } = await ask('Keep this for after the restart.', [csv.id])
    await h.services.close()
    h = await startHarness(h.root)

    provider.script({ match: { lastUserContains: 'after restarting' }, toolCalls: [{ id: 'a1', name: 'query_data', arguments: { sql: "SELECT sum(amount) AS total FROM sales WHERE region = 'West'" } }] })
    provider.script({ match: { lastUserContains: 'after restarting' }, content: 'West, computed.' })
    const { answer } = await ask('West total after restarting?', [], conversationId)
    const [step] = toolSteps(answer.parts)
    expect(step).toMatchObject({ status: 'done', table: { rows: [[totals.get('West')]] } })
    expect(textOf(requestsFor('after restarting')[0].messages[0].content)).toContain(`from sales.csv; ${SALES_ROWS} rows`)
    expect(messageText(answer.parts)).toBe('West, computed.')
  })
})
