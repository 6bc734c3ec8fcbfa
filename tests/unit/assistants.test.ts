/**
 * Assistants (issue 16) through the real services against the local provider (chat and
 * /embeddings): an assistant's instructions and knowledge go into its conversations (the
 * passage of the right page, found by hybrid retrieval once the vectors are in), its
 * capabilities decide the tools offered, the library adds one in a click, and the JSON file
 * exports and imports (knowledge included) or is refused with the reason.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { MainServices } from '../../src/main/services'
import type { Assistant } from '../../src/shared/assistants/schemas'
import type { Message } from '../../src/shared/domain'
import { exportAssistant } from '../../src/shared/assistants/fileFormat'
import { AppError } from '../../src/shared/errors'
import { FILE_CHUNK_BYTES, type FileAttachmentInfo } from '../../src/shared/files/schemas'
import { encryptPdf, makePdf, textPages } from '../support/documents'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import { startTestServices, type TestServices } from '../support/testServices'

let provider: FakeProvider
let root: string
let services: MainServices
let send: TestServices['ask']

async function start(): Promise<void> {
  const started = await startTestServices({ root, provider })
  services = started.services
  send = started.ask
}

const api = () => services.handlers

async function attach(name: string, bytes: Buffer): Promise<FileAttachmentInfo> {
  const { uploadId } = await api().attachments.beginFile({ name, bytes: bytes.length })
  for (let offset = 0; offset < bytes.length; offset += FILE_CHUNK_BYTES) {
    await api().attachments.fileChunk({ uploadId, offset, data: bytes.subarray(offset, offset + FILE_CHUNK_BYTES).toString('base64') })
  }
  return api().attachments.finishFile({ uploadId })
}

async function ask(text: string, assistantId?: string): Promise<Message> {
  const { conversationId, answer } = await send(text, assistantId ? { assistantId } : {})
  expect((await api().conversations.get({ id: conversationId })).conversation.assistantId).toBe(assistantId)
  return answer
}

type SentBody = { messages: Array<{ role: string; content: unknown }>; tools?: Array<{ function: { name: string } }> }
const textOf = (content: unknown): string => (typeof content === 'string' ? content : Array.isArray(content) ? content.map((c: { text?: string }) => c.text ?? '').join('') : '')
const requestFor = (key: string): SentBody =>
  provider.requests
    .filter((r) => r.path === '/v1/chat/completions' && (r.body as { stream?: boolean }).stream)
    .map((r) => r.body as SentBody)
    .find((b) => textOf([...b.messages].reverse().find((m) => m.role === 'user')?.content).includes(key)) as SentBody
const lastUserOf = (body: SentBody): string => textOf([...body.messages].reverse().find((m) => m.role === 'user')?.content)

/** A 12-page handbook; page 3 alone explains the refund window. */
function handbook(): Buffer {
  // Pages long enough (~600 tokens) that a chunk stays within one page: the marker names page 3.
  const pages = textPages(12, 40)
  pages[2] = { lines: ['Refunds', 'Customers may return unopened items within 45 days for a full refund.', 'Opened items are exchanged, never refunded.', ...Array.from({ length: 38 }, (_, l) => `Sentence ${l + 1} on page 3 says something about the quarterly report.`)] }
  return makePdf(pages)
}

async function waitForVectors(id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const states = await api().assistants.knowledgeStatus({ id })
    if (states.every((s) => s.state !== 'indexing')) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

async function makeAssistant(extra: Partial<Assistant> = {}): Promise<Assistant> {
  const info = await attach('handbook.pdf', handbook())
  const assistant = await api().assistants.save({
    name: 'Support bot',
    emoji: '🛟',
    description: 'Answers from the store handbook',
    instructions: 'Answer customer questions from the handbook, briefly.',
    starters: ['What is the refund policy?'],
    knowledge: [{ attachmentId: info.id, name: info.name, format: info.format, bytes: info.bytes, pages: info.pages }],
    capabilities: { web: false, data: false, memory: false, mcpServers: [] },
    ...extra
  })
  await waitForVectors(assistant.id)
  return assistant
}

beforeAll(async () => {
  provider = await startFakeProvider()
})
afterAll(async () => {
  await provider.close()
})
beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'omnidesk-assistants-'))
  await start()
})
afterEach(async () => {
  await services.close()
  rmSync(root, { recursive: true, force: true })
})

describe('assistants', () => {
  it('its instructions and the knowledge passage of the right page go into its conversations; tools follow its capabilities', async () => {
    const assistant = await makeAssistant()
    expect((await api().assistants.knowledgeStatus({ id: assistant.id }))[0].state).toBe('ready')
    provider.script({ match: { lastUserContains: 'unopened' }, content: 'Within 45 days (handbook.pdf, p. 3).' })
    const answer = await ask('How long do I have to return unopened items?', assistant.id)
    expect(answer.status).toBe('complete')
    const body = requestFor('unopened')
    expect(textOf(body.messages[0].content)).toContain('Answer customer questions from the handbook')
    expect(lastUserOf(body)).toContain('--- Page 3 ---')
    expect(lastUserOf(body)).toContain('within 45 days for a full refund')
    // Web off, memory off: neither is offered.
    const tools = body.tools?.map((t) => t.function.name) ?? []
    expect(tools).not.toContain('read_url')
    expect(tools).not.toContain('memory')
    expect(textOf(body.messages[0].content)).not.toContain('Saved memories')
    // The question was embedded (hybrid retrieval), and the chunks before it.
    expect(provider.requests.filter((r) => r.path === '/v1/embeddings').length).toBeGreaterThanOrEqual(2)
    expect(answer.parts[0]).toMatchObject({ type: 'passages', files: [{ name: 'handbook.pdf' }] })
  })

  it('answers from full text when the provider has no embeddings', async () => {
    provider.script({ match: { path: '/v1/embeddings' }, status: 404, times: 100, error: { message: 'The model `text-embedding-3-small` does not exist', type: 'invalid_request_error', code: 'model_not_found' } } as never)
    const assistant = await makeAssistant()
    expect((await api().assistants.knowledgeStatus({ id: assistant.id }))[0].state).toBe('text-only')
    provider.script({ match: { lastUserContains: 'refund' }, content: 'Within 45 days.' })
    await ask('What is the refund window for unopened items?', assistant.id)
    expect(lastUserOf(requestFor('refund window'))).toContain('within 45 days for a full refund')
  })

  it('@name switches an open conversation to an assistant from its next message on, and back to none', async () => {
    const helper = await api().assistants.save({
      name: 'Pirate',
      description: '',
      instructions: 'Always answer like a pirate.',
      starters: [],
      knowledge: [],
      capabilities: { web: false, data: false, memory: false, mcpServers: [] }
    })
    provider.script({ match: { lastUserContains: 'first' }, content: 'Plain answer.' })
    const { conversationId } = await send('first question', {})
    const system = (key: string): string => textOf(requestFor(key).messages[0].content)
    expect(system('first question')).not.toContain('pirate')

    const switched = await api().conversations.setAssistant({ id: conversationId, assistantId: helper.id })
    expect(switched.assistantId).toBe(helper.id)
    provider.script({ match: { lastUserContains: 'second' }, content: 'Arr.' })
    await send('second question', { conversationId })
    expect(system('second question')).toContain('Always answer like a pirate.')

    await api().conversations.setAssistant({ id: conversationId, assistantId: null })
    expect((await api().conversations.get({ id: conversationId })).conversation.assistantId).toBeUndefined()
    provider.script({ match: { lastUserContains: 'third' }, content: 'Plain again.' })
    await send('third question', { conversationId })
    expect(system('third question')).not.toContain('pirate')

    // An assistant deleted meanwhile is refused, and the conversation keeps what it had.
    await api().assistants.remove({ id: helper.id })
    const refused = await Promise.resolve(api().conversations.setAssistant({ id: conversationId, assistantId: helper.id })).then(() => undefined, (e: unknown) => e)
    expect((refused as AppError).info.code).toBe('not_found')
    expect((await api().conversations.get({ id: conversationId })).conversation.assistantId).toBeUndefined()
  })

  it('adds from the library, duplicates, exports and imports (knowledge included), and refuses a bad file with the reason', async () => {
    const translator = await api().assistants.addFromLibrary({ builtinId: 'translator', language: 'zh-CN' })
    expect(translator.builtinId).toBe('translator')
    expect(translator.instructions.length).toBeGreaterThan(50)
    const copy = await api().assistants.duplicate({ id: translator.id })
    expect(copy.builtinId).toBeUndefined()

    const original = await makeAssistant()
    const file = await api().assistants.exportFile({ id: original.id })
    expect(file.fileName).toContain('Support bot')
    await api().assistants.remove({ id: original.id })
    const { assistant: imported, unreadable } = await api().assistants.importFile({ json: file.json })
    expect(unreadable).toEqual([])
    expect(imported).toMatchObject({ name: 'Support bot', instructions: original.instructions, starters: original.starters })
    expect(imported.knowledge.map((k) => k.name)).toEqual(['handbook.pdf'])
    // The same bytes: the same stored file.
    expect(imported.knowledge[0].attachmentId).toBe(original.knowledge[0].attachmentId)

    for (const [json, words] of [
      ['not json', 'JSON'],
      [JSON.stringify({ format: 'omnidesk-assistant', version: 2, assistant: {} }), 'newer'],
      [file.json.replace('"starters"', '"temperature": 0.2, "starters"'), 'temperature']
    ] as const) {
      const error = await Promise.resolve(api().assistants.importFile({ json })).then(() => undefined, (e: unknown) => e)
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).info.detail).toContain(words)
    }
    expect((await api().assistants.list()).map((a) => a.name).sort()).toEqual([copy.name, 'Support bot', translator.name].sort())
  })

  it('imports an assistant whose knowledge file cannot be read, and names that file with the reason', async () => {
    const draft = {
      name: 'Half readable',
      description: '',
      instructions: 'Answer from the handbook.',
      starters: [],
      knowledge: [],
      capabilities: { web: false, data: false, memory: false, mcpServers: [] }
    }
    const json = exportAssistant(draft, [
      { name: 'handbook.pdf', bytes: handbook() },
      { name: 'broken.pdf', bytes: new TextEncoder().encode('%PDF-1.7\nthis is not a PDF body at all') },
      { name: 'numbers.csv', bytes: new TextEncoder().encode('a,b\n1,2\n') },
      { name: 'locked.pdf', bytes: encryptPdf(handbook(), 'secret') }
    ])
    const { assistant, unreadable } = await api().assistants.importFile({ json })
    // The assistant came in with what could be read.
    expect(assistant.name).toBe('Half readable')
    expect(assistant.knowledge.map((k) => k.name)).toEqual(['handbook.pdf'])
    expect(unreadable.map((u) => u.name)).toEqual(['broken.pdf', 'numbers.csv', 'locked.pdf'])
    expect(unreadable[2].error.code).toBe('file_needs_password')
    expect(unreadable[0].error.code).toMatch(/^file_/)
    expect(unreadable[1].error.detail).toContain('data file')
    expect((await api().assistants.list()).some((a) => a.id === assistant.id)).toBe(true)
    // The failed uploads were not left waiting (a PDF's would wait for a password no one gives here).
    const uploads = path.join(root, 'data', 'attachments', 'uploads')
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([])
  })
})
