/**
 * The chat engine end to end below the IPC layer: the real openai SDK against the local
 * provider, the real SQLite store in a temp folder.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ChatEngine } from '../../src/main/chat/chatEngine'
import { AppError } from '../../src/shared/errors'
import { createOpenAIClient } from '../../src/main/providers/clientFactory'
import type { ProviderResolver } from '../../src/main/providers/types'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ConversationStore } from '../../src/main/store/types'
import { messageText } from '../../src/shared/domain'
import type { ChatEvent, EventName } from '../../src/shared/ipc/contract'
import type { ProviderConfig } from '../../src/shared/settings'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'

let dir: string
let provider: FakeProvider
let store: ConversationStore
let events: Array<{ name: EventName; payload: unknown }>
let engine: ChatEngine

function providerConfig(overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    id: 'p1',
    presetId: 'custom',
    name: 'Local',
    baseURL: provider.baseURL,
    defaultModel: 'gpt-4o',
    fallbackModel: 'gpt-4o-mini',
    ...overrides
  }
}

function resolverFor(config: ProviderConfig, maxRetries = 0): ProviderResolver {
  return { resolve: () => ({ provider: config, client: createOpenAIClient(config, 'sk-test', { maxRetries }) }) }
}

function makeEngine(resolver: ProviderResolver, partialWriteIntervalMs = 20): ChatEngine {
  return new ChatEngine({
    store,
    providers: resolver,
    emit: (name, payload) => events.push({ name, payload }),
    partialWriteIntervalMs
  })
}

const chatEvents = (streamId: string): ChatEvent[] =>
  events.filter((e) => e.name === 'chat:onEvent').map((e) => e.payload as ChatEvent).filter((e) => e.streamId === streamId)

async function assistantOf(messageId: string) {
  const message = await store.getMessage(messageId)
  if (!message) throw new Error('assistant message missing')
  return message
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'omnidesk-engine-'))
  provider = await startFakeProvider()
  store = (await openConversationStore({ dataDir: dir })).store
  events = []
  engine = makeEngine(resolverFor(providerConfig()))
})

afterEach(async () => {
  await engine.stopAll()
  await store.close()
  await provider.close()
  await rm(dir, { recursive: true, force: true })
})

describe('ChatEngine', () => {
  it('streams an answer token by token, stores it complete with usage, and titles the conversation', async () => {
    provider.script({ content: 'Paris is the capital of France.' })
    const started = await engine.send({ text: 'What is the capital of France?' })
    await engine.idle()

    const evs = chatEvents(started.streamId)
    expect(evs[0]).toMatchObject({ kind: 'started', model: 'gpt-4o' })
    const deltas = evs.filter((e) => e.kind === 'delta')
    expect(deltas.length).toBeGreaterThan(3)
    expect(deltas.map((d) => (d.kind === 'delta' ? d.text : '')).join('')).toBe('Paris is the capital of France.')
    expect(evs.at(-1)).toMatchObject({ kind: 'done', status: 'complete' })

    const answer = await assistantOf(started.assistantMessageId)
    expect(answer.status).toBe('complete')
    expect(messageText(answer.parts)).toBe('Paris is the capital of France.')
    expect(answer.usage?.completionTokens).toBeGreaterThan(0)
    expect(answer.model).toBe('gpt-4o')

    // The request carried the system prompt and the question, with usage requested.
    const request = provider.requests.find((r) => r.path === '/v1/chat/completions')?.body as {
      messages: Array<{ role: string; content: string }>
      stream: boolean
      stream_options: unknown
    }
    expect(request.stream).toBe(true)
    expect(request.stream_options).toEqual({ include_usage: true })
    expect(request.messages[0].role).toBe('system')
    expect(request.messages.at(-1)).toEqual({ role: 'user', content: 'What is the capital of France?' })

    // Automatic title after the first exchange (the local provider echoes the title request).
    await waitFor(async () => (await store.getConversation(started.conversationId))?.title.startsWith('Echo') ?? false)
    expect((await store.getConversation(started.conversationId))?.titleIsAuto).toBe(true)
  })

  it('keeps the partial answer in storage while it streams, and marks it stopped on Stop', async () => {
    provider.script({ content: Array.from({ length: 200 }, (_, i) => `word${i}`).join(' '), tokensPerSecond: 100 })
    const started = await engine.send({ text: 'Tell me a long story' })
    await waitFor(async () => messageText((await assistantOf(started.assistantMessageId)).parts).length > 20)
    const partial = await assistantOf(started.assistantMessageId)
    expect(partial.status).toBe('streaming')

    await engine.stop(started.streamId)
    const stopped = await assistantOf(started.assistantMessageId)
    expect(stopped.status).toBe('stopped')
    expect(messageText(stopped.parts)).toMatch(/^word0 word1/)
    expect(chatEvents(started.streamId).at(-1)).toMatchObject({ kind: 'done', status: 'stopped' })
  })

  it('continues on the fallback model when the chosen one is still rate-limited after retries', async () => {
    engine = makeEngine(resolverFor(providerConfig(), 2))
    provider.script({ match: { model: 'gpt-4o' }, status: 429, retryAfterSeconds: 0, times: Infinity })
    provider.script({ match: { model: 'gpt-4o-mini' }, content: 'Answer from the mini model.' })
    const started = await engine.send({ text: 'Hello' })
    await engine.idle()

    const chatCalls = provider.requests.filter((r) => r.path === '/v1/chat/completions')
    // 1 try + 2 SDK retries on gpt-4o, then the fallback.
    expect(chatCalls.slice(0, 4).map((r) => (r.body as { model: string }).model)).toEqual([
      'gpt-4o',
      'gpt-4o',
      'gpt-4o',
      'gpt-4o-mini'
    ])
    const evs = chatEvents(started.streamId)
    expect(evs.find((e) => e.kind === 'fallback')).toMatchObject({
      model: 'gpt-4o-mini',
      fallback: { requestedModel: 'gpt-4o', reason: 'rate_limit' }
    })
    const answer = await assistantOf(started.assistantMessageId)
    expect(answer).toMatchObject({ status: 'complete', model: 'gpt-4o-mini', fallback: { requestedModel: 'gpt-4o' } })
    expect(messageText(answer.parts)).toBe('Answer from the mini model.')
  })

  it('an exhausted quota (429 insufficient_quota) is a billing problem: no retry, no fallback', async () => {
    engine = makeEngine(resolverFor(providerConfig(), 2))
    provider.script({
      match: { model: 'gpt-4o' },
      status: 429,
      retryAfterSeconds: 0,
      times: Infinity,
      error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: 'insufficient_quota' }
    })
    const started = await engine.send({ text: 'Hello' })
    await engine.idle()
    const models = provider.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => (r.body as { model: string }).model)
    // One request: the SDK would retry a 429 twice, but not one that says the quota is gone.
    expect(models).toEqual(['gpt-4o'])
    expect(chatEvents(started.streamId).some((e) => e.kind === 'fallback')).toBe(false)
    expect(await assistantOf(started.assistantMessageId)).toMatchObject({ status: 'error', error: { code: 'quota', status: 429 } })
  })

  it('a context-length 400 says how long the conversation is against the limit', async () => {
    provider.script({
      status: 400,
      error: {
        message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 8227 tokens. Please reduce the length of the messages.",
        type: 'invalid_request_error',
        code: 'context_length_exceeded'
      }
    })
    const started = await engine.send({ text: 'a long conversation' })
    await engine.idle()
    expect(await assistantOf(started.assistantMessageId)).toMatchObject({ status: 'error', error: { code: 'context_length', tokens: { used: 8227, limit: 8192 } } })
  })

  it("reads the sizes llama.cpp's server sends as fields of its context error", async () => {
    // github.com/oobabooga/textgen/issues/7257
    provider.script({
      status: 400,
      error: { code: 400, message: 'the request exceeds the available context size. try increasing the context size or enable context shift', type: 'exceed_context_size_error', n_prompt_tokens: 14429, n_ctx: 8192 }
    })
    const started = await engine.send({ text: 'a long paste' })
    await engine.idle()
    expect((await assistantOf(started.assistantMessageId)).error).toMatchObject({ code: 'context_length', tokens: { used: 14429, limit: 8192 } })
  })

  it('reports rate_limit when there is no fallback model', async () => {
    engine = makeEngine(resolverFor(providerConfig({ fallbackModel: undefined })))
    provider.script({ status: 429, retryAfterSeconds: 0, times: Infinity })
    const started = await engine.send({ text: 'Hello' })
    await engine.idle()
    expect(await assistantOf(started.assistantMessageId)).toMatchObject({ status: 'error', error: { code: 'rate_limit', status: 429 } })
  })

  it('turns a 401 into an auth error and keeps the question', async () => {
    provider.script({ status: 401 })
    const started = await engine.send({ text: 'Does my key work?' })
    await engine.idle()
    const answer = await assistantOf(started.assistantMessageId)
    expect(answer.status).toBe('error')
    expect(answer.error?.code).toBe('auth')
    expect(answer.error?.detail).toMatch(/API key/i)
    const question = await store.getMessage(started.userMessageId)
    expect(messageText(question!.parts)).toBe('Does my key work?')
  })

  it('reports the provider error for an unknown model', async () => {
    const started = await engine.send({ text: 'hi', model: 'no-such-model' })
    await engine.idle()
    const answer = await assistantOf(started.assistantMessageId)
    expect(answer.error?.code).toBe('model_not_found')
    expect(answer.error?.detail).toMatch(/no-such-model/)
  })

  it('keeps what arrived when the stream drops, and Retry answers again', async () => {
    provider.script({ content: 'one two three four five six', dropAfterChunks: 3 })
    const started = await engine.send({ text: 'Count' })
    await engine.idle()
    const dropped = await assistantOf(started.assistantMessageId)
    expect(dropped.status).toBe('error')
    expect(dropped.error?.code).toBe('stream_dropped')
    expect(messageText(dropped.parts)).toBe('one two three ')

    const retried = await engine.regenerate({ conversationId: started.conversationId })
    await engine.idle()
    const messages = await store.listMessages(started.conversationId)
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    expect(messages[1].id).toBe(retried.assistantMessageId)
    expect(messages[1].status).toBe('complete')
  })

  it('treats a malformed chunk as a dropped stream', async () => {
    provider.script({ content: 'alpha beta gamma delta', malformedAfterChunks: 2 })
    const started = await engine.send({ text: 'x' })
    await engine.idle()
    const answer = await assistantOf(started.assistantMessageId)
    expect(answer.status).toBe('error')
    expect(answer.error?.code).toBe('stream_dropped')
    expect(messageText(answer.parts)).toBe('alpha beta ')
  })

  it('reports a connection error when the provider is down', async () => {
    const down = providerConfig({ baseURL: 'http://127.0.0.1:9/v1' })
    engine = makeEngine(resolverFor(down))
    const started = await engine.send({ text: 'anyone there?' })
    await engine.idle()
    expect((await assistantOf(started.assistantMessageId)).error?.code).toBe('connection')
  })

  it('stores the question with a no_provider error when nothing is configured', async () => {
    engine = makeEngine({
      resolve: () => {
        throw new AppError({ code: 'no_provider' })
      }
    })
    const started = await engine.send({ text: 'hello?' })
    await engine.idle()
    expect((await assistantOf(started.assistantMessageId)).error?.code).toBe('no_provider')
    expect(chatEvents(started.streamId).at(-1)).toMatchObject({ kind: 'done', status: 'error', error: { code: 'no_provider' } })
  })

  it('labels an answer that failed before it started (no key) with the model that was asked, never "unknown"', async () => {
    const config = providerConfig({ presetId: 'openai', defaultModel: 'gpt-4o' })
    engine = makeEngine({
      resolve: () => {
        throw new AppError({ code: 'no_key' })
      },
      chosen: () => config
    })
    const started = await engine.send({ text: 'hello?' })
    await engine.idle()
    const answer = await assistantOf(started.assistantMessageId)
    expect(answer.error?.code).toBe('no_key')
    expect(answer.model).toBe('gpt-4o')
    expect(chatEvents(started.streamId)[0]).toMatchObject({ kind: 'started', model: 'gpt-4o' })

    // A model chosen in the picker is the one named.
    const picked = await engine.send({ text: 'again', model: 'gpt-4o-mini' })
    await engine.idle()
    expect((await assistantOf(picked.assistantMessageId)).model).toBe('gpt-4o-mini')
  })

  it('names no model at all when no provider exists (rather than "unknown")', async () => {
    engine = makeEngine({
      resolve: () => {
        throw new AppError({ code: 'no_provider' })
      }
    })
    const started = await engine.send({ text: 'hello?' })
    await engine.idle()
    expect((await assistantOf(started.assistantMessageId)).model).toBeUndefined()
  })

  it('edits the last question and answers it again, dropping the old answer', async () => {
    const first = await engine.send({ text: 'first question' })
    await engine.idle()
    const edited = await engine.editAndResend({
      conversationId: first.conversationId,
      messageId: first.userMessageId,
      text: 'better question'
    })
    await engine.idle()
    const messages = await store.listMessages(first.conversationId)
    expect(messages.map((m) => [m.role, messageText(m.parts)])).toEqual([
      ['user', 'better question'],
      ['assistant', 'Echo: better question']
    ])
    expect(edited.userMessageId).toBe(first.userMessageId)
  })

  it('sends earlier turns as context and accepts a 1 MB message', async () => {
    const first = await engine.send({ text: 'remember 42' })
    await engine.idle()
    const big = 'x'.repeat(1_000_000)
    const second = await engine.send({ conversationId: first.conversationId, text: big })
    await engine.idle()
    const last = provider.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as {
      messages: Array<{ role: string; content: string }>
    }
    expect(last.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user'])
    expect(last.messages[3].content.length).toBe(1_000_000)
    expect((await assistantOf(second.assistantMessageId)).status).toBe('complete')
  })

  it('stores reasoning as its own part, streams it as reasoning events, and never sends it back', async () => {
    provider.script({ deltas: [{ reasoning_content: 'The user wants ' }, { reasoning_content: 'a greeting.' }, { content: 'Hello!' }] })
    const first = await engine.send({ text: 'hi' })
    await engine.idle()
    const evs = chatEvents(first.streamId)
    expect(evs.filter((e) => e.kind === 'reasoning').map((e) => (e.kind === 'reasoning' ? e.text : '')).join('')).toBe('The user wants a greeting.')
    const answer = await assistantOf(first.assistantMessageId)
    expect(answer.status).toBe('complete')
    expect(answer.parts).toMatchObject([{ type: 'reasoning', text: 'The user wants a greeting.' }, { type: 'text', text: 'Hello!' }])
    expect((answer.parts[0] as { durationMs?: number }).durationMs).toBeGreaterThanOrEqual(0)

    // Inline <think> tags (split across chunks) are reasoning too; the answer never holds them.
    provider.script({ match: { lastUserContains: 'bye' }, chunks: ['<thi', 'nk>Plan: say bye.</th', 'ink>\n\nBye', '!'] })
    const second = await engine.send({ conversationId: first.conversationId, text: 'bye' })
    await engine.idle()
    expect((await assistantOf(second.assistantMessageId)).parts).toEqual([
      { type: 'reasoning', text: 'Plan: say bye.', durationMs: expect.any(Number) },
      { type: 'text', text: 'Bye!' }
    ])
    const last = provider.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { messages: Array<{ role: string; content: string }> }
    expect(last.messages.find((m) => m.role === 'assistant')).toEqual({ role: 'assistant', content: 'Hello!' })
  })

  it('a refusal is the answer, marked; a cut-off is complete and says so', async () => {
    provider.script({ deltas: [{ refusal: "I'm sorry, I can't help with that." }] })
    const refused = await engine.send({ text: 'something bad' })
    await engine.idle()
    expect(await assistantOf(refused.assistantMessageId)).toMatchObject({ status: 'complete', finish: 'refusal', parts: [{ type: 'text', text: "I'm sorry, I can't help with that." }] })
    expect(chatEvents(refused.streamId).at(-1)).toMatchObject({ kind: 'done', status: 'complete', finish: 'refusal' })

    provider.script({ match: { lastUserContains: 'essay' }, content: 'The first part of a long', finishReason: 'length' })
    const cut = await engine.send({ text: 'a long essay' })
    await engine.idle()
    expect(await assistantOf(cut.assistantMessageId)).toMatchObject({ status: 'complete', finish: 'length' })
  })

  it('Continue joins the continuation to the cut answer, without the words the model repeats', async () => {
    provider.script({ match: { lastUserContains: 'count' }, content: 'The list: one, two, thr', finishReason: 'length' })
    const first = await engine.send({ text: 'count to four' })
    await engine.idle()
    expect(await assistantOf(first.assistantMessageId)).toMatchObject({ finish: 'length' })

    provider.script({ match: { lastUserContains: 'cut off' }, chunks: ['two, thr', 'ee, four.'] })
    const more = await engine.continueAnswer({ conversationId: first.conversationId, messageId: first.assistantMessageId })
    expect(more.assistantMessageId).toBe(first.assistantMessageId)
    await engine.idle()
    const answer = await assistantOf(first.assistantMessageId)
    expect(answer.status).toBe('complete')
    expect(answer.finish).toBeUndefined()
    expect(messageText(answer.parts)).toBe('The list: one, two, three, four.')
    expect(chatEvents(more.streamId)[0]).toMatchObject({ kind: 'started', continues: true })
    const request = provider.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { messages: Array<{ role: string; content: string }> }
    expect(request.messages.slice(-2).map((m) => m.role)).toEqual(['assistant', 'user'])
    expect(request.messages.at(-2)?.content).toBe('The list: one, two, thr')

    // Only the last answer, and only one the output limit cut.
    await expect(engine.continueAnswer({ conversationId: first.conversationId, messageId: first.assistantMessageId })).rejects.toThrow(/output limit/)
  })

  it('never stores an empty answer as complete: a tool call nobody offered, an empty stream, a content filter', async () => {
    provider.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] })
    const tool = await engine.send({ text: 'weather?' })
    await engine.idle()
    expect(await assistantOf(tool.assistantMessageId)).toMatchObject({ status: 'error', error: { code: 'tool_call_unsupported' }, parts: [] })

    provider.script({ match: { lastUserContains: 'nothing' }, chunks: [] })
    const empty = await engine.send({ text: 'say nothing' })
    await engine.idle()
    expect(await assistantOf(empty.assistantMessageId)).toMatchObject({ status: 'error', error: { code: 'empty_answer' } })

    provider.script({ match: { lastUserContains: 'borderline' }, content: 'Here is how to', finishReason: 'content_filter' })
    const filtered = await engine.send({ text: 'borderline' })
    await engine.idle()
    const answer = await assistantOf(filtered.assistantMessageId)
    expect(answer).toMatchObject({ status: 'error', error: { code: 'content_filter' } })
    expect(messageText(answer.parts)).toBe('Here is how to')
  })

  it('refuses an empty message', async () => {
    await expect(engine.send({ text: '   \n ' })).rejects.toThrow(AppError)
  })

  describe('a conversation longer than the model reads', () => {
    const tooLong = {
      message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      code: 'context_length_exceeded'
    }
    /** Four answered turns, then a question the model cannot take with all of them (> 9 messages). */
    async function longConversation(): Promise<{ conversationId: string; failedId: string }> {
      let conversationId: string | undefined
      for (let i = 0; i < 4; i++) {
        const s = await engine.send({ conversationId, text: `turn ${i} ${'words '.repeat(50)}` })
        conversationId = s.conversationId
        await engine.idle()
      }
      provider.script({ match: { minMessages: 10 }, status: 400, error: tooLong, times: Infinity })
      const failed = await engine.send({ conversationId, text: 'the last question' })
      await engine.idle()
      expect((await assistantOf(failed.assistantMessageId)).error?.code).toBe('context_length')
      return { conversationId: failed.conversationId, failedId: failed.assistantMessageId }
    }
    const lastChatRequest = () =>
      provider.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { messages: Array<{ role: string; content: string }> }

    it('retry without the oldest turns sends only what fits, keeps every message, and can send all again', async () => {
      const { conversationId } = await longConversation()
      const retried = await engine.retryWithoutOldest({ conversationId })
      await engine.idle()
      expect((await assistantOf(retried.assistantMessageId)).status).toBe('complete')
      const sent = lastChatRequest().messages
      expect(sent.length).toBeLessThan(10)
      expect(sent.at(-1)?.content).toBe('the last question')
      expect(sent.some((m) => m.content.startsWith('turn 0'))).toBe(false)
      const conversation = await store.getConversation(conversationId)
      const messages = await store.listMessages(conversationId)
      expect(messages).toHaveLength(10)
      expect(messages.find((m) => m.id === conversation?.contextFrom)?.role).toBe('user')
      // The next message goes with the same window; "send them again" restores everything.
      await engine.includeAllTurns({ conversationId })
      expect((await store.getConversation(conversationId))?.contextFrom).toBeUndefined()
    })

    it('a new chat with a summary: the model summarises, the new chat starts from it and answers the last question', async () => {
      const { conversationId } = await longConversation()
      provider.script({ match: { lastUserContains: 'User: turn 0' }, content: '<think>what matters</think>- The user wrote four turns of words.' })
      const started = await engine.newChatWithSummary({ conversationId })
      await engine.idle()
      expect(started.conversationId).not.toBe(conversationId)
      const summaryRequest = provider.requests.filter((r) => r.path === '/v1/chat/completions').find((r) => JSON.stringify(r.body).includes('Summarise the conversation'))?.body as {
        messages: Array<{ content: string }>
        stream?: boolean
      }
      expect(summaryRequest.messages[1].content).toContain('Assistant: ')
      expect(summaryRequest.messages[1].content).not.toContain('the last question')
      const fresh = await store.listMessages(started.conversationId)
      expect(fresh.map((m) => m.role)).toEqual(['system', 'user', 'assistant'])
      expect(fresh[0].parts[0]).toEqual({ type: 'summary', text: '- The user wrote four turns of words.', fromConversationId: conversationId, fromTitle: expect.any(String) })
      expect(messageText(fresh[1].parts)).toBe('the last question')
      expect(fresh[2].status).toBe('complete')
      const sent = lastChatRequest().messages
      expect(sent.map((m) => m.role)).toEqual(['system', 'system', 'user'])
      expect(sent[1].content).toContain('four turns of words')
      // The long conversation is untouched.
      expect(await store.listMessages(conversationId)).toHaveLength(10)
    })

    it('says so when nothing can be left out or summarised', async () => {
      provider.script({ status: 400, error: tooLong })
      const only = await engine.send({ text: 'x'.repeat(1000) })
      await engine.idle()
      await expect(engine.retryWithoutOldest({ conversationId: only.conversationId })).rejects.toMatchObject({ info: { code: 'context_length' } })
      await expect(engine.newChatWithSummary({ conversationId: only.conversationId })).rejects.toMatchObject({ info: { code: 'context_length' } })
      const ok = await engine.send({ text: 'fine' })
      await engine.idle()
      await expect(engine.retryWithoutOldest({ conversationId: ok.conversationId })).rejects.toMatchObject({ info: { code: 'bad_request' } })
    })
  })
})
