/**
 * Export and import of conversations (src/main/transfer) against the real store and attachment
 * store in a temp folder: Omnidesk's JSON round trip, ids remapped on conflict, ChatGPT's export
 * (current branch, unknown types, images, truncated zip), Chatbox's, refusals that import
 * nothing, a full disk during export, Markdown and self-contained HTML, progress.
 */
import { mkdtemp, readFile, readdir, rm, stat, truncate, writeFile, open as openFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAttachmentStore } from '../../src/main/attachments/attachmentStore'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ConversationStore, FileDialogPort } from '../../src/main/store/types'
import { createTransferService, defaultFileName, type TransferDeps } from '../../src/main/transfer/service'
import { currentBranch } from '../../src/main/transfer/importChatGpt'
import type { TransferProgress } from '../../src/shared/ipc/contract'
import { gptConversation, gptText, solidPng, writeZip } from '../fixtures/transfer/build'

const folders: string[] = []
const closers: Array<() => Promise<void>> = []
let work: string

const tempDir = async (prefix: string): Promise<string> => {
  const dir = await mkdtemp(path.join(tmpdir(), prefix))
  folders.push(dir)
  return dir
}

async function openStore(): Promise<{ store: ConversationStore; dataDir: string }> {
  const dataDir = await tempDir('omnidesk-transfer-data-')
  const { store } = await openConversationStore({ dataDir })
  closers.push(() => store.close())
  return { store, dataDir }
}

beforeEach(async () => {
  work = await tempDir('omnidesk-transfer-files-')
})

afterEach(async () => {
  for (const close of closers.splice(0)) await close()
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true })
})

const PNG = solidPng(3, 2, [200, 30, 30])

/** Two conversations using every kind of part: the second summarises the first and starts its context mid-way. */
async function seed(store: ConversationStore, dataDir: string): Promise<{ firstId: string; secondId: string }> {
  const attachments = createAttachmentStore({ dataDir })
  const image = await attachments.add({ original: { data: PNG, width: 3, height: 2 }, encoded: [{ data: PNG, width: 3, height: 2 }], name: 'red.png' })
  const first = await store.createConversation({ title: 'Trip to Kyoto', model: 'gpt-4o' })
  await store.addMessage({ conversationId: first.id, role: 'user', status: 'complete', parts: [{ type: 'text', text: 'What is this? <script>alert(1)</script>' }, { type: 'image', attachmentId: image.id, mime: 'image/png', width: 3, height: 2 }] })
  await store.addMessage({
    conversationId: first.id,
    role: 'assistant',
    status: 'complete',
    model: 'o3',
    parts: [
      { type: 'imagesRead', images: [{ name: 'red.png', text: 'RED' }] },
      { type: 'reasoning', text: 'The user shows a red image.', durationMs: 1200 },
      { type: 'tool', callId: 'call_1', name: 'web_search', source: 'builtin', title: 'Web search', arguments: '{"q":"red"}', status: 'done', result: 'Red is a colour.', format: 'markdown', sources: [{ title: 'Red', url: 'https://example.com/red' }] },
      { type: 'text', text: 'A **red** rectangle. 京都は美しい。' }
    ]
  })
  const second = await store.createConversation({ title: 'Follow-up' })
  await store.addMessage({ conversationId: second.id, role: 'system', status: 'complete', parts: [{ type: 'summary', text: 'Kyoto talk.', fromConversationId: first.id, fromTitle: first.title }] })
  const q = await store.addMessage({ conversationId: second.id, role: 'user', status: 'complete', parts: [{ type: 'text', text: 'And Osaka?' }] })
  await store.addMessage({ conversationId: second.id, role: 'assistant', status: 'complete', parts: [{ type: 'text', text: 'Osaka is close.' }] })
  await store.setContextFrom(second.id, q.id)
  return { firstId: first.id, secondId: second.id }
}

const service = (deps: TransferDeps) => createTransferService({ progressIntervalMs: 0, ...deps })
const withoutExportedAt = (text: string): unknown => {
  const { exportedAt: _, ...rest } = JSON.parse(text) as Record<string, unknown>
  return rest
}

describe('Omnidesk JSON', () => {
  it('round trip: export → import into an empty history → export again is identical (but for exportedAt)', async () => {
    const a = await openStore()
    await seed(a.store, a.dataDir)
    const fileA = path.join(work, 'a.json')
    const written = await service(a).exportFile(fileA, { format: 'json' })
    expect(written.bytes).toBe((await stat(fileA)).size)
    const exported = JSON.parse(await readFile(fileA, 'utf8'))
    expect(exported).toMatchObject({ format: 'omnidesk-history', version: 2 })
    expect(Object.values(exported.attachments)).toEqual([expect.objectContaining({ kind: 'image', name: 'red.png', original: expect.objectContaining({ data: PNG.toString('base64') }) })])

    const b = await openStore()
    const summary = await service(b).importFile(fileA)
    expect(summary).toMatchObject({ source: 'omnidesk', imported: 2, skipped: [] })
    const fileB = path.join(work, 'b.json')
    await service(b).exportFile(fileB, { format: 'json' })
    expect(withoutExportedAt(await readFile(fileB, 'utf8'))).toEqual(withoutExportedAt(await readFile(fileA, 'utf8')))
    // The image is in the new history's attachment store, under the same id.
    const imageId = Object.keys(exported.attachments)[0]
    expect((await createAttachmentStore({ dataDir: b.dataDir }).readOriginal(imageId))?.data.equals(PNG)).toBe(true)
  })

  it('reads a version-1 file (written before the imagesRead part existed)', async () => {
    const a = await openStore()
    await seed(a.store, a.dataDir)
    const file = path.join(work, 'v1.json')
    await service(a).exportFile(file, { format: 'json' })
    const v1 = JSON.parse(await readFile(file, 'utf8')) as { version: number; conversations: Array<{ messages: Array<{ parts: Array<{ type: string }> }> }> }
    v1.version = 1
    for (const c of v1.conversations) for (const m of c.messages) m.parts = m.parts.filter((p) => p.type !== 'imagesRead')
    await writeFile(file, JSON.stringify(v1))
    const b = await openStore()
    expect(await service(b).importFile(file)).toMatchObject({ source: 'omnidesk', imported: 2, skipped: [] })
  })

  it('imported into a history that has those ids: fresh ids, and every reference follows', async () => {
    const a = await openStore()
    const { firstId, secondId } = await seed(a.store, a.dataDir)
    const file = path.join(work, 'a.json')
    await service(a).exportFile(file, { format: 'json' })
    const summary = await service(a).importFile(file)
    expect(summary.imported).toBe(2)
    const all = await a.store.listConversations()
    expect(all).toHaveLength(4)
    const copies = all.filter((c) => c.id !== firstId && c.id !== secondId)
    expect(copies.map((c) => c.title).sort()).toEqual(['Follow-up', 'Trip to Kyoto'])
    const firstCopy = copies.find((c) => c.title === 'Trip to Kyoto')!
    const secondCopy = copies.find((c) => c.title === 'Follow-up')!
    const messages = await a.store.listMessages(secondCopy.id)
    expect(messages.every((m) => m.conversationId === secondCopy.id)).toBe(true)
    // The context start is the copy's own question; the summary points at the copy of the first conversation.
    expect(secondCopy.contextFrom).toBe(messages[1].id)
    expect(messages[0].parts[0]).toMatchObject({ type: 'summary', fromConversationId: firstCopy.id })
    // The originals are untouched.
    expect((await a.store.listMessages(secondId)).map((m) => m.id)).not.toContain(messages[1].id)
  })

  it('refuses an export from a newer Omnidesk, and a damaged one, importing nothing', async () => {
    const { store, dataDir } = await openStore()
    const newer = path.join(work, 'newer.json')
    await writeFile(newer, JSON.stringify({ format: 'omnidesk-history', version: 3, exportedAt: 1, conversations: [], attachments: {} }))
    await expect(service({ store, dataDir }).importFile(newer)).rejects.toMatchObject({ info: { code: 'bad_request', detail: expect.stringContaining('newer Omnidesk (history format 3)') } })
    const damaged = path.join(work, 'damaged.json')
    await writeFile(damaged, JSON.stringify({ format: 'omnidesk-history', version: 1, exportedAt: 1, conversations: [{ conversation: { id: 'x' }, messages: [] }], attachments: {} }))
    await expect(service({ store, dataDir }).importFile(damaged)).rejects.toMatchObject({ info: { detail: expect.stringContaining('damaged') } })
    expect(await store.listConversations()).toEqual([])
  })

  it('speaks the UI language (zh-CN)', async () => {
    const { store, dataDir } = await openStore()
    const newer = path.join(work, 'newer.json')
    await writeFile(newer, JSON.stringify({ format: 'omnidesk-history', version: 3 }))
    await expect(service({ store, dataDir, language: () => 'zh-CN' }).importFile(newer)).rejects.toMatchObject({ info: { detail: expect.stringContaining('更新版本的 Omnidesk（历史格式 3）') } })
  })
})

describe('refused files', () => {
  it('JSON of the wrong kind, text that is not JSON, an assistant file: a sentence saying what to choose', async () => {
    const { store, dataDir } = await openStore()
    const cases: Array<[string, string, RegExp]> = [
      ['settings.json', JSON.stringify({ theme: 'dark', language: 'en' }), /not a conversation export Omnidesk knows/],
      ['notes.txt', 'hello there', /neither JSON nor a zip/],
      ['cut.json', '[{"title": "a", "mapping": {', /cut short or damaged/],
      ['assistant.json', JSON.stringify({ format: 'omnidesk-assistant', version: 1 }), /Assistants panel/],
      ['empty.json', '[]', /no conversations/]
    ]
    for (const [name, content, sentence] of cases) {
      const file = path.join(work, name)
      await writeFile(file, content)
      await expect(service({ store, dataDir }).importFile(file), name).rejects.toMatchObject({ info: { code: 'bad_request', detail: expect.stringMatching(sentence) } })
    }
    expect(await store.listConversations()).toEqual([])
  })
})

/** A ChatGPT conversation with a regenerated answer (two branches), hidden system text, thinking, code, an image and node types not known here. */
function branchedConversation(): Record<string, unknown> {
  return gptConversation({
    id: 'conv-branch',
    title: 'Colours',
    current: 'a2-text',
    nodes: [
      { id: 'root' },
      { id: 'sys', parent: 'root', role: 'system', content: gptText('You are ChatGPT'), hidden: true },
      { id: 'u1', parent: 'sys', role: 'user', time: 1_700_000_010, content: { content_type: 'multimodal_text', parts: [{ content_type: 'image_asset_pointer', asset_pointer: 'file-service://file-Red123', width: 3, height: 2 }, 'What colour is this?'] } },
      { id: 'a1', parent: 'u1', role: 'assistant', model: 'gpt-4o', time: 1_700_000_020, content: gptText('OLD ANSWER: blue') },
      { id: 'a2-think', parent: 'u1', role: 'assistant', model: 'o3', time: 1_700_000_030, content: { content_type: 'thoughts', thoughts: [{ summary: 'Looking', content: 'It looks red.' }] } },
      { id: 'a2-recap', parent: 'a2-think', role: 'assistant', time: 1_700_000_031, content: { content_type: 'reasoning_recap', content: 'Thought for 2 seconds' } },
      { id: 'a2-call', parent: 'a2-recap', role: 'assistant', recipient: 'browser', time: 1_700_000_031, content: gptText('search("TOOL CALL")') },
      { id: 'a2-browse', parent: 'a2-call', role: 'tool', time: 1_700_000_032, content: { content_type: 'tether_browsing_display', result: 'BROWSING RESULT' } },
      { id: 'a2-future', parent: 'a2-browse', role: 'assistant', time: 1_700_000_033, content: { content_type: 'hologram_v9', payload: 'FUTURE' } },
      { id: 'a2-code', parent: 'a2-future', role: 'assistant', time: 1_700_000_034, content: { content_type: 'code', language: 'python', text: 'print("red")' } },
      { id: 'a2-text', parent: 'a2-code', role: 'assistant', model: 'o3', time: 1_700_000_035, content: gptText('It is red.') }
    ]
  })
}

describe('ChatGPT export', () => {
  it('reads the branch that was current, from current_node up through parent', () => {
    const c = branchedConversation()
    expect(currentBranch(c.mapping as Record<string, unknown>, 'a2-text')).toEqual(['root', 'sys', 'u1', 'a2-think', 'a2-recap', 'a2-call', 'a2-browse', 'a2-future', 'a2-code', 'a2-text'])
  })

  it('imports the zip: current branch only, images from the zip, unknown types skipped, the rest kept', async () => {
    const { store, dataDir } = await openStore()
    const onlyUnknown = gptConversation({ id: 'conv-unknown', title: 'Only a browse', current: 'b', nodes: [{ id: 'r' }, { id: 'b', parent: 'r', role: 'tool', content: { content_type: 'tether_quote', text: 'x' } }] })
    const zip = path.join(work, 'chatgpt.zip')
    await writeZip(zip, { 'conversations.json': JSON.stringify([branchedConversation(), onlyUnknown]), 'file-Red123-red.png': PNG, 'user.json': '{}', 'chat.html': '<html></html>' })
    const events: TransferProgress[] = []
    const summary = await service({ store, dataDir, emit: (name, payload) => name === 'transfer:onProgress' && events.push(payload as TransferProgress) }).importFile(zip)
    expect(summary).toMatchObject({ source: 'chatgpt', imported: 1, firstConversationId: 'conv-branch', skipped: [{ title: 'Only a browse', reason: expect.stringContaining('nothing in it could be read') }] })

    const conversation = await store.getConversation('conv-branch')
    expect(conversation).toMatchObject({ title: 'Colours', model: 'gpt-4o', createdAt: 1_700_000_000_000 })
    const messages = await store.listMessages('conv-branch')
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    const [question, answer] = messages
    expect(question.parts.map((p) => p.type)).toEqual(['image', 'text'])
    expect(answer.model).toBe('o3')
    expect(answer.parts).toEqual([
      { type: 'reasoning', text: 'Looking\n\nIt looks red.' },
      { type: 'text', text: '```python\nprint("red")\n```' },
      { type: 'text', text: 'It is red.' }
    ])
    const all = JSON.stringify(messages)
    for (const absent of ['OLD ANSWER', 'You are ChatGPT', 'TOOL CALL', 'BROWSING RESULT', 'FUTURE', 'Thought for 2 seconds']) expect(all).not.toContain(absent)
    // The image, from the zip, in the attachment store.
    const image = question.parts[0] as { attachmentId: string; mime: string; width: number }
    expect(image).toMatchObject({ mime: 'image/png', width: 3, height: 2 })
    expect((await createAttachmentStore({ dataDir }).readOriginal(image.attachmentId))?.data.equals(PNG)).toBe(true)
    // Progress: only forward, ending complete.
    expect(events.length).toBeGreaterThan(1)
    expect(events.every((e) => e.operation === 'import' && (e.done <= e.total || e.total === 0))).toBe(true)
    // Two conversations read, one written.
    expect(events.at(-1)).toEqual({ operation: 'import', done: 3, total: 3 })
    for (let i = 1; i < events.length; i++) expect(events[i].done).toBeGreaterThanOrEqual(events[i - 1].done)
  })

  it('a bare conversations.json (no images) imports too; importing it again skips what is already there', async () => {
    const { store, dataDir } = await openStore()
    const file = path.join(work, 'conversations.json')
    await writeFile(file, JSON.stringify([branchedConversation()]))
    const first = await service({ store, dataDir }).importFile(file)
    expect(first.imported).toBe(1)
    // No zip: the image is left out, its text kept.
    expect((await store.listMessages('conv-branch'))[0].parts).toEqual([{ type: 'text', text: 'What colour is this?' }])
    const again = await service({ store, dataDir }).importFile(file)
    expect(again).toMatchObject({ imported: 0, skipped: [{ title: 'Colours', reason: expect.stringContaining('already in your history') }] })
    expect(await store.listConversations()).toHaveLength(1)
  })

  it('a truncated zip is refused, and nothing is imported', async () => {
    const { store, dataDir } = await openStore()
    const zip = path.join(work, 'cut.zip')
    const many = Array.from({ length: 30 }, (_, i) => gptConversation({ id: `c${i}`, title: `T${i}`, current: 'u', nodes: [{ id: 'r' }, { id: 'u', parent: 'r', role: 'user', content: gptText(`question ${i} `.repeat(200)) }] }))
    await writeZip(zip, { 'conversations.json': JSON.stringify(many), 'file-Red123-red.png': PNG })
    await truncate(zip, Math.floor((await stat(zip)).size / 2))
    await expect(service({ store, dataDir }).importFile(zip)).rejects.toMatchObject({ info: { code: 'bad_request', detail: expect.stringContaining('incomplete or damaged') } })
    expect(await store.listConversations()).toEqual([])
  })

  it('a zip without conversations.json is not a ChatGPT export', async () => {
    const { store, dataDir } = await openStore()
    const zip = path.join(work, 'other.zip')
    await writeZip(zip, { 'readme.txt': 'hi' })
    await expect(service({ store, dataDir }).importFile(zip)).rejects.toMatchObject({ info: { detail: expect.stringContaining('no conversations.json') } })
  })
})

describe('Chatbox export', () => {
  it('imports sessions from the session list (1.x) and the older chat-sessions array; system prompts and tool calls left out', async () => {
    const { store, dataDir } = await openStore()
    const file = path.join(work, 'chatbox-exported-data-2025-1-2.json')
    await writeFile(
      file,
      JSON.stringify({
        __exported_items: ['setting', 'conversations'],
        __exported_at: '2025-01-02T10:00:00.000Z',
        settings: { apiKey: 'sk-not-imported' },
        'chat-sessions-list': [{ id: 'cb-1', name: 'Recipes', type: 'chat' }, { id: 'cb-empty', name: 'Nothing', type: 'chat' }],
        'session:cb-1': {
          id: 'cb-1',
          name: 'Recipes',
          messages: [
            { id: 'm0', role: 'system', contentParts: [{ type: 'text', text: 'You are a chef.' }], timestamp: 1735800000000 },
            { id: 'm1', role: 'user', contentParts: [{ type: 'text', text: 'Pancakes?' }], timestamp: 1735800001000 },
            { id: 'm2', role: 'assistant', reasoningContent: 'Think of eggs.', contentParts: [{ type: 'tool-call', toolName: 'search' }, { type: 'text', text: 'Flour, eggs, milk.' }], model: 'gpt-4o-mini', timestamp: 1735800002000 }
          ]
        },
        'session:cb-empty': { id: 'cb-empty', name: 'Nothing', messages: [{ id: 'e0', role: 'system', content: 'prompt only' }] },
        'chat-sessions': [{ id: 'cb-old', name: 'Old chat', messages: [{ id: 'o1', role: 'user', content: 'Hi' }, { id: 'o2', role: 'assistant', content: 'Hello!' }] }]
      })
    )
    const summary = await service({ store, dataDir }).importFile(file)
    expect(summary).toMatchObject({ source: 'chatbox', imported: 2, skipped: [{ title: 'Nothing' }] })
    const recipes = await store.listMessages('cb-1')
    expect(recipes.map((m) => [m.role, m.parts])).toEqual([
      ['user', [{ type: 'text', text: 'Pancakes?' }]],
      ['assistant', [{ type: 'reasoning', text: 'Think of eggs.' }, { type: 'text', text: 'Flour, eggs, milk.' }]]
    ])
    expect(recipes[1].model).toBe('gpt-4o-mini')
    expect((await store.listMessages('cb-old')).map((m) => m.parts)).toEqual([[{ type: 'text', text: 'Hi' }], [{ type: 'text', text: 'Hello!' }]])
  })
})

describe('Markdown and HTML', () => {
  it('Markdown: title, who said what, reasoning and tool steps folded, the image inline', async () => {
    const { store, dataDir } = await openStore()
    const { firstId } = await seed(store, dataDir)
    const file = path.join(work, 'one.md')
    await service({ store, dataDir }).exportFile(file, { conversationId: firstId, format: 'markdown' })
    const md = await readFile(file, 'utf8')
    expect(md).toContain('# Trip to Kyoto')
    expect(md).toMatch(/### You · \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
    expect(md).toContain('### Assistant · o3')
    expect(md).toContain('A **red** rectangle. 京都は美しい。')
    expect(md).toContain('<summary>Reasoning</summary>\n\nThe user shows a red image.')
    expect(md).toContain('<summary>Tool: Web search (done)</summary>')
    expect(md).toContain('```json\n{"q":"red"}\n```')
    expect(md).toContain(`![Image](data:image/png;base64,${PNG.toString('base64')})`)
    expect(md).not.toContain('Follow-up')
  })

  it('HTML: one self-contained page; a <script> in a message stays text', async () => {
    const { store, dataDir } = await openStore()
    await seed(store, dataDir)
    const file = path.join(work, 'all.html')
    await service({ store, dataDir }).exportFile(file, { format: 'html' })
    const html = await readFile(file, 'utf8')
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('What is this? &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain("default-src 'none'")
    expect(html).toContain(`src="data:image/png;base64,${PNG.toString('base64')}"`)
    // Nothing to fetch: every src and href is a data: URI (a source's URL is shown as text).
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["'](?!data:)/i)
    expect(html).not.toMatch(/<link\b/i)
    expect(html).toContain('Red — https://example.com/red')
    expect(html.indexOf('Trip to Kyoto')).toBeLessThan(html.indexOf('Follow-up'))
  })
})

describe('writing the file', () => {
  it('a disk that fills during export: the partial file removed, a clear sentence, an existing file untouched', async () => {
    const { store, dataDir } = await openStore()
    await seed(store, dataDir)
    const target = path.join(work, 'history.json')
    await writeFile(target, 'previous export')
    const full: TransferDeps['openFile'] = async (p) => {
      const handle = await openFile(p, 'wx')
      return {
        write: async (data: Uint8Array) => {
          await handle.write(data.subarray(0, 10))
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
        },
        close: () => handle.close()
      }
    }
    await expect(service({ store, dataDir, openFile: full }).exportFile(target, { format: 'json' })).rejects.toMatchObject({
      info: { code: 'bad_request', detail: expect.stringContaining('The disk is full') }
    })
    expect(await readdir(work)).toEqual(['history.json'])
    expect(await readFile(target, 'utf8')).toBe('previous export')
  })

  it('an empty history has nothing to export; a deleted conversation is not found', async () => {
    const { store, dataDir } = await openStore()
    await expect(service({ store, dataDir }).exportFile(path.join(work, 'x.json'), { format: 'json' })).rejects.toMatchObject({ info: { detail: 'There are no conversations to export yet.' } })
    await expect(service({ store, dataDir }).exportFile(path.join(work, 'x.json'), { conversationId: 'gone', format: 'json' })).rejects.toMatchObject({ info: { code: 'not_found' } })
    expect(await readdir(work)).toEqual([])
  })
})

describe('handlers (through the file dialogs)', () => {
  it('cancelled dialogs do nothing; chosen paths export and import, and windows hear of the new conversations', async () => {
    const { store, dataDir } = await openStore()
    const { firstId } = await seed(store, dataDir)
    const answers: Array<string | null> = [null, path.join(work, 'Trip'), null]
    const asked: unknown[] = []
    const dialogs: FileDialogPort = {
      chooseSavePath: async (opts) => (asked.push(opts), answers.shift() ?? null),
      chooseOpenPath: async (opts) => (asked.push(opts), answers.shift() ?? null)
    }
    const events: string[] = []
    const t = service({ store, dataDir, dialogs, emit: (name) => events.push(name) })
    expect(await t.handlers.exportConversations({ conversationId: firstId, format: 'markdown' })).toBeNull()
    expect(asked[0]).toMatchObject({ defaultName: 'Trip to Kyoto.md', filters: [{ extensions: ['md'] }] })
    const written = await t.handlers.exportConversations({ conversationId: firstId, format: 'markdown' })
    expect(written?.path).toBe(path.join(work, 'Trip.md'))
    expect(await t.handlers.importConversations()).toBeNull()
    expect(events).not.toContain('conversations:onChanged')

    const json = path.join(work, 'all.json')
    await t.exportFile(json, { format: 'json' })
    answers.push(json)
    expect(await t.handlers.importConversations()).toMatchObject({ imported: 2 })
    expect(events).toContain('conversations:onChanged')
  })
})

describe('file names', () => {
  it('the title without characters file systems refuse, or the date for the whole history', () => {
    expect(defaultFileName('html', { title: 'a/b: c? <d> "e" | f*', now: 0 })).toBe('a b c d e f.html')
    expect(defaultFileName('markdown', { title: '京都旅行', now: 0 })).toBe('京都旅行.md')
    expect(defaultFileName('json', { title: '///', now: 0 })).toBe('Omnidesk.json')
    expect(defaultFileName('json', { now: Date.UTC(2026, 11, 7) })).toBe('Omnidesk history 2026-12-07.json')
  })
})
