/**
 * The hostile renderer (security issue 14): a window's page is taken over (an XSS in rendered
 * model output, a malicious link, a compromised dependency) and calls main with anything it likes.
 * Everything here goes through the ONE registration wrapper (registerContract) to the REAL
 * services, built as the web harness builds them (createMainServices over a JSON preferences file,
 * the Node secret cipher, the harness's capture, companion and audio-link fakes) in a fresh temp
 * folder, with real local HTTP servers: the provider the user saved (tests/support/fakeProvider),
 * a "trap" that records every request (a host the user never saved a key for) and a redirector
 * (a saved provider answering 307 towards the trap).
 *
 * Table-driven over listChannels(): a new invoke channel is covered by every area at once (it
 * needs a valid sample: samples() below, or one derived from its schema).
 *
 *   1 wrong types        every channel × a battery of hostile payloads → an IpcResult, never a
 *                        throw; invalid → invalid_request and the handler did not run; the store
 *                        unchanged; Object.prototype unpolluted
 *   2 max+1              every `.max(` of every request schema (found by walking the zod schemas)
 *                        one over the limit → invalid_request before the handler; exactly at the
 *                        limit → accepted by the schema (so the refusal is the bound's)
 *   3 unknown ids        every id field, unknown or traversal-shaped → a clean failure or a no-op
 *   4 no leaks           no stack, absolute path or key in any reply or event of the whole file
 *   5 no stray files     only <tmpRoot>/data; nothing new untracked in the repository
 *   6 keys stay home     the trap never gets a saved key (test/models/save towards it, redirects);
 *                        openExternal never hands javascript:/file:/mailto attach to the shell
 *   7 window kinds       each window kind is refused every channel not its own, before the handler
 *   8 clipboard          companion:context reads the clipboard only while the setting is on
 *
 * Defects it found (the companion's settings, a shared secrets namespace, not_found) are fixed; a new one is written as it should pass and marked `it.fails` until fixed.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { createHarnessAudioLinks } from '../../src/main/harness/harnessAudioLinks'
import { createHarnessCapture } from '../../src/main/harness/harnessCapture'
import { createHarnessCompanion, type HarnessCompanion } from '../../src/main/harness/harnessCompanionDesktop'
import { registerContract, type SenderInfo } from '../../src/main/ipc/registerContract'
import { createMainServices, type MainServices, type MainServicesDeps } from '../../src/main/services'
import { createJsonFilePreferences } from '../../src/main/store/jsonFilePreferences'
import { createNodeSecretCipher } from '../../src/main/store/nodeSecretCipher'
import { dataUrlChars, MAX_ADD_REQUEST_CHARS, MAX_IMAGE_BYTES, MAX_MODEL_COPIES, MAX_MODEL_COPY_BYTES } from '../../src/shared/attachments/limits'
import { MAX_MESSAGE_CHARS } from '../../src/shared/domain'
import { ErrorCode } from '../../src/shared/errors'
import { IpcResult } from '../../src/shared/ipc/client'
import { listChannels, type ContractHandlers, type EmitEvent, type InvokeSpec } from '../../src/shared/ipc/contract'
import { WINDOW_CHANNELS, WINDOW_KINDS, type WindowKind } from '../../src/shared/ipc/windows'
import { startFakeProvider, type FakeProvider } from '../support/fakeProvider'
import { makePng } from '../support/images'

// --- the keys the user saved (none may ever reach the trap) ----------------------------------------
const KEY_MAIN = 'sk-hostile-secret-123456'
const KEY_VICTIM = 'sk-hostile-victim-654321'
const KEY_REDIRECTED = 'sk-hostile-redirected-777777'
const SAVED_KEYS = [KEY_MAIN, KEY_VICTIM, KEY_REDIRECTED]
/** Typed by the user for the trap's own address: the trap may get it, but no reply may echo it. */
const KEY_TYPED_FOR_TRAP = 'sk-typed-for-the-trap-999999'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '')
const PNG_URL = `data:image/png;base64,${makePng(2, 2, () => [200, 30, 30]).toString('base64')}`

type InvokeChannel = { ns: string; name: string; channel: string; spec: InvokeSpec<z.ZodType, z.ZodType> }
const INVOKES: InvokeChannel[] = listChannels().filter((c): c is InvokeChannel => c.spec.kind === 'invoke')

// --- a recording HTTP server (the trap) and a redirector towards it --------------------------------
interface RecordedHit {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}
interface LocalServer {
  url: string
  hits: RecordedHit[]
  close(): Promise<void>
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

/** Records every request; answers like a provider refusing the key, echoing what it was given (as some do). */
async function startTrap(): Promise<LocalServer> {
  const hits: RecordedHit[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      const given = String(req.headers.authorization ?? req.headers['api-key'] ?? '')
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${given}`, type: 'invalid_request_error', code: 'invalid_api_key' } }))
    })
  })
  const url = await listen(server)
  return { url, hits, close: () => closeServer(server) }
}

/** A saved provider that sends every request on to another address (a 307 keeps method, body and, in a naive client, the key). */
async function startRedirector(to: string): Promise<LocalServer> {
  const hits: RecordedHit[] = []
  const server = createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' })
    req.resume()
    res.writeHead(307, { location: `${to}${req.url ?? '/'}` })
    res.end()
  })
  const url = await listen(server)
  return { url, hits, close: () => closeServer(server) }
}

// --- the zod schemas, walked: a valid sample for any schema, and every `.max(` in a request -----
type Zod = any
const defOf = (schema: Zod): any => schema._zod.def
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch'])

/** A small value the schema accepts (leaves: the first candidate that parses). */
function minimalOf(schema: Zod): unknown {
  const def = defOf(schema)
  const first = (candidates: unknown[]): unknown => candidates.find((c) => schema.safeParse(c).success) ?? candidates[0]
  switch (def.type) {
    case 'void':
    case 'undefined':
    case 'optional':
    case 'default':
    case 'prefault':
      return undefined
    case 'nullable':
      return null
    case 'pipe':
      return minimalOf(def.in)
    case 'string':
      return first(['x', 'a', PNG_URL, 'https://example.com/', 'x'.repeat(schema.minLength ?? 1)])
    case 'number':
      return first([1, 0, schema.minValue, (schema.minValue ?? 0) + 1])
    case 'boolean':
      return false
    case 'enum':
      return Object.values(def.entries)[0]
    case 'literal':
      return def.values[0]
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(def.shape)) {
        const value = minimalOf(v)
        if (value !== undefined) out[k] = value
      }
      return out
    }
    case 'array': {
      const min = (def.checks ?? []).map((c: Zod) => c._zod.def).find((d: any) => d.check === 'min_length')?.minimum ?? 0
      return Array.from({ length: min }, () => minimalOf(def.element))
    }
    case 'record':
      return {}
    case 'union':
      return first(def.options.map(minimalOf))
    default:
      return undefined
  }
}

interface Bound {
  /** Where, e.g. `encoded.0.dataUrl`. */
  at: string
  what: 'string' | 'number' | 'array'
  limit: number
  /** The value at `size` (the limit, or the limit + 1). */
  make(size: number): unknown
}

const pad = (base: string, length: number): string => (base.length >= length ? base.slice(0, length) : base + 'x'.repeat(length - base.length))

/** Every bounded string, number and array under `schema`; `current`: the sample's value there. */
function boundsOf(schema: Zod, current: unknown, at: Array<string | number>, out: Array<Bound & { path: Array<string | number> }>): void {
  const def = defOf(schema)
  if (WRAPPERS.has(def.type)) return boundsOf(def.innerType, current === null ? undefined : current, at, out)
  const key = at.join('.')
  switch (def.type) {
    case 'pipe':
      return boundsOf(def.in, current, at, out)
    case 'object':
      for (const [k, v] of Object.entries(def.shape)) boundsOf(v, isPlainObject(current) ? current[k] : undefined, [...at, k], out)
      return
    case 'union':
      for (const option of def.options) boundsOf(option, current, at, out)
      return
    case 'string': {
      const max = schema.maxLength
      if (typeof max !== 'number') return
      const base = typeof current === 'string' ? current : String(minimalOf(schema) ?? 'x')
      out.push({ at: key, path: at, what: 'string', limit: max, make: (size) => pad(base, size) })
      return
    }
    case 'number': {
      const max = schema.maxValue
      if (typeof max !== 'number' || !Number.isFinite(max) || max >= Number.MAX_SAFE_INTEGER) return
      out.push({ at: key, path: at, what: 'number', limit: max, make: (size) => size })
      return
    }
    case 'array': {
      const element = Array.isArray(current) && current.length > 0 ? current[0] : minimalOf(def.element)
      const max = (def.checks ?? []).map((c: Zod) => c._zod.def).find((d: any) => d.check === 'max_length')?.maximum
      if (typeof max === 'number') out.push({ at: key, path: at, what: 'array', limit: max, make: (size) => Array.from({ length: size }, () => element) })
      boundsOf(def.element, element, [...at, 0], out)
      return
    }
    case 'record': {
      const [k, v] = isPlainObject(current) && Object.keys(current).length > 0 ? Object.entries(current)[0] : ['k', undefined]
      boundsOf(def.valueType, v, [...at, k], out)
      return
    }
    default:
      return
  }
}

/** A copy of `sample` with `value` at `at` (objects and arrays created where missing). */
function withValue(sample: unknown, at: Array<string | number>, value: unknown): unknown {
  if (at.length === 0) return value
  const root: any = structuredClone(sample ?? (typeof at[0] === 'number' ? [] : {}))
  let node = root
  for (let i = 0; i < at.length - 1; i++) {
    const step = at[i]
    if (node[step] === undefined || node[step] === null) node[step] = typeof at[i + 1] === 'number' ? [] : {}
    node = node[step]
  }
  node[at[at.length - 1]] = value
  return root
}

/** `value` with every leaf of a kind swapped (a number where a string id goes, NaN, …). */
function mapLeaves(value: unknown, swap: (leaf: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapLeaves(v, swap))
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, swap)]))
  return swap(value)
}

// --- the app under attack ---------------------------------------------------------------------------
interface HostileSender extends SenderInfo {
  /** The window kind this page claims to be; undefined: not one of our windows at all. */
  kind?: WindowKind
}
type Handler = (sender: HostileSender, payload: unknown) => Promise<IpcResult>
interface Recorded {
  channel: string
  label: string
  kind: WindowKind | undefined
  reply: unknown
}

const SENDER_IDS: Record<WindowKind, number> = { main: 1, companion: 2, capture: 3 }

let tmpRoot = ''
let dataDir = ''
let untrackedBefore: string[] = []
let provider: FakeProvider
let trap: LocalServer
let redirector: LocalServer
let services: MainServices
let companion: HarnessCompanion
let clipboardReads = 0
const openedUrls: string[] = []
const events: Array<{ event: string; payload: unknown }> = []
const registered = new Map<string, Handler>()
/** How many times each channel's real handler ran. */
const runs = new Map<string, number>()
/** Every reply of the whole file (area 4 scans them all). */
const replies: Recorded[] = []
const doneStreams = new Set<string>()
const streamWaiters = new Map<string, () => void>()
const startedStreams = new Set<string>()
/** Ids of what beforeAll made through the real channels. */
const ids = { main: '', victim: '', redirected: '', conversation: '', userMessage: '', assistantMessage: '', attachment: '' }

const ran = (channel: string): number => runs.get(channel) ?? 0
/** A window that may use the channel (main first), so only the payload decides. */
const ownerOf = (channel: string): WindowKind => WINDOW_KINDS.find((k) => WINDOW_CHANNELS[k].has(channel as never)) as WindowKind
const specOf = (channel: string): InvokeChannel['spec'] => {
  const found = INVOKES.find((c) => c.channel === channel)
  if (!found) throw new Error(`no invoke channel ${channel}`)
  return found.spec
}

/** `kind`: the window the page claims to be (default: one that may use the channel); null: none of ours. */
async function call(channel: string, payload: unknown, window: WindowKind | null = ownerOf(channel), label = ''): Promise<IpcResult> {
  const handler = registered.get(channel)
  if (!handler) throw new Error(`not registered: ${channel}`)
  const kind = window ?? undefined
  let reply: unknown
  try {
    reply = await handler({ url: kind ? `app://omnidesk/${kind}.html` : 'https://evil.example/', id: kind ? SENDER_IDS[kind] : 99, kind }, payload)
  } catch (error) {
    // Never expected: recorded so the test that made the call (and area 4) fails with it.
    reply = { threw: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }
  }
  replies.push({ channel, label, kind, reply })
  const value = (reply as { ok?: boolean; value?: { streamId?: unknown } }).value
  if ((reply as { ok?: boolean }).ok && typeof value?.streamId === 'string') startedStreams.add(value.streamId)
  return reply as IpcResult
}

/** Every chat stream started so far has ended (its `done` event). */
async function settleStreams(): Promise<void> {
  await Promise.all(
    [...startedStreams].map((id) => (doneStreams.has(id) ? undefined : new Promise<void>((resolve) => streamWaiters.set(id, resolve))))
  )
}

function value<T>(reply: IpcResult): T {
  if (!reply.ok) throw new Error(`expected ok, got ${JSON.stringify(reply)}`)
  return reply.value as T
}

/** A well-formed reply: an IpcResult; a success matches the channel's response schema; a failure is an ErrorInfo with a known code. */
function expectIpcResult(channel: string, reply: unknown, label: string): asserts reply is IpcResult {
  expect(IpcResult.safeParse(reply).success, `${channel} ${label}: ${JSON.stringify(reply)?.slice(0, 300)}`).toBe(true)
  const r = reply as IpcResult
  if (r.ok) {
    const checked = specOf(channel).res.safeParse(r.value)
    expect(checked.success, `${channel} ${label}: the answer does not match the contract`).toBe(true)
  } else {
    expect(ErrorCode.options).toContain(r.error.code)
  }
}

/** Valid requests for every invoke channel; a channel missing here gets one derived from its schema. */
function samples(): Record<string, unknown> {
  const conversationId = ids.conversation
  return {
    'app:ready': undefined,
    'app:info': undefined,
    'app:openExternal': { url: 'https://example.com/' },
    'settings:get': undefined,
    'settings:update': { theme: 'dark' },
    'providers:list': undefined,
    'providers:save': { presetId: 'custom', name: 'Sample', baseURL: provider.baseURL, apiKey: 'k', defaultModel: 'gpt-4o', fallbackModel: 'gpt-4o-mini', apiVersion: '1' },
    'providers:remove': { id: ids.main },
    'providers:test': { id: ids.main, presetId: 'custom', name: 'Sample', baseURL: provider.baseURL, defaultModel: 'gpt-4o' },
    'providers:models': { id: ids.main },
    'providers:detectOllama': undefined,
    'conversations:list': {},
    'conversations:get': { id: conversationId },
    'conversations:rename': { id: conversationId, title: 'Renamed' },
    'conversations:remove': { id: conversationId },
    'conversations:search': { query: 'hello' },
    'conversations:setToolsOff': { id: conversationId, toolsOff: ['web_search'] },
    'conversations:setAssistant': { id: conversationId, assistantId: null },
    'conversations:includeAllTurns': { conversationId },
    'chat:send': { conversationId, text: 'hello again', providerId: ids.main, model: 'gpt-4o', attachmentIds: [ids.attachment], toolsOff: ['web_search'] },
    'chat:stop': { streamId: 'stream-1' },
    'chat:regenerate': { conversationId, providerId: ids.main, model: 'gpt-4o' },
    'chat:continue': { conversationId, messageId: ids.assistantMessage },
    'chat:approveTool': { approvalId: 'approval-1', decision: 'deny' },
    'chat:retryWithoutOldest': { conversationId },
    'chat:newChatWithSummary': { conversationId },
    'chat:editAndResend': { conversationId, messageId: ids.userMessage, text: 'edited' },
    'tools:available': undefined,
    'tools:searchKeys': undefined,
    'tools:setSearchKey': { backend: 'brave', key: null },
    'tools:servers': undefined,
    // Never valid in any call below; harmless if it were (disabled, http, a closed port).
    'tools:saveServer': { id: 'sample', name: 'Sample', enabled: false, transport: 'http', command: 'x', args: ['a'], env: { A: 'b' }, cwd: 'x', url: 'http://127.0.0.1:9/mcp', headers: { H: 'v' }, timeoutSeconds: 5, approval: 'ask' },
    'tools:removeServer': { id: 'sample' },
    'tools:retryServer': { id: 'sample' },
    'tools:importServers': { json: '{"mcpServers":{}}' },
    'attachments:add': { original: { dataUrl: PNG_URL, width: 2, height: 2 }, encoded: [{ dataUrl: PNG_URL, width: 2, height: 2 }], name: 'a.png' },
    'attachments:get': { id: ids.attachment },
    'capture:sources': undefined,
    'capture:grab': { kind: 'display', id: 'display-1' },
    'capture:startRegion': undefined,
    'capture:overlayFrame': { sessionId: 'session-1', displayId: 'display-1' },
    'capture:finishRegion': { sessionId: 'session-1', image: { dataUrl: PNG_URL, width: 2, height: 2, label: 'Region', kind: 'region' } },
    'capture:openPermissionSettings': undefined,
    'capture:shortcutStatus': undefined,
    'capture:setShortcut': { accelerator: 'CommandOrControl+Shift+9' },
    'voice:start': { conversationId, mode: 'pipeline', voice: 'alloy', pushToTalk: false, providerId: ids.main, window: 'main' },
    'voice:stop': { sessionId: 'voice-1' },
    'voice:setMuted': { sessionId: 'voice-1', muted: true },
    'voice:pushToTalk': { sessionId: 'voice-1', pressed: true },
    'voice:voices': { providerId: ids.main },
    'voice:micAccess': { ask: false },
    'voice:share': { sessionId: 'voice-1', sharing: { source: 'screen', label: 'Built-in Display' }, target: { kind: 'display', id: 'display-1' } },
    'companion:hide': { reason: 'escape' },
    'companion:setPinned': { pinned: true },
    'companion:resize': { height: 300 },
    'companion:openInMain': { conversationId },
    'companion:openProviderSetup': undefined,
    'companion:setConversation': { conversationId },
    'companion:context': undefined,
    'companion:state': undefined,
    'companion:reportShown': { showId: 0, rendererMs: 5 },
    'companion:diagnostics': undefined,
    'companion:setShortcut': { accelerator: 'Alt+Shift+Space' },
    'assistants:save': {
      name: 'Helper',
      description: '',
      instructions: 'Be brief.',
      starters: ['Hello'],
      knowledge: [{ attachmentId: ids.attachment, name: 'a.pdf', format: 'pdf', bytes: 10 }],
      capabilities: { web: false, data: false, memory: false, mcpServers: ['server-1'] }
    }
  }
}
const sampleOf = (channel: string): unknown => {
  const table = samples()
  return channel in table ? table[channel] : minimalOf(specOf(channel).req)
}

/** Untracked files outside src/ and tests/ (other engineers are editing those). */
function untrackedOutsideSources(): string[] {
  const out = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: REPO_ROOT, encoding: 'utf8' })
  return out
    .split('\n')
    .filter((line) => line.startsWith('?? '))
    .map((line) => line.slice(3))
    .filter((p) => !p.startsWith('src/') && !p.startsWith('tests/'))
    .sort()
}

function listTree(root: string, rel = ''): string[] {
  const out: string[] = []
  for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${entry.name}` : entry.name
    out.push(p)
    if (entry.isDirectory()) out.push(...listTree(root, p))
  }
  return out
}

/** What a payload may change, read through the channels themselves (and the data folder's file names). */
async function storeSnapshot(): Promise<string> {
  return JSON.stringify({
    settings: await call('settings:get', undefined, 'main', 'snapshot'),
    providers: await call('providers:list', undefined, 'main', 'snapshot'),
    conversations: await call('conversations:list', undefined, 'main', 'snapshot'),
    servers: await call('tools:servers', undefined, 'main', 'snapshot'),
    searchKeys: await call('tools:searchKeys', undefined, 'main', 'snapshot'),
    files: listTree(dataDir)
      .filter((f) => !/(-wal|-shm|-journal)$/.test(f))
      .sort()
  })
}

beforeAll(async () => {
  tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'omnidesk-hostile-'))
  dataDir = path.join(tmpRoot, 'data')
  untrackedBefore = untrackedOutsideSources()
  provider = await startFakeProvider()
  trap = await startTrap()
  redirector = await startRedirector(trap.url)

  const emit: EmitEvent = (event, payload) => {
    events.push({ event, payload })
    const p = payload as { kind?: string; streamId?: string }
    if (event === 'chat:onEvent' && p.kind === 'done' && p.streamId) {
      doneStreams.add(p.streamId)
      streamWaiters.get(p.streamId)?.()
    }
  }
  companion = createHarnessCompanion({ emit })
  // The harness's fake clipboard, counted: area 8 asserts when main reads it.
  const companionHost = {
    ...companion.host,
    readClipboard: () => {
      clipboardReads++
      return companion.host.readClipboard()
    }
  }
  const audioLinks = createHarnessAudioLinks()
  const deps: MainServicesDeps = {
    dataDir,
    preferencesPort: createJsonFilePreferences(path.join(dataDir, 'preferences.json')),
    secretCipher: createNodeSecretCipher({ dir: dataDir, available: true }),
    app: {
      version: '0.0.0-test',
      platform: process.platform,
      systemLocale: () => 'en-US',
      systemDark: () => false,
      // As the harness: recorded, never opened.
      openExternal: async (url) => {
        openedUrls.push(url)
      },
      setLaunchAtLogin: () => undefined,
      relaunch: () => undefined
    },
    emit,
    windowReady: () => undefined,
    clientOptions: { maxRetries: 0, timeoutMs: 5_000 },
    partialWriteIntervalMs: 20,
    capture: createHarnessCapture(undefined, 'darwin').ports,
    companionDesktop: companionHost,
    // No page ever connects a voice session's audio link here: fail at once rather than after 10 s.
    audioLinks: {
      open: (sessionId, opts) => {
        const gone = new AbortController()
        gone.abort()
        return audioLinks.open(sessionId, { ...opts, signal: gone.signal })
      }
    },
    log: () => undefined
  }
  services = await createMainServices(deps)
  companion.attach(services.companion)
  services.companion?.start()

  // Every real handler, counted: "the handler did not run" is read here.
  const real = services.handlers as unknown as Record<string, Record<string, (req: unknown, caller: unknown) => unknown>>
  const counted: Record<string, Record<string, (req: unknown, caller: unknown) => unknown>> = {}
  for (const { ns, name, channel } of INVOKES) {
    ;(counted[ns] ??= {})[name] = (req, caller) => {
      runs.set(channel, ran(channel) + 1)
      return real[ns][name].call(real[ns], req, caller)
    }
  }
  registerContract<HostileSender>({
    transport: { handle: (channel, handler) => registered.set(channel, handler) },
    handlers: counted as unknown as ContractHandlers,
    windowOf: (sender) => sender.kind
  })

  // What a user has: providers with keys (saved through the real channel), a conversation, an image.
  const save = async (name: string, baseURL: string, apiKey: string): Promise<string> =>
    value<{ id: string; hasKey: boolean }>(await call('providers:save', { presetId: 'custom', name, baseURL, apiKey, defaultModel: 'gpt-4o' }, 'main', 'setup')).id
  ids.main = await save('Saved provider', provider.baseURL, KEY_MAIN)
  ids.victim = await save('Victim provider', provider.baseURL, KEY_VICTIM)
  ids.redirected = await save('Redirecting provider', `${redirector.url}/v1`, KEY_REDIRECTED)
  await call('settings:update', { defaultProviderId: ids.main }, 'main', 'setup')
  ids.attachment = value<{ id: string }>(await call('attachments:add', samples()['attachments:add'], 'main', 'setup')).id
  const started = value<{ conversationId: string; userMessageId: string; assistantMessageId: string }>(
    await call('chat:send', { text: 'hello', providerId: ids.main, attachmentIds: [ids.attachment] }, 'main', 'setup')
  )
  ids.conversation = started.conversationId
  ids.userMessage = started.userMessageId
  ids.assistantMessage = started.assistantMessageId
  await settleStreams()
})

afterAll(async () => {
  await settleStreams().catch(() => undefined)
  await services?.close()
  await Promise.all([provider?.close(), trap?.close(), redirector?.close()])
  if (tmpRoot) rmSync(tmpRoot, { recursive: true, force: true })
})

describe('setup', () => {
  it('the real services answered the setup through the contract (providers keyed, a conversation with an image)', async () => {
    expect(Object.values(ids).every((id) => typeof id === 'string' && id.length > 0)).toBe(true)
    const providers = value<Array<{ id: string; hasKey: boolean }>>(await call('providers:list', undefined, 'main', 'setup'))
    expect(providers.filter((p) => p.hasKey).map((p) => p.id).sort()).toEqual([ids.main, ids.victim, ids.redirected].sort())
    // The saved provider really got its key (so "the trap never got it" below means something).
    expect(provider.requests.some((r) => r.headers.authorization === `Bearer ${KEY_MAIN}`)).toBe(true)
  })

  it('every invoke channel has a valid sample and is registered', () => {
    expect([...registered.keys()].sort()).toEqual(INVOKES.map((c) => c.channel).sort())
    for (const { channel, spec } of INVOKES) {
      const parsed = spec.req.safeParse(sampleOf(channel))
      expect(parsed.success, `${channel}: add a valid sample to samples() (${parsed.error?.issues[0]?.message})`).toBe(true)
    }
  })
})

// --- 1 ------------------------------------------------------------------------------------------
describe('1 wrong types: every channel × a battery of hostile payloads', () => {
  const nested = (depth: number): unknown => (depth === 0 ? { id: 'x' } : { id: nested(depth - 1), a: nested(depth - 1 > 2 ? 2 : depth - 1) })
  const cyclic = (): unknown => {
    const c: Record<string, unknown> = {}
    c.self = c
    c.id = c
    c.text = c
    c.conversationId = c
    return c
  }
  const generic = (): Array<[string, unknown]> => [
    ['null', null],
    ['42', 42],
    ["'x'", 'x'],
    ['[]', []],
    ['true', true],
    ['__proto__/constructor keys', JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}')],
    ['10-level nested object', nested(10)],
    ['a cyclic object', cyclic()],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['BigInt', BigInt(1)],
    ['a Symbol', Symbol('hostile')],
    ['a function', () => 'hostile'],
    ['a Date', new Date(0)],
    ['a Map', new Map([['id', 'x']])],
    ['bytes', new Uint8Array([1, 2, 3])]
  ]
  const derived = (sample: unknown): Array<[string, unknown]> =>
    isPlainObject(sample)
      ? [
          ['numbers where strings go', mapLeaves(sample, (v) => (typeof v === 'string' ? 42 : v))],
          ['NaN for numbers, Infinity for strings', mapLeaves(sample, (v) => (typeof v === 'number' ? NaN : typeof v === 'string' ? Infinity : v))],
          ['Infinity for numbers', mapLeaves(sample, (v) => (typeof v === 'number' ? Infinity : v))],
          ["'true' for booleans, objects for strings", mapLeaves(sample, (v) => (typeof v === 'boolean' ? 'true' : typeof v === 'string' ? { toString: 'x' } : v))],
          ['the sample inside an array', [sample]],
          ['every field null', mapLeaves(sample, () => null)]
        ]
      : []

  // A valid payload (e.g. `{}` for settings.update) is not a wrong type: it runs, and must be
  // harmless. voice.start is left out: a valid start opens a voice session.
  const RUNS_WHEN_VALID_EXCEPT = new Set(['voice:start'])

  it('answers an IpcResult to each; invalid ones are invalid_request and never reach the handler; nothing changes', async () => {
    const before = await storeSnapshot()
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort()
    let sent = 0
    let refused = 0
    for (const { channel, spec } of INVOKES) {
      const kind = ownerOf(channel)
      const battery = [...generic().map(([label, payload]) => ({ label, payload, isDerived: false })), ...derived(sampleOf(channel)).map(([label, payload]) => ({ label, payload, isDerived: true }))]
      for (const { label, payload, isDerived } of battery) {
        const valid = spec.req.safeParse(payload).success
        // A derived payload that stayed valid (nothing to swap) is just the sample again.
        if (valid && (isDerived || RUNS_WHEN_VALID_EXCEPT.has(channel))) continue
        const runsBefore = ran(channel)
        const reply = await call(channel, payload, kind, `wrong type: ${label}`)
        sent++
        expectIpcResult(channel, reply, label)
        if (!valid) {
          refused++
          expect(reply, `${channel} ${label}`).toMatchObject({ ok: false, error: { code: 'invalid_request', detail: expect.stringMatching(new RegExp(`^Invalid request for ${channel}: `)) } })
          expect(ran(channel), `${channel} ran its handler for ${label}`).toBe(runsBefore)
        }
      }
    }
    expect(sent).toBeGreaterThan(INVOKES.length * 10)
    expect(refused).toBeGreaterThan(INVOKES.length * 10)
    // Nothing polluted, nothing stored.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(await storeSnapshot()).toBe(before)
  })

  it('hostile search queries (FTS syntax, SQL, NUL) are text to search for, not errors', async () => {
    for (const query of ['"', '*', 'NEAR(', 'a OR', 'AND', "') DROP TABLE conversations; --", '\u0000', '%_', '^hello', 'hello"*', '-hello', '{col}:x']) {
      const reply = await call('conversations:search', { query }, 'main', `search ${JSON.stringify(query)}`)
      expectIpcResult('conversations:search', reply, query)
      expect(reply.ok, `search ${JSON.stringify(query)}: ${JSON.stringify(reply)}`).toBe(true)
    }
    expect(value<{ conversations: unknown[] }>(await call('conversations:list', {}, 'main')).conversations.length).toBeGreaterThan(0)
  })

  it('hostile MCP imports (prototype keys, nonsense) import nothing and pollute nothing', async () => {
    const before = value<unknown[]>(await call('tools:servers', undefined, 'main'))
    for (const json of [
      '{"mcpServers":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}',
      '{"__proto__":{"mcpServers":{"x":{}}}}',
      '{"mcpServers":[1,2,3]}',
      '{"mcpServers":',
      'null',
      '"x"'
    ]) {
      const reply = await call('tools:importServers', { json }, 'main', `import ${json}`)
      expectIpcResult('tools:importServers', reply, json)
      if (reply.ok) expect((reply.value as { imported: number }).imported).toBe(0)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(value<unknown[]>(await call('tools:servers', undefined, 'main'))).toEqual(before)
  })
})

const PATTERNED_BOUNDS = new Set(['assistants:save emoji', 'assistants:save image', 'assistants:save capabilities.mcpServers'])

// --- 2 ------------------------------------------------------------------------------------------
describe('2 max+1: every bound of every request, one over', () => {
  const allBounds = (): Array<{ channel: string; bound: Bound & { path: Array<string | number> } }> =>
    INVOKES.flatMap(({ channel, spec }) => {
      const out: Array<Bound & { path: Array<string | number> }> = []
      boundsOf(spec.req, sampleOf(channel), [], out)
      return out.map((bound) => ({ channel, bound }))
    })

  it('finds the bounds the brief names (so the walk sees the schemas)', () => {
    const found = new Map(allBounds().map(({ channel, bound }) => [`${channel} ${bound.at}`, bound.limit]))
    expect(found.get('chat:send text')).toBe(MAX_MESSAGE_CHARS)
    expect(found.get('chat:editAndResend text')).toBe(MAX_MESSAGE_CHARS)
    expect(found.get('conversations:rename title')).toBe(200)
    expect(found.get('attachments:add original.dataUrl')).toBe(dataUrlChars(MAX_IMAGE_BYTES))
    expect(found.get('attachments:add encoded.0.dataUrl')).toBe(dataUrlChars(MAX_MODEL_COPY_BYTES))
    expect(found.get('attachments:add encoded')).toBe(MAX_MODEL_COPIES)
    expect(found.get('providers:save name')).toBe(100)
    expect(found.get('providers:save baseURL')).toBe(2000)
    expect(found.get('providers:save apiKey')).toBe(1000)
    expect(found.get('tools:saveServer name')).toBe(100)
    expect(found.get('tools:saveServer env.A')).toBe(8000)
    expect(found.get('tools:saveServer args')).toBe(100)
    expect(found.get('settings:update voiceInstructions')).toBe(4000)
    expect(found.get('settings:update toolsAlwaysAllowed')).toBe(1000)
    expect(found.get('companion:resize height')).toBe(10_000)
    expect(found.size).toBeGreaterThan(60)
  })

  it('one over any bound is invalid_request before the handler; exactly at it, the schema accepts', async () => {
    let checked = 0
    for (const { channel, bound } of allBounds()) {
      // A field whose content rule cannot be met by a run of one character (a single emoji, a picture, ids each once): its
      // bounds are checked with real values in assistantsShared.test.ts.
      if (PATTERNED_BOUNDS.has(`${channel} ${bound.at}`)) continue
      const spec = specOf(channel)
      const sample = sampleOf(channel)
      const atMax = spec.req.safeParse(withValue(sample, bound.path, bound.make(bound.limit)))
      expect(atMax.success, `${channel} ${bound.at} at its limit ${bound.limit} should be valid: ${atMax.error?.issues[0]?.message}`).toBe(true)
      const runsBefore = ran(channel)
      const reply = await call(channel, withValue(sample, bound.path, bound.make(bound.limit + 1)), ownerOf(channel), `max+1 ${bound.at}`)
      expect(reply, `${channel} ${bound.at} = ${bound.limit + 1}`).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
      expect(ran(channel), `${channel} ran for ${bound.at} over its limit`).toBe(runsBefore)
      checked++
    }
    expect(checked).toBeGreaterThan(60)
  })

  it('attachments.add: images each within their cap but too large together are refused before the handler', async () => {
    const original = pad('data:image/png;base64,', dataUrlChars(MAX_IMAGE_BYTES))
    const copy = pad('data:image/png;base64,', dataUrlChars(MAX_MODEL_COPY_BYTES))
    const req = { original: { dataUrl: original, width: 2, height: 2 }, encoded: [copy, copy, copy].map((dataUrl) => ({ dataUrl, width: 2, height: 2 })) }
    expect(original.length + 3 * copy.length).toBeGreaterThan(MAX_ADD_REQUEST_CHARS)
    const runsBefore = ran('attachments:add')
    const reply = await call('attachments:add', req, 'main', 'too large together')
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(ran('attachments:add')).toBe(runsBefore)
  })
})

// --- 3 ------------------------------------------------------------------------------------------
describe('3 unknown and traversal-shaped ids', () => {
  const HOSTILE_IDS = [
    '00000000-0000-4000-8000-000000000000',
    'f'.repeat(64),
    '../../etc/passwd',
    '..\\..\\x',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/etc/passwd',
    'C:\\Windows\\win.ini',
    'x\u0000y',
    "' OR 1=1 --",
    '__proto__',
    'constructor'
  ]
  /**
   * The id fields of a sample: `id`, `…Id`, `…Ids` (not presetId: an enum). tools.saveServer's id
   * names a new server, not a lookup.
   */
  const idFields = (channel: string, sample: unknown): Array<{ field: string; list: boolean }> =>
    channel === 'tools:saveServer' || !isPlainObject(sample)
      ? []
      : Object.entries(sample).flatMap(([field, v]): Array<{ field: string; list: boolean }> =>
          field === 'presetId'
            ? []
            : /^(id|.*Id)$/.test(field) && typeof v === 'string'
              ? [{ field, list: false }]
              : /Ids$/.test(field) && Array.isArray(v)
                ? [{ field, list: true }]
                : []
        )

  it('every id field of every channel: a clean failure (human detail) or a no-op, never a file read', async () => {
    let checked = 0
    for (const { channel, spec } of INVOKES) {
      const sample = sampleOf(channel)
      for (const { field, list } of idFields(channel, sample)) {
        for (const id of HOSTILE_IDS) {
          const payload = { ...(sample as object), [field]: list ? [id] : id }
          const reply = await call(channel, payload, ownerOf(channel), `unknown ${field} ${JSON.stringify(id)}`)
          expectIpcResult(channel, reply, `${field}=${JSON.stringify(id)}`)
          if (!spec.req.safeParse(payload).success) {
            expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
          } else if (!reply.ok) {
            expect(reply.error.detail, `${channel} ${field}=${JSON.stringify(id)}: a failure says why`).toMatch(/\w{3,}/)
          }
          if (channel === 'attachments:get') expect(reply.ok, `attachments.get ${JSON.stringify(id)} answered a file`).toBe(false)
          checked++
        }
      }
    }
    await settleStreams()
    expect(checked).toBeGreaterThan(200)
  })

  it('providers.remove of a provider id that does not exist changes nothing', async () => {
    const before = await storeSnapshot()
    await call('providers:remove', { id: '00000000-0000-4000-8000-000000000000' }, 'main', 'remove unknown')
    expect(await storeSnapshot()).toBe(before)
  })

  it('providers.remove {id: "search-tavily"} does not delete the web search key (provider and search keys share secrets.<id>)', async () => {
    await call('tools:setSearchKey', { backend: 'tavily', key: 'tvly-hostile-search-key-0001' }, 'main', 'setup search key')
    expect(value<{ tavily: boolean }>(await call('tools:searchKeys', undefined, 'main')).tavily).toBe(true)
    const reply = await call('providers:remove', { id: 'search-tavily' }, 'main', 'remove search-tavily')
    expect(reply.ok).toBe(true)
    expect(value<{ tavily: boolean }>(await call('tools:searchKeys', undefined, 'main')).tavily).toBe(true)
  })

  it('an unknown record id fails as not_found with a sentence that does not echo the id', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000'
    const cases: Array<[string, unknown]> = [
      ['conversations:get', { id: unknown }],
      ['conversations:rename', { id: unknown, title: 'x' }],
      ['conversations:setToolsOff', { id: unknown, toolsOff: [] }],
      ['conversations:setAssistant', { id: unknown, assistantId: null }],
      ['conversations:setAssistant', { id: ids.conversation, assistantId: unknown }],
      ['conversations:includeAllTurns', { conversationId: unknown }],
      ['attachments:get', { id: unknown }],
      ['voice:setMuted', { sessionId: unknown, muted: true }]
    ]
    for (const [channel, payload] of cases) {
      const reply = await call(channel, payload, 'main', 'not_found taxonomy')
      expect(reply, channel).toMatchObject({ ok: false, error: { code: 'not_found' } })
      expect((reply as { error: { detail?: string } }).error.detail ?? '', channel).not.toContain(unknown)
    }
  })
})

// --- 6 ------------------------------------------------------------------------------------------
describe('6 a saved key goes only to the origin it was saved for', () => {
  const keysIn = (hits: RecordedHit[]): string[] =>
    hits.flatMap((h) => {
      const text = `${JSON.stringify(h.headers)} ${h.url} ${h.body}`
      return SAVED_KEYS.filter((k) => text.includes(k) || text.includes(k.slice(3)))
    })
  const draftTowards = (id: string, baseURL: string): Record<string, unknown> => ({ id, presetId: 'custom', name: 'Moved', baseURL, defaultModel: 'gpt-4o' })

  const TRAP_URLS = (): string[] => [
    `${trap.url}/v1`,
    `${trap.url}/`,
    `${trap.url.replace('http://', 'HTTP://')}/v1`,
    `${trap.url}/v1?back=${encodeURIComponent(provider.baseURL)}`,
    `${trap.url}/v1#${provider.url}`,
    `${trap.url.replace('127.0.0.1', '127.1')}/v1`,
    `${trap.url.replace('127.0.0.1', '[::ffff:127.0.0.1]')}/v1`
  ]

  it('providers.test of a saved provider aimed at another origin, as a preset that needs a key: key_other_origin, nothing sent there', async () => {
    const hitsBefore = trap.hits.length
    for (const baseURL of TRAP_URLS()) {
      for (const id of [ids.main, ids.victim]) {
        const reply = await call('providers:test', { ...draftTowards(id, baseURL), presetId: 'openai' }, 'main', `test towards ${baseURL}`)
        expectIpcResult('providers:test', reply, baseURL)
        expect(reply, baseURL).toMatchObject({ ok: false, error: { code: 'key_other_origin' } })
      }
    }
    // Refused before any request: the trap saw nothing at all.
    expect(trap.hits.length).toBe(hitsBefore)
    expect(keysIn(trap.hits)).toEqual([])
  })

  it('providers.test of a saved keyless (custom) provider aimed at another origin: refused, or tested there without the key', async () => {
    for (const baseURL of TRAP_URLS()) {
      const hitsBefore = trap.hits.length
      const reply = await call('providers:test', draftTowards(ids.main, baseURL), 'main', `custom test towards ${baseURL}`)
      expectIpcResult('providers:test', reply, baseURL)
      expect(reply.ok, baseURL).toBe(false)
      if (!reply.ok && reply.error.code === 'key_other_origin') expect(trap.hits.length, baseURL).toBe(hitsBefore)
      for (const hit of trap.hits.slice(hitsBefore)) expect(hit.headers.authorization ?? '', baseURL).toBe('Bearer omnidesk-no-key')
    }
    expect(keysIn(trap.hits)).toEqual([])
  })

  it('credentials in the URL cannot smuggle the saved origin in', async () => {
    const { port: savedPort } = new URL(provider.url)
    const { port: trapPort } = new URL(trap.url)
    for (const baseURL of [`http://127.0.0.1:${savedPort}@127.0.0.1:${trapPort}/v1`, `http://127.0.0.1:${trapPort}\\@127.0.0.1:${savedPort}/v1`]) {
      const reply = await call('providers:test', draftTowards(ids.main, baseURL), 'main', `smuggle ${baseURL}`)
      expectIpcResult('providers:test', reply, baseURL)
    }
    expect(keysIn(trap.hits)).toEqual([])
  })

  it('providers.save moving a saved provider to the trap drops its key; models and test there then carry none', async () => {
    const moved = await call('providers:save', draftTowards(ids.victim, `${trap.url}/v1`), 'main', 'move victim to trap')
    expect(moved).toMatchObject({ ok: true, value: { id: ids.victim, hasKey: false } })
    const models = await call('providers:models', { id: ids.victim }, 'main', 'models at trap')
    expect(models).toEqual({ ok: true, value: [] })
    const tested = await call('providers:test', draftTowards(ids.victim, `${trap.url}/v1`), 'main', 'test at trap')
    expect(tested).toMatchObject({ ok: false, error: { code: 'auth' } })
    await settleStreams()
    const sent = await call('chat:send', { text: 'to the trap', providerId: ids.victim }, 'main', 'chat at trap')
    expectIpcResult('chat:send', sent, 'chat at trap')
    await settleStreams()
    // Moving back does not bring the key back: it was deleted, not re-bound.
    const back = await call('providers:save', draftTowards(ids.victim, provider.baseURL), 'main', 'move victim back')
    expect(back).toMatchObject({ ok: true, value: { hasKey: false } })
    expect(trap.hits.length).toBeGreaterThan(0)
    expect(keysIn(trap.hits)).toEqual([])
  })

  it('a key typed for the trap may go there, but its echo never comes back in the reply', async () => {
    const reply = await call('providers:test', { presetId: 'custom', name: 'Typed', baseURL: `${trap.url}/v1`, apiKey: KEY_TYPED_FOR_TRAP, defaultModel: 'gpt-4o' }, 'main', 'typed key')
    expect(reply).toMatchObject({ ok: false, error: { code: 'auth' } })
    expect(JSON.stringify(reply)).not.toContain(KEY_TYPED_FOR_TRAP)
    expect(JSON.stringify(reply)).not.toContain(KEY_TYPED_FOR_TRAP.slice(3))
  })

  it('a saved provider redirecting to the trap: the redirect is refused, the trap never gets the key', async () => {
    const hitsBefore = trap.hits.length
    const tested = await call('providers:test', draftTowards(ids.redirected, `${redirector.url}/v1`), 'main', 'redirected test')
    expect(tested).toMatchObject({ ok: false, error: { code: 'redirect_refused' } })
    expect(value<string[]>(await call('providers:models', { id: ids.redirected }, 'main', 'redirected models'))).toEqual([])
    const sent = await call('chat:send', { text: 'via the redirect', providerId: ids.redirected }, 'main', 'redirected chat')
    expectIpcResult('chat:send', sent, 'redirected chat')
    await settleStreams()
    const done = events.find((e) => e.event === 'chat:onEvent' && (e.payload as { kind: string; streamId: string }).kind === 'done' && (e.payload as { streamId: string }).streamId === (sent as { value: { streamId: string } }).value.streamId)
    expect(done?.payload).toMatchObject({ status: 'error', error: { code: 'redirect_refused' } })
    // The redirector (the key's own origin) did get it; the trap behind it did not.
    expect(redirector.hits.some((h) => h.headers.authorization === `Bearer ${KEY_REDIRECTED}`)).toBe(true)
    // Not followed at all: the trap behind the redirect saw nothing.
    expect(trap.hits.length).toBe(hitsBefore)
    expect(keysIn(trap.hits)).toEqual([])
  })

  it('after the whole battery the trap has never seen a saved key, in any header or body', () => {
    expect(keysIn(trap.hits)).toEqual([])
  })

  it('app.openExternal never hands javascript:, file:, custom schemes or a mailto attachment to the shell', async () => {
    const hostile = [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'file:///etc/passwd',
      'FILE:///C:/Windows/System32/calc.exe',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
      'smb://evil.example/share',
      'ms-settings:privacy',
      '\\\\evil.example\\share',
      '/etc/passwd',
      'https://bank.example@evil.example/',
      'mailto:?attach=/etc/passwd',
      'mailto:a@example.com?attach=/etc/passwd',
      'mailto:a@example.com?subject=hi&ATTACH=~/.ssh/id_rsa&Attachment=C:\\secret.txt',
      'mailto:a@example.com?%61ttach=/etc/passwd&body=x'
    ]
    for (const url of hostile) {
      const reply = await call('app:openExternal', { url }, 'main', `openExternal ${url}`)
      expectIpcResult('app:openExternal', reply, url)
    }
    for (const opened of openedUrls) {
      const parsed = new URL(opened)
      expect(['http:', 'https:', 'mailto:'], opened).toContain(parsed.protocol)
      expect(opened.toLowerCase(), opened).not.toMatch(/attach|file:|javascript:/)
      if (parsed.protocol === 'mailto:') {
        expect(parsed.pathname.length, opened).toBeGreaterThan(0)
        for (const name of new URLSearchParams(parsed.search).keys()) expect(['to', 'cc', 'bcc', 'subject', 'body', 'in-reply-to']).toContain(name.toLowerCase())
      }
      if (parsed.protocol !== 'mailto:') expect(parsed.username + parsed.password, opened).toBe('')
    }
    // The mailto links with a real address still open, cleaned.
    expect(openedUrls).toContain('mailto:a@example.com?subject=hi')
    expect(openedUrls).toContain('mailto:a@example.com?body=x')
  })
})

// --- 7 ------------------------------------------------------------------------------------------
describe('7 each window kind is limited to its own channels', () => {
  it.each(WINDOW_KINDS)('the %s window is refused every other channel, with a valid payload, before the handler', async (kind) => {
    const foreign = INVOKES.filter((c) => !WINDOW_CHANNELS[kind].has(c.channel as never))
    for (const { channel } of foreign) {
      const runsBefore = ran(channel)
      const reply = await call(channel, sampleOf(channel), kind, `window ${kind}`)
      expect(reply, `${kind} → ${channel}`).toEqual({ ok: false, error: { code: 'forbidden', detail: `The ${kind} window may not use ${channel}` } })
      expect(ran(channel), `${kind} → ${channel} ran`).toBe(runsBefore)
    }
    if (kind === 'capture') expect(foreign.length).toBe(INVOKES.length - 4)
  })

  it('the companion may not touch providers, keys, MCP servers or conversation management', () => {
    for (const channel of [
      'providers:save',
      'providers:test',
      'providers:remove',
      'providers:detectOllama',
      'tools:setSearchKey',
      'tools:searchKeys',
      'tools:saveServer',
      'tools:removeServer',
      'tools:importServers',
      'tools:retryServer',
      'conversations:remove',
      'conversations:rename',
      'capture:finishRegion',
      'capture:overlayFrame',
      'capture:setShortcut',
      'companion:setShortcut'
    ]) {
      expect(WINDOW_CHANNELS.companion.has(channel as never), channel).toBe(false)
    }
  })

  it('a sender that is none of our windows is refused every channel', async () => {
    for (const { channel } of INVOKES) {
      const runsBefore = ran(channel)
      const reply = await call(channel, sampleOf(channel), null, 'untrusted sender')
      expect(reply).toEqual({ ok: false, error: { code: 'forbidden', detail: `Refused ${channel} from an untrusted sender` } })
      expect(ran(channel)).toBe(runsBefore)
    }
  })
})

// --- 8 ------------------------------------------------------------------------------------------
describe('8 the clipboard is read only while the setting is on', () => {
  const reads = (): number => clipboardReads

  it('companion.context: off → null and no read; on → the text, one read; off again → no read', async () => {
    companion.setClipboard('clipboard secret text')
    await call('settings:update', { companionClipboardContext: false }, 'main', 'clipboard off')
    const before = reads()
    expect(await call('companion:context', undefined, 'companion', 'context off')).toEqual({ ok: true, value: { clipboard: null } })
    expect(reads()).toBe(before)
    expect(companion.calls.filter((c) => c.op === 'readClipboard').length).toBe(before)

    await call('settings:update', { companionClipboardContext: true }, 'main', 'clipboard on')
    const on = await call('companion:context', undefined, 'companion', 'context on')
    expect(on).toMatchObject({ ok: true, value: { clipboard: { text: 'clipboard secret text', source: 'clipboard' } } })
    expect(reads()).toBe(before + 1)

    // Even with the setting on, only the companion may ask.
    for (const kind of ['main', 'capture'] as const) {
      expect(await call('companion:context', undefined, kind, `context from ${kind}`)).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    expect(reads()).toBe(before + 1)

    await call('settings:update', { companionClipboardContext: false }, 'main', 'clipboard off again')
    expect(await call('companion:context', undefined, 'companion', 'context off again')).toEqual({ ok: true, value: { clipboard: null } })
    expect(reads()).toBe(before + 1)
  })

  it('the companion cannot turn its own clipboard access on (settings.update is open to it, consent settings included)', async () => {
    try {
      companion.setClipboard('clipboard secret text')
      await call('settings:update', { companionClipboardContext: false }, 'main', 'clipboard off')
      const before = reads()
      await call('settings:update', { companionClipboardContext: true }, 'companion', 'companion grants itself the clipboard')
      expect(await call('companion:context', undefined, 'companion', 'context after self-grant')).toEqual({ ok: true, value: { clipboard: null } })
      expect(reads()).toBe(before)
    } finally {
      await call('settings:update', { companionClipboardContext: false }, 'main', 'clipboard off (cleanup)')
    }
  })
})

describe('8b consent settings belong to the main window', () => {
  it('the companion cannot change consent settings (plaintext keys, tool auto-approval, local network, search host)', async () => {
    const consent = { allowPlaintextSecrets: true, toolsAlwaysAllowed: ['read_url', 'web_search'], readUrlLocalNetwork: true, webSearchBackend: 'searxng', searxngUrl: 'http://127.0.0.1:9/evil' }
    const before = value<Record<string, unknown>>(await call('settings:get', undefined, 'main', 'consent before'))
    try {
      await call('settings:update', consent, 'companion', 'companion changes consent settings')
      const after = value<Record<string, unknown>>(await call('settings:get', undefined, 'main', 'consent after'))
      for (const key of Object.keys(consent)) expect(after[key], key).toEqual(before[key])
    } finally {
      const restore = Object.fromEntries(Object.keys(consent).map((k) => [k, before[k]]))
      await call('settings:update', restore, 'main', 'consent restore')
    }
  })
})

// --- 4 ------------------------------------------------------------------------------------------
describe('4 no leaks in any reply or event', () => {
  it('no stack trace, absolute path or key in anything main answered or sent during the whole file', () => {
    const paths = [tmpRoot, realpathSync(tmpRoot), dataDir, REPO_ROOT, os.homedir(), '/home/', '/root/', 'node_modules', '/Users/', 'file://']
    const stack = [/\n\s+at\s/, /\bat\s+\S+\s+\((?:\/|[A-Za-z]:\\|node:|file:)[^)]*:\d+:\d+\)/, /\b\w*Error: .*(?:\/|\\)[\w.-]+(?:\/|\\)/]
    const keyish = [...SAVED_KEYS, KEY_TYPED_FOR_TRAP, ...SAVED_KEYS.map((k) => k.slice(3)), 'tvly-hostile-search-key']
    const findings: string[] = []
    const scan = (where: string, text: string, allowPaths: boolean): void => {
      if (!allowPaths) for (const p of paths) if (text.includes(p)) findings.push(`${where}: path ${p}`)
      for (const re of stack) if (re.test(text)) findings.push(`${where}: stack ${re}`)
      for (const k of keyish) if (text.includes(k)) findings.push(`${where}: key ${k}`)
      if (/\bsk-[\w-]{6,}/.test(text)) findings.push(`${where}: sk- string ${/\bsk-[\w-]{6,}/.exec(text)?.[0]}`)
      if (/"threw"/.test(text)) findings.push(`${where}: the handler wrapper rejected`)
    }
    for (const r of replies) {
      // app.info reports the data folder by design (AppInfo.dataDir: Settings shows it), and only to main and the companion.
      const allowPaths = r.channel === 'app:info' && (r.reply as IpcResult).ok
      scan(`${r.channel} (${r.label}) → ${JSON.stringify(r.reply).slice(0, 200)}`, JSON.stringify(r.reply), allowPaths)
    }
    for (const e of events) scan(`event ${e.event}`, JSON.stringify(e.payload), false)
    expect(replies.length).toBeGreaterThan(1000)
    expect(findings).toEqual([])
  })

  it('app.info shows the data folder, which is the only path a reply carries', async () => {
    expect(await call('app:info', undefined, 'main', 'info')).toMatchObject({ ok: true, value: { dataDir } })
  })
})

// --- 5 ------------------------------------------------------------------------------------------
describe('5 nothing written outside the data folder', () => {
  it('the temp root holds only data/, with no file named after a hostile id', () => {
    expect(readdirSync(tmpRoot)).toEqual(['data'])
    const files = listTree(dataDir)
    expect(files.filter((f) => /\.\.|%2e|passwd|win\.ini|\\|\u0000|OR 1=1/i.test(f))).toEqual([])
    // Attachments are content-addressed: nothing but hashes (and their manifests) under attachments/.
    for (const f of files.filter((x) => x.startsWith('attachments/'))) expect(f).toMatch(/^attachments\/(blobs(\/[a-f0-9]{64})?|[a-f0-9]{64}\.json)$/)
  })

  it('the repository got no new untracked file outside src/ and tests/', () => {
    expect(untrackedOutsideSources()).toEqual(untrackedBefore)
  })
})
