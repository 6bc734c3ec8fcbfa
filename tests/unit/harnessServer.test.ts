/**
 * The web harness server on its own: static serving (MIME, bridge injection, CSP header, no path
 * traversal) and the WebSocket bridge (Origin check, the contract wrapper's validation, events).
 * The services are a stub here, so this does not depend on createMainServices.
 */
import { request } from 'node:http'
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractCsp, injectBridge, startHarness, type Harness } from '../../src/main/harness/server'
import type { MainServices, MainServicesDeps } from '../../src/main/services'
import type { Caller, ContractHandlers } from '../../src/shared/ipc/contract'
import { Settings } from '../../src/shared/settings'

const CSP = "default-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'"
const INDEX = `<!doctype html>
<html>
  <head>
    <meta charset="UTF-8" />
    <meta http-equiv="Content-Security-Policy" content="${CSP}" />
    <title>t</title>
    <script type="module" crossorigin src="./assets/index-abc.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>`

type Stub = Record<string, (req: unknown, caller: Caller) => unknown>

function stubServices(stubs: Stub): (deps: Pick<MainServicesDeps, 'windowReady'>) => Promise<MainServices> {
  return async (deps) => ({ handlers: stubHandlers({ 'app:ready': (_req: unknown, caller: Caller) => (deps.windowReady(caller.sender), { ok: true }), ...stubs }), close: async () => undefined })
}

function stubHandlers(stubs: Stub): ContractHandlers {
  return new Proxy(
    {},
    {
      get: (_t, ns) =>
        new Proxy(
          {},
          {
            get: (_t2, name) =>
              stubs[`${String(ns)}:${String(name)}`] ??
              (() => {
                throw new Error(`not stubbed: ${String(ns)}:${String(name)}`)
              })
          }
        )
    }
  ) as ContractHandlers
}

function get(url: string, rawPath: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function connect(harness: Harness, origin?: string, window?: string, token: string | null = harness.token): Promise<WebSocket> {
  const url = new URL(harness.origin.replace(/^http/, 'ws') + '/__harness/ipc')
  if (window) url.searchParams.set('window', window)
  if (token !== null) url.searchParams.set('token', token)
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.toString(), origin ? { origin } : {})
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

function call(ws: WebSocket, id: number, channel: string, payload?: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const msg = JSON.parse(data.toString()) as Record<string, unknown>
      if (msg.id !== id) return
      ws.off('message', onMessage)
      resolve(msg)
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ id, channel, payload }))
  })
}

describe('harness server', () => {
  let root: string
  let harness: Harness
  const opened: string[] = []

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'omnidesk-harness-unit-'))
    const renderer = path.join(root, 'renderer')
    await mkdir(path.join(renderer, 'assets'), { recursive: true })
    await writeFile(path.join(renderer, 'index.html'), INDEX)
    await writeFile(path.join(renderer, 'assets', 'index-abc.js'), 'console.log("app")')
    await writeFile(path.join(renderer, 'assets', 'style.css'), 'body{}')
    await writeFile(path.join(renderer, 'assets', 'font.woff2'), 'x')
    await writeFile(path.join(renderer, 'assets', 'ChatView-Bh-uX5ks.js'), 'export {}')
    await writeFile(path.join(root, 'secret.txt'), 'TOP-SECRET')
    await symlink(root, path.join(renderer, 'escape'))
    await writeFile(path.join(root, 'bridge.js'), '/* bridge */')
    harness = await startHarness({
      dataDir: path.join(root, 'data'),
      rendererDir: renderer,
      bridgeScript: path.join(root, 'bridge.js'),
      log: () => undefined,
      createServices: stubServices({
        'settings:get': () => Settings.parse({}),
        'conversations:get': () => ({ nonsense: true }),
        'app:openExternal': (req) => {
          opened.push((req as { url: string }).url)
          return { opened: true }
        },
        'conversations:list': () => {
          throw Object.assign(new Error('database is locked'), { code: 'busy' })
        }
      }) as never
    })
  })

  afterAll(async () => {
    await harness?.close()
    await rm(root, { recursive: true, force: true })
  })

  it('serves index.html for / with the bridge before the module script and the CSP header', async () => {
    const res = await get(harness.url, '/')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['content-security-policy']).toBe(CSP)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    const bridge = res.body.indexOf('<script src="/__harness/bridge.js"></script>')
    expect(bridge).toBeGreaterThan(-1)
    expect(bridge).toBeLessThan(res.body.indexOf('<script type="module"'))
    expect((await get(harness.url, '/index.html')).body).toBe(res.body)
  })

  it('serves assets and the bridge with their MIME types', async () => {
    expect((await get(harness.url, '/assets/index-abc.js')).headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect((await get(harness.url, '/assets/style.css')).headers['content-type']).toBe('text/css; charset=utf-8')
    expect((await get(harness.url, '/assets/font.woff2')).headers['content-type']).toBe('font/woff2')
    const bridge = await get(harness.url, '/__harness/bridge.js')
    expect(bridge.status).toBe(200)
    expect(bridge.body).toBe('/* bridge */')
    expect(bridge.headers['content-type']).toBe('text/javascript; charset=utf-8')
    const head = await get(harness.url, '/assets/style.css', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('lets the browser keep content-hashed assets (their compiled code too), never pages, the bridge or other files', async () => {
    expect((await get(harness.url, '/assets/ChatView-Bh-uX5ks.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable')
    for (const p of ['/', '/index.html', '/__harness/bridge.js', '/assets/index-abc.js', '/assets/style.css']) {
      expect((await get(harness.url, p)).headers['cache-control'], p).toBe('no-store')
    }
  })

  it('answers 404 for missing files and 405 for other methods', async () => {
    expect((await get(harness.url, '/nope.js')).status).toBe(404)
    expect((await get(harness.url, '/assets')).status).toBe(404)
    expect((await get(harness.url, '/__harness/other')).status).toBe(404)
    expect((await get(harness.url, '/', 'POST')).status).toBe(405)
  })

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/%2fsecret.txt',
    '/escape/secret.txt',
    '/assets/index-abc.js%00.html'
  ])('never serves a file outside the renderer: %s', async (p) => {
    const res = await get(harness.url, p)
    expect(res.status).not.toBe(200)
    expect(res.body).not.toContain('TOP-SECRET')
  })

  it('refuses bridge sockets from other origins, and from none', async () => {
    await expect(connect(harness, 'http://evil.example')).rejects.toThrow('HTTP 403')
    await expect(connect(harness, `http://127.0.0.1:${harness.port + 1}`)).rejects.toThrow('HTTP 403')
    await expect(connect(harness)).rejects.toThrow('HTTP 403')
  })

  it('answers requests through the contract wrapper', async () => {
    const ws = await connect(harness, harness.origin)
    try {
      expect(await call(ws, 1, 'settings:get')).toEqual({ id: 1, result: { ok: true, value: Settings.parse({}) } })
      const invalid = await call(ws, 2, 'conversations:get', { id: 5 })
      expect(invalid).toMatchObject({ id: 2, result: { ok: false, error: { code: 'invalid_request' } } })
      expect((invalid.result as { error: { detail: string } }).error.detail).toContain('Invalid request')
      // Frames not of the wire's shape are dropped unanswered; the socket keeps working.
      ws.send('not json')
      ws.send(JSON.stringify({ id: { evil: true }, channel: 'settings:get' }))
      ws.send(JSON.stringify({ id: 99, channel: 42 }))
      expect(await call(ws, 3, 'nope:nothing')).toMatchObject({ result: { ok: false, error: { code: 'invalid_request', detail: 'Unknown channel nope:nothing' } } })
      // A handler's plain Error comes back as the contract's error type, with its message.
      expect(await call(ws, 4, 'conversations:list', {})).toEqual({ id: 4, result: { ok: false, error: { code: 'unknown', detail: 'database is locked' } } })
      // A result that does not match the contract is an error, so drift fails tests loudly.
      expect(await call(ws, 5, 'conversations:get', { id: 'c1' })).toMatchObject({
        result: { ok: false, error: { code: 'unknown', detail: expect.stringContaining('does not match the contract') } }
      })
      expect(await call(ws, 6, 'app:openExternal', { url: 'https://example.com' })).toMatchObject({ result: { ok: true, value: { opened: true } } })
      expect(opened).toEqual(['https://example.com'])
    } finally {
      ws.close()
    }
  })

  it("sends a page the events of its window kind, those from before it was ready first", async () => {
    const main = await connect(harness, harness.origin)
    const companion = await connect(harness, `http://localhost:${harness.port}`, 'companion')
    const overlay = await connect(harness, harness.origin, 'capture')
    const received = new Map<WebSocket, unknown[]>()
    for (const ws of [main, companion, overlay]) {
      received.set(ws, [])
      ws.on('message', (d) => {
        const msg = JSON.parse(d.toString()) as { event?: string }
        if (msg.event) received.get(ws)!.push(msg)
      })
    }
    try {
      await expect.poll(() => harness.connectionCount()).toBe(3)
      harness.emit('app:onCommand', { command: 'new-chat' })
      // Before app.ready nothing is sent: the page may not have subscribed yet.
      for (const ws of [main, companion, overlay]) expect(await call(ws, 1, 'app:ready')).toMatchObject({ result: { ok: true } })
      harness.emit('companion:onShown', { showId: 1, conversationId: null, pinned: false, maxHeight: 560, source: 'shortcut' })
      const newChat = { event: 'app:onCommand', payload: { command: 'new-chat' } }
      await expect.poll(() => received.get(companion)).toEqual([newChat, { event: 'companion:onShown', payload: { showId: 1, conversationId: null, pinned: false, maxHeight: 560, source: 'shortcut' } }])
      expect(received.get(main)).toEqual([newChat])
      expect(received.get(overlay)).toEqual([])
      // And the overlay's page cannot call what it has no business with.
      expect(await call(overlay, 2, 'conversations:list', {})).toMatchObject({ result: { ok: false, error: { code: 'forbidden' } } })
    } finally {
      for (const ws of [main, companion, overlay]) ws.close()
    }
  })
})

describe('harness html helpers', () => {
  it('extracts the CSP meta', () => {
    expect(extractCsp(INDEX)).toBe(CSP)
    expect(extractCsp('<html><head></head></html>')).toBeUndefined()
  })
  it('injects the bridge before the first head script, else at the end of head', () => {
    expect(injectBridge('<head><script type="module" src="a.js"></script></head>')).toMatch(
      /^<head><script src="\/__harness\/bridge.js"><\/script>\s*<script type="module"/
    )
    expect(injectBridge('<head><title>x</title></head><body><script src="b.js"></script></body>')).toMatch(
      /<title>x<\/title>\s*<script src="\/__harness\/bridge.js"><\/script>\s*<\/head>/
    )
  })
})
