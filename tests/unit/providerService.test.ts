/**
 * The provider service against a real local HTTP server (node:http): the openai SDK makes real
 * requests, so URL handling, auth headers, Azure routing and error classification are exercised
 * end to end rather than mocked.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { KEYLESS_PLACEHOLDER_KEY } from '../../src/main/providers/clientFactory'
import { AppError, type ErrorInfo } from '../../src/shared/errors'
import { createProviderService, type ProviderServiceDeps } from '../../src/main/providers/providerService'
import { createPreferences } from '../../src/main/store/preferences'
import { createSecretStore } from '../../src/main/store/secrets'
import type { PreferencesPort } from '../../src/main/store/types'
import type { ProviderDraft, ProviderView } from '../../src/shared/settings'
import { FakeSafeStorage } from '../support/fakeSafeStorage'

const GOOD_KEY = 'sk-good-0123456789'

interface Behaviour {
  /** Status of GET …/models; 200 lists `models`. */
  modelsStatus: number
  models: string[]
  /** Models whose chat answers 404 "model does not exist". */
  unknownModels: string[]
  /** Answer nothing at all (a dead provider). */
  hang: boolean
  /** …/models answers without checking the key (like OpenRouter's). */
  publicModels: boolean
  /** Nothing checks the key (like Ollama). */
  noAuth: boolean
}

interface SeenRequest {
  method: string
  url: string
  authorization?: string
  apiKeyHeader?: string
  organization?: string
  body?: unknown
}

const defaults: Behaviour = { modelsStatus: 200, models: [], unknownModels: [], hang: false, publicModels: false, noAuth: false }
const behaviour: Behaviour = { ...defaults }
const seen: SeenRequest[] = []
let server: Server
let origin: string

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  // No keep-alive, so no test reuses a socket an earlier test left in some state.
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' })
  res.end(JSON.stringify(body))
}

function authorised(req: IncomingMessage): boolean {
  return req.headers.authorization === `Bearer ${GOOD_KEY}` || req.headers['api-key'] === GOOD_KEY
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let text = ''
  for await (const chunk of req) text += chunk
  const request: SeenRequest = {
    method: req.method ?? '',
    url: req.url ?? '',
    authorization: req.headers.authorization,
    apiKeyHeader: req.headers['api-key'] as string | undefined,
    organization: req.headers['openai-organization'] as string | undefined,
    body: text ? JSON.parse(text) : undefined
  }
  seen.push(request)
  if (behaviour.hang) return // the socket stays open until the client gives up

  const path = new URL(request.url, origin).pathname
  const isModels = req.method === 'GET' && path.endsWith('/models')
  if (!behaviour.noAuth && !(isModels && behaviour.publicModels) && !authorised(req)) {
    return sendJson(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } })
  }
  if (isModels) {
    if (behaviour.modelsStatus !== 200) return sendJson(res, behaviour.modelsStatus, { error: { message: 'Not here' } })
    return sendJson(res, 200, { object: 'list', data: behaviour.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'test' })) })
  }
  if (req.method === 'GET' && path.endsWith('/key')) return sendJson(res, 200, { data: { label: 'test' } })
  if (req.method === 'POST' && path.endsWith('/chat/completions')) {
    const model = (request.body as { model: string }).model
    if (behaviour.unknownModels.includes(model)) {
      return sendJson(res, 404, { error: { message: `The model \`${model}\` does not exist`, code: 'model_not_found' } })
    }
    return sendJson(res, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 0,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: 'p' }, finish_reason: 'length' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }
    })
  }
  sendJson(res, 404, { error: { message: 'no route' } })
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

afterEach(() => {
  Object.assign(behaviour, defaults)
  seen.length = 0
})

function memoryBackend(): PreferencesPort & { raw(): string } {
  const data: Record<string, unknown> = {}
  return {
    raw: () => JSON.stringify(data),
    get: (key) => data[key],
    set: (key, value) => {
      data[key] = JSON.parse(JSON.stringify(value))
    },
    delete: (key) => {
      delete data[key]
    }
  }
}

function setup(options: { keyring?: boolean; allowPlaintext?: boolean; deps?: Partial<ProviderServiceDeps> } = {}) {
  const backend = memoryBackend()
  const prefs = createPreferences(backend)
  const box = new FakeSafeStorage(options.keyring ?? true)
  const secrets = createSecretStore({ box, backend, allowPlaintext: () => options.allowPlaintext ?? false })
  const changes: ProviderView[][] = []
  const service = createProviderService({
    prefs,
    secrets,
    clientOptions: { maxRetries: 0 },
    onChanged: (providers) => changes.push(providers),
    ...options.deps
  })
  return { backend, prefs, secrets, service, changes }
}

const draft = (extra: Partial<ProviderDraft> = {}): ProviderDraft => ({
  presetId: 'custom',
  name: 'Local test',
  baseURL: origin,
  defaultModel: 'test-model',
  ...extra
})

const saved = (provider: ProviderView): ProviderView => provider

/** What a save came to: the provider, or the ErrorInfo of the AppError it threw. */
function saveOutcome(save: () => ProviderView): { ok: true; provider: ProviderView } | { ok: false; error: ErrorInfo } {
  try {
    return { ok: true, provider: save() }
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.info }
    throw error
  }
}

/** What a connection test came to: the models, or the ErrorInfo of the AppError it threw. */
async function tested(test: Promise<{ models: string[] }>): Promise<{ ok: true; models: string[] } | { ok: false; error: ErrorInfo }> {
  try {
    return { ok: true, ...(await test) }
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.info }
    throw error
  }
}

function failureOf(fn: () => unknown): AppError {
  try {
    fn()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected a AppError')
}

describe('save / list / remove', () => {
  it('creates a provider with a new id and a normalised URL, stores its key encrypted, and makes it the default', () => {
    const { backend, prefs, service, changes } = setup()
    const provider = saved(service.save(draft({ presetId: 'openai', baseURL: `${origin}/v1/`, apiKey: ` ${GOOD_KEY}\n` })))
    expect(provider.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(provider).toMatchObject({ baseURL: `${origin}/v1`, hasKey: true, presetId: 'openai' })
    expect(backend.raw()).not.toContain(GOOD_KEY)
    expect(prefs.getSettings().defaultProviderId).toBe(provider.id)
    expect(service.list()).toEqual([provider])
    expect(changes.at(-1)).toEqual([provider])

    const second = saved(service.save(draft({ name: 'Second' })))
    expect(second.hasKey).toBe(false)
    expect(prefs.getSettings().defaultProviderId).toBe(provider.id)
    expect(service.list().map((p) => p.name)).toEqual(['Local test', 'Second'])
  })

  it('says which provider (and so which model) a message would have used when resolve refuses it', () => {
    const { service, prefs } = setup()
    expect(service.chosen?.()).toBeUndefined()
    // Saved by an older version without its key (save refuses that now).
    prefs.putProvider({ id: 'p-openai', presetId: 'openai', name: 'OpenAI', baseURL: 'https://api.openai.com/v1', defaultModel: 'gpt-4o' })
    prefs.updateSettings({ defaultProviderId: 'p-openai' })
    const openai = { id: 'p-openai' }
    expect(failureOf(() => service.resolve()).info.code).toBe('no_key')
    expect(service.chosen?.()?.defaultModel).toBe('gpt-4o')
    expect(service.chosen?.('gone')?.id).toBe(openai.id)
  })

  it('fills an empty base URL from the preset and drops empty optional fields', () => {
    const { service } = setup()
    const provider = saved(service.save(draft({ presetId: 'openrouter', baseURL: '', fallbackModel: ' ', apiVersion: '2024-01-01', apiKey: GOOD_KEY })))
    expect(provider.baseURL).toBe('https://openrouter.ai/api/v1')
    expect(provider.fallbackModel).toBeUndefined()
    expect(provider.apiVersion).toBeUndefined()
  })

  it('gives Azure its bare endpoint and a default API version', () => {
    const { service } = setup()
    const provider = saved(
      service.save(draft({ presetId: 'azure', baseURL: 'https://res.openai.azure.com/openai/deployments/x?api-version=1', apiKey: GOOD_KEY }))
    )
    expect(provider).toMatchObject({ baseURL: 'https://res.openai.azure.com', apiVersion: '2024-10-21' })
  })

  it('refuses an invalid URL and stores nothing', () => {
    const { service, prefs } = setup()
    for (const baseURL of ['api.example.com', 'ftp://x.example/v1', 'https://']) {
      const result = saveOutcome(() => service.save(draft({ baseURL, apiKey: GOOD_KEY })))
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_url' } })
    }
    expect(saveOutcome(() => service.save(draft({ presetId: 'azure', baseURL: '' })))).toMatchObject({ ok: false, error: { code: 'invalid_url', detail: 'empty' } })
    expect(prefs.listProviders()).toEqual([])
  })

  it('keeps, replaces or clears the key of an existing provider', () => {
    const { service, secrets } = setup()
    const provider = saved(service.save(draft({ apiKey: GOOD_KEY })))
    expect(saved(service.save(draft({ id: provider.id, name: 'Renamed' }))).hasKey).toBe(true)
    expect(secrets.getKey(provider.id)).toBe(GOOD_KEY)
    saved(service.save(draft({ id: provider.id, apiKey: 'sk-new' })))
    expect(secrets.getKey(provider.id)).toBe('sk-new')
    expect(saved(service.save(draft({ id: provider.id, apiKey: null }))).hasKey).toBe(false)
    expect(service.list()).toHaveLength(1)
    expect(service.list()[0].name).toBe('Local test')
  })

  it('answers no_provider when saving an id that no longer exists', () => {
    const { service } = setup()
    expect(saveOutcome(() => service.save(draft({ id: 'gone' })))).toMatchObject({ ok: false, error: { code: 'no_provider' } })
  })

  it('without a keyring, refuses to save a key unless plaintext is allowed, and saves keyless providers', () => {
    const locked = setup({ keyring: false })
    expect(saveOutcome(() => locked.service.save(draft({ presetId: 'openai', apiKey: GOOD_KEY })))).toEqual({ ok: false, error: { code: 'keyring_unavailable' } })
    expect(locked.prefs.listProviders()).toEqual([])
    expect(saved(locked.service.save(draft({ presetId: 'ollama', baseURL: 'http://127.0.0.1:11434' }))).baseURL).toBe('http://127.0.0.1:11434/v1')

    const allowed = setup({ keyring: false, allowPlaintext: true })
    expect(saved(allowed.service.save(draft({ presetId: 'openai', apiKey: GOOD_KEY }))).hasKey).toBe(true)
  })

  it('remove deletes the key and moves the default to a remaining provider', () => {
    const { service, prefs, secrets, changes } = setup()
    const first = saved(service.save(draft({ apiKey: GOOD_KEY })))
    const second = saved(service.save(draft({ name: 'Second' })))
    prefs.updateSettings({ defaultModel: 'test-model' })
    service.remove(first.id)
    expect(secrets.hasKey(first.id)).toBe(false)
    expect(prefs.getSettings().defaultProviderId).toBe(second.id)
    expect(prefs.getSettings().defaultModel).toBeUndefined()
    expect(changes.at(-1)?.map((p) => p.id)).toEqual([second.id])
    service.remove(second.id)
    expect(prefs.getSettings().defaultProviderId).toBeUndefined()
    expect(service.list()).toEqual([])
  })

  it('a new provider becomes the default when the stored default is gone', () => {
    const { service, prefs } = setup()
    prefs.updateSettings({ defaultProviderId: 'deleted-elsewhere' })
    const provider = saved(service.save(draft()))
    expect(prefs.getSettings().defaultProviderId).toBe(provider.id)
  })
})

describe('test (connection)', () => {
  it('lists the models, sorted, with the key from the draft', async () => {
    behaviour.models = ['zeta', 'alpha', 'mid']
    const { service } = setup()
    expect(await tested(service.test(draft({ baseURL: `${origin}/v1`, apiKey: GOOD_KEY })))).toEqual({ ok: true, models: ['alpha', 'mid', 'zeta'] })
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/v1/models', authorization: `Bearer ${GOOD_KEY}` })
  })

  it('reports a wrong key as auth, with the provider’s words', async () => {
    const { service } = setup()
    expect(await tested(service.test(draft({ apiKey: 'sk-wrong' })))).toEqual({
      ok: false,
      error: { code: 'auth', status: 401, detail: 'Incorrect API key provided' }
    })
  })

  it('uses the stored key for a saved provider when the draft has none, and no key when it clears it', async () => {
    behaviour.models = ['m']
    const { service } = setup()
    const provider = saved(service.save(draft({ apiKey: GOOD_KEY })))
    expect(await tested(service.test(draft({ id: provider.id })))).toEqual({ ok: true, models: ['m'] })
    expect(await tested(service.test(draft({ id: provider.id, apiKey: null })))).toMatchObject({ ok: false, error: { code: 'auth' } })
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${KEYLESS_PLACEHOLDER_KEY}`)
  })

  it('answers no_key without a request when the preset needs a key', async () => {
    const { service } = setup()
    expect(await tested(service.test(draft({ presetId: 'openai' })))).toEqual({ ok: false, error: { code: 'no_key' } })
    expect(seen).toHaveLength(0)
  })

  it('answers keyring_unavailable for a saved provider whose key cannot be read', async () => {
    const { service } = setup({ keyring: false })
    expect(await tested(service.test(draft({ presetId: 'openai', id: 'p1' })))).toEqual({ ok: false, error: { code: 'keyring_unavailable' } })
  })

  it('falls back to a one-token chat when the provider cannot list models', async () => {
    behaviour.modelsStatus = 404
    const { service } = setup()
    expect(await tested(service.test(draft({ apiKey: GOOD_KEY })))).toEqual({ ok: true, models: ['test-model'] })
    const chat = seen.find((request) => request.method === 'POST')
    expect(chat).toMatchObject({ url: '/v1/chat/completions', body: { model: 'test-model', max_tokens: 1 } })
  })

  it('probes with a chat when the list is empty, and reports a missing model', async () => {
    behaviour.noAuth = true
    behaviour.unknownModels = ['llama3.2']
    const { service } = setup()
    const result = await tested(service.test(draft({ presetId: 'ollama', defaultModel: 'llama3.2' })))
    expect(result).toMatchObject({ ok: false, error: { code: 'model_not_found', status: 404 } })
  })

  it('checks the key where listing models is public (OpenRouter)', async () => {
    behaviour.publicModels = true
    behaviour.models = ['openai/gpt-4o']
    const { service } = setup()
    const url = `${origin}/api/v1`
    expect(await tested(service.test(draft({ presetId: 'openrouter', baseURL: url, apiKey: 'sk-wrong' })))).toMatchObject({
      ok: false,
      error: { code: 'auth' }
    })
    expect(seen.map((request) => request.url)).toEqual(['/api/v1/models', '/api/v1/key'])
    expect(await tested(service.test(draft({ presetId: 'openrouter', baseURL: url, apiKey: GOOD_KEY })))).toEqual({ ok: true, models: ['openai/gpt-4o'] })
  })

  it('tests Azure with a chat on the deployment, an api-key header and the api-version', async () => {
    const { service } = setup()
    const result = await tested(service.test(draft({ presetId: 'azure', defaultModel: 'my-gpt4o', apiKey: GOOD_KEY, apiVersion: '2024-06-01' })))
    expect(result).toEqual({ ok: true, models: ['my-gpt4o'] })
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/openai/deployments/my-gpt4o/chat/completions?api-version=2024-06-01',
      apiKeyHeader: GOOD_KEY
    })
  })

  it('reports a refused connection', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const { service } = setup()
    expect(await tested(service.test(draft({ baseURL: `http://127.0.0.1:${port}` })))).toMatchObject({ ok: false, error: { code: 'connection' } })
  })

  it('gives up on a provider that never answers within its budget', async () => {
    behaviour.hang = true
    const { service } = setup({ deps: { testBudgetMs: 400 } })
    const started = Date.now()
    expect(await tested(service.test(draft({ apiKey: GOOD_KEY })))).toMatchObject({ ok: false, error: { code: 'timeout' } })
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('refuses an invalid URL without a request', async () => {
    const { service } = setup()
    expect(await tested(service.test(draft({ baseURL: 'nope' })))).toEqual({ ok: false, error: { code: 'invalid_url', detail: 'scheme' } })
    expect(seen).toHaveLength(0)
  })
})

describe('models', () => {
  it('lists a saved provider’s models, sorted, and [] on failure or for unknown ids', async () => {
    behaviour.models = ['b', 'a']
    const { service } = setup()
    const good = saved(service.save(draft({ apiKey: GOOD_KEY })))
    const keyless = saved(service.save(draft({ name: 'No key' })))
    expect(await service.models(good.id)).toEqual(['a', 'b'])
    expect(await service.models(keyless.id)).toEqual([])
    expect(await service.models('unknown')).toEqual([])
  })
})

describe('detectOllama', () => {
  const viaTestServer: typeof fetch = (input, init) => fetch(String(input).replace('http://127.0.0.1:11434', origin), init)

  it('finds a server answering the models listing', async () => {
    behaviour.publicModels = true
    behaviour.models = ['qwen2.5:7b', 'llama3.2:latest']
    const { service } = setup({ deps: { fetchForDetection: viaTestServer } })
    expect(await service.detectOllama()).toEqual({
      found: true,
      baseURL: 'http://127.0.0.1:11434/v1',
      models: ['llama3.2:latest', 'qwen2.5:7b']
    })
    expect(seen[0].url).toBe('/v1/models')
  })

  it('reports nothing found when nothing answers, answers an error, or too slowly', async () => {
    const notFound = { found: false, baseURL: 'http://127.0.0.1:11434/v1', models: [] }
    const refused = setup({ deps: { fetchForDetection: () => Promise.reject(new TypeError('fetch failed')) } })
    expect(await refused.service.detectOllama()).toEqual(notFound)

    const failing = setup({ deps: { fetchForDetection: viaTestServer } })
    behaviour.modelsStatus = 500
    behaviour.publicModels = true
    expect(await failing.service.detectOllama()).toEqual(notFound)

    behaviour.hang = true
    const started = Date.now()
    expect(await failing.service.detectOllama()).toEqual(notFound)
    expect(Date.now() - started).toBeLessThan(2_000)
  })
})

describe('resolve', () => {
  it('fails with no_provider when none is configured', () => {
    expect(failureOf(() => setup().service.resolve()).info.code).toBe('no_provider')
  })

  it('fails with no_key for a provider that needs a key and has none', () => {
    const { service, prefs } = setup()
    prefs.putProvider({ id: 'p1', presetId: 'openai', name: 'OpenAI', baseURL: 'https://api.openai.com/v1', defaultModel: 'gpt-4o' })
    expect(failureOf(() => service.resolve()).info.code).toBe('no_key')
  })

  it('refuses to add a provider that needs a key without one, or to clear its key, whoever asks', () => {
    const { service, prefs } = setup()
    expect(saveOutcome(() => service.save(draft({ presetId: 'openai' })))).toMatchObject({ ok: false, error: { code: 'no_key' } })
    expect(saveOutcome(() => service.save(draft({ presetId: 'openai', apiKey: '  ' })))).toMatchObject({ ok: false, error: { code: 'no_key' } })
    expect(prefs.listProviders()).toHaveLength(0)
    const openai = saved(service.save(draft({ presetId: 'openai', apiKey: GOOD_KEY })))
    expect(saveOutcome(() => service.save(draft({ id: openai.id, presetId: 'openai', apiKey: null })))).toMatchObject({ ok: false, error: { code: 'no_key' } })
    expect(service.list()[0]?.hasKey).toBe(true)
    // Editing something else keeps the stored key; a keyless local server needs none.
    expect(saved(service.save(draft({ id: openai.id, presetId: 'openai', name: 'Work' }))).hasKey).toBe(true)
    expect(saved(service.save(draft({ presetId: 'ollama', baseURL: 'http://localhost:11434/v1' }))).hasKey).toBe(false)
  })

  it('fails with keyring_unavailable when keys cannot be stored on this machine', () => {
    const { service, prefs } = setup({ keyring: false })
    prefs.putProvider({ id: 'p1', presetId: 'openai', name: 'OpenAI', baseURL: 'https://api.openai.com/v1', defaultModel: 'gpt-4o' })
    expect(failureOf(() => service.resolve('p1')).info.code).toBe('keyring_unavailable')
  })

  it('picks the given provider, else the default, else the first', () => {
    const { service, prefs } = setup()
    const first = saved(service.save(draft({ name: 'First' })))
    const second = saved(service.save(draft({ name: 'Second' })))
    expect(service.resolve(second.id).provider.id).toBe(second.id)
    expect(service.resolve().provider.id).toBe(first.id)
    prefs.updateSettings({ defaultProviderId: second.id })
    expect(service.resolve().provider.id).toBe(second.id)
    expect(service.resolve('deleted').provider.id).toBe(second.id)
    prefs.updateSettings({ defaultProviderId: 'deleted' })
    expect(service.resolve().provider.id).toBe(first.id)
  })

  it('returns a working client with the stored key, and nothing from the environment', async () => {
    behaviour.models = ['m']
    const { service } = setup()
    saved(service.save(draft({ presetId: 'openai', baseURL: origin, apiKey: GOOD_KEY })))
    const previousOrg = process.env.OPENAI_ORG_ID
    process.env.OPENAI_ORG_ID = 'org-from-env'
    try {
      const { client } = service.resolve()
      const page = await client.models.list()
      expect(page.data.map((model) => model.id)).toEqual(['m'])
    } finally {
      if (previousOrg === undefined) delete process.env.OPENAI_ORG_ID
      else process.env.OPENAI_ORG_ID = previousOrg
    }
    expect(seen[0]).toMatchObject({ url: '/v1/models', authorization: `Bearer ${GOOD_KEY}` })
    expect(seen[0].organization).toBeUndefined()
  })

  it('gives a keyless local provider a client with the placeholder key', async () => {
    behaviour.noAuth = true
    behaviour.models = ['llama3.2']
    const { service } = setup()
    saved(service.save(draft({ presetId: 'ollama' })))
    const completion = await service.resolve().client.models.list()
    expect(completion.data).toHaveLength(1)
    expect(seen[0].authorization).toBe(`Bearer ${KEYLESS_PLACEHOLDER_KEY}`)
  })
})
