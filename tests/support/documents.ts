/**
 * Test documents made by code, so the fixtures are deterministic and no binary file is
 * committed: a tiny PDF writer (pages of Helvetica text, grey or solid-colour image-only pages, a
 * correct xref), a ZIP writer (stored or deflated entries, with room to lie about sizes for the
 * zip-bomb cases) with its CRC-32, a minimal .docx on top of it, a Parquet-shaped file, and
 * `qpdf --encrypt` for password-protected PDFs (Debian's qpdf; see systemPackages.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateRawSync, deflateSync } from 'node:zlib'

// --- PDF ---------------------------------------------------------------------------------------

/** One page: lines of text (WinAnsi/ASCII only), or an image and no text (a "scanned" page). */
export type PdfPage = { lines: string[] } | { image: true } | { blank: true }

const pdfString = (text: string): string => `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`

const pdfStream = (dict: string, data: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')])

/** Adds an object body to the file and returns its object number. */
type AddPdfObject = (body: string | Buffer) => number

/**
 * The file around numbered objects (`objects[i]` is object number i + 1): the header, each
 * object, a cross-reference table with every object's offset, and a trailer whose root is
 * `catalogId`.
 */
function assemblePdf(objects: readonly Buffer[], catalogId: number): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  let offset = parts[0].length
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(offset)
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')])
    parts.push(obj)
    offset += obj.length
  })
  // Each xref entry is exactly 20 bytes ("nnnnnnnnnn ggggg n\r\n").
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f\r\n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`)].join('')
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${catalogId} 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'))
  return Buffer.concat(parts)
}

/**
 * A PDF of the pages `addPages` writes: it adds each page's objects with `add` (a page's /Parent
 * is `pagesId`) and returns the pages' object numbers. The catalog and the page tree are objects
 * 1 and 2, filled in last, once those numbers are known.
 */
function pdfWithPages(addPages: (add: AddPdfObject, pagesId: number) => readonly number[]): Buffer {
  const objects: Buffer[] = []
  const add: AddPdfObject = (body) => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body)
    return objects.length
  }
  const catalog = add('')
  const pagesId = add('')
  const kids = addPages(add, pagesId)
  objects[catalog - 1] = Buffer.from(`<< /Type /Catalog /Pages ${pagesId} 0 R >>`, 'latin1')
  objects[pagesId - 1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`, 'latin1')
  return assemblePdf(objects, catalog)
}

/** A valid PDF 1.4 with one page per entry; text is Helvetica 12 pt, one line per entry. */
export function makePdf(pages: readonly PdfPage[]): Buffer {
  return pdfWithPages((add, pagesId) => {
    const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>')
    // A 2×2 grey image: what a scanner's page is, minus the pixels.
    const image = add(pdfStream('/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8', Buffer.from([0x20, 0x80, 0xc0, 0xff])))
    return pages.map((page) => {
      let content: string
      if ('lines' in page) {
        const shown = page.lines.map((line, i) => `${i === 0 ? '' : 'T* '}${pdfString(line)} Tj`).join('\n')
        content = `BT /F1 12 Tf 14 TL 72 720 Td\n${shown}\nET`
      } else if ('image' in page) {
        content = 'q 468 0 0 648 72 72 cm /Im1 Do Q'
      } else {
        content = ''
      }
      const contents = add(pdfStream('', Buffer.from(content, 'latin1')))
      return add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> /XObject << /Im1 ${image} 0 R >> >> /Contents ${contents} 0 R >>`)
    })
  })
}

/** A page of a scan: its size in points and the colour of the image that fills it. */
export interface ImagePdfPage {
  width: number
  height: number
  rgb: readonly [number, number, number]
}

/** A PDF whose pages are each one 8×8 RGB image (FlateDecode) stretched over the whole page: a scan. */
export function makeImagePdf(pages: readonly ImagePdfPage[]): Buffer {
  return pdfWithPages((add, pagesId) =>
    pages.map((page) => {
      const pixels = Buffer.alloc(8 * 8 * 3)
      for (let i = 0; i < 64; i++) pixels.set(page.rgb, i * 3)
      const image = add(pdfStream('/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode', deflateSync(pixels)))
      const contents = add(pdfStream('', Buffer.from(`q ${page.width} 0 0 ${page.height} 0 0 cm /Im1 Do Q`, 'latin1')))
      return add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${page.width} ${page.height}] /Resources << /XObject << /Im1 ${image} 0 R >> >> /Contents ${contents} 0 R >>`)
    })
  )
}

/** Pages of text: page n says "Page n" and a few numbered sentences. */
export function textPages(count: number, linesPerPage = 5): PdfPage[] {
  return Array.from({ length: count }, (_, p) => ({
    lines: [`Page ${p + 1} heading`, ...Array.from({ length: linesPerPage - 1 }, (_, l) => `Sentence ${l + 1} on page ${p + 1} says something about the quarterly report.`)]
  }))
}

/** Whether Debian's qpdf is on PATH (the encrypted-PDF tests need it). */
export const hasQpdf = (): boolean => spawnSync('sh', ['-c', 'command -v qpdf'], { stdio: 'ignore' }).status === 0

/** The PDF encrypted with AES-256 by qpdf: `userPassword` opens it. */
export function encryptPdf(pdf: Buffer, userPassword: string, ownerPassword = `${userPassword}-owner`): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'omnidesk-pdf-'))
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf)
    execFileSync('qpdf', ['--encrypt', userPassword, ownerPassword, '256', '--', join(dir, 'in.pdf'), join(dir, 'out.pdf')])
    return readFileSync(join(dir, 'out.pdf'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// --- ZIP ---------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

/** One entry of `makeZip`; the last two fields make the damaged and lying archives a reader must refuse. */
export interface ZipEntry {
  name: string
  content: string | Buffer
  /** Deflated with zlib, as Office writes its parts; stored (no compression) otherwise. */
  deflate?: boolean
  /** Written in both headers instead of the real uncompressed size (a lying archive). */
  declaredSize?: number
  /** Written instead of the compressed data (a damaged archive). */
  rawData?: Buffer
}

/** A ZIP of the given entries, in order, with a central directory; `[name, content]` is a stored entry. */
export function makeZip(entries: ReadonlyArray<ZipEntry | readonly [name: string, content: string | Buffer]>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const item of entries) {
    const entry: ZipEntry = 'name' in item ? item : { name: item[0], content: item[1] }
    const data = typeof entry.content === 'string' ? Buffer.from(entry.content, 'utf8') : entry.content
    const crc = crc32(data)
    const packed = entry.rawData ?? (entry.deflate ? deflateRawSync(data) : data)
    const fileName = Buffer.from(entry.name, 'utf8')
    // The local header and the central directory's record share these fields, the central one
    // 2 bytes further on (after its "version made by"): `at` is where "version needed" goes.
    const writeShared = (header: Buffer, at: number): void => {
      header.writeUInt16LE(20, at) // version needed
      header.writeUInt16LE(0x0800, at + 2) // UTF-8 names
      header.writeUInt16LE(entry.deflate ? 8 : 0, at + 4) // deflated or stored
      header.writeUInt32LE(crc, at + 10)
      header.writeUInt32LE(packed.length, at + 14)
      header.writeUInt32LE(entry.declaredSize ?? data.length, at + 18)
      header.writeUInt16LE(fileName.length, at + 22)
    }
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    writeShared(local, 4)
    locals.push(local, fileName, packed)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4) // version made by
    writeShared(central, 6)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, fileName)
    offset += 30 + fileName.length + packed.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const xmlEscape = (text: string): string => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c)

/** A minimal Word document: one paragraph per entry; `{ heading }` entries use Heading1. */
export function makeDocx(paragraphs: ReadonlyArray<string | { heading: string }>): Buffer {
  const body = paragraphs
    .map((p) =>
      typeof p === 'string'
        ? `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(p)}</w:t></w:r></w:p>`
        : `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>${xmlEscape(p.heading)}</w:t></w:r></w:p>`
    )
    .join('')
  return makeZip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    ],
    ['word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`]
  ])
}

/** A ZIP that looks like an Office file of the given kind to a central-directory reader. */
export function makeOfficeShell(kind: 'pptx' | 'xlsx'): Buffer {
  const part = kind === 'pptx' ? 'ppt/presentation.xml' : 'xl/workbook.xml'
  return makeZip([
    ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
    ['_rels/.rels', '<?xml version="1.0"?><Relationships/>'],
    [part, '<?xml version="1.0"?><x/>']
  ])
}

/** Bytes shaped like a Parquet file (magic at both ends); not a readable table. */
export function makeParquetShell(): Buffer {
  return Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 7), Buffer.from([0x10, 0, 0, 0]), Buffer.from('PAR1')])
}

/** Deterministic noise: what an executable or an image looks like to a sniffer. */
export function makeBinaryNoise(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size)
  let x = seed
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

/**
 * `count` pages of varied pseudo-English (syllable words drawn with a Zipf-like skew, four
 * paragraphs a page), deterministic for a seed; and a word drawer for questions about them.
 */
export function syntheticPages(count: number, seed = 12345): { pages: Array<{ number: number; text: string }>; word: () => string } {
  let state = seed
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
  const syllables = ['ka', 'lo', 'mi', 'ter', 'an', 'sul', 'ro', 'vek', 'din', 'po', 'rat', 'el', 'quo', 'nis', 'bar', 'tu', 'gen', 'shi']
  const vocabulary = Array.from({ length: 8000 }, () =>
    Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join('')
  )
  const word = (): string => vocabulary[Math.floor(vocabulary.length * random() ** 2.5)]
  const sentence = (): string => {
    const words = Array.from({ length: 8 + Math.floor(random() * 14) }, word)
    return `${words[0][0].toUpperCase()}${words.join(' ').slice(1)}.`
  }
  const pages = Array.from({ length: count }, (_, i) => ({
    number: i + 1,
    text: Array.from({ length: 4 }, () => Array.from({ length: 4 }, sentence).join(' ')).join('\n\n')
  }))
  return { pages, word }
}
