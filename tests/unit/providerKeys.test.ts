/**
 * Provider keys go only where they were saved for (security issue 14): the real openai SDK
 * against real local HTTP servers that record the credentials they receive, the real secret store
 * with the fake keyring, no mocks of the SDK.
 *
 * - M1: a saved key is bound to its origin (scheme, host, port): test / save / models / resolve
 *   with another origin never send it; legacy secrets get bound on first read.
 * - L1: redirects off the provider's origin are refused (Azure's `api-key` would follow them).
 * - L2: plain http:// to a remote host is flagged for the form.
 * - L9: OPENAI_LOG=debug prints no key.
 * - A key echoed in a provider's error is redacted before it reaches an AppError.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { AzureOpenAI } from 'openai'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createOpenAIClient } from '../../src/main/providers/clientFactory'
import { toChatError } from '../../src/main/providers/errors'
import { createProviderService } from '../../src/main/providers/providerService'
import { redactSecrets } from '../../src/main/providers/redact'
import { fetchWithinOrigin, judgeRedirect } from '../../src/main/providers/redirects'
import { createPreferences } from '../../src/main/store/preferences'
import { createSecretStore } from '../../src/main/store/secrets'
import type { PreferencesPort } from '../../src/main/store/types'
import { savedKeyState, switchPreset, toDraft, valuesFromPreset, valuesFromProvider, warnsPlainHttp } from '../../src/renderer/src/logic/providerForm'
import { AppError, type ErrorInfo } from '../../src/shared/errors'
import { isRemotePlainHttp } from '../../src/shared/providerPresets'
import type { ProviderDraft, ProviderView } from '../../src/shared/settings'
import { FakeSafeStorage } from '../support/fakeSafeStorage'

const KEY = 'sk-saved-for-A-0123456789abcdef'
const AZURE_KEY = '0123456789abcdef0123456789abcdef'

interface Seen {
  method: string
  url: string
  host?: string
  authorization?: string
  apiKey?: string
}

/** What a recording server does with a request it received (after recording it). */
type Respond = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void

interface Recorder {
  server: Server
  origin: string
  port: number
  seen: Seen[]
  /** TCP connections accepted: a refused request must not even connect. */
  connections: number
  respond: Respond
  /** Every credential it received, whatever the header. */
  credentials(): string[]
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close', ...headers })
  res.end(JSON.stringify(body))
}

/** Answers like an OpenAI-compatible provider that accepts `KEY` (Bearer) or `AZURE_KEY` (api-key). */
const providerLike: Respond = (req, res, seen) => {
  const authorised = seen.authorization === `Bearer ${KEY}` || seen.apiKey === AZURE_KEY
  if (!authorised) return sendJson(res, 401, { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } })
  const path = new URL(seen.url, 'http://x').pathname
  if (req.method === 'GET' && path.endsWith('/models')) {
    return sendJson(res, 200, { object: 'list', data: [{ id: 'model-a', object: 'model', created: 0, owned_by: 'test' }] })
  }
  if (req.method === 'POST' && path.endsWith('/chat/completions')) {
    return sendJson(res, 200, {
      id: 'c1',
      object: 'chat.completion',
      created: 0,
      model: 'model-a',
      choices: [{ index: 0, message: { role: 'assistant', content: 'p' }, finish_reason: 'length' }]
    })
  }
  sendJson(res, 404, { error: { message: 'no route' } })
}

const servers: Recorder[] = []

async function recorder(host = '127.0.0.1', port = 0): Promise<Recorder> {
  const rec: Recorder = {
    server: createServer(),
    origin: '',
    port: 0,
    seen: [],
    connections: 0,
    respond: providerLike,
    credentials: () => rec.seen.flatMap((s) => [s.authorization, s.apiKey]).filter((c): c is string => !!c)
  }
  rec.server.on('connection', (socket: Socket) => {
    rec.connections += 1
    socket.on('error', () => undefined)
  })
  rec.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    req.resume()
    req.on('end', () => {
      const seen: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        host: req.headers.host,
        authorization: req.headers.authorization,
        apiKey: req.headers['api-key'] as string | undefined
      }
      rec.seen.push(seen)
      rec.respond(req, res, seen)
    })
  })
  await new Promise<void>((resolve, reject) => {
    rec.server.once('error', reject)
    rec.server.listen(port, host, resolve)
  })
  rec.port = (rec.server.address() as AddressInfo).port
  rec.origin = `http://${host}:${rec.port}`
  servers.push(rec)
  return rec
}

/** A: where keys are saved for. B: same host, another port. C: another host (127.0.0.2), A's port. */
let A: Recorder
let B: Recorder
let C: Recorder

beforeAll(async () => {
  A = await recorder()
  B = await recorder()
  // Linux answers on all of 127.0.0.0/8: another host, same port, same scheme.
  C = await recorder('127.0.0.2', A.port)
})

afterAll(async () => {
  for (const rec of servers) {
    rec.server.closeAllConnections()
    await new Promise((resolve) => rec.server.close(resolve))
  }
})

afterEach(() => {
  for (const rec of servers) {
    rec.seen.length = 0
    rec.connections = 0
    rec.respond = providerLike
  }
  vi.restoreAllMocks()
})

function memoryBackend(): PreferencesPort & { data: Record<string, unknown>; raw(): string } {
  const data: Record<string, unknown> = {}
  return {
    data,
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

function setup() {
  const backend = memoryBackend()
  const prefs = createPreferences(backend)
  const box = new FakeSafeStorage(true)
  const secrets = createSecretStore({ box, backend, allowPlaintext: () => false })
  const service = createProviderService({ prefs, secrets, clientOptions: { maxRetries: 0 } })
  return { backend, prefs, box, secrets, service }
}

const draft = (extra: Partial<ProviderDraft> = {}): ProviderDraft => ({
  presetId: 'openai',
  name: 'Saved for A',
  baseURL: `${A.origin}/v1`,
  defaultModel: 'model-a',
  ...extra
})

async function outcome<T>(run: () => Promise<T> | T): Promise<{ ok: true; value: T } | { ok: false; error: ErrorInfo }> {
  try {
    return { ok: true, value: await run() }
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.info }
    throw error
  }
}

/** A provider saved for A with KEY: the starting point of most cases. */
function savedForA(extra: Partial<ProviderDraft> = {}) {
  const env = setup()
  const provider: ProviderView = env.service.save(draft({ apiKey: KEY, ...extra }))
  expect(provider.hasKey).toBe(true)
  return { ...env, provider }
}

const otherOrigins = (): Array<[string, Recorder, string]> => [
  ['another port', B, `${B.origin}/v1`],
  ['another host', C, `${C.origin}/v1`]
]

describe('M1: a saved key is bound to the origin it was saved for', () => {
  it.each([0, 1])('test with a saved id and another host or port: nothing reaches the other server, the user is asked for the key again (%#)', async (i) => {
    const { service, provider } = savedForA()
    const [, other, baseURL] = otherOrigins()[i]
    const result = await outcome(() => service.test(draft({ id: provider.id, baseURL })))
    expect(result).toMatchObject({ ok: false, error: { code: 'key_other_origin' } })
    expect(other.connections).toBe(0)
    expect(other.credentials()).toEqual([])
    expect(JSON.stringify(result)).not.toContain(KEY)
  })

  it('test with a saved id and another scheme (http saved, https asked, and the reverse): no connection at all', async () => {
    // Saved for https://127.0.0.1:<A's port>; the draft says http to the same host and port, which is A.
    const { service, provider } = savedForA({ baseURL: `https://127.0.0.1:${A.port}/v1` })
    expect(await outcome(() => service.test(draft({ id: provider.id, baseURL: `${A.origin}/v1` })))).toMatchObject({ ok: false, error: { code: 'key_other_origin' } })
    const httpSaved = savedForA()
    expect(await outcome(() => httpSaved.service.test(draft({ id: httpSaved.provider.id, baseURL: `https://127.0.0.1:${A.port}/v1` })))).toMatchObject({
      ok: false,
      error: { code: 'key_other_origin' }
    })
    expect(A.connections).toBe(0)
  })

  it('test with a saved id moved to a keyless preset (Ollama, custom): tested without the saved key', async () => {
    const { service, provider } = savedForA()
    B.respond = (_req, res) => sendJson(res, 200, { object: 'list', data: [{ id: 'llama', object: 'model', created: 0, owned_by: 'me' }] })
    for (const presetId of ['ollama', 'custom'] as const) {
      expect(await outcome(() => service.test(draft({ id: provider.id, presetId, baseURL: `${B.origin}/v1` })))).toEqual({ ok: true, value: { models: ['llama'] } })
    }
    expect(B.seen).toHaveLength(2)
    expect(B.credentials().some((c) => c.includes(KEY))).toBe(false)
  })

  it('test with a saved id, another origin and a key typed for it: that key goes there, never the saved one', async () => {
    const { service, provider } = savedForA()
    B.respond = (_req, res) => sendJson(res, 401, { error: { message: 'Incorrect API key provided' } })
    expect(await outcome(() => service.test(draft({ id: provider.id, baseURL: `${B.origin}/v1`, apiKey: 'sk-typed-for-B-000000' })))).toMatchObject({
      ok: false,
      error: { code: 'auth' }
    })
    expect(B.credentials()).toEqual(['Bearer sk-typed-for-B-000000'])
  })

  it('the same origin with another path still uses the saved key', async () => {
    const { service, provider } = savedForA()
    expect(await outcome(() => service.test(draft({ id: provider.id, baseURL: `${A.origin}/gateway/v1` })))).toEqual({ ok: true, value: { models: ['model-a'] } })
    expect(A.seen.map((s) => [s.url, s.authorization])).toEqual([['/gateway/v1/models', `Bearer ${KEY}`]])
    const moved = service.save(draft({ id: provider.id, baseURL: `${A.origin}/gateway/v1` }))
    expect(moved.hasKey).toBe(true)
  })

  it('save with another origin and no new key deletes the key; nothing after sends it to the new origin', async () => {
    const { service, secrets, backend, provider } = savedForA()
    const moved = service.save(draft({ id: provider.id, presetId: 'custom', baseURL: `${B.origin}/v1` }))
    expect(moved.hasKey).toBe(false)
    expect(secrets.getKey(provider.id)).toBeUndefined()
    expect(backend.data[`secrets.${provider.id}`]).toBeUndefined()
    // Custom needs no key: test, models and chat go keyless to B, never with A's key.
    await outcome(() => service.test(draft({ id: provider.id, presetId: 'custom', baseURL: `${B.origin}/v1` })))
    await service.models(provider.id)
    await service.resolve(provider.id).client.chat.completions.create({ model: 'model-a', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined)
    expect(B.seen.length).toBeGreaterThanOrEqual(3)
    expect(B.credentials().some((c) => c.includes(KEY))).toBe(false)
    expect(A.seen).toEqual([])
  })

  it('save with another origin and a new key binds the new key to the new origin', async () => {
    const { service, secrets, backend, provider } = savedForA()
    const moved = service.save(draft({ id: provider.id, baseURL: `${C.origin}/v1`, apiKey: 'sk-for-C-0000000000' }))
    expect(moved.hasKey).toBe(true)
    expect(secrets.boundKey(provider.id, undefined)).toEqual({ key: 'sk-for-C-0000000000', origin: C.origin })
    expect(backend.data[`secrets.${provider.id}`]).toMatchObject({ scheme: 'safeStorage', origin: C.origin })
    expect(backend.raw()).not.toContain('sk-for-C')
  })

  it('a saved id whose provider was moved behind our back (preferences edited): models and resolve send nothing', async () => {
    const { service, prefs, provider } = savedForA()
    for (const [, other, baseURL] of otherOrigins()) {
      prefs.putProvider({ ...prefs.getProvider(provider.id)!, baseURL })
      expect(await service.models(provider.id)).toEqual([])
      expect(await outcome(() => service.resolve(provider.id))).toMatchObject({ ok: false, error: { code: 'key_other_origin' } })
      expect(service.list()[0].hasKey).toBe(false)
      expect(other.connections).toBe(0)
    }
  })

  it('editing the readable origin next to the ciphertext does not re-bind the key: the sealed one counts', async () => {
    const { service, prefs, backend, provider } = savedForA()
    const entry = backend.data[`secrets.${provider.id}`] as Record<string, unknown>
    backend.set(`secrets.${provider.id}`, { ...entry, origin: B.origin })
    prefs.putProvider({ ...prefs.getProvider(provider.id)!, baseURL: `${B.origin}/v1` })
    expect(await outcome(() => service.resolve(provider.id))).toMatchObject({ ok: false, error: { code: 'key_other_origin' } })
    expect(await service.models(provider.id)).toEqual([])
    expect(B.connections).toBe(0)
  })

  it('resolve refuses a key bound elsewhere, and uses one bound here', async () => {
    const { service, secrets, provider } = savedForA()
    secrets.setBoundKey(provider.id, KEY, 'https://elsewhere.example')
    expect(await outcome(() => service.resolve(provider.id))).toMatchObject({
      ok: false,
      error: { code: 'key_other_origin', detail: expect.stringContaining('https://elsewhere.example') }
    })
    secrets.setBoundKey(provider.id, KEY, A.origin)
    const { client } = service.resolve(provider.id)
    await client.chat.completions.create({ model: 'model-a', messages: [{ role: 'user', content: 'hi' }] })
    expect(A.credentials()).toEqual([`Bearer ${KEY}`])
  })

  it('a legacy secret (no origin) is bound to the provider’s current origin on first read, and stays readable', async () => {
    for (const legacy of ['safeStorage', 'plain'] as const) {
      const { service, prefs, backend, box, secrets } = setup()
      prefs.putProvider({ id: 'old', presetId: 'openai', name: 'Old', baseURL: `${A.origin}/v1`, defaultModel: 'model-a' })
      const data = legacy === 'safeStorage' ? box.encryptString(KEY).toString('base64') : KEY
      backend.set('secrets.old', { scheme: legacy, data })
      expect(service.list()[0].hasKey).toBe(true)
      expect(backend.data['secrets.old']).toMatchObject({ scheme: 'safeStorage', origin: A.origin })
      expect(backend.raw()).not.toContain(KEY)
      expect(secrets.getKey('old')).toBe(KEY)
      expect(await outcome(() => service.test({ ...draft(), id: 'old' }))).toEqual({ ok: true, value: { models: ['model-a'] } })
      // Bound now: moving the provider (file edit) no longer takes the key along.
      prefs.putProvider({ ...prefs.getProvider('old')!, baseURL: `${B.origin}/v1` })
      expect(await outcome(() => service.resolve('old'))).toMatchObject({ ok: false, error: { code: 'key_other_origin' } })
      expect(B.connections).toBe(0)
    }
  })

  it('keys with no origin (the search services’) stay plain setKey/getKey', () => {
    const { secrets, backend } = setup()
    secrets.setKey('search-tavily', 'tvly-0123456789')
    expect(secrets.getKey('search-tavily')).toBe('tvly-0123456789')
    expect(backend.data['secrets.search-tavily']).not.toHaveProperty('origin')
  })
})

describe('M1 in the form: "Key set" only while the URL stays on the saved origin', () => {
  const savedOpenAI: ProviderView = {
    id: 'p1',
    presetId: 'openai',
    name: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    defaultModel: 'gpt-4o',
    hasKey: true
  }

  it('clears on another preset, host, port or scheme, and comes back with the saved origin', () => {
    const v = valuesFromProvider(savedOpenAI)
    expect(savedKeyState(v)).toBe('set')
    expect(savedKeyState({ ...v, baseURL: 'https://api.openai.com/other/' })).toBe('set')
    expect(savedKeyState({ ...v, baseURL: 'https://API.openai.com:443/v1' })).toBe('set')
    const deepseek = switchPreset(v, 'deepseek')
    expect(savedKeyState(deepseek)).toBe('other-origin')
    expect(savedKeyState(switchPreset(v, 'custom'))).toBe('other-origin')
    expect(savedKeyState({ ...v, baseURL: 'https://api.openai.com:8443/v1' })).toBe('other-origin')
    expect(savedKeyState({ ...v, baseURL: 'http://api.openai.com/v1' })).toBe('other-origin')
    expect(savedKeyState({ ...v, baseURL: 'https://evil.example/v1' })).toBe('other-origin')
    expect(savedKeyState(switchPreset(deepseek, 'openai'))).toBe('set')
    // The draft never claims the saved key for the new address; main decides (and refuses).
    expect(toDraft(deepseek)).not.toHaveProperty('apiKey')
    expect(toDraft({ ...deepseek, apiKey: 'sk-deepseek' }).apiKey).toBe('sk-deepseek')
  })

  it('clearing, no key and new providers', () => {
    const v = valuesFromProvider(savedOpenAI)
    expect(savedKeyState({ ...v, clearKey: true })).toBe('clearing')
    expect(savedKeyState(valuesFromProvider({ ...savedOpenAI, hasKey: false }))).toBe('none')
    expect(savedKeyState(valuesFromPreset('openai'))).toBe('none')
  })
})

describe('L1: redirects never leave the provider’s origin', () => {
  const redirectTo = (status: number, target: () => string): Respond => (_req, res, seen) => {
    res.writeHead(status, { location: `${target()}${seen.url}`, connection: 'close' })
    res.end()
  }

  it.each([301, 302, 307, 308])('%i to another host: OpenAI and Azure keys stay, the user gets redirect_refused', async (status) => {
    A.respond = redirectTo(status, () => C.origin)
    const openai = savedForA()
    const openaiResult = await outcome(() => openai.service.test(draft({ id: openai.provider.id })))
    expect(openaiResult).toMatchObject({ ok: false, error: { code: 'redirect_refused', status, detail: expect.stringContaining(C.origin) } })

    const azure = setup()
    const saved = azure.service.save(draft({ presetId: 'azure', baseURL: A.origin, apiKey: AZURE_KEY, defaultModel: 'my-deployment' }))
    const azureResult = await outcome(() => azure.service.test(draft({ id: saved.id, presetId: 'azure', baseURL: A.origin, defaultModel: 'my-deployment' })))
    expect(azureResult).toMatchObject({ ok: false, error: { code: 'redirect_refused', status } })
    // A got both requests, with their keys; C never saw anything.
    expect(A.credentials()).toEqual([`Bearer ${KEY}`, AZURE_KEY])
    expect(C.connections).toBe(0)
    expect(C.seen).toEqual([])
  })

  it('the chat client (resolve) refuses too: the error says so, the other host is never contacted', async () => {
    A.respond = redirectTo(302, () => B.origin)
    const { service, provider } = savedForA()
    const result = await outcome(async () => {
      try {
        return await service.resolve(provider.id).client.chat.completions.create({ model: 'model-a', messages: [{ role: 'user', content: 'hi' }] })
      } catch (error) {
        throw new AppError(toChatError(error))
      }
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'redirect_refused', status: 302 } })
    expect(B.connections).toBe(0)
  })

  it('a same-origin redirect is followed, keeping method, body and key (307), or turning a POST into a GET (302)', async () => {
    A.respond = (req, res, seen) => {
      if (seen.url.startsWith('/old/')) {
        res.writeHead(req.method === 'GET' ? 302 : 307, { location: seen.url.replace('/old/', '/v1/'), connection: 'close' })
        return res.end()
      }
      providerLike(req, res, seen)
    }
    const { service, provider } = savedForA({ baseURL: `${A.origin}/old` })
    expect(await outcome(() => service.test(draft({ id: provider.id, baseURL: `${A.origin}/old` })))).toEqual({ ok: true, value: { models: ['model-a'] } })
    const answer = await service.resolve(provider.id).client.chat.completions.create({ model: 'model-a', messages: [{ role: 'user', content: 'hi' }] })
    expect(answer.choices[0].message.content).toBe('p')
    expect(A.seen.map((s) => [s.method, s.url, s.authorization])).toEqual([
      ['GET', '/old/models', `Bearer ${KEY}`],
      ['GET', '/v1/models', `Bearer ${KEY}`],
      ['POST', '/old/chat/completions', `Bearer ${KEY}`],
      ['POST', '/v1/chat/completions', `Bearer ${KEY}`]
    ])
  })

  it('https → http is refused even on the same host (the policy, and the fetch that applies it)', async () => {
    expect(judgeRedirect('https://api.example.com/v1/models', 'http://api.example.com/v1/models')).toMatchObject({ follow: false, reason: 'downgrade' })
    expect(judgeRedirect('https://api.example.com/v1/models', '/v2/models')).toMatchObject({ follow: true })
    expect(judgeRedirect('https://api.example.com/v1/models', 'https://api.example.com:8443/v1/models')).toMatchObject({ follow: false, reason: 'cross_origin' })
    expect(judgeRedirect('http://api.example.com/v1', 'https://api.example.com/v1')).toMatchObject({ follow: false, reason: 'cross_origin' })

    const asked: string[] = []
    const fakeNetwork = async (input: string | URL | Request): Promise<Response> => {
      asked.push(String(input))
      return new Response(null, { status: 301, headers: { location: 'http://api.example.com/v1/models' } })
    }
    const refused = await fetchWithinOrigin('https://api.example.com/v1/models', { headers: { 'api-key': AZURE_KEY } }, fakeNetwork as typeof fetch).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AppError)
    expect((refused as AppError).info).toMatchObject({ code: 'redirect_refused', detail: expect.stringContaining('unencrypted') })
    expect(asked).toEqual(['https://api.example.com/v1/models'])
  })
})

describe('a key echoed by the provider is redacted', () => {
  const echo: Respond = (_req, res, seen) =>
    sendJson(res, 401, {
      error: { message: `Incorrect API key provided: ${seen.authorization?.replace('Bearer ', '') ?? seen.apiKey}. You can find your API key at https://platform.openai.com/account/api-keys.`, code: 'invalid_api_key' }
    })

  it('in a connection test’s AppError, and in a chat error with no key given to toChatError', async () => {
    A.respond = echo
    const { service } = setup()
    const wrongKey = 'sk-proj-WRONGkey0123456789abcdefXYZ'
    const result = await outcome(() => service.test(draft({ apiKey: wrongKey })))
    expect(result).toMatchObject({ ok: false, error: { code: 'auth', status: 401 } })
    const detail = (result as { error: ErrorInfo }).error.detail!
    expect(detail).not.toContain(wrongKey)
    expect(detail).toBe('Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.')

    // The chat engine calls toChatError(error) without the key: the client's fetch already cut it,
    // even from text no key shape would catch.
    A.respond = (_req, res, seen) => sendJson(res, 403, { error: { message: `Access denied for ${seen.apiKey}, ask your admin` } })
    const client = createOpenAIClient({ id: 'x', presetId: 'azure', name: 'Azure', baseURL: A.origin, defaultModel: 'd' }, 'azure-key-with-no-shape-0000', { maxRetries: 0 })
    const thrown = await client.chat.completions.create({ model: 'd', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)
    expect(JSON.stringify(thrown) + String((thrown as Error).message)).not.toContain('azure-key-with-no-shape-0000')
    expect(toChatError(thrown)).toEqual({ code: 'auth', status: 403, detail: 'Access denied for [redacted], ask your admin' })
  })

  it('key-shaped text, keeping the rest of the message', () => {
    expect(redactSecrets('Incorrect API key provided: sk-abc1***********xyz9. See docs.')).toBe('Incorrect API key provided: [redacted]. See docs.')
    expect(redactSecrets('invalid api_key="AIzaSyA-1234567890abcdefghijk"')).toBe('invalid api_key="[redacted]"')
    expect(redactSecrets('Subscription key: 0123456789abcdef0123456789abcdef is invalid')).toBe('Subscription key: [redacted] is invalid')
    expect(redactSecrets('Authorization: Bearer eyJhbGciOi.eyJzdWIi.c2ln was rejected')).toBe('Authorization: Bearer [redacted] was rejected')
    expect(redactSecrets('my-own-exact-secret!', ['my-own-exact-secret'])).toBe('[redacted]!')
    for (const plain of [
      'The model `gpt-4o-mini-2024-07-18` does not exist',
      "This model's maximum context length is 8192 tokens. However, your messages resulted in 8227 tokens",
      'Access denied due to invalid subscription key or wrong API endpoint.',
      'Rate limit reached for requests, request id req_0123456789abcdef0123456789abcdef'
    ]) {
      expect(redactSecrets(plain)).toBe(plain)
    }
  })
})

describe('L9: OPENAI_LOG=debug prints no key', () => {
  const logMethods = ['log', 'info', 'debug', 'warn', 'error'] as const

  function captureOutput(): () => string {
    const lines: string[] = []
    for (const method of logMethods) vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')))
    const write = (chunk: unknown): boolean => (lines.push(String(chunk)), true)
    vi.spyOn(process.stdout, 'write').mockImplementation(write)
    vi.spyOn(process.stderr, 'write').mockImplementation(write)
    return () => lines.join('\n')
  }

  it('the Azure and OpenAI clients stay quiet about headers, while an unpinned SDK client would print the key', async () => {
    const before = process.env.OPENAI_LOG
    process.env.OPENAI_LOG = 'debug'
    try {
      const output = captureOutput()
      // The probe is sensitive: the SDK as it comes, at debug, prints Azure's api-key header.
      const unpinnedLogger = { debug: console.debug, info: console.info, warn: console.warn, error: console.error }
      const unpinned = new AzureOpenAI({ apiKey: AZURE_KEY, baseURL: `${A.origin}/openai`, apiVersion: '2024-10-21', maxRetries: 0, logger: unpinnedLogger })
      await unpinned.chat.completions.create({ model: 'd', messages: [{ role: 'user', content: 'hi' }] })
      expect(output()).toContain(AZURE_KEY)
      vi.restoreAllMocks()

      const quiet = captureOutput()
      const azure = createOpenAIClient({ id: 'a', presetId: 'azure', name: 'Azure', baseURL: A.origin, defaultModel: 'd' }, AZURE_KEY, { maxRetries: 0 })
      await azure.chat.completions.create({ model: 'd', messages: [{ role: 'user', content: 'hi' }] })
      const openai = createOpenAIClient({ id: 'o', presetId: 'openai', name: 'OpenAI', baseURL: `${A.origin}/v1`, defaultModel: 'd' }, KEY, { maxRetries: 0 })
      await openai.models.list()
      await openai.chat.completions.create({ model: 'd', messages: [{ role: 'user', content: 'hi' }] })
      vi.restoreAllMocks()
      expect(A.credentials()).toEqual([AZURE_KEY, AZURE_KEY, `Bearer ${KEY}`, `Bearer ${KEY}`])
      expect(quiet()).not.toContain(AZURE_KEY)
      expect(quiet()).not.toContain(KEY)
      expect(quiet()).not.toMatch(/api-key|authorization/i)
    } finally {
      vi.restoreAllMocks()
      if (before === undefined) delete process.env.OPENAI_LOG
      else process.env.OPENAI_LOG = before
    }
  })
})

describe('L2: plain http:// to a remote host is warned about', () => {
  it('warns for remote http, not for loopback, the LAN or https', () => {
    for (const url of ['http://api.example.com/v1', 'http://8.8.8.8/v1', 'http://172.32.0.1/v1', 'http://100.128.0.1/v1', 'http://[2001:db8::1]/v1', 'http://mylocal.example/v1']) {
      expect(isRemotePlainHttp(url), url).toBe(true)
    }
    for (const url of [
      'https://api.example.com/v1',
      'http://localhost:11434/v1',
      'http://api.localhost/v1',
      'http://127.0.0.1:1234/v1',
      'http://127.8.9.10/v1',
      'http://10.1.2.3/v1',
      'http://172.16.0.1/v1',
      'http://172.31.255.255/v1',
      'http://192.168.1.20:8080/v1',
      'http://100.64.0.1/v1',
      'http://100.127.255.254/v1',
      'http://[::1]:8000/v1',
      'http://[fd12:3456::1]/v1',
      'http://[fc00::1]/v1',
      'http://[fe80::1]/v1',
      'http://[::ffff:192.168.0.1]/v1',
      'http://gpu-box.local:8000/v1',
      'not a url'
    ]) {
      expect(isRemotePlainHttp(url), url).toBe(false)
    }
  })

  it('the form uses it on the URL as it will be saved', () => {
    expect(warnsPlainHttp({ presetId: 'custom', baseURL: 'http://api.example.com' })).toBe(true)
    expect(warnsPlainHttp({ presetId: 'custom', baseURL: 'http://192.168.1.5:8000' })).toBe(false)
    expect(warnsPlainHttp({ presetId: 'openai', baseURL: 'https://api.openai.com/v1' })).toBe(false)
    expect(warnsPlainHttp({ presetId: 'custom', baseURL: 'http://' })).toBe(false)
  })
})
