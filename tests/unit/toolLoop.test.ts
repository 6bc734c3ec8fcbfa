/**
 * The tool loop below the IPC layer: the real openai SDK against the local provider (scripted
 * tool-call streams), the real SQLite store, the real tool runner with test tools.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ChatEngine, forcedTool } from '../../src/main/chat/chatEngine'
import { createOpenAIClient } from '../../src/main/providers/clientFactory'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ConversationStore } from '../../src/main/store/types'
import { createToolServices, type ToolServices } from '../../src/main/tools/service'
import type { ToolProvider, ToolSpec } from '../../src/main/tools/types'
import type { ToolStepPart } from '../../src/shared/domain'
import { messageText } from '../../src/shared/domain'
import type { ChatEvent } from '../../src/shared/ipc/contract'
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'

let dir: string
let provider: FakeProvider
let store: ConversationStore
let events: ChatEvent[]
let settings: Settings
let tools: ToolServices
let engine: ChatEngine
const calls: Array<{ name: string; args: Record<string, unknown> }> = []

const spec = (name: string, readOnly: boolean): ToolSpec => ({ name, source: 'builtin', title: name, description: name, parameters: { type: 'object', properties: {} }, readOnly })

/** A test provider: `lookup` reads (with sources), `save` writes, `wait` runs until stopped. */
const testTools: ToolProvider = {
  list: () => [spec('lookup', true), spec('save', false), spec('wait', true), spec('snap', true)],
  async call(name, args, ctx) {
    calls.push({ name, args })
    if (name === 'wait') {
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }))
      return { isError: true, content: 'aborted' }
    }
    if (name === 'snap')
      return { content: 'a screenshot', images: [{ mime: 'image/png', data: 'iVBORw0KGgo=' }, { mime: 'image/svg+xml', data: 'PHN2Zz4=' }] }
    if (name === 'lookup') return { content: `[1] Result for ${String(args.q)}\nhttps://r.example/${String(args.q)}`, format: 'markdown', sources: [{ title: `About ${String(args.q)}`, url: `https://r.example/${String(args.q)}` }] }
    return { content: 'saved' }
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'omnidesk-tools-'))
  provider = await startFakeProvider()
  store = (await openConversationStore({ dataDir: dir })).store
  events = []
  calls.length = 0
  settings = { ...DEFAULT_SETTINGS }
  const emit = (name: string, payload: unknown): void => {
    if (name === 'chat:onEvent') events.push(payload as ChatEvent)
  }
  tools = createToolServices({
    settings: () => settings,
    updateSettings: (patch) => (settings = { ...settings, ...patch }),
    emitApproval: (ctx, step, approvalId) => emit('chat:onEvent', { kind: 'tool', streamId: ctx.streamId, conversationId: ctx.conversationId, messageId: ctx.messageId, step, approvalId }),
    providers: () => [testTools]
  })
  const config = { id: 'p1', presetId: 'custom' as const, name: 'Local', baseURL: provider.baseURL, defaultModel: 'gpt-4o' }
  engine = new ChatEngine({
    store,
    providers: { resolve: () => ({ provider: config, client: createOpenAIClient(config, 'sk-test', { maxRetries: 0 }) }) },
    emit,
    partialWriteIntervalMs: 20,
    tools: tools.runner
  })
})

afterEach(async () => {
  await engine.stopAll()
  await store.close()
  await provider.close()
  await rm(dir, { recursive: true, force: true })
})

const chatRequests = () => provider.requests.filter((r) => r.path === '/v1/chat/completions' && (r.body as { stream?: boolean }).stream)
const toolSteps = async (messageId: string): Promise<ToolStepPart[]> =>
  ((await store.getMessage(messageId))?.parts ?? []).filter((p): p is ToolStepPart => p.type === 'tool')

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('the tool loop', () => {
  it('offers the tools, runs parallel calls, sends the results back, and stores every step with the answer', async () => {
    provider.script({ toolCalls: [{ id: 'c1', name: 'lookup', arguments: { q: 'tea' } }, { id: 'c2', name: 'lookup', arguments: { q: 'pots' } }] })
    provider.script({ content: 'Tea [1] and pots [2].' })
    const started = await engine.send({ text: 'tell me' })
    await engine.idle()
    const [first, second] = chatRequests().map((r) => r.body as { tools?: Array<{ function: { name: string } }>; tool_choice?: string; messages: Array<{ role: string; tool_call_id?: string; content: unknown }> })
    expect(first.tools?.map((t) => t.function.name)).toEqual(['lookup', 'save', 'wait', 'snap'])
    expect(first.tool_choice).toBe('auto')
    expect(second.messages.slice(-3).map((m) => m.role)).toEqual(['assistant', 'tool', 'tool'])
    // The second search's numbers follow the first's: [2], not a second [1].
    expect(second.messages.at(-1)?.content).toMatch(/^\[2\] Result for pots/)
    const message = await store.getMessage(started.assistantMessageId)
    expect(message?.status).toBe('complete')
    expect(messageText(message?.parts ?? [])).toBe('Tea [1] and pots [2].')
    const steps = await toolSteps(started.assistantMessageId)
    expect(steps.map((s) => [s.callId, s.status, s.sources?.[0]?.url])).toEqual([
      ['c1', 'done', 'https://r.example/tea'],
      ['c2', 'done', 'https://r.example/pots']
    ])
    // The next question sends the stored steps back as the model's tool calls and their results.
    await engine.send({ conversationId: started.conversationId, text: 'more' })
    await engine.idle()
    const later = chatRequests().at(-1)?.body as { messages: Array<{ role: string; tool_calls?: unknown[]; tool_call_id?: string; content: unknown }> }
    expect(later.messages.slice(1).map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant', 'user'])
    expect(later.messages[2].tool_calls).toHaveLength(2)
    expect(later.messages[4].tool_call_id).toBe('c2')
    expect(later.messages[5].content).toBe('Tea [1] and pots [2].')
  })

  it('asks before a tool that changes something: deny goes back to the model; always allow remembers', async () => {
    provider.script({ toolCalls: [{ id: 's1', name: 'save', arguments: { note: 'x' } }] })
    provider.script({ content: 'I did not save it.' })
    const started = await engine.send({ text: 'save this' })
    await until(() => events.some((e) => e.kind === 'tool' && e.approvalId !== undefined))
    const ask = events.find((e) => e.kind === 'tool' && e.approvalId) as Extract<ChatEvent, { kind: 'tool' }>
    expect(ask.step.status).toBe('awaiting')
    expect(calls).toHaveLength(0)
    expect(tools.approve(ask.approvalId as string, 'deny')).toBe(true)
    await engine.idle()
    expect(calls).toHaveLength(0)
    expect((await toolSteps(started.assistantMessageId))[0]).toMatchObject({ status: 'denied' })
    const back = chatRequests().at(-1)?.body as { messages: Array<{ role: string; content: string }> }
    expect(back.messages.at(-1)?.content).toMatch(/denied/)

    // Matched by the question: the first exchange's title request must not take these.
    provider.script({ match: { lastUserContains: 'save it now' }, toolCalls: [{ id: 's2', name: 'save', arguments: { note: 'y' } }] })
    provider.script({ match: { lastUserContains: 'save it now' }, content: 'Saved.' })
    events.length = 0
    await engine.send({ conversationId: started.conversationId, text: 'save it now' })
    await until(() => events.some((e) => e.kind === 'tool' && e.approvalId !== undefined))
    const again = events.find((e) => e.kind === 'tool' && e.approvalId) as Extract<ChatEvent, { kind: 'tool' }>
    tools.approve(again.approvalId as string, 'always')
    await engine.idle()
    expect(settings.toolsAlwaysAllowed).toEqual(['save'])
    provider.script({ match: { lastUserContains: 'and again' }, toolCalls: [{ id: 's3', name: 'save', arguments: { note: 'z' } }] })
    provider.script({ match: { lastUserContains: 'and again' }, content: 'Saved again.' })
    events.length = 0
    await engine.send({ conversationId: started.conversationId, text: 'and again' })
    await engine.idle()
    expect(events.some((e) => e.kind === 'tool' && e.approvalId)).toBe(false)
    expect(calls.map((c) => c.name)).toEqual(['save', 'save'])
  })

  it("keeps a tool's images with its step (common formats only), and sends only the text back", async () => {
    provider.script({ match: { lastUserContains: 'snap' }, toolCalls: [{ id: 'i1', name: 'snap', arguments: {} }] })
    provider.script({ match: { lastUserContains: 'snap' }, content: 'Here it is.' })
    const started = await engine.send({ text: 'snap it' })
    await engine.idle()
    expect((await toolSteps(started.assistantMessageId))[0].images).toEqual([{ mime: 'image/png', data: 'iVBORw0KGgo=' }])
    const back = chatRequests().at(-1)?.body as { messages: Array<{ role: string; content: string }> }
    expect(back.messages.at(-1)).toMatchObject({ role: 'tool', content: 'a screenshot' })
  })

  it('a link sent alone makes the model call read_url first (when offered); anything else leaves it free', () => {
    const offered = [spec('read_url', true)]
    const user = (content: string) => [{ role: 'system' as const, content: 's' }, { role: 'user' as const, content }]
    expect(forcedTool(user(' https://example.com/a?b=1 '), offered)).toBe('read_url')
    expect(forcedTool(user('read https://example.com'), offered)).toBeUndefined()
    expect(forcedTool(user('https://example.com'), [spec('lookup', true)])).toBeUndefined()
  })

  it('bad arguments and unknown tools go back to the model as errors; the loop goes on', async () => {
    provider.script({ toolCalls: [{ id: 'b1', name: 'lookup', arguments: '{"q": ' }, { id: 'b2', name: 'nope', arguments: {} }] })
    provider.script({ content: 'Sorry.' })
    const started = await engine.send({ text: 'try' })
    await engine.idle()
    const steps = await toolSteps(started.assistantMessageId)
    expect(steps.map((s) => s.status)).toEqual(['error', 'error'])
    expect(steps[0].result).toMatch(/not valid JSON/)
    expect(steps[1].result).toMatch(/no tool named "nope"/)
    expect((await store.getMessage(started.assistantMessageId))?.status).toBe('complete')
  })

  it('Stop during a running tool cancels it and keeps what arrived', async () => {
    provider.script({ content: 'Waiting. ', toolCalls: [{ id: 'w1', name: 'wait', arguments: {} }] })
    const started = await engine.send({ text: 'wait' })
    await until(() => calls.length === 1)
    await engine.stop(started.streamId)
    const message = await store.getMessage(started.assistantMessageId)
    expect(message?.status).toBe('stopped')
    expect(messageText(message?.parts ?? [])).toBe('Waiting. ')
    expect((await toolSteps(started.assistantMessageId))[0]).toMatchObject({ status: 'cancelled' })
  })

  it('a runaway loop ends at the step limit with its own error', async () => {
    settings = { ...settings, toolStepLimit: 2 }
    provider.script({ toolCalls: [{ name: 'lookup', arguments: { q: 'a' } }], times: Infinity })
    const started = await engine.send({ text: 'loop' })
    await engine.idle()
    expect(await store.getMessage(started.assistantMessageId)).toMatchObject({ status: 'error', error: { code: 'tool_step_limit' } })
    expect(calls).toHaveLength(2)
  })

  it('a model that takes no tools is asked again without them, and the answer says so once', async () => {
    // Ollama: `registry.ollama.ai/library/gemma:2b does not support tools` (400).
    provider.script({ status: 400, error: { message: 'registry.ollama.ai/library/gemma:2b does not support tools', type: 'api_error' } })
    provider.script({ content: 'Plain answer.' })
    const started = await engine.send({ text: 'hi' })
    await engine.idle()
    const message = await store.getMessage(started.assistantMessageId)
    expect(message).toMatchObject({ status: 'complete', fallback: { reason: 'no_tools' } })
    const [withTools, without] = chatRequests().map((r) => r.body as { tools?: unknown })
    expect(withTools.tools).toBeDefined()
    expect(without.tools).toBeUndefined()
    // Remembered: the next request does not offer tools.
    await engine.send({ conversationId: started.conversationId, text: 'again' })
    await engine.idle()
    expect((chatRequests().at(-1)?.body as { tools?: unknown }).tools).toBeUndefined()
  })
})
