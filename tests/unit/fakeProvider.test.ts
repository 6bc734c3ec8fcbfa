import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import OpenAI from 'openai'
import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fakeEmbedding, startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import { createTestCertificate } from '../support/tls'

const run = promisify(execFile)

let provider: FakeProvider

beforeAll(async () => {
  provider = await startFakeProvider()
})
afterEach(() => provider.reset())
afterAll(() => provider.close())

function sdk(options: { maxRetries?: number; logger?: OpenAI['logger'] } = {}): OpenAI {
  return new OpenAI({ baseURL: provider.baseURL, apiKey: 'sk-test', maxRetries: 0, ...options })
}

function ask(client: OpenAI, text: string, extra: { model?: string; signal?: AbortSignal } = {}) {
  return client.chat.completions.create(
    {
      model: extra.model ?? 'gpt-4o',
      messages: [{ role: 'user', content: text }],
      stream: true,
      stream_options: { include_usage: true }
    },
    { signal: extra.signal }
  )
}

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return chunks
}

const contentOf = (chunks: ChatCompletionChunk[]) => chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '')

describe('fake provider: answers', () => {
  it('streams the default echo word by word, then finish_reason stop, then usage', async () => {
    const chunks = await collect(await ask(sdk(), 'hello big world'))

    expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant', content: '' })
    expect(contentOf(chunks).slice(1, 5)).toEqual(['Echo: ', 'hello ', 'big ', 'world'])
    expect(chunks[5].choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' })
    const last = chunks[chunks.length - 1]
    expect(last.choices).toEqual([])
    // chars / 4, rounded up: 'hello big world' is 15 chars, 'Echo: hello big world' 21.
    expect(last.usage).toEqual({ prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 })
    expect(chunks).toHaveLength(7)
    expect(provider.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions' })
    expect(provider.requests[0].headers.authorization).toBe('Bearer sk-test')
    expect(provider.requests[0].body).toMatchObject({ model: 'gpt-4o', stream: true })
  })

  it('sends SSE exactly as OpenAI does: data lines, blank-line separated, ending with [DONE]', async () => {
    const response = await fetch(`${provider.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }] })
    })
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const events = (await response.text()).split('\n\n')

    expect(events.pop()).toBe('')
    expect(events.every((event) => event.startsWith('data: '))).toBe(true)
    expect(events[events.length - 1]).toBe('data: [DONE]')
    // Without stream_options.include_usage there is no usage chunk and no usage field.
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)))
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && !('usage' in chunk))).toBe(true)
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('stop')
  })

  it('answers without streaming with a chat.completion and usage', async () => {
    const completion = await sdk().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'describe this' }] }]
    })
    expect(completion.object).toBe('chat.completion')
    expect(completion.model).toBe('gpt-4o-mini')
    expect(completion.choices[0].message).toMatchObject({ role: 'assistant', content: 'Echo: describe this' })
    expect(completion.choices[0].finish_reason).toBe('stop')
    expect(completion.usage?.total_tokens).toBeGreaterThan(0)
  })

  it('plays scripted content, exact chunks, usage override and tool calls', async () => {
    provider.script({ content: 'Bonjour tout le monde', usage: { completion_tokens: 42 } })
    provider.script({ chunks: ['He', 'llo'] })
    provider.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] })
    const client = sdk()

    const scripted = await collect(await ask(client, 'a'))
    expect(contentOf(scripted).join('')).toBe('Bonjour tout le monde')
    expect(contentOf(scripted).slice(1, 5)).toEqual(['Bonjour ', 'tout ', 'le ', 'monde'])
    expect(scripted[scripted.length - 1].usage).toMatchObject({ completion_tokens: 42 })

    expect(contentOf(await collect(await ask(client, 'b'))).slice(1, 3)).toEqual(['He', 'llo'])

    const toolChunks = await collect(await ask(client, 'c'))
    const toolDeltas = toolChunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])
    expect(toolDeltas[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'get_weather', arguments: '' } })
    expect(toolDeltas[0].id).toMatch(/^call_/)
    expect(toolDeltas.map((delta) => delta.function?.arguments ?? '').join('')).toBe('{"city":"Paris"}')
    expect(toolDeltas.length).toBeGreaterThan(2)
    expect(toolChunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0].finish_reason).toBe('tool_calls')

    provider.script({ toolCalls: [{ id: 'call_1', name: 'now', arguments: '{}' }] })
    const whole = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'd' }] })
    expect(whole.choices[0].message.content).toBeNull()
    expect(whole.choices[0].message.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'now', arguments: '{}' } }
    ])
    expect(whole.choices[0].finish_reason).toBe('tool_calls')
  })

  it('waits firstByteDelayMs and paces deltas at tokensPerSecond', async () => {
    // Lower bounds only: an upper bound would make the test flaky on a busy machine.
    provider.script({ firstByteDelayMs: 150, tokensPerSecond: 50, content: 'one two three four five' })
    const started = performance.now()
    const chunks = await collect(await ask(sdk(), 'slow please'))
    expect(performance.now() - started).toBeGreaterThanOrEqual(150 + 4 * 20 - 10)
    expect(contentOf(chunks).join('')).toBe('one two three four five')
    // The request records when its answer's first byte left (the render bench's first-glyph clock).
    const req = provider.requests.at(-1)!
    expect(req.firstByteAt).toBeDefined()
    expect(req.firstByteAt! - req.time).toBeGreaterThanOrEqual(145)
  })
})

describe('fake provider: script rules', () => {
  it('uses the first matching rule, counts times, and falls back to the echo', async () => {
    provider.script({ match: { lastUserContains: 'weather' }, content: 'Sunny', times: 2 })
    provider.script({ match: { model: 'deepseek-chat' }, content: 'From DeepSeek', times: Infinity })
    provider.script({ content: 'Anything else' })
    const client = sdk()
    const answer = async (text: string, model = 'gpt-4o') =>
      (await client.chat.completions.create({ model, messages: [{ role: 'user', content: text }] })).choices[0]
        .message.content

    expect(await answer('weather today?')).toBe('Sunny')
    expect(await answer('weather today?', 'deepseek-chat')).toBe('Sunny')
    expect(await answer('weather again?', 'deepseek-chat')).toBe('From DeepSeek')
    expect(await answer('other', 'deepseek-chat')).toBe('From DeepSeek')
    expect(await answer('other')).toBe('Anything else')
    expect(await answer('other')).toBe('Echo: other')
  })

  it('applies a rule to another endpoint only when its match.path says so', async () => {
    provider.script({ match: { path: '/v1/models' }, status: 500 })
    const client = sdk()
    await expect(client.models.list()).rejects.toBeInstanceOf(OpenAI.InternalServerError)
    const models = await client.models.list()
    expect(models.data.map((model) => model.id)).toEqual(['gpt-4o', 'gpt-4o-mini', 'deepseek-chat'])
  })
})

describe('fake provider: errors the SDK must classify', () => {
  it('rejects a wrong or missing key with 401 invalid_api_key (provider-wide and per rule)', async () => {
    const locked = await startFakeProvider({ apiKey: 'sk-right' })
    try {
      const wrong = new OpenAI({ baseURL: locked.baseURL, apiKey: 'sk-wrong-key-123', maxRetries: 0 })
      const error = await wrong.models.list().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
      expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key')
      expect((error as Error).message).toMatch(/^401 Incorrect API key provided: /)
      const right = new OpenAI({ baseURL: locked.baseURL, apiKey: 'sk-right', maxRetries: 0 })
      expect((await right.models.list()).data).toHaveLength(3)
    } finally {
      await locked.close()
    }

    provider.script({ apiKey: 'sk-rule', content: 'ok' })
    await expect(ask(sdk(), 'x')).rejects.toBeInstanceOf(OpenAI.AuthenticationError)
  })

  it('rejects an unknown model with 404 model_not_found', async () => {
    const error = await ask(sdk(), 'x', { model: 'xyz' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OpenAI.NotFoundError)
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found')
    expect((error as Error).message).toContain('The model `xyz` does not exist or you do not have access to it.')
  })

  it('answers 429 with retry-after, which the SDK surfaces as RateLimitError and honours when retrying', async () => {
    provider.script({ status: 429, retryAfterSeconds: 7 })
    const error = await ask(sdk(), 'x').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OpenAI.RateLimitError)
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7')
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded')

    provider.reset()
    provider.script({ status: 429, retryAfterSeconds: 0, times: Infinity })
    await expect(ask(sdk({ maxRetries: 2 }), 'x')).rejects.toBeInstanceOf(OpenAI.RateLimitError)
    expect(provider.requests).toHaveLength(3)

    provider.reset()
    provider.script({ status: 429, retryAfterSeconds: 0, times: 2 })
    const chunks = await collect(await ask(sdk({ maxRetries: 2 }), 'third time lucky'))
    expect(contentOf(chunks).join('')).toBe('Echo: third time lucky')
    expect(provider.requests).toHaveLength(3)
  })

  it('answers a scripted 500 with a server_error body', async () => {
    provider.script({ status: 500 })
    const error = await ask(sdk(), 'x').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OpenAI.InternalServerError)
    expect((error as InstanceType<typeof OpenAI.InternalServerError>).type).toBe('server_error')
  })
})

describe('fake provider: broken streams', () => {
  it('drops the connection mid-stream', async () => {
    provider.script({ content: 'one two three four five', dropAfterChunks: 2 })
    const received: ChatCompletionChunk[] = []
    const outcome = await (async () => {
      for await (const chunk of await ask(sdk(), 'x')) received.push(chunk)
    })().then(
      () => 'ended',
      (error: unknown) => error
    )
    // Observed with openai 6.30.1 on Node 20: the iterator THROWS (it does not end quietly).
    // Node's fetch fails the body with `TypeError: terminated` (cause: SocketError "other side
    // closed"), which the SDK rethrows as-is, not wrapped in an APIConnectionError. So the
    // chat engine must treat any error from the iterator as "connection lost" and keep the partial.
    expect(outcome).toBeInstanceOf(TypeError)
    expect((outcome as Error).message).toBe('terminated')
    expect(contentOf(received)).toEqual(['', 'one ', 'two '])
    expect(received.some((chunk) => chunk.choices[0]?.finish_reason)).toBe(false)
  })

  it('sends a malformed chunk, which makes the SDK iterator throw', async () => {
    provider.script({ content: 'one two three', malformedAfterChunks: 1 })
    // The SDK logs the bad line before throwing; capture it to keep the test output clean.
    const logged: unknown[] = []
    const logger = { error: (...args: unknown[]) => logged.push(...args), warn() {}, info() {}, debug() {} }
    const received: ChatCompletionChunk[] = []
    const outcome = await (async () => {
      for await (const chunk of await ask(sdk({ logger }), 'x')) received.push(chunk)
    })().then(
      () => 'ended',
      (error: unknown) => error
    )
    // Observed: the SDK's JSON.parse error surfaces as a SyntaxError, after the good chunks.
    expect(logged.join(' ')).toContain('Could not parse message into JSON')
    expect(outcome).toBeInstanceOf(SyntaxError)
    expect(contentOf(received)).toEqual(['', 'one '])
  })

  it('stops a stalled or slow stream when the client aborts, then carries on serving', async () => {
    provider.script({ content: 'one two three', stallAfterChunks: 1 })
    provider.script({ content: 'word '.repeat(200), tokensPerSecond: 200 })
    const readUntilAbort = async () => {
      const controller = new AbortController()
      const received: string[] = []
      for await (const chunk of await ask(sdk(), 'x', { signal: controller.signal })) {
        received.push(chunk.choices[0]?.delta.content ?? '')
        if (received.length === 2) setTimeout(() => controller.abort(), 30)
      }
      return received
    }
    // Observed with openai 6.30.1: aborting during iteration ENDS the iterator quietly (the SDK
    // swallows its own AbortError), with no finish_reason; only an abort before the response
    // arrives rejects with APIUserAbortError. Callers must check the signal, not expect a throw.
    expect(await readUntilAbort()).toEqual(['', 'one '])
    const slow = await readUntilAbort()
    expect(slow.length).toBeGreaterThanOrEqual(2)
    expect(slow.length).toBeLessThan(100)

    const after = await sdk().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'ok?' }] })
    expect(after.choices[0].message.content).toBe('Echo: ok?')
  })

  it('rejects with APIUserAbortError when aborted before the first byte', async () => {
    provider.script({ firstByteDelayMs: 5_000 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 30)
    await expect(ask(sdk(), 'x', { signal: controller.signal })).rejects.toBeInstanceOf(OpenAI.APIUserAbortError)
  })

  it('ends a stalled stream when the provider closes', async () => {
    const own = await startFakeProvider()
    own.script({ content: 'one two', stallAfterChunks: 1 })
    const client = new OpenAI({ baseURL: own.baseURL, apiKey: 'sk-test', maxRetries: 0 })
    const stream = await ask(client, 'x')
    const iterator = stream[Symbol.asyncIterator]()
    await iterator.next()
    await iterator.next()
    const pending = iterator.next()
    await own.close()
    await expect(pending).rejects.toThrow('terminated')
  })
})

describe('fake provider: embeddings', () => {
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((sum, value, i) => sum + value * b[i], 0)

  it('serves a deterministic hashed bag of words, in input order, with the model echoed and usage', async () => {
    const texts = ['The pump needs a new filter.', 'Replacing filters on pumps', '天气很好', 'Tomatoes ripen in August']
    const response = await sdk().embeddings.create({ model: 'text-embedding-3-small', input: texts, encoding_format: 'float' })
    expect(response.model).toBe('text-embedding-3-small')
    expect(response.data.map((d) => d.index)).toEqual([0, 1, 2, 3])
    // chars / 4, rounded up, per input: 28, 26, 4 and 24 characters.
    expect(response.usage).toEqual({ prompt_tokens: 7 + 7 + 1 + 6, total_tokens: 21 })
    const vectors = response.data.map((d) => d.embedding)
    for (const [i, vector] of vectors.entries()) {
      expect(vector).toHaveLength(256)
      expect(dot(vector, vector)).toBeCloseTo(1, 10)
      expect(vector).toEqual(fakeEmbedding(texts[i]))
    }
    // Texts sharing words (here after folding: pump/pumps, filter/filters) are near; others are not.
    expect(dot(vectors[0], vectors[1])).toBeGreaterThan(0.5)
    expect(Math.abs(dot(vectors[0], vectors[3]))).toBeLessThan(0.3)
    // Common words carry nothing; CJK runs count as two-character pieces.
    expect(fakeEmbedding('the filter of the pump')).toEqual(fakeEmbedding('pump filter'))
    expect(dot(fakeEmbedding('天气很好'), fakeEmbedding('今天天气'))).toBeGreaterThan(0.2)

    const request = provider.requests[0]
    expect(request).toMatchObject({ method: 'POST', path: '/v1/embeddings', body: { model: 'text-embedding-3-small', input: texts } })
  })

  it('answers base64 (the SDK default), a string input, the dimensions asked for, and per-model sizes', async () => {
    const decoded = await sdk().embeddings.create({ model: 'any-model', input: 'pump filter' })
    expect(Array.from(decoded.data[0].embedding)).toEqual(Array.from(new Float32Array(fakeEmbedding('pump filter'))))
    const sized = await sdk().embeddings.create({ model: 'any-model', input: ['a pump'], dimensions: 64, encoding_format: 'float' })
    expect(sized.data[0].embedding).toHaveLength(64)
    const custom = await startFakeProvider({ embeddingDims: { big: 1024 } })
    try {
      const client = new OpenAI({ baseURL: custom.baseURL, apiKey: 'sk-test', maxRetries: 0 })
      const embed = (model: string) => client.embeddings.create({ model, input: ['x y'], encoding_format: 'float' })
      expect((await embed('big')).data[0].embedding).toHaveLength(1024)
      expect((await embed('small')).data[0].embedding).toHaveLength(256)
    } finally {
      await custom.close()
    }
  })

  it('refuses bad input and unknown models (when given a list), and fails as scripted', async () => {
    await expect(sdk().embeddings.create({ model: 'm', input: [''] })).rejects.toBeInstanceOf(OpenAI.BadRequestError)
    await expect(sdk().embeddings.create({ model: 'm', input: [] })).rejects.toBeInstanceOf(OpenAI.BadRequestError)
    const strict = await startFakeProvider({ embeddingModels: ['text-embedding-3-small'] })
    try {
      const client = new OpenAI({ baseURL: strict.baseURL, apiKey: 'sk-test', maxRetries: 0 })
      const error = await client.embeddings.create({ model: 'gpt-4o', input: 'x' }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(OpenAI.NotFoundError)
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found')
    } finally {
      await strict.close()
    }

    // A rule for the route: the first request passes, the second fails, then all pass again.
    provider.script({ match: { path: '/v1/embeddings' }, times: 1 })
    provider.script({ match: { path: '/v1/embeddings' }, status: 500 })
    const embed = () => sdk().embeddings.create({ model: 'm', input: 'x', encoding_format: 'float' })
    await expect(embed()).resolves.toMatchObject({ object: 'list' })
    await expect(embed()).rejects.toBeInstanceOf(OpenAI.InternalServerError)
    await expect(embed()).resolves.toMatchObject({ object: 'list' })
    expect(provider.requests.map((r) => r.path)).toEqual(['/v1/embeddings', '/v1/embeddings', '/v1/embeddings', '/v1/embeddings', '/v1/embeddings'])
  })
})

describe('fake provider: control over HTTP', () => {
  it('scripts, lists requests and resets through /__control', async () => {
    const post = (path: string, body?: unknown) =>
      fetch(`${provider.url}/__control/${path}`, {
        method: 'POST',
        body: body === undefined ? undefined : JSON.stringify(body)
      })

    const scripted = await post('script', { match: { lastUserContains: 'ping' }, content: 'pong', times: 'Infinity' })
    expect(await scripted.json()).toEqual({ ok: true, added: 1 })
    expect((await post('script', { times: 0 })).status).toBe(400)
    const client = sdk()
    const answer = async () =>
      (await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'ping' }] }))
        .choices[0].message.content
    expect([await answer(), await answer(), await answer()]).toEqual(['pong', 'pong', 'pong'])

    const recorded = await (await fetch(`${provider.url}/__control/requests`)).json()
    expect(recorded).toHaveLength(3)
    expect(recorded[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { model: 'gpt-4o' } })
    expect(typeof recorded[0].time).toBe('number')

    expect((await post('reset')).status).toBe(200)
    expect(provider.requests).toHaveLength(0)
    expect(await answer()).toBe('Echo: ping')
  })
})

describe('fake provider: TLS', () => {
  it('serves https that a process trusts through NODE_EXTRA_CA_CERTS, with the SDK too', async () => {
    const certificate = await createTestCertificate()
    const secure = await startFakeProvider({ tls: { cert: certificate.certPath, key: certificate.keyPath } })
    try {
      expect(secure.baseURL).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1$/)
      const trusting = { ...process.env, NODE_EXTRA_CA_CERTS: certificate.caPath }
      const untrusting = { ...process.env, NODE_EXTRA_CA_CERTS: '' }
      const fetchModels = `fetch(process.argv[1] + '/models').then(r => r.json()).then(b => console.log(b.data.map(m => m.id).join(',')))`
      // The SDK in a child, because NODE_EXTRA_CA_CERTS is only read when a process starts;
      // this is exactly how the app is told to trust the local provider.
      const streamWithSdk = `
        import OpenAI from 'openai'
        const client = new OpenAI({ baseURL: process.argv[1], apiKey: 'sk-test', maxRetries: 0 })
        const stream = await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'over tls' }] })
        let text = ''
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
        console.log(text)`
      const options = { cwd: process.cwd(), timeout: 8000 }

      const [models, sdkAnswer, refused] = await Promise.all([
        run(process.execPath, ['-e', fetchModels, secure.baseURL], { ...options, env: trusting }),
        run(process.execPath, ['--input-type=module', '-e', streamWithSdk, secure.baseURL], { ...options, env: trusting }),
        run(process.execPath, ['-e', fetchModels, secure.baseURL], { ...options, env: untrusting }).then(
          () => 'trusted without the CA?!',
          (error: { stderr: string }) => error.stderr
        )
      ])
      expect(models.stdout.trim()).toBe('gpt-4o,gpt-4o-mini,deepseek-chat')
      expect(sdkAnswer.stdout.trim()).toBe('Echo: over tls')
      expect(refused).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|self.signed|unable to verify/i)
    } finally {
      await secure.close()
    }
  })
})
