/**
 * The shared part of assistants: the schemas' bounds, the assistant file (export → import, and
 * every way an import is refused, with files like the ones users will really try), and the
 * built-in library in both languages.
 */
import { describe, expect, it } from 'vitest'
import {
  ASSISTANT_LIMITS,
  Assistant,
  AssistantDraft,
  BuiltinAssistantId,
  isAssistantImage,
  McpServerId,
  NO_CAPABILITIES
} from '../../src/shared/assistants/schemas'
import { McpServerConfig } from '../../src/shared/tools/schemas'
import {
  ASSISTANT_FILE_FORMAT,
  assistantFileName,
  base64Chars,
  decodeBase64,
  encodeBase64,
  exportAssistant,
  MAX_KNOWLEDGE_FILE_BYTES,
  parseAssistantFile
} from '../../src/shared/assistants/fileFormat'
import {
  LIBRARY,
  LIBRARY_CATEGORIES,
  LIVE_TRANSLATOR_ID,
  LibraryCategory,
  libraryAssistantDraft,
  libraryEntry,
  searchLibrary
} from '../../src/shared/assistants/library'

/** A real 1×1 PNG. */
const PNG_1PX = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

function bytesOf(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

/** A data: URL of `length` bytes that start with `magic`. */
function imageUrl(type: 'png' | 'jpeg' | 'webp' | 'gif', magic: number[], length: number): string {
  const bytes = bytesOf(length)
  bytes.set(magic)
  return `data:image/${type};base64,${encodeBase64(bytes)}`
}
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG_MAGIC = [0xff, 0xd8, 0xff, 0xe0]
const WEBP_MAGIC = [...'RIFF'].map((c) => c.charCodeAt(0)).concat([0x10, 0x20, 0x00, 0x00], [...'WEBPVP8 '].map((c) => c.charCodeAt(0)))
const GIF_MAGIC = [...'GIF89a'].map((c) => c.charCodeAt(0))

function draft(extra: Partial<AssistantDraft> = {}): AssistantDraft {
  return {
    name: 'Contract reviewer',
    emoji: '⚖️',
    description: 'Reads contracts and flags risky clauses.',
    instructions: 'You review contracts.\nList risky clauses first, with the clause number.',
    providerId: 'prov-1',
    model: 'gpt-4.1',
    starters: ['Review the attached NDA.', 'What does "indemnify" mean here?'],
    knowledge: [{ attachmentId: 'att-1', name: 'playbook.pdf', format: 'pdf', bytes: 1000, pages: 3 }],
    capabilities: { web: true, data: false, memory: true, mcpServers: ['filesystem', 'github'] },
    voice: 'alloy',
    voiceInstructions: 'Speak slowly.',
    builtinId: 'writing-editor',
    ...extra
  }
}

function assistant(extra: Partial<Assistant> = {}): Assistant {
  return { id: 'a-1', ...draft(), createdAt: 1_700_000_000_000, updatedAt: 1_700_000_100_000, ...extra }
}

/** A valid assistant file as a plain object, to spoil in one place per test. */
function validFile(): { format: string; version: number; assistant: Record<string, unknown>; knowledge: Array<Record<string, unknown>> } {
  return JSON.parse(exportAssistant(draft(), [{ name: 'playbook.pdf', bytes: bytesOf(30) }]))
}

function refusal(text: string, options?: Parameters<typeof parseAssistantFile>[1]): { reason: string; detail: string } {
  const result = parseAssistantFile(text, options)
  if (result.ok) throw new Error('expected a refusal')
  return result
}

describe('assistant schemas', () => {
  it('accepts a complete assistant and a minimal draft', () => {
    expect(Assistant.safeParse(assistant()).success).toBe(true)
    const minimal = { name: 'A', description: '', instructions: '', starters: [], knowledge: [], capabilities: NO_CAPABILITIES }
    expect(AssistantDraft.parse(minimal)).toEqual(minimal)
  })

  it('bounds every string and list', () => {
    const ok = (patch: Partial<AssistantDraft>) => AssistantDraft.safeParse(draft(patch)).success
    expect(ok({ name: '' })).toBe(false)
    expect(ok({ name: '   ' })).toBe(false)
    expect(ok({ name: 'x'.repeat(ASSISTANT_LIMITS.name) })).toBe(true)
    expect(ok({ name: 'x'.repeat(ASSISTANT_LIMITS.name + 1) })).toBe(false)
    expect(ok({ description: 'x'.repeat(ASSISTANT_LIMITS.description + 1) })).toBe(false)
    expect(ok({ instructions: 'x'.repeat(32_000) })).toBe(true)
    expect(ok({ instructions: 'x'.repeat(32_001) })).toBe(false)
    expect(ok({ starters: Array.from({ length: 6 }, (_, i) => `Question ${i}`) })).toBe(true)
    expect(ok({ starters: Array.from({ length: 7 }, (_, i) => `Question ${i}`) })).toBe(false)
    expect(ok({ starters: ['x'.repeat(200)] })).toBe(true)
    expect(ok({ starters: ['x'.repeat(201)] })).toBe(false)
    expect(ok({ starters: [''] })).toBe(false)
    const file = draft().knowledge[0]
    expect(ok({ knowledge: Array.from({ length: 21 }, (_, i) => ({ ...file, attachmentId: `a${i}` })) })).toBe(false)
    expect(ok({ knowledge: [{ ...file, bytes: -1 }] })).toBe(false)
    expect(ok({ model: 'm'.repeat(201) })).toBe(false)
    expect(ok({ voice: 'v'.repeat(101) })).toBe(false)
    expect(ok({ voiceInstructions: 'v'.repeat(4001) })).toBe(false)
    expect(ok({ capabilities: { ...NO_CAPABILITIES, mcpServers: ['github', 'github'] } })).toBe(false)
    expect(ok({ capabilities: { ...NO_CAPABILITIES, mcpServers: ['Not An Id'] } })).toBe(false)
    expect(ok({ capabilities: { ...NO_CAPABILITIES, mcpServers: Array.from({ length: 51 }, (_, i) => `s${i}`) } })).toBe(false)
    expect(ok({ builtinId: 'Bad Id' })).toBe(false)
  })

  it('names MCP servers by the ids McpServerConfig allows, no more, no less', () => {
    for (const id of ['github', 'fs-2', 'a', 'x'.repeat(32), '', 'x'.repeat(33), 'GitHub', 'my server', 'a_b', 'ü', 'a\n']) {
      expect(McpServerId.safeParse(id).success, id).toBe(McpServerConfig.shape.id.safeParse(id).success)
    }
  })

  it('takes an emoji or an image, never both, and only real emoji', () => {
    const ok = (patch: Partial<AssistantDraft>) => AssistantDraft.safeParse(draft(patch)).success
    for (const emoji of ['🌐', '🧑‍💻', '✍️', '🇨🇳', '1️⃣', '👩🏽‍🚀']) expect(ok({ emoji }), emoji).toBe(true)
    for (const emoji of ['', 'hello', 'A', '🌐 🌐', '🌐'.repeat(33)]) expect(ok({ emoji }), emoji).toBe(false)
    expect(ok({ emoji: undefined, image: PNG_1PX })).toBe(true)
    expect(ok({ emoji: undefined, image: undefined })).toBe(true)
    const both = AssistantDraft.safeParse(draft({ image: PNG_1PX }))
    expect(both.success).toBe(false)
    expect(both.error?.issues[0].path).toEqual(['image'])
  })

  it('takes PNG, JPEG and WebP images up to 256 KB, checked by their first bytes', () => {
    expect(isAssistantImage(PNG_1PX)).toBe(true)
    expect(isAssistantImage(imageUrl('png', PNG_MAGIC, 256 * 1024))).toBe(true)
    expect(isAssistantImage(imageUrl('png', PNG_MAGIC, 256 * 1024 + 1))).toBe(false)
    expect(isAssistantImage(imageUrl('jpeg', JPEG_MAGIC, 5000))).toBe(true)
    expect(isAssistantImage(imageUrl('webp', WEBP_MAGIC, 5001))).toBe(true)
    expect(isAssistantImage(imageUrl('gif', GIF_MAGIC, 5000))).toBe(false)
    // The declared type must be the real one.
    expect(isAssistantImage(imageUrl('png', JPEG_MAGIC, 5000))).toBe(false)
    expect(isAssistantImage(imageUrl('webp', [...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], [...'WAVE'].map((c) => c.charCodeAt(0))), 5000))).toBe(false)
    expect(isAssistantImage('data:image/svg+xml;base64,PHN2Zy8+')).toBe(false)
    expect(isAssistantImage('https://example.com/a.png')).toBe(false)
    expect(isAssistantImage('data:image/png;base64,iVBORw0KGgo!!!!')).toBe(false)
    expect(AssistantDraft.safeParse(draft({ emoji: undefined, image: imageUrl('png', PNG_MAGIC, 300 * 1024) })).success).toBe(false)
  })
})

describe('base64', () => {
  it('matches Node’s codec at every length and refuses what is not base64', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 255, 1000, 65_537]) {
      const bytes = bytesOf(length, length + 7)
      const text = encodeBase64(bytes)
      expect(text).toBe(Buffer.from(bytes).toString('base64'))
      expect(text.length).toBe(base64Chars(length))
      expect(decodeBase64(text)).toEqual(bytes)
    }
    for (const bad of ['A', 'AAA', 'AA=A', '====', 'A===', 'AAAA AAA', 'AAA\n', 'ÀAAA', 'AA-_', 'AA==AAAA']) expect(decodeBase64(bad), bad).toBeUndefined()
  })
})

describe('assistant file: export → import', () => {
  it('round-trips the assistant and the knowledge bytes exactly', () => {
    const pdf = bytesOf(100_003, 42)
    const csv = new TextEncoder().encode('term,meaning\nNDA,non-disclosure agreement\n')
    const source = assistant({ emoji: undefined, image: PNG_1PX })
    const text = exportAssistant(source, [
      { name: 'playbook.pdf', bytes: pdf },
      { name: 'glossary.csv', mime: 'text/csv', bytes: csv },
      { name: 'empty.txt', bytes: new Uint8Array(0) }
    ])
    const parsed = parseAssistantFile(text)
    if (!parsed.ok) throw new Error(parsed.detail)
    expect(parsed.knowledge.map((k) => k.name)).toEqual(['playbook.pdf', 'glossary.csv', 'empty.txt'])
    expect(parsed.knowledge[0].bytes).toEqual(pdf)
    expect(parsed.knowledge[0].mime).toBe('application/pdf') // from the assistant's entry's format
    expect(parsed.knowledge[1].bytes).toEqual(csv)
    expect(parsed.knowledge[2].bytes.length).toBe(0)
    expect(parsed.knowledge[2].mime).toBeUndefined()
    // The provider and the local ids stay home; the rest comes back as it was.
    const { id: _id, createdAt: _c, updatedAt: _u, providerId: _p, builtinId: _b, knowledge: _k, ...kept } = source
    expect(parsed.draft).toEqual({ ...kept, knowledge: [] })
    expect(AssistantDraft.safeParse(parsed.draft).success).toBe(true)
  })

  it('writes pretty, versioned JSON without ids, dates or the provider', () => {
    const text = exportAssistant(assistant(), [])
    expect(text).toMatch(/^\{\n {2}"format": "omnidesk-assistant",\n {2}"version": 1,\n/)
    const json = JSON.parse(text)
    expect(Object.keys(json)).toEqual(['format', 'version', 'assistant', 'knowledge'])
    for (const key of ['id', 'createdAt', 'updatedAt', 'providerId', 'builtinId', 'knowledge']) expect(json.assistant).not.toHaveProperty(key)
    expect(json.assistant).not.toHaveProperty('image') // absent optionals are omitted, not null
    expect(json.assistant.capabilities.mcpServers).toEqual(['filesystem', 'github'])
  })

  it('refuses to export what could not be imported', () => {
    expect(() => exportAssistant(draft(), [{ name: 'huge.bin', bytes: new Uint8Array(MAX_KNOWLEDGE_FILE_BYTES + 1) }])).toThrow(/at most 50 MB/)
    expect(() => exportAssistant(draft({ name: '' }), [])).toThrow(/assistant\.name/)
    expect(() => exportAssistant(draft(), [{ name: '../secrets.txt', bytes: new Uint8Array(1) }])).toThrow(/file name/)
  })

  it('carries the memory choice: "own" and "shared" round-trip, absent stays absent (v1 files before it read as shared)', () => {
    for (const memoryScope of ['own', 'shared'] as const) {
      const text = exportAssistant(draft({ capabilities: { ...draft().capabilities, memoryScope } }), [])
      expect(JSON.parse(text).assistant.capabilities.memoryScope).toBe(memoryScope)
      const parsed = parseAssistantFile(text)
      if (!parsed.ok) throw new Error(parsed.detail)
      expect(parsed.draft.capabilities.memoryScope).toBe(memoryScope)
    }
    const plain = parseAssistantFile(exportAssistant(draft(), []))
    if (!plain.ok) throw new Error(plain.detail)
    expect(plain.draft.capabilities).not.toHaveProperty('memoryScope')
    expect(Assistant.safeParse(assistant()).success).toBe(true)
    const wrong = validFile()
    ;(wrong.assistant.capabilities as Record<string, unknown>).memoryScope = 'private'
    expect(refusal(JSON.stringify(wrong)).detail).toBe('"assistant.capabilities.memoryScope" should be "shared" or "own", but it is "private".')
  })

  it('accepts a file saved with a byte-order mark', () => {
    expect(parseAssistantFile('\uFEFF' + exportAssistant(draft(), [])).ok).toBe(true)
  })

  it('names files after the assistant, without characters file systems refuse', () => {
    expect(assistantFileName('Translator')).toBe('Translator.assistant.json')
    expect(assistantFileName('a/b: c?')).toBe('a b c.assistant.json')
    expect(assistantFileName('...')).toBe('Assistant.assistant.json')
    expect(assistantFileName('中英互译')).toBe('中英互译.assistant.json')
  })
})

describe('assistant file: refusals', () => {
  it('not JSON: a YAML file', () => {
    const r = refusal('name: Translator\ninstructions: |\n  You translate.\n')
    expect(r.reason).toBe('not_json')
    expect(r.detail).toMatch(/not valid JSON/)
  })

  it('not an assistant: a GPT exported from another app, an array, another format', () => {
    const gpt = {
      name: 'Translator',
      description: 'Translates',
      instructions: 'You translate.',
      conversation_starters: ['Translate this'],
      capabilities: { browsing: true, dalle: false, code_interpreter: false }
    }
    const r = refusal(JSON.stringify(gpt, null, 2))
    expect(r.reason).toBe('not_assistant')
    expect(r.detail).toMatch(/another app/)
    expect(refusal('[1, 2, 3]').reason).toBe('not_assistant')
    expect(refusal('"omnidesk-assistant"').reason).toBe('not_assistant')
    const other = refusal(JSON.stringify({ format: 'lobechat-agent', version: 1 }))
    expect(other.reason).toBe('not_assistant')
    expect(other.detail).toContain('"lobechat-agent"')
  })

  it('newer version: says to update, whatever else the file holds', () => {
    const file = validFile()
    file.version = 2
    file.assistant.temperature = 0.2 // a field version 2 may well define
    const r = refusal(JSON.stringify(file))
    expect(r).toMatchObject({ reason: 'newer_version', detail: expect.stringMatching(/newer Omnidesk.*version 2.*update/) })
  })

  it('an unknown field anywhere, named', () => {
    const file = validFile()
    file.assistant.temperature = 0.7
    const r = refusal(JSON.stringify(file))
    expect(r.reason).toBe('invalid')
    expect(r.detail).toContain('"assistant.temperature"')
    const top = validFile() as Record<string, unknown>
    top.exportedBy = 'Omnidesk 2.0'
    expect(refusal(JSON.stringify(top)).detail).toContain('"exportedBy"')
    const nested = validFile()
    nested.knowledge[0].encoding = 'base64'
    expect(refusal(JSON.stringify(nested)).detail).toContain('"knowledge[0].encoding"')
    const caps = validFile()
    ;(caps.assistant.capabilities as Record<string, unknown>).code_interpreter = true
    expect(refusal(JSON.stringify(caps)).detail).toContain('"assistant.capabilities.code_interpreter"')
  })

  it('a wrong type: which field, what was expected, what it is', () => {
    const file = validFile()
    file.assistant.starters = ['Review the attached NDA.', 42]
    const r = refusal(JSON.stringify(file))
    expect(r.reason).toBe('invalid')
    expect(r.detail).toBe('"assistant.starters[1]" should be text, but it is the number 42.')
    const flag = validFile()
    ;(flag.assistant.capabilities as Record<string, unknown>).web = 'yes'
    expect(refusal(JSON.stringify(flag)).detail).toBe('"assistant.capabilities.web" should be true or false, but it is "yes".')
    const missing = validFile()
    delete missing.assistant.name
    expect(refusal(JSON.stringify(missing)).detail).toBe('The file is missing "assistant.name" (text).')
    const version = validFile() as Record<string, unknown>
    version.version = '1'
    expect(refusal(JSON.stringify(version))).toMatchObject({ reason: 'invalid', detail: expect.stringContaining('"version"') })
  })

  it('values out of bounds', () => {
    const long = validFile()
    long.assistant.instructions = 'x'.repeat(32_001)
    expect(refusal(JSON.stringify(long)).detail).toBe('"assistant.instructions" is too long: at most 32,000 characters.')
    const many = validFile()
    many.assistant.starters = ['1', '2', '3', '4', '5', '6', '7']
    expect(refusal(JSON.stringify(many)).detail).toBe('"assistant.starters" has too many entries: at most 6.')
    const both = validFile()
    both.assistant.image = PNG_1PX
    expect(refusal(JSON.stringify(both)).detail).toContain('either an emoji or an image')
    const gif = validFile()
    delete gif.assistant.emoji
    gif.assistant.image = imageUrl('gif', GIF_MAGIC, 100)
    expect(refusal(JSON.stringify(gif)).detail).toMatch(/"assistant.image" should be a PNG, JPEG or WebP picture/)
  })

  it('knowledge that is not base64', () => {
    const file = validFile()
    file.knowledge[0].data = 'JVBERi0xLjQK%%EOF not base64'
    const r = refusal(JSON.stringify(file))
    expect(r.reason).toBe('invalid')
    expect(r.detail).toBe('The knowledge file "playbook.pdf" is damaged: its "data" is not valid base64.')
  })

  it('knowledge too large: one file over 50 MB, refused before it is decoded', () => {
    const file = validFile()
    file.knowledge[0].data = 'A'.repeat(base64Chars(MAX_KNOWLEDGE_FILE_BYTES + 3))
    const r = refusal(JSON.stringify(file))
    expect(r.reason).toBe('invalid')
    expect(r.detail).toMatch(/"playbook.pdf" is 50 MB: .* at most 50 MB\./)
  })

  it('knowledge too large: the caller’s caps, per file and together', () => {
    const two = JSON.parse(
      exportAssistant(draft(), [
        { name: 'a.txt', bytes: bytesOf(2000) },
        { name: 'b.txt', bytes: bytesOf(2000) }
      ])
    )
    expect(parseAssistantFile(JSON.stringify(two)).ok).toBe(true)
    expect(refusal(JSON.stringify(two), { maxBytes: 3000 }).detail).toBe('The knowledge files together are larger than 2.9 KB, the most an assistant file may hold.')
    expect(refusal(JSON.stringify(two), { maxFileBytes: 1000 }).detail).toMatch(/"a.txt" is 2 KB/)
    // A text far larger than the knowledge cap allows is refused before it is parsed.
    expect(refusal('x'.repeat(5 * 1024 * 1024), { maxBytes: 1000 }).detail).toMatch(/too large to import/)
  })

  it('knowledge names are names, not paths', () => {
    const file = validFile()
    file.knowledge[0].name = '../../.ssh/id_rsa'
    expect(refusal(JSON.stringify(file)).detail).toMatch(/"knowledge\[0\]\.name" should be a file name/)
  })
})

describe('library', () => {
  const REQUIRED = [
    'translator',
    LIVE_TRANSLATOR_ID,
    'code-explainer',
    'writing-editor',
    'summariser',
    'data-analyst',
    'meeting-notes',
    'interview-coach',
    'email-writer',
    'socratic-tutor',
    'travel-planner',
    'cooking-helper',
    'fitness-coach',
    'eli5',
    'prompt-engineer'
  ]
  const CJK = /[\u4e00-\u9fff]/

  it('has the 15 entries, each id once, in known categories', () => {
    expect(LIBRARY).toHaveLength(15)
    expect(new Set(LIBRARY.map((e) => e.builtinId)).size).toBe(15)
    expect(LIBRARY.map((e) => e.builtinId).sort()).toEqual([...REQUIRED].sort())
    for (const entry of LIBRARY) {
      expect(BuiltinAssistantId.safeParse(entry.builtinId).success, entry.builtinId).toBe(true)
      expect(LibraryCategory.safeParse(entry.category).success, entry.builtinId).toBe(true)
      expect(libraryEntry(entry.builtinId)).toBe(entry)
    }
    expect(LIBRARY_CATEGORIES.map((c) => c.id)).toEqual(LibraryCategory.options)
    for (const c of LIBRARY_CATEGORIES) {
      expect(LIBRARY.some((e) => e.category === c.id), c.id).toBe(true)
      expect(c['zh-CN']).toMatch(CJK)
    }
  })

  it('every entry is a valid assistant in both languages, with substantial text', () => {
    for (const entry of LIBRARY) {
      for (const language of ['en', 'zh-CN'] as const) {
        const where = `${entry.builtinId} (${language})`
        const d = libraryAssistantDraft(entry, language)
        expect(AssistantDraft.safeParse(d).success, where).toBe(true)
        expect(Assistant.safeParse({ ...d, id: 'x', createdAt: 0, updatedAt: 0 }).success, where).toBe(true)
        expect(d.builtinId, where).toBe(entry.builtinId)
        expect(d.knowledge, where).toEqual([])
        expect(d.capabilities.mcpServers, where).toEqual([])
        const text = entry[language]
        const lines = text.instructions.split('\n')
        expect(lines.length, where).toBeGreaterThanOrEqual(8)
        expect(lines.length, where).toBeLessThanOrEqual(20)
        expect(lines.every((l) => l.trim().length > 0), where).toBe(true)
        expect(text.instructions.length, where).toBeGreaterThan(language === 'en' ? 800 : 250)
        expect(text.starters.length, where).toBeGreaterThanOrEqual(3)
        expect(text.starters.length, where).toBeLessThanOrEqual(4)
        expect(new Set(text.starters).size, where).toBe(text.starters.length)
        expect(text.description.length, where).toBeGreaterThan(language === 'en' ? 40 : 15)
        if (language === 'zh-CN') {
          for (const s of [text.name, text.description, text.instructions]) expect(s, where).toMatch(CJK)
        } else {
          for (const s of [text.name, text.description, text.instructions]) expect(s, where).not.toMatch(CJK)
        }
      }
      expect(entry.en.name).not.toBe(entry['zh-CN'].name)
    }
  })

  it('the voice interpreter, the analyst and the planner are set up for their jobs', () => {
    const live = libraryEntry(LIVE_TRANSLATOR_ID)!
    for (const language of ['en', 'zh-CN'] as const) {
      const d = libraryAssistantDraft(live, language)
      expect(d.voiceInstructions, language).toBeTruthy()
      expect(d.voiceInstructions!.length).toBeLessThanOrEqual(ASSISTANT_LIMITS.voiceInstructions)
    }
    expect(live.en.voiceInstructions).toMatch(/sentence by sentence/)
    expect(live.en.voiceInstructions).toMatch(/no commentary/)
    expect(live['zh-CN'].voiceInstructions).toMatch(/不评论/)
    expect(LIBRARY.filter((e) => e.en.voiceInstructions !== undefined).map((e) => e.builtinId)).toEqual([LIVE_TRANSLATOR_ID])

    const analyst = libraryEntry('data-analyst')!
    expect(analyst.capabilities.data).toBe(true)
    for (const language of ['en', 'zh-CN'] as const) {
      expect(analyst[language].instructions).toContain('query_data')
      expect(analyst[language].instructions).toContain('```chart')
      expect(analyst[language].instructions).toContain('"query"')
    }
    expect(libraryEntry('travel-planner')!.capabilities.web).toBe(true)
  })

  it('library drafts export and import back unchanged (but for the library id)', () => {
    for (const entry of LIBRARY) {
      for (const language of ['en', 'zh-CN'] as const) {
        const d = libraryAssistantDraft(entry, language)
        const parsed = parseAssistantFile(exportAssistant(d, []))
        if (!parsed.ok) throw new Error(`${entry.builtinId}: ${parsed.detail}`)
        const { builtinId: _b, ...rest } = d
        expect(parsed.draft).toEqual(rest)
      }
    }
  })

  it('drafts are copies: editing one never edits the library', () => {
    const entry = libraryEntry('translator')!
    const d = libraryAssistantDraft(entry, 'en')
    d.starters.push('changed')
    d.capabilities.web = true
    expect(entry.en.starters).not.toContain('changed')
    expect(entry.capabilities.web).toBe(false)
    expect(Object.isFrozen(LIBRARY)).toBe(true)
  })

  it('search: both languages, any case and width, categories, CJK substrings', () => {
    const ids = (q: string, language: 'en' | 'zh-CN' = 'en') => searchLibrary(q, language).map((e) => e.builtinId)
    expect(ids('翻译')).toEqual(expect.arrayContaining(['translator', LIVE_TRANSLATOR_ID]))
    expect(ids('翻译', 'zh-CN')).toEqual(expect.arrayContaining(['translator', LIVE_TRANSLATOR_ID]))
    expect(ids('translate')).toEqual(expect.arrayContaining(['translator', LIVE_TRANSLATOR_ID]))
    expect(ids('translate', 'zh-CN')).toContain('translator')
    expect(ids('TRANSLATION')).toContain('translator')
    expect(ids('data')[0]).toBe('data-analyst')
    expect(ids('ｄａｔａ')[0]).toBe('data-analyst')
    expect(ids('数据', 'zh-CN')[0]).toBe('data-analyst')
    expect(ids('编程').sort()).toEqual(['code-explainer', 'prompt-engineer'])
    expect(ids('lifestyle').sort()).toEqual(['cooking-helper', 'fitness-coach', 'travel-planner'])
    expect(ids('summary')).toContain('summariser')
    expect(ids('email writer')).toEqual(['email-writer'])
    expect(ids('面试')).toEqual(['interview-coach'])
    expect(ids('口译')).toContain(LIVE_TRANSLATOR_ID)
    expect(ids('xyzzy')).toEqual([])
    expect(ids('   ')).toHaveLength(15)
    // A name in the user's language ranks first.
    expect(ids('translator')[0]).toBe('translator')
    expect(ids('互译', 'zh-CN')[0]).toBe('translator')
  })

  it('the file format name is what the docs say', () => {
    expect(ASSISTANT_FILE_FORMAT).toBe('omnidesk-assistant')
  })
})
