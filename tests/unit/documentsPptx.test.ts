/**
 * PowerPoint text (src/main/files/documents/pptx.ts) on decks built here: ZIPs from
 * tests/support (deflated as Office writes them, or stored, with room to lie about sizes for the
 * zip-bomb cases) and just the Office parts a deck needs — content types, presentation.xml and its
 * relationships, slides, notes.
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DocumentError, extractDocument, extractDocumentInProcess, type DocumentErrorCode } from '../../src/main/files/documents'
import { decodeXmlEntities, extractPptx, slidePartText } from '../../src/main/files/documents/pptx'
import { makeZip, type ZipEntry } from '../support/documents'

// --- A ZIP ---------------------------------------------------------------------------------------

/** Office deflates its parts; `store` writes them uncompressed. */
const zip = (parts: readonly ZipEntry[], store = false): Buffer => makeZip(parts.map((part) => ({ ...part, deflate: !store })))

// --- A deck --------------------------------------------------------------------------------------

const NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c)

/** A paragraph: plain text (escaped) or runs already written as XML. */
type Paragraph = string | { xml: string }
const paragraphXml = (p: Paragraph): string =>
  typeof p === 'string' ? `<a:p><a:r><a:rPr lang="en-US" dirty="0"/><a:t>${escapeXml(p)}</a:t></a:r></a:p>` : `<a:p>${p.xml}</a:p>`

let shapeId = 2
/** A text shape; `placeholder` makes it a layout placeholder of that type (title, body, sldNum…). */
function textShape(paragraphs: readonly Paragraph[], placeholder?: string): string {
  const id = shapeId++
  const ph = placeholder ? `<p:ph type="${placeholder}"/>` : ''
  return `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="Shape ${id}"/><p:cNvSpPr/><p:nvPr>${ph}</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>${paragraphs.map(paragraphXml).join('')}</p:txBody></p:sp>`
}

function tableFrame(rows: ReadonlyArray<readonly string[]>): string {
  const cell = (text: string): string =>
    `<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>${text === '' ? '<a:p><a:endParaRPr lang="en-US"/></a:p>' : paragraphXml(text)}</a:txBody><a:tcPr/></a:tc>`
  const grid = rows[0].map(() => '<a:gridCol w="2000000"/>').join('')
  const body = rows.map((row) => `<a:tr h="370840">${row.map(cell).join('')}</a:tr>`).join('')
  return `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="${shapeId++}" name="Table"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/><a:ext cx="1" cy="1"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1"/><a:tblGrid>${grid}</a:tblGrid>${body}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`
}

const spTree = (shapes: string): string =>
  `<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${shapes}</p:spTree></p:cSld>`
const slideXml = (shapes: string): string => `${XML}<p:sld ${NS}>${spTree(shapes)}<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`
/** Notes as PowerPoint writes them: the slide picture, the notes body, the slide number. */
const notesXml = (paragraphs: readonly Paragraph[], slideNumber: number): string =>
  `${XML}<p:notes ${NS}>${spTree(
    `<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image"/><p:cNvSpPr/><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>` +
      textShape(paragraphs, 'body') +
      textShape([{ xml: `<a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum"><a:rPr lang="en-US"/><a:t>${slideNumber}</a:t></a:fld>` }], 'sldNum')
  )}</p:notes>`

interface SlideSpec {
  /** The file's number: ppt/slides/slide{file}.xml. */
  file: number
  shapes: string
  notes?: readonly Paragraph[]
}

/** A .pptx with the slides shown in the order of `order` (file numbers; the given order by default). */
function makePptx(slides: readonly SlideSpec[], options: { order?: readonly number[]; store?: boolean; noSlideList?: boolean } = {}): Buffer {
  const order = options.order ?? slides.map((s) => s.file)
  const rid = (file: number): string => `rId${100 + file}`
  const sldIds = order.map((file, i) => `<p:sldId id="${256 + i}" r:id="${rid(file)}"/>`).join('')
  const parts: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      content: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>${slides
        .map((s) => `<Override PartName="/ppt/slides/slide${s.file}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>`)
        .join('')}</Types>`
    },
    {
      name: '_rels/.rels',
      content: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="ppt/presentation.xml"/></Relationships>`
    },
    {
      name: 'ppt/presentation.xml',
      content: `${XML}<p:presentation ${NS} saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>${options.noSlideList ? '' : `<p:sldIdLst>${sldIds}</p:sldIdLst>`}<p:sldSz cx="12192000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`
    },
    {
      name: 'ppt/_rels/presentation.xml.rels',
      content: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/slideMaster" Target="slideMasters/slideMaster1.xml"/>${slides
        .map((s) => `<Relationship Id="${rid(s.file)}" Type="${REL}/slide" Target="slides/slide${s.file}.xml"/>`)
        .join('')}<Relationship Id="rId99" Type="${REL}/hyperlink" Target="https://example.com/deck" TargetMode="External"/></Relationships>`
    }
  ]
  for (const slide of slides) {
    parts.push({ name: `ppt/slides/slide${slide.file}.xml`, content: slideXml(slide.shapes) })
    const notesRel = slide.notes ? `<Relationship Id="rId2" Type="${REL}/notesSlide" Target="../notesSlides/notesSlide${slide.file}.xml"/>` : ''
    parts.push({
      name: `ppt/slides/_rels/slide${slide.file}.xml.rels`,
      content: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/slideLayout" Target="../slideLayouts/slideLayout1.xml"/>${notesRel}</Relationships>`
    })
    if (slide.notes) parts.push({ name: `ppt/notesSlides/notesSlide${slide.file}.xml`, content: notesXml(slide.notes, slide.file) })
  }
  return zip(parts, options.store)
}

const CHINESE_TITLE = '第三季度销售总结'
const CHINESE_BODY = '华东地区的销售额增长了百分之十二，新产品的市场反馈良好。'

/** Three slides: a title and bullets, Chinese text, a table with speaker notes. */
const DECK: SlideSpec[] = [
  {
    file: 1,
    shapes:
      textShape(['Quarterly review'], 'ctrTitle') +
      textShape([{ xml: '<a:r><a:t>Sales </a:t></a:r><a:r><a:rPr b="1"/><a:t>grew</a:t></a:r><a:r><a:t> 12%</a:t></a:r>' }, 'Costs fell', { xml: '<a:r><a:t>Line one</a:t></a:r><a:br/><a:r><a:t>line two</a:t></a:r>' }], 'body') +
      textShape([{ xml: '<a:fld id="{1}" type="slidenum"><a:t>1</a:t></a:fld>' }], 'sldNum')
  },
  { file: 2, shapes: textShape([CHINESE_TITLE], 'title') + textShape([CHINESE_BODY]) },
  {
    file: 3,
    shapes:
      textShape(['Regions'], 'title') +
      tableFrame([
        ['Region', 'Q2', 'Q3'],
        ['East', '1.2', '1.5'],
        ['West', '', '0.9']
      ]),
    notes: ['Mention the West had no Q2 data.', '西部第二季度没有数据。']
  }
]

const worker = { path: fileURLToPath(new URL('../../src/main/files/documents/worker.ts', import.meta.url)), execArgv: ['--require', 'tsx/cjs'] }

async function failure(promise: Promise<unknown>, code: DocumentErrorCode): Promise<DocumentError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentError)
    expect((error as DocumentError).code).toBe(code)
    expect((error as DocumentError).message.length).toBeGreaterThan(10)
    return error as DocumentError
  }
  throw new Error(`expected a DocumentError (${code})`)
}

// --- Tests ---------------------------------------------------------------------------------------

describe('PPTX: slide text', () => {
  it('one page per slide: titles, paragraphs as lines, Chinese, a table, notes', async () => {
    const doc = await extractDocumentInProcess(makePptx(DECK), 'review.pptx')
    expect(doc).toMatchObject({ kind: 'pptx', pageCount: 3, scanned: false, warnings: [] })
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3])
    // Runs of one paragraph join; a:br breaks the line; the slide-number placeholder is left out.
    expect(doc.pages[0].text).toBe('Quarterly review\n\nSales grew 12%\nCosts fell\nLine one\nline two')
    expect(doc.pages[1].text).toBe(`${CHINESE_TITLE}\n\n${CHINESE_BODY}`)
    // Table rows as lines, cells separated by " | ", empty cells kept so columns line up;
    // the notes after a "Notes:" line, without the notes page's slide number.
    expect(doc.pages[2].text).toBe('Regions\n\nRegion | Q2 | Q3\nEast | 1.2 | 1.5\nWest |  | 0.9\n\nNotes:\nMention the West had no Q2 data.\n西部第二季度没有数据。')
    expect(doc.chunks.length).toBeGreaterThan(0)
    expect(doc.chunks.map((c) => c.text).join('\n')).toContain(CHINESE_BODY)
  })

  it('stored (uncompressed) parts read the same as deflated ones', async () => {
    const stored = await extractDocumentInProcess(makePptx(DECK, { store: true }), 'review.pptx')
    const deflated = await extractDocumentInProcess(makePptx(DECK), 'review.pptx')
    expect(stored.pages).toEqual(deflated.pages)
  })

  it('presentation order, not file names: the slide list decides', async () => {
    const doc = await extractDocumentInProcess(makePptx(DECK, { order: [3, 1, 2] }), 'reordered.pptx')
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3])
    expect(doc.pages[0].text.startsWith('Regions')).toBe(true)
    expect(doc.pages[0].text).toContain('Notes:\nMention the West') // notes follow their slide
    expect(doc.pages[1].text.startsWith('Quarterly review')).toBe(true)
    expect(doc.pages[2].text.startsWith(CHINESE_TITLE)).toBe(true)
  })

  it('a deleted-but-kept slide file is not shown: only listed slides are pages', async () => {
    const doc = await extractDocumentInProcess(makePptx(DECK, { order: [2, 3] }), 'trimmed.pptx')
    expect(doc.pageCount).toBe(2)
    expect(doc.pages[0].text.startsWith(CHINESE_TITLE)).toBe(true)
  })

  it('without a slide list: the slide files in numeric order (slide2 before slide10)', async () => {
    const slides = [10, 2, 1].map((file) => ({ file, shapes: textShape([`Slide file ${file}`]) }))
    const doc = await extractDocumentInProcess(makePptx(slides, { noSlideList: true }), 'old.pptx')
    expect(doc.pages.map((p) => [p.number, p.text])).toEqual([
      [1, 'Slide file 1'],
      [2, 'Slide file 2'],
      [3, 'Slide file 10']
    ])
  })

  it('decodes XML entities, named and numeric, in text', async () => {
    const raw = { xml: '<a:r><a:t>R&amp;D &lt;2025&gt; &quot;plan&quot; &apos;A&apos; &#20013;&#x6587; &#x1F600;</a:t></a:r>' }
    const doc = await extractDocumentInProcess(makePptx([{ file: 1, shapes: textShape([raw]) }]), 'entities.pptx')
    expect(doc.pages[0].text).toBe('R&D <2025> "plan" \'A\' 中文 😀')
    expect(decodeXmlEntities('&amp;lt; &unknown; &#0; &#xD800;')).toBe('&lt; &unknown; &#0; &#xD800;')
  })

  it('reads mc:AlternateContent once (the Choice, not the Fallback copy)', () => {
    const xml = `<p:sld ${NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><p:cSld><p:spTree><mc:AlternateContent><mc:Choice Requires="a14">${textShape(['E = mc²'])}</mc:Choice><mc:Fallback>${textShape(['E = mc²'])}</mc:Fallback></mc:AlternateContent></p:spTree></p:cSld></p:sld>`
    expect(slidePartText(xml)).toBe('E = mc²')
  })

  it('group shapes, CDATA and comments', () => {
    const xml = `<p:sld ${NS}><p:cSld><p:spTree><!-- <a:t>not text</a:t> --><p:grpSp><p:nvGrpSpPr/>${textShape(['In a group'])}${textShape([{ xml: '<a:r><a:t><![CDATA[x < y & z]]></a:t></a:r>' }])}</p:grpSp></p:spTree></p:cSld></p:sld>`
    expect(slidePartText(xml)).toBe('In a group\n\nx < y & z')
  })

  it('empty slides stay pages (numbering kept) when another has text', async () => {
    const slides = [
      { file: 1, shapes: textShape(['Only text']) },
      { file: 2, shapes: '' }
    ]
    const doc = await extractDocumentInProcess(makePptx(slides), 'sparse.pptx')
    expect(doc.pages).toEqual([
      { number: 1, text: 'Only text' },
      { number: 2, text: '' }
    ])
  })

  it('a deck with only notes: the notes are the text', async () => {
    const doc = await extractDocumentInProcess(makePptx([{ file: 1, shapes: '', notes: ['Speaker only'] }]), 'notes.pptx')
    expect(doc.pages[0].text).toBe('Notes:\nSpeaker only')
  })
})

describe('PPTX: failures', () => {
  it('a deck without text, and one without slides, are empty', async () => {
    const blank = makePptx([
      { file: 1, shapes: textShape([''], 'title') },
      { file: 2, shapes: textShape([{ xml: '<a:fld id="{1}" type="slidenum"><a:t>2</a:t></a:fld>' }], 'sldNum') }
    ])
    await failure(extractDocumentInProcess(blank, 'blank.pptx'), 'empty')
    await failure(extractDocumentInProcess(makePptx([]), 'none.pptx'), 'empty')
  })

  it('a slide whose compressed data is garbage is corrupt', async () => {
    const deck = makePptx(DECK)
    const broken = zip([
      { name: '[Content_Types].xml', content: '<Types/>' },
      { name: 'ppt/presentation.xml', content: `<p:presentation ${NS}/>` },
      { name: 'ppt/slides/slide1.xml', content: slideXml(textShape(['x'])), rawData: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37]) }
    ])
    const error = await failure(extractDocumentInProcess(broken, 'broken.pptx'), 'corrupt')
    expect(error.message).toContain('ppt/slides/slide1.xml')
    // The directory points past the data it describes: a local header that is not there. The
    // name's last occurrence is the central directory's copy, 46 bytes after its entry's start.
    const shifted = Buffer.from(deck)
    const central = shifted.lastIndexOf(Buffer.from('ppt/slides/slide1.xml')) - 46
    expect(shifted.readUInt32LE(central)).toBe(0x02014b50)
    shifted.writeUInt32LE(shifted.readUInt32LE(central + 42) + 3, central + 42)
    await failure(extractDocumentInProcess(shifted, 'shifted.pptx'), 'corrupt')
  })

  it('a part that declares more than 50 MB is refused before it is inflated', async () => {
    const deck = zip([
      { name: 'ppt/presentation.xml', content: `<p:presentation ${NS}/>` },
      { name: 'ppt/slides/slide1.xml', content: slideXml(textShape(['x'])), declaredSize: 60 * 1024 * 1024 }
    ])
    const error = await failure(extractDocumentInProcess(deck, 'bomb.pptx'), 'too_large')
    expect(error.message).toMatch(/slide1\.xml unpacks to 60 MB; parts up to 50 MB/)
  })

  it('a zip bomb that lies about its size stops at the 50 MB cap', async () => {
    // ~60 KB of deflate that inflates to 64 MB, declared as 1 KB.
    const bomb = Buffer.alloc(64 * 1024 * 1024, 0x20)
    const deck = zip([
      { name: 'ppt/presentation.xml', content: `<p:presentation ${NS}/>` },
      { name: 'ppt/slides/slide1.xml', content: bomb, declaredSize: 1024 }
    ])
    expect(deck.length).toBeLessThan(200 * 1024)
    const started = performance.now()
    const error = await failure(extractDocumentInProcess(deck, 'bomb.pptx'), 'too_large')
    console.log(`[documents] zip bomb (${(deck.length / 1024).toFixed(0)} KB → 64 MB) refused in ${(performance.now() - started).toFixed(0)} ms`)
    expect(error.message).toMatch(/more than 50 MB/)
  })

  it('the total of all parts is capped too', () => {
    const filler = 'x'.repeat(600 * 1024)
    const slides = [1, 2, 3, 4].map((file) => ({ file, shapes: textShape([`Slide ${file} ${filler}`]) }))
    const deck = makePptx(slides)
    expect(extractPptx(deck, 'big.pptx', { partBytes: 1024 * 1024, totalBytes: 8 * 1024 * 1024 }).pages).toHaveLength(4)
    expect(() => extractPptx(deck, 'big.pptx', { partBytes: 1024 * 1024, totalBytes: 2 * 1024 * 1024 })).toThrow(/more than 2 MB/)
    try {
      extractPptx(deck, 'big.pptx', { partBytes: 1024 * 1024, totalBytes: 2 * 1024 * 1024 })
    } catch (error) {
      expect((error as DocumentError).code).toBe('too_large')
    }
  })

  it('Excel and Parquet stay unsupported as documents', async () => {
    const workbook = zip([
      { name: '[Content_Types].xml', content: '<Types/>' },
      { name: 'xl/workbook.xml', content: '<workbook/>' }
    ])
    await failure(extractDocumentInProcess(workbook, 'book.xlsx'), 'unsupported')
  })
})

describe('PPTX: in a worker thread', () => {
  it('extracts the slides off the calling thread', async () => {
    const deck = makePptx(DECK, { order: [2, 3, 1] })
    const started = performance.now()
    const doc = await extractDocument(deck, 'review.pptx', { worker })
    console.log(`[documents] 3-slide PPTX in a worker (start-up included): ${(performance.now() - started).toFixed(0)} ms`)
    expect(doc.kind).toBe('pptx')
    expect(doc.pages.map((p) => p.text.split('\n')[0])).toEqual([CHINESE_TITLE, 'Regions', 'Quarterly review'])
  })

  it('a 300-slide deck (time printed, not asserted)', async () => {
    const slides = Array.from({ length: 300 }, (_, i) => ({
      file: i + 1,
      shapes: textShape([`Slide ${i + 1} title`], 'title') + textShape(Array.from({ length: 8 }, (_, l) => `Point ${l + 1} of slide ${i + 1} about the roadmap.`)),
      notes: [`Notes for slide ${i + 1}.`]
    }))
    const deck = makePptx(slides)
    const started = performance.now()
    const doc = await extractDocumentInProcess(deck, 'long.pptx')
    console.log(`[documents] 300-slide PPTX (${(deck.length / 1024).toFixed(0)} KB): extracted in ${(performance.now() - started).toFixed(0)} ms, ${doc.chunks.length} chunks`)
    expect(doc.pageCount).toBe(300)
    expect(doc.pages[299].text).toContain('Notes:\nNotes for slide 300.')
  })
})
