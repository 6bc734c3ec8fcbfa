/**
 * Document extraction (src/main/files/documents) on real files made by tests/support/documents.ts,
 * through the real libraries: pdf.js, mammoth, chardet, iconv-lite, qpdf for encryption.
 */
import { fileURLToPath } from 'node:url'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { estimateTokens } from '../../src/main/chat/contextLimit'
import { chunkDocument, decodeText, DocumentError, extractDocument, extractDocumentInProcess, sniffDocument, type DocumentErrorCode } from '../../src/main/files/documents'
import { encryptPdf, hasQpdf, makeBinaryNoise, makeDocx, makeOfficeShell, makeParquetShell, makePdf, makeZip, textPages } from '../support/documents'

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8')

async function failure(promise: Promise<unknown>): Promise<DocumentError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentError)
    return error as DocumentError
  }
  throw new Error('expected a DocumentError')
}

const expectCode = async (promise: Promise<unknown>, code: DocumentErrorCode): Promise<DocumentError> => {
  const error = await failure(promise)
  expect(error.code).toBe(code)
  expect(error.message.length).toBeGreaterThan(10)
  return error
}

const CHINESE = '今天天气很好，我们一起去公园散步吧。这份季度报告说明了销售额的增长和新产品的市场反馈。'

describe('sniffDocument: the content decides, the name breaks ties', () => {
  it.each([
    ['report.pdf', 'pdf', makePdf(textPages(1))],
    ['notes.txt', 'pdf', makePdf(textPages(1))], // a PDF named .txt
    ['letter.docx', 'docx', makeDocx(['Hello'])],
    ['letter.bin', 'docx', makeDocx(['Hello'])],
    ['deck.pptx', 'pptx', makeOfficeShell('pptx')],
    ['sheet.xlsx', 'xlsx', makeOfficeShell('xlsx')],
    ['table.parquet', 'parquet', makeParquetShell()],
    ['data.txt', 'json', utf8('{"a": 1, "b": [1, 2, 3]}\n')],
    ['data.json', 'json', utf8('[\n  {"a": 1},\n  {"a": 2}\n]\n')],
    ['events.log', 'ndjson', utf8('{"a":1}\n{"a":2}\n{"a":3}\n')],
    ['table.txt', 'csv', utf8('name,age,city\nAda,36,London\n"Lovelace, A",36,"London, UK"\n')],
    ['table.csv', 'csv', utf8('name;age\nAda;36\nBob;41\n')],
    ['table.dat', 'tsv', utf8('name\tage\nAda\t36\nBob\t41\n')],
    ['readme.md', 'markdown', utf8('# Title\n\nSome prose.\n')],
    ['main.py', 'code', utf8('def main():\n    print("hi")\n')],
    ['notes', 'text', utf8('Just some words.\nAnd more words.\n')],
    ['single.csv', 'csv', utf8('name\nAda\nBob\n')], // one column: only the name can say so
    ['data.json', 'text', utf8('this is not json at all\n')],
  ] as const)('%s → %s', (name, kind, bytes) => {
    expect(sniffDocument(bytes, name).kind).toBe(kind)
  })

  it('reports the delimiter of a table and the encoding of text', () => {
    expect(sniffDocument(utf8('a\tb\n1\t2\n'), 'x.tsv')).toMatchObject({ kind: 'tsv', delimiter: '\t', encoding: 'utf-8' })
    expect(sniffDocument(utf8('a;b\n1;2\n'), 'x.csv')).toMatchObject({ kind: 'csv', delimiter: ';' })
  })

  it('a binary file named .csv is binary, with a reason', () => {
    const sniff = sniffDocument(makeBinaryNoise(4096), 'export.csv')
    expect(sniff.kind).toBe('binary')
    expect(sniff.reason).toBeTruthy()
  })

  it('a ZIP that is not an Office file, and a truncated ZIP, are binary', () => {
    expect(sniffDocument(makeZip([['photo.jpg', makeBinaryNoise(100)]]), 'a.docx')).toMatchObject({ kind: 'binary' })
    const docx = makeDocx(['Hello'])
    expect(sniffDocument(docx.subarray(0, docx.length - 30), 'a.docx')).toMatchObject({ kind: 'binary' })
  })

  it('Chinese GBK text is text, with its encoding', () => {
    expect(sniffDocument(iconv.encode(CHINESE, 'gbk'), 'notes.txt')).toMatchObject({ kind: 'text', encoding: 'gb18030' })
  })
})

describe('decodeText', () => {
  it.each([
    ['gbk', 'gb18030'],
    ['gb18030', 'gb18030']
  ])('decodes Chinese encoded as %s (detected: %s)', (encoding, detected) => {
    const decoded = decodeText(iconv.encode(CHINESE, encoding), 64 * 1024, 'notes.txt')
    expect(decoded).toEqual({ text: CHINESE, encoding: detected })
  })

  it('decodes UTF-16 LE and BE with a BOM, and LE without one', () => {
    const le = iconv.encode(CHINESE, 'utf-16le', { addBOM: true })
    const be = iconv.encode(CHINESE, 'utf-16be', { addBOM: true })
    expect(decodeText(le, 64 * 1024, 'a.txt')).toEqual({ text: CHINESE, encoding: 'utf-16le' })
    expect(decodeText(be, 64 * 1024, 'a.txt')).toEqual({ text: CHINESE, encoding: 'utf-16be' })
    const ascii = 'id,name\n1,Ada\n2,Bob\n'
    expect(decodeText(iconv.encode(ascii, 'utf-16le'), 64 * 1024, 'a.csv')).toEqual({ text: ascii, encoding: 'utf-16le' })
  })

  it('strips a UTF-8 BOM and keeps UTF-8 as UTF-8 even when the sample cuts a character', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('héllo')]), 1024, 'a.txt')).toEqual({ text: 'héllo', encoding: 'utf-8' })
    const long = '中'.repeat(1000) // 3 bytes each: a 1000-byte sample ends inside one
    expect(decodeText(utf8(long), 1000, 'a.txt')).toEqual({ text: long, encoding: 'utf-8' })
  })

  it('refuses binary as `binary`', () => {
    expect(() => decodeText(makeBinaryNoise(2048), 1024, 'x.txt')).toThrow(DocumentError)
  })
})

describe('extractDocumentInProcess: text files', () => {
  it('a GB18030 file: its text, encoding and one page', async () => {
    const doc = await extractDocumentInProcess(iconv.encode(CHINESE, 'gb18030'), 'notes.txt')
    expect(doc).toMatchObject({ kind: 'text', encoding: 'gb18030', pageCount: 1, scanned: false })
    expect(doc.pages).toEqual([{ number: 1, text: CHINESE }])
    expect(doc.chunks).toHaveLength(1)
  })

  it('a CSV keeps its delimiter', async () => {
    const doc = await extractDocumentInProcess(utf8('a,b\n1,2\n'), 't.csv')
    expect(doc).toMatchObject({ kind: 'csv', delimiter: ',' })
  })

  it('empty, too large, binary, unsupported, whitespace only', async () => {
    await expectCode(extractDocumentInProcess(new Uint8Array(0), 'a.txt'), 'empty')
    await expectCode(extractDocumentInProcess(utf8('x'.repeat(2000)), 'a.txt', { maxBytes: 1000 }), 'too_large')
    const binary = await expectCode(extractDocumentInProcess(makeBinaryNoise(4096), 'export.csv'), 'binary')
    expect(binary.message).toContain('export.csv')
    await expectCode(extractDocumentInProcess(makeOfficeShell('xlsx'), 's.xlsx'), 'unsupported')
    await expectCode(extractDocumentInProcess(makeParquetShell(), 't.parquet'), 'unsupported')
    await expectCode(extractDocumentInProcess(utf8('  \n\n  '), 'blank.txt'), 'empty')
  })
})

describe('PDF', () => {
  it('a 3-page PDF: page texts with their numbers, in order', async () => {
    const doc = await extractDocumentInProcess(makePdf(textPages(3)), 'report.pdf')
    expect(doc).toMatchObject({ kind: 'pdf', pageCount: 3, scanned: false })
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3])
    for (const page of doc.pages) {
      expect(page.text.split('\n')[0]).toBe(`Page ${page.number} heading`)
      expect(page.text).toContain(`Sentence 4 on page ${page.number} says something`)
    }
  })

  it('a PDF named .txt is read as a PDF', async () => {
    const doc = await extractDocumentInProcess(makePdf(textPages(1)), 'notes.txt')
    expect(doc.kind).toBe('pdf')
    expect(doc.pages[0].text).toContain('Page 1 heading')
  })

  it('200 pages (time printed, not asserted)', async () => {
    const pdf = makePdf(textPages(200, 30))
    const started = performance.now()
    const doc = await extractDocumentInProcess(pdf, 'book.pdf')
    const ms = performance.now() - started
    console.log(`[documents] 200-page PDF (${(pdf.length / 1024).toFixed(0)} KB): extracted in ${ms.toFixed(0)} ms, ${doc.chunks.length} chunks`)
    expect(doc.pageCount).toBe(200)
    expect(doc.pages[199].text).toContain('Page 200 heading')
  })

  it('pages that are only images (or blank) → scanned, with a warning', async () => {
    const doc = await extractDocumentInProcess(makePdf([{ image: true }, { image: true }, { blank: true }]), 'scan.pdf')
    expect(doc).toMatchObject({ kind: 'pdf', pageCount: 3, scanned: true })
    expect(doc.warnings[0]).toMatch(/scanned/)
  })

  it('a mostly-text PDF with one image page is not scanned', async () => {
    const doc = await extractDocumentInProcess(makePdf([...textPages(2), { image: true }]), 'mixed.pdf')
    expect(doc.scanned).toBe(false)
  })

  it('corrupt: truncated, and a header with nothing behind it', async () => {
    const pdf = makePdf(textPages(3))
    await expectCode(extractDocumentInProcess(pdf.subarray(0, 200), 'cut.pdf'), 'corrupt')
    await expectCode(extractDocumentInProcess(utf8('%PDF-1.7\nthis is not a pdf at all\n'), 'fake.pdf'), 'corrupt')
  })

  describe.skipIf(!hasQpdf())('encrypted (qpdf, AES-256)', () => {
    const locked = hasQpdf() ? encryptPdf(makePdf(textPages(2)), 'open sesame') : Buffer.alloc(0)

    it('without a password → needs_password', async () => {
      const error = await expectCode(extractDocumentInProcess(locked, 'locked.pdf'), 'needs_password')
      expect(error.message).toMatch(/password/)
    })

    it('with a wrong password → wrong_password', async () => {
      await expectCode(extractDocumentInProcess(locked, 'locked.pdf', { password: 'nope' }), 'wrong_password')
    })

    it('with the password → the text', async () => {
      const doc = await extractDocumentInProcess(locked, 'locked.pdf', { password: 'open sesame' })
      expect(doc.pages.map((p) => p.text.split('\n')[0])).toEqual(['Page 1 heading', 'Page 2 heading'])
    })
  })
})

describe('DOCX', () => {
  it('paragraphs and headings as text', async () => {
    const doc = await extractDocumentInProcess(makeDocx([{ heading: 'Quarterly report' }, 'Sales grew by 12%.', CHINESE]), 'report.docx')
    expect(doc).toMatchObject({ kind: 'docx', pageCount: 1 })
    expect(doc.pages[0].text).toBe(`Quarterly report\n\nSales grew by 12%.\n\n${CHINESE}`)
  })

  it('a damaged Word file is corrupt', async () => {
    const broken = makeZip([
      ['[Content_Types].xml', '<Types/>'],
      ['word/document.xml', '<w:document><unclosed']
    ])
    await expectCode(extractDocumentInProcess(broken, 'broken.docx'), 'corrupt')
  })
})

describe('chunkDocument', () => {
  const paragraph = (page: number, i: number): string => `Paragraph ${i} of page ${page}. ${'The committee reviewed the numbers again. '.repeat(8)}`

  it('chunks of about the target size, in order, with their page ranges', () => {
    const pages = [1, 2, 3].map((number) => ({ number, text: Array.from({ length: 5 }, (_, i) => paragraph(number, i)).join('\n\n') }))
    const chunks = chunkDocument(pages, { targetTokens: 200 })
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i))
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(200 + 5) // join separators
      expect(chunk.pageFrom).toBeLessThanOrEqual(chunk.pageTo)
      // A chunk that crosses a page names both pages and holds text of each.
      for (let page = chunk.pageFrom; page <= chunk.pageTo; page++) expect(chunk.text).toContain(`of page ${page}.`)
      // ...and no page outside its range.
      for (const page of [1, 2, 3].filter((p) => p < chunk.pageFrom || p > chunk.pageTo)) expect(chunk.text).not.toContain(`of page ${page}.`)
    }
    expect(chunks.some((c) => c.pageFrom !== c.pageTo)).toBe(true)
    // Nothing lost: every paragraph's opening is in some chunk, in order.
    const all = chunks.map((c) => c.text).join('\n\n')
    expect(all.indexOf('Paragraph 0 of page 1.')).toBeLessThan(all.indexOf('Paragraph 4 of page 3.'))
  })

  it('defaults to ~500 tokens', () => {
    const text = Array.from({ length: 100 }, (_, i) => paragraph(1, i)).join('\n\n')
    const chunks = chunkDocument([{ number: 1, text }])
    expect(chunks.length).toBeGreaterThan(5)
    for (const chunk of chunks.slice(0, -1)) expect(chunk.tokens).toBeGreaterThan(350)
    for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(505)
  })

  it('Chinese without paragraph breaks: cut at 。 to about the target, a CJK character ~1 token', () => {
    const text = CHINESE.repeat(60) // ~2,600 characters, no line breaks
    const chunks = chunkDocument([{ number: 4, text }], { targetTokens: 300 })
    expect(chunks.length).toBeGreaterThanOrEqual(9)
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(305)
      // Characters, not bytes or a ¼-per-character guess (CJK punctuation counts as ¼).
      expect(chunk.text.length).toBeLessThanOrEqual(345)
      expect(chunk).toMatchObject({ pageFrom: 4, pageTo: 4 })
    }
    expect(chunks.slice(0, -1).every((c) => /[。！？；]$/.test(c.text))).toBe(true)
    expect(chunks.map((c) => c.text).join('')).toBe(text)
  })

  it('a run with no breaks at all is cut at the budget', () => {
    const text = '数'.repeat(1000)
    const chunks = chunkDocument([{ number: 1, text }], { targetTokens: 300 })
    expect(chunks.map((c) => c.text.length)).toEqual([300, 300, 300, 100])
    expect(chunks.every((c) => c.tokens === estimateTokens(c.text))).toBe(true)
  })

  it('empty pages make no chunks', () => {
    expect(chunkDocument([{ number: 1, text: '' }, { number: 2, text: '  \n ' }])).toEqual([])
  })
})

describe('extractDocument: in a worker thread', () => {
  const worker = { path: fileURLToPath(new URL('../../src/main/files/documents/worker.ts', import.meta.url)), execArgv: ['--require', 'tsx/cjs'] }

  it('extracts a PDF off the calling thread', async () => {
    const pdf = makePdf(textPages(3))
    const started = performance.now()
    const doc = await extractDocument(pdf, 'report.pdf', { worker })
    console.log(`[documents] 3-page PDF in a worker (start-up included): ${(performance.now() - started).toFixed(0)} ms`)
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3])
    expect(doc.pages[2].text).toContain('Page 3 heading')
    expect(pdf.length).toBeGreaterThan(0) // the caller's bytes were copied, not transferred away
  })

  it('passes typed errors back', async () => {
    await expectCode(extractDocument(makeBinaryNoise(4096), 'export.csv', { worker }), 'binary')
    await expectCode(extractDocument(new Uint8Array(0), 'a.txt', { worker }), 'empty')
  })

  it('stops at the time limit', async () => {
    await expectCode(extractDocument(makePdf(textPages(200, 30)), 'book.pdf', { worker, timeoutMs: 5 }), 'timeout')
  })
})
