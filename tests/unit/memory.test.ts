/**
 * Memory (issue 16) through the real services (createMainServices in a temp folder, the real
 * SQLite store) against the local OpenAI-compatible provider: the model saves, updates and
 * forgets through the memory tool without an approval prompt, each change kept on its step with
 * Undo; memories go into later requests, the relevant ones first within the budget; secrets are
 * refused; Settings' channels edit and delete; a temporary chat is never listed or searched,
 * neither reads nor writes memory, and is gone after a restart; "Reference chat history" brings
 * passages of other conversations, with their titles. Scopes: an assistant with its own memory
 * saves into and reads only its notebook (`assistant:<id>`), which never reaches other chats; one
 * that shares the user's memory reads and writes the global memories; the tool refuses another
 * scope's id; Undo puts a forgotten memory back into its scope; deleting the assistant deletes
 * its notebook.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import { pickMemories } from '../../src/main/memory/memoryPrompt'
import { secretIn } from '../../src/main/memory/sensitive'
import type { MainServices } from '../../src/main/services'
import type { Message, ToolStepPart } from '../../src/shared/domain'
import { AppError } from '../../src/shared/errors'
import type { MemoryItem } from '../../src/shared/memory/schemas'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import { startTestServices, type TestServices } from '../support/testServices'

let provider: FakeProvider
let root: string
let services: MainServices
let memoryEvents: MemoryItem[][] = []
let ask: TestServices['ask']

async function start(): Promise<void> {
  const started = await startTestServices({
    root,
    provider,
    onEvent: (event, payload) => {
      if (event === 'memory:onChanged') memoryEvents.push(payload as MemoryItem[])
    }
  })
  services = started.services
  ask = started.ask
}

const api = () => services.handlers

type SentBody = { messages: Array<{ role: string; content: unknown }>; tools?: Array<{ function: { name: string } }> }
const textOf = (content: unknown): string => (typeof content === 'string' ? content : Array.isArray(content) ? content.map((c: { text?: string }) => c.text ?? '').join('') : '')
/** The first streamed request whose last user message contains `key`. */
const requestFor = (key: string): SentBody =>
  provider.requests
    .filter((r) => r.path === '/v1/chat/completions' && (r.body as { stream?: boolean }).stream)
    .map((r) => r.body as SentBody)
    .find((b) => textOf([...b.messages].reverse().find((m) => m.role === 'user')?.content).includes(key)) as SentBody
const systemOf = (body: SentBody): string => textOf(body.messages[0].content)
const memoryStep = (answer: Message): ToolStepPart => answer.parts.find((p): p is ToolStepPart => p.type === 'tool' && p.name === 'memory') as ToolStepPart

beforeAll(async () => {
  provider = await startFakeProvider()
})
afterAll(async () => {
  await provider.close()
})
beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'omnidesk-memory-'))
  memoryEvents = []
  await start()
})
afterEach(async () => {
  await services.close()
  rmSync(root, { recursive: true, force: true })
})

describe('the memory tool', () => {
  it('saves without asking, shows the change on the step, goes into a new chat, and Undo removes it', async () => {
    provider.script({ match: { lastUserContains: 'metric' }, toolCalls: [{ name: 'memory', arguments: { action: 'save', text: 'Prefers metric units' } }] })
    provider.script({ match: { lastUserContains: 'metric' }, content: 'Noted: metric from now on.' })
    const first = await ask('Remember that I prefer metric units')
    expect(first.answer.status).toBe('complete')
    const step = memoryStep(first.answer)
    expect(step.status).toBe('done')
    expect(step.memory).toMatchObject({ action: 'save', text: 'Prefers metric units' })
    const saved = await api().memory.list({})
    expect(saved.map((m) => m.text)).toEqual(['Prefers metric units'])
    expect(saved[0]).toMatchObject({ source: 'model', scope: 'global', conversationId: first.conversationId })
    expect(memoryEvents.at(-1)?.map((m) => m.text)).toEqual(['Prefers metric units'])

    provider.script({ match: { lastUserContains: 'How far' }, content: 'About 42 km.' })
    await ask('How far is a marathon?')
    expect(systemOf(requestFor('How far'))).toContain(`[${saved[0].id}] Prefers metric units`)
    expect(requestFor('How far').tools?.map((t) => t.function.name)).toContain('memory')

    const undone = await api().memory.undo({ messageId: first.answer.id, callId: step.callId })
    expect(undone.memory?.undone).toBe(true)
    expect(await api().memory.list({})).toEqual([])
    // The stored step says so (a reopened conversation shows "Undone").
    const { messages } = await api().conversations.get({ id: first.conversationId })
    expect(memoryStep(messages.find((m) => m.id === first.answer.id) as Message).memory?.undone).toBe(true)
    // Undo twice changes nothing.
    expect((await api().memory.undo({ messageId: first.answer.id, callId: step.callId })).memory?.undone).toBe(true)
  })

  it('updates and forgets by id, and Undo puts the previous text back', async () => {
    provider.script({ match: { lastUserContains: 'Shanghai' }, toolCalls: [{ name: 'memory', arguments: { action: 'save', text: 'Lives in Shanghai' } }] })
    provider.script({ match: { lastUserContains: 'Shanghai' }, content: 'Saved.' })
    await ask('I live in Shanghai, remember it')
    const [item] = await api().memory.list({})

    provider.script({ match: { lastUserContains: 'moved' }, toolCalls: [{ name: 'memory', arguments: { action: 'update', id: item.id, text: 'Lives in Hangzhou' } }] })
    provider.script({ match: { lastUserContains: 'moved' }, content: 'Updated.' })
    const moved = await ask('I moved to Hangzhou')
    expect((await api().memory.list({}))[0].text).toBe('Lives in Hangzhou')
    const update = memoryStep(moved.answer)
    expect(update.memory).toMatchObject({ action: 'update', previousText: 'Lives in Shanghai' })
    await api().memory.undo({ messageId: moved.answer.id, callId: update.callId })
    expect((await api().memory.list({}))[0].text).toBe('Lives in Shanghai')

    provider.script({ match: { lastUserContains: 'Forget where' }, toolCalls: [{ name: 'memory', arguments: { action: 'forget', id: item.id } }] })
    provider.script({ match: { lastUserContains: 'Forget where' }, content: 'Forgotten.' })
    const forgot = await ask('Forget where I live')
    expect(await api().memory.list({})).toEqual([])
    await api().memory.undo({ messageId: forgot.answer.id, callId: memoryStep(forgot.answer).callId })
    expect((await api().memory.list({})).map((m) => [m.id, m.text])).toEqual([[item.id, 'Lives in Shanghai']])
  })

  it('refuses secrets and unknown ids; the model reads why and the answer completes', async () => {
    provider.script({ match: { lastUserContains: 'my key' }, toolCalls: [{ name: 'memory', arguments: { action: 'save', text: 'OpenAI key is sk-proj-abcdefghijklmnopqrstuvwxyz123456' } }] })
    provider.script({ match: { lastUserContains: 'my key' }, toolCalls: [{ name: 'memory', arguments: { action: 'forget', id: 'm_nothere' } }] })
    provider.script({ match: { lastUserContains: 'my key' }, content: 'I will not keep secrets.' })
    const { answer } = await ask('Remember my key sk-proj-abcdefghijklmnopqrstuvwxyz123456')
    expect(answer.status).toBe('complete')
    const steps = answer.parts.filter((p): p is ToolStepPart => p.type === 'tool')
    expect(steps.map((s) => s.status)).toEqual(['error', 'error'])
    expect(steps[0].result).toContain('an API key')
    expect(steps[1].result).toContain('no memory [m_nothere]')
    expect(await api().memory.list({})).toEqual([])
  })

  it('is not offered, and no memories are read, when memory is off', async () => {
    await api().settings.update({ memoryEnabled: false })
    provider.script({ match: { lastUserContains: 'Off question' }, content: 'Fine.' })
    await ask('Off question')
    const body = requestFor('Off question')
    expect(body.tools?.map((t) => t.function.name) ?? []).not.toContain('memory')
    expect(systemOf(body)).not.toContain('Saved memories')
  })
})

describe('Settings → Memory', () => {
  it('lists with search, edits (refusing a secret), deletes and clears', async () => {
    provider.script({ match: { lastUserContains: 'facts' }, toolCalls: [
      { name: 'memory', arguments: { action: 'save', text: 'Writes Python at work' } },
      { name: 'memory', arguments: { action: 'save', text: 'Has a cat called Miso' } }
    ] })
    provider.script({ match: { lastUserContains: 'facts' }, content: 'Saved both.' })
    await ask('Two facts about me')
    expect((await api().memory.list({ query: 'python' })).map((m) => m.text)).toEqual(['Writes Python at work'])
    const cat = (await api().memory.list({ query: 'cat' }))[0]
    expect((await api().memory.update({ id: cat.id, text: 'Has two cats' })).text).toBe('Has two cats')
    await expect(api().memory.update({ id: cat.id, text: 'My password is hunter2!!' })).rejects.toBeInstanceOf(AppError)
    await api().memory.remove({ id: cat.id })
    expect((await api().memory.list({})).map((m) => m.text)).toEqual(['Writes Python at work'])
    await api().memory.clear({})
    expect(await api().memory.list({})).toEqual([])
  })
})

describe('memory scopes: an assistant’s own memory or the user’s', () => {
  const draft = (name: string, memoryScope?: 'shared' | 'own') => ({
    name,
    description: '',
    instructions: `You are ${name}.`,
    starters: [],
    knowledge: [],
    capabilities: { web: false, data: false, memory: true, ...(memoryScope ? { memoryScope } : {}), mcpServers: [] }
  })
  /** The model saves `text` in answer to `question` (in that conversation or with that assistant). */
  const save = async (question: string, text: string, extra: { assistantId?: string; conversationId?: string } = {}) => {
    provider.script({ match: { lastUserContains: question }, toolCalls: [{ name: 'memory', arguments: { action: 'save', text } }] })
    provider.script({ match: { lastUserContains: question }, content: 'Saved.' })
    const asked = await ask(question, extra)
    return { ...asked, item: (await api().memory.list({})).find((m) => m.text === text) as MemoryItem }
  }
  /** The model calls the memory tool once in answer to `question`; its step. */
  const call = async (question: string, args: Record<string, unknown>, extra: { assistantId?: string; conversationId?: string } = {}) => {
    provider.script({ match: { lastUserContains: question }, toolCalls: [{ name: 'memory', arguments: args }] })
    provider.script({ match: { lastUserContains: question }, content: 'Done.' })
    const { answer } = await ask(question, extra)
    return { answer, step: memoryStep(answer) }
  }

  it('an assistant with its own memory saves into its notebook and reads only it; nothing of it reaches other chats', async () => {
    const global = (await save('Remember I prefer metric units', 'Prefers metric units')).item
    const coach = await api().assistants.save(draft('Coach', 'own'))
    const first = await save('Remember I am training for a marathon', 'Training for an April marathon', { assistantId: coach.id })
    expect(first.item).toMatchObject({ scope: `assistant:${coach.id}`, source: 'model', conversationId: first.conversationId })
    expect(memoryStep(first.answer).memory).toMatchObject({ action: 'save', scope: `assistant:${coach.id}` })
    expect(memoryEvents.at(-1)?.map((m) => m.text)).toEqual(['Training for an April marathon', 'Prefers metric units'])
    // The assistant's request never carried the global memory, not even before it saved.
    expect(systemOf(requestFor('training for a marathon'))).not.toContain('metric')

    // Its next chat carries its notebook, and only that.
    provider.script({ match: { lastUserContains: 'Plan my week' }, content: 'Long run on Sunday.' })
    await ask('Plan my week', { assistantId: coach.id })
    const coachSystem = systemOf(requestFor('Plan my week'))
    expect(coachSystem).toContain(`[${first.item.id}] Training for an April marathon`)
    expect(coachSystem).not.toContain('Prefers metric units')
    expect(requestFor('Plan my week').tools?.map((t) => t.function.name)).toContain('memory')

    // A plain chat carries the global memories, never the coach's.
    provider.script({ match: { lastUserContains: 'this weekend' }, content: 'Rest.' })
    await ask('What should I do this weekend?')
    const plainSystem = systemOf(requestFor('this weekend'))
    expect(plainSystem).toContain(`[${global.id}] Prefers metric units`)
    expect(plainSystem).not.toContain('marathon')
  })

  it('an assistant that shares the user’s memory reads and writes the global memories', async () => {
    const global = (await save('Remember I like green tea', 'Likes green tea')).item
    // Absent memoryScope and 'shared' are the same.
    for (const helper of [await api().assistants.save(draft('Helper')), await api().assistants.save(draft('Sharer', 'shared'))]) {
      const question = `Hello ${helper.name}, what do I drink?`
      provider.script({ match: { lastUserContains: question }, content: 'Green tea.' })
      await ask(question, { assistantId: helper.id })
      expect(systemOf(requestFor(question))).toContain(`[${global.id}] Likes green tea`)
    }
    const shared = await api().assistants.list()
    const saved = await save('Remember I cycle to work', 'Cycles to work', { assistantId: shared[0].id })
    expect(saved.item.scope).toBe('global')
    provider.script({ match: { lastUserContains: 'commute' }, content: 'By bike.' })
    await ask('How do I commute?')
    expect(systemOf(requestFor('commute'))).toContain('Cycles to work')
  })

  it('touches only its own scope: another scope’s id is no memory; Undo puts a forgotten memory back into its scope', async () => {
    const global = (await save('Remember I live in Shanghai', 'Lives in Shanghai')).item
    const coach = await api().assistants.save(draft('Coach', 'own'))
    const own = await save('Remember my 10k best is 48 minutes', '10k best: 48 minutes', { assistantId: coach.id })

    // The coach cannot change a global memory, nor a plain chat the coach's.
    const refusedForget = await call('Forget where I live', { action: 'forget', id: global.id }, { conversationId: own.conversationId })
    expect(refusedForget.step.status).toBe('error')
    expect(refusedForget.step.result).toContain(`no memory [${global.id}]`)
    const refusedUpdate = await call('I moved to Beijing', { action: 'update', id: global.id, text: 'Lives in Beijing' }, { conversationId: own.conversationId })
    expect(refusedUpdate.step.result).toContain(`no memory [${global.id}]`)
    const refusedPlain = await call('Forget my running times', { action: 'forget', id: own.item.id })
    expect(refusedPlain.step.result).toContain(`no memory [${own.item.id}]`)
    expect((await api().memory.list({})).map((m) => [m.text, m.scope])).toEqual([
      ['10k best: 48 minutes', `assistant:${coach.id}`],
      ['Lives in Shanghai', 'global']
    ])

    // Its own: forgotten, then Undo puts it back where it was.
    const forgot = await call('Forget my 10k time', { action: 'forget', id: own.item.id }, { conversationId: own.conversationId })
    expect(forgot.step.memory).toMatchObject({ action: 'forget', scope: `assistant:${coach.id}` })
    expect((await api().memory.list({})).map((m) => m.id)).toEqual([global.id])
    await api().memory.undo({ messageId: forgot.answer.id, callId: forgot.step.callId })
    expect((await api().memory.list({})).find((m) => m.id === own.item.id)).toMatchObject({ text: '10k best: 48 minutes', scope: `assistant:${coach.id}` })
    provider.script({ match: { lastUserContains: 'How fast am I' }, content: '48 minutes.' })
    await ask('How fast am I?', { assistantId: coach.id })
    expect(systemOf(requestFor('How fast am I'))).toContain(`[${own.item.id}] 10k best: 48 minutes`)
  })

  it('deleting an assistant deletes its own memories, and only those', async () => {
    await save('Remember I prefer short answers', 'Prefers short answers')
    const coach = await api().assistants.save(draft('Coach', 'own'))
    const tutor = await api().assistants.save(draft('Tutor', 'own'))
    await save('Remember my marathon is in April', 'Marathon in April', { assistantId: coach.id })
    await save('Remember I am learning Spanish', 'Learning Spanish', { assistantId: tutor.id })
    memoryEvents = []
    await api().assistants.remove({ id: coach.id })
    const left = (await api().memory.list({})).map((m) => [m.text, m.scope])
    expect(left).toEqual([
      ['Learning Spanish', `assistant:${tutor.id}`],
      ['Prefers short answers', 'global']
    ])
    // Settings → Memory follows.
    expect(memoryEvents.at(-1)?.map((m) => m.text)).toEqual(['Learning Spanish', 'Prefers short answers'])
    // Settings' Clear all of one scope.
    await api().memory.clear({ scopes: [`assistant:${tutor.id}`] })
    expect((await api().memory.list({})).map((m) => m.text)).toEqual(['Prefers short answers'])
  })
})

describe('temporary chat', () => {
  it('is never listed or searched, neither reads nor writes memory, and is gone after a restart', async () => {
    provider.script({ match: { lastUserContains: 'tea' }, toolCalls: [{ name: 'memory', arguments: { action: 'save', text: 'Likes green tea' } }] })
    provider.script({ match: { lastUserContains: 'tea' }, content: 'Saved.' })
    await ask('Remember I like green tea')
    provider.script({ match: { lastUserContains: 'Secret plan zanzibar' }, content: 'A temporary answer.' })
    const temp = await ask('Secret plan zanzibar', { temporary: true })
    expect(temp.answer.status).toBe('complete')
    const body = requestFor('Secret plan zanzibar')
    expect(body.tools?.map((t) => t.function.name) ?? []).not.toContain('memory')
    expect(systemOf(body)).not.toContain('green tea')
    expect((await api().conversations.list({})).conversations.map((c) => c.id)).not.toContain(temp.conversationId)
    expect((await api().conversations.search({ query: 'zanzibar' })).hits).toEqual([])
    // Its own window still shows it; after a restart it is gone.
    expect((await api().conversations.get({ id: temp.conversationId })).conversation.temporary).toBe(true)
    await services.close()
    await start()
    await expect(api().conversations.get({ id: temp.conversationId })).rejects.toBeInstanceOf(AppError)
    expect((await api().memory.list({})).map((m) => m.text)).toEqual(['Likes green tea'])
  })
})

describe('reference chat history', () => {
  it('brings passages of other conversations, with their titles, only when turned on', async () => {
    provider.script({ match: { lastUserContains: 'sourdough' }, content: 'Feed the starter daily with rye flour.' })
    await ask('How do I keep a sourdough starter alive?')
    provider.script({ match: { lastUserContains: 'bread again' }, content: 'Off.' })
    await ask('Tell me about sourdough bread again')
    expect(systemOf(requestFor('bread again'))).not.toContain('earlier conversations')

    await api().settings.update({ referenceChatHistory: true })
    provider.script({ match: { lastUserContains: 'starter schedule' }, content: 'Daily, as before.' })
    const { answer } = await ask('What was my sourdough starter schedule?')
    const system = systemOf(requestFor('starter schedule'))
    expect(system).toContain('earlier conversations')
    expect(system).toContain('rye flour')
    const history = answer.parts.find((p) => p.type === 'history')
    expect(history?.type === 'history' && history.conversations.length).toBeGreaterThan(0)
  })
})

describe('pieces', () => {
  it('recognises secrets and leaves ordinary facts alone', () => {
    for (const secret of ['sk-ant-api03-abcdefghijklmnopqrstu', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'AKIAIOSFODNN7EXAMPLE', 'my password is correct-horse', '密码是 abc12345', 'token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'a3f9c2e7b1d04f6a8e5c3b2a1f0e9d8c']) {
      expect(secretIn(secret), secret).toBeDefined()
    }
    for (const fact of ['Prefers metric units', 'Lives in Shanghai', '喜欢喝绿茶', 'Works on the Omnidesk project since 2026', 'Allergic to peanuts']) {
      expect(secretIn(fact), fact).toBeUndefined()
    }
  })

  it('ranks memories by the question and keeps within the budget', () => {
    const item = (id: string, text: string, updatedAt: number): MemoryItem => ({ id, text, scope: 'global', source: 'model', createdAt: 0, updatedAt })
    const items = [item('a', 'Likes hiking in the Alps', 3), item('b', 'Prefers Python for data work', 1), item('c', '住在上海', 2)]
    expect(pickMemories(items, 'Which Python library for data?').map((m) => m.id)[0]).toBe('b')
    expect(pickMemories(items, '上海天气怎么样').map((m) => m.id)[0]).toBe('c')
    expect(pickMemories(items, 'hello').map((m) => m.id)).toEqual(['a', 'c', 'b'])
    const many = Array.from({ length: 1000 }, (_, i) => item(`m${i}`, `Fact number ${i} about something the user said once`, i))
    const picked = pickMemories(many, 'number 999')
    expect(picked[0].id).toBe('m999')
    expect(picked.length).toBeLessThan(100)
  })
})
