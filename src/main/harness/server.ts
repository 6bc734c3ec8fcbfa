/**
 * The web harness: the real main-process services in plain Node, the built renderer served over
 * http://127.0.0.1, and a WebSocket bridge implementing the IPC contract, so the whole app runs in
 * an ordinary browser (Playwright drives Debian's Chromium against it; `npm run web` for humans).
 *
 * - Static files come only from `rendererDir` (no traversal, no symlink escape). Every HTML page
 *   gets `<script src="/__harness/bridge.js">` injected before its first script: a classic script
 *   runs before deferred module scripts, so `window.omnidesk` exists when the app boots, just as
 *   the preload guarantees in Electron (and like the preload it is small: no schemas).
 * - Responses carry the CSP of index.html as a header (the same policy the app runs under).
 * - `/__harness/ipc` is a WebSocket whose requests go through the ONE registration wrapper
 *   (registerContract): the sender is the socket's Origin, trusted only when it is this server's
 *   own origin. Sockets from any other origin are refused at the upgrade as well, so they never
 *   receive events either.
 * - An Origin header is only a claim: any local process can send `Origin: http://127.0.0.1:PORT`
 *   and drive every service (read a key through providers.test, say). So each run has a secret
 *   token, in the URL the harness prints (`?token=`): an HTML page asked for with it sets an
 *   HttpOnly, SameSite=Strict cookie, and a socket is accepted only with that cookie (or, for
 *   Node clients in tests and benches, the token in its own URL). Static files stay public: they
 *   are the app's built code, nothing of the user's.
 *
 * Wire format: JSON text frames, checked at both ends (src/shared/ipc/harnessWire.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import type { Duplex } from 'node:stream'
import { WebSocketServer, WebSocket, type RawData } from 'ws'
import { ipcFail, type IpcResult } from '../../shared/ipc/bridgeApi'
import { listChannels, type ChannelSpec, type EmitEvent } from '../../shared/ipc/contract'
import { HarnessRequest, parseHarnessText } from '../../shared/ipc/harnessWire'
import { createEventRouter } from '../ipc/eventRouter'
import { registerContract, type MainTransport, type SenderInfo } from '../ipc/registerContract'
import { WINDOW_KINDS, type WindowKind } from '../../shared/ipc/windows'
import { createMainServices, type MainServices, type MainServicesDeps } from '../services'
import { harnessFileWorkers } from '../files/workers'
import { createJsonFilePreferences } from '../store/jsonFilePreferences'
import { createNodeSecretCipher } from '../store/nodeSecretCipher'
import { createHarnessCapture, type CaptureFixtures, type HarnessCapture } from './harnessCapture'
import { HARNESS_AUDIO_PATH } from '../../shared/voice/audioLinkWire'
import { createHarnessAudioLinks } from './harnessAudioLinks'
import { createHarnessCompanion, type HarnessCompanion } from './harnessCompanionDesktop'
import { createHarnessUpdater, type HarnessUpdates } from './harnessUpdater'
import { createHarnessFileDialogs, type HarnessFileDialogs } from './harnessFileDialogs'
import pkg from '../../../package.json'

export const HARNESS_BRIDGE_PATH = '/__harness/bridge.js'
export const HARNESS_IPC_PATH = '/__harness/ipc'

/** Used when index.html has no CSP meta tag (it should). */
const FALLBACK_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'none'"

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.webm': 'video/webm'
}

export type KeyringOption = 'available' | 'unavailable'

export interface HarnessOptions {
  /** Database, preferences and the secret key file live here (created if missing). */
  dataDir: string
  /** The built renderer (electron-vite's out/renderer). */
  rendererDir?: string
  /** The built bridge IIFE (out/harness/bridge.js). */
  bridgeScript?: string
  /** 0 or absent: any free port. */
  port?: number
  /** The run's secret (see the header); absent: a fresh random one. A restart in tests passes the old one, as it does the port. */
  token?: string
  /** 'unavailable' simulates a Linux desktop without an OS keyring. */
  keyring?: KeyringOption
  clientOptions?: MainServicesDeps['clientOptions']
  /** The "OS language" the app sees (default: Node's Intl locale). */
  locale?: string
  /** Where harness notices go (openExternal, errors). Default console.log. */
  log?: (line: string) => void
  /**
   * Check every invoke result against the contract's response schema (default 'error': a
   * mismatch is returned to the renderer as an error, so drift fails tests loudly).
   */
  validateResponses?: 'error' | 'warn' | 'off'
  /** How often a streaming answer is saved (ms); the services' default when absent. */
  partialWriteIntervalMs?: number
  /** A timing observer per realtime voice session (the voice bench). */
  voiceProbe?: MainServicesDeps['voiceProbe']
  /** For tests of the harness itself: replaces createMainServices. */
  createServices?: (deps: MainServicesDeps) => Promise<MainServices>
  /** Screen capture served from fixture PNGs (displays, windows, permission). */
  captureFixtures?: CaptureFixtures
}

export interface Harness {
  /** http://127.0.0.1:PORT/?token=… (the token lets this browser's pages use the bridge) */
  url: string
  /** The run's secret: `?token=` on a page URL (sets the cookie) or on a socket URL. */
  token: string
  /** A page of the renderer, with the token: pageUrl('companion.html'), pageUrl('/capture.html#…'). */
  pageUrl(page: string): string
  /** http://127.0.0.1:PORT */
  origin: string
  port: number
  dataDir: string
  /** The real services: tests may call `services.handlers.*` directly (already-validated input). */
  services: MainServices
  /** URLs the app asked to open in the OS browser (never really opened). */
  openedUrls: string[]
  /** Every setLaunchAtLogin call, in order. */
  launchAtLoginCalls: boolean[]
  /** When the app asked to quit and start again (never done: a test restarts the harness). */
  relaunchRequests: number[]
  /** Fixture screen capture: overlay pages opened, permission switch. */
  capture: HarnessCapture
  /** The companion window's desktop side: recorded calls, fake clipboard and global shortcuts. */
  companion: HarnessCompanion
  /** The fake updater under the real update state machine: script checks, send events, fire its timer. */
  updates: HarnessUpdates
  /** Save / Open dialogs: script the path the next one answers, read what was asked. */
  fileDialogs: HarnessFileDialogs
  /** Open bridge sockets (trusted ones only). */
  connectionCount(): number
  /** Pushes an event to every connected page, as the services do. */
  emit: EmitEvent
  close(): Promise<void>
}

interface HarnessSender extends SenderInfo {
  url: string
  id: number
  /** The page's window kind, from its socket URL (`?window=`; the bridge sets it from the page's path). */
  kind: WindowKind
}

/** `content` of `<meta http-equiv="Content-Security-Policy">`, if any. */
export function extractCsp(html: string): string | undefined {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/http-equiv\s*=\s*["']?content-security-policy["']?/i.test(tag)) continue
    const m = tag.match(/\bcontent\s*=\s*("([^"]*)"|'([^']*)')/i)
    const value = m?.[2] ?? m?.[3]
    if (value) return value.replace(/\s+/g, ' ').trim()
  }
  return undefined
}

/** Puts the bridge script before the first script of <head> (or at its end). */
export function injectBridge(html: string, src = HARNESS_BRIDGE_PATH): string {
  const tag = `<script src="${src}"></script>`
  const headEnd = html.search(/<\/head>/i)
  const firstScript = html.search(/<script\b/i)
  if (firstScript !== -1 && (headEnd === -1 || firstScript < headEnd)) {
    return html.slice(0, firstScript) + tag + '\n    ' + html.slice(firstScript)
  }
  if (headEnd !== -1) return html.slice(0, headEnd) + '  ' + tag + '\n  ' + html.slice(headEnd)
  const bodyStart = html.search(/<body\b/i)
  if (bodyStart !== -1) return html.slice(0, bodyStart) + tag + '\n' + html.slice(bodyStart)
  return tag + '\n' + html
}

function errorToWire(error: unknown): { message: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return { message: error.message || error.name, ...(typeof code === 'string' ? { code } : {}) }
  }
  return { message: typeof error === 'string' ? error : 'Request failed' }
}

/**
 * The bundler's output under /assets/ is named by its content's hash: a browser may keep it for
 * good, as the app's own scheme lets Chromium keep its compiled code (codeCache in
 * app/protocol.ts). Revalidating instead would make Chromium compile every script anew on each
 * load, a cost the app never pays. Pages and the bridge are never cached.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable'
const CONTENT_HASHED = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/

function isContentHashed(pathname: string): boolean {
  return CONTENT_HASHED.test(pathname)
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const log = opts.log ?? ((line: string) => console.log(line))
  const dataDir = path.resolve(opts.dataDir)
  const rendererDir = path.resolve(opts.rendererDir ?? 'out/renderer')
  const bridgeScript = path.resolve(opts.bridgeScript ?? 'out/harness/bridge.js')
  const validateResponses = opts.validateResponses ?? 'error'

  await fsp.mkdir(dataDir, { recursive: true })
  const rendererRoot = await fsp.realpath(rendererDir).catch(() => {
    throw new Error(`Renderer not built: ${rendererDir} is missing (run npm run build)`)
  })
  const indexHtml = await fsp.readFile(path.join(rendererRoot, 'index.html'), 'utf8').catch(() => {
    throw new Error(`Renderer not built: ${path.join(rendererRoot, 'index.html')} is missing (run npm run build)`)
  })
  await fsp.access(bridgeScript).catch(() => {
    throw new Error(`Harness bridge not built: ${bridgeScript} is missing (run npm run build:harness)`)
  })
  const csp = extractCsp(indexHtml) ?? FALLBACK_CSP

  // --- events: to the sockets whose window kind receives them, once their page is ready ----------
  const sockets = new Set<WebSocket>()
  const router = createEventRouter({ log: (message) => log(`[harness] ${message}`) })
  const eventSchemas = new Map<string, ChannelSpec>()
  const responseSchemas = new Map<string, ChannelSpec>()
  for (const { channel, spec } of listChannels()) {
    if (spec.kind === 'event') eventSchemas.set(channel, spec)
    else responseSchemas.set(channel, spec)
  }
  const emit: EmitEvent = (event, payload) => {
    const spec = eventSchemas.get(event)
    if (!spec) {
      log(`[harness] emit of unknown event ${event}`)
      return
    }
    if (validateResponses !== 'off' && spec.kind === 'event') {
      const checked = spec.payload.safeParse(payload)
      if (!checked.success) log(`[harness] event ${event} does not match the contract: ${checked.error.issues[0]?.message}`)
    }
    router.emit(event, payload)
  }

  // --- services --------------------------------------------------------------------------------
  const openedUrls: string[] = []
  const launchAtLoginCalls: boolean[] = []
  const relaunchRequests: number[] = []
  const capture = createHarnessCapture(opts.captureFixtures, undefined, { log })
  const companion = createHarnessCompanion({ emit })
  const audioLinks = createHarnessAudioLinks()
  const updates = createHarnessUpdater({ log })
  const fileDialogs = createHarnessFileDialogs({ log })
  const deps: MainServicesDeps = {
    dataDir,
    preferencesPort: createJsonFilePreferences(path.join(dataDir, 'preferences.json')),
    secretCipher: createNodeSecretCipher({ dir: dataDir, available: (opts.keyring ?? 'available') === 'available' }),
    app: {
      version: (pkg as { version: string }).version,
      platform: process.platform,
      systemLocale: () => opts.locale ?? Intl.DateTimeFormat().resolvedOptions().locale,
      systemDark: () => false,
      openExternal: async (url) => {
        openedUrls.push(url)
        log(`[harness] openExternal ${url} (recorded, not opened)`)
      },
      setLaunchAtLogin: (enabled) => {
        launchAtLoginCalls.push(enabled)
      },
      relaunch: () => {
        relaunchRequests.push(Date.now())
        log('[harness] relaunch requested (recorded: restart the harness to apply what waits for a start)')
      }
    },
    emit,
    windowReady: (sender) => router.ready(sender),
    clientOptions: opts.clientOptions,
    partialWriteIntervalMs: opts.partialWriteIntervalMs,
    voiceProbe: opts.voiceProbe,
    capture: capture.ports,
    companionDesktop: companion.host,
    audioLinks,
    updater: updates.port,
    updateTimers: updates.timers,
    fileDialogs: fileDialogs.port,
    // The app's own worker bundles when built (E2E builds first), else the sources.
    fileWorkers: harnessFileWorkers(path.join(path.dirname(rendererDir), 'main')),
    log: (message, error) => log(`[services] ${message}${error === undefined ? '' : ` ${errorToWire(error).message}`}`)
  }
  const services = await (opts.createServices ?? createMainServices)(deps)
  companion.attach(services.companion)
  services.companion?.start()

  // --- http ------------------------------------------------------------------------------------
  let origin = ''
  let port = 0
  const trustedOrigins = (): string[] => [origin, `http://localhost:${port}`]
  const isTrustedOrigin = (value: string | undefined): boolean => !!value && trustedOrigins().includes(value)

  const token = opts.token ?? randomBytes(24).toString('base64url')
  // Per port: cookies for 127.0.0.1 are shared by every port, and two harnesses may run at once.
  const cookieName = (): string => `omnidesk-harness-${port}`
  const isToken = (value: string | null | undefined): boolean => {
    if (!value) return false
    const given = Buffer.from(value)
    const expected = Buffer.from(token)
    return given.length === expected.length && timingSafeEqual(given, expected)
  }
  /** The upgrade carries the run's token: in the page's cookie, or in the socket URL (Node clients). */
  const hasToken = (req: IncomingMessage, url: URL): boolean => {
    if (isToken(url.searchParams.get('token'))) return true
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=')
      if (name === cookieName() && isToken(value.join('='))) return true
    }
    return false
  }

  const baseHeaders = (): Record<string, string> => ({
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer'
  })

  const send = (req: IncomingMessage, res: ServerResponse, status: number, body: string | Buffer, type: string): void => {
    const buf = typeof body === 'string' ? Buffer.from(body) : body
    res.writeHead(status, { ...baseHeaders(), 'Content-Type': type, 'Content-Length': String(buf.length) })
    res.end(req.method === 'HEAD' ? undefined : buf)
  }
  const fail = (req: IncomingMessage, res: ServerResponse, status: number, text: string): void =>
    send(req, res, status, text + '\n', 'text/plain; charset=utf-8')

  const serveStatic = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return fail(req, res, 405, 'Method not allowed')
    }
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://harness.invalid').pathname)
    } catch {
      return fail(req, res, 400, 'Bad request')
    }
    if (pathname.includes('\0') || pathname.includes('\\')) return fail(req, res, 400, 'Bad request')

    if (pathname === HARNESS_BRIDGE_PATH) {
      const js = await fsp.readFile(bridgeScript).catch(() => undefined)
      return js ? send(req, res, 200, js, MIME['.js']) : fail(req, res, 404, 'Bridge not built')
    }
    const share = /^\/__harness\/share\/(display|window)\/([^/]+)$/.exec(pathname)
    if (share) {
      // Voice's screen sharing in the page: the fixture's current picture (shareStandIn.ts polls it).
      const file = capture.fixtureFile(share[1] as 'display' | 'window', share[2])
      const png = file ? await fsp.readFile(file).catch(() => undefined) : undefined
      return png ? send(req, res, 200, png, 'image/png') : fail(req, res, 404, 'Not found')
    }
    if (pathname.startsWith('/__harness/')) return fail(req, res, 404, 'Not found')

    // Reject any `..` segment outright, then double-check the resolved real path stays inside.
    const segments = pathname.split('/')
    if (segments.some((s) => s === '..' || s === '.')) return fail(req, res, 403, 'Forbidden')
    if (pathname.endsWith('/')) pathname += 'index.html'
    const candidate = path.resolve(rendererRoot, '.' + pathname)
    if (!isInside(rendererRoot, candidate)) return fail(req, res, 403, 'Forbidden')
    let real: string
    try {
      real = await fsp.realpath(candidate)
      if (!isInside(rendererRoot, real)) return fail(req, res, 403, 'Forbidden')
      if (!(await fsp.stat(real)).isFile()) return fail(req, res, 404, 'Not found')
    } catch {
      // Browsers ask for it on their own; without one, say "nothing" rather than log a 404.
      if (pathname === '/favicon.ico') {
        res.writeHead(204, baseHeaders())
        res.end()
        return
      }
      return fail(req, res, 404, 'Not found')
    }
    const ext = path.extname(real).toLowerCase()
    const type = MIME[ext] ?? 'application/octet-stream'
    if (ext === '.html') {
      const html = await fsp.readFile(real, 'utf8')
      if (isToken(new URL(req.url ?? '/', 'http://harness.invalid').searchParams.get('token'))) {
        res.setHeader('Set-Cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`)
      }
      return send(req, res, 200, injectBridge(html), type)
    }
    const body = await fsp.readFile(real)
    if (!isContentHashed(pathname)) return send(req, res, 200, body, type)
    res.writeHead(200, { ...baseHeaders(), 'Cache-Control': IMMUTABLE, 'Content-Type': type, 'Content-Length': String(body.length) })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  const server: Server = createServer((req, res) => {
    serveStatic(req, res).catch((error) => {
      log(`[harness] ${req.method} ${req.url} failed: ${errorToWire(error).message}`)
      if (!res.headersSent) fail(req, res, 500, 'Internal error')
      else res.destroy()
    })
  })

  // --- WebSocket bridge ------------------------------------------------------------------------
  const handlers = new Map<string, (sender: HarnessSender, payload: unknown) => Promise<IpcResult>>()
  const transport: MainTransport<HarnessSender> = {
    handle(channel, handler) {
      handlers.set(channel, handler)
    }
  }
  registerContract<HarnessSender>({
    transport,
    handlers: services.handlers,
    windowOf: (sender) => (isTrustedOrigin(sender.url) ? sender.kind : undefined),
    onError: (channel, error) => log(`[harness] ${channel} failed: ${errorToWire(error).message}`)
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 })
  let nextConnectionId = 1

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://harness.invalid')
    const pathname = url.pathname
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    if (pathname === HARNESS_AUDIO_PATH) {
      // A voice session's audio link: same rules as the IPC socket.
      if (!isTrustedOrigin(req.headers.origin) || !hasToken(req, url)) return refuse(403, 'Forbidden')
      return audioLinks.handleUpgrade(req, socket, head)
    }
    if (pathname !== HARNESS_IPC_PATH) return refuse(404, 'Not Found')
    const originHeader = req.headers.origin
    if (!isTrustedOrigin(originHeader)) {
      log(`[harness] refused a bridge connection from origin ${originHeader ?? '(none)'}`)
      return refuse(403, 'Forbidden')
    }
    if (!hasToken(req, url)) {
      log(`[harness] refused a bridge connection without this run's token (open the URL the harness printed)`)
      return refuse(403, 'Forbidden')
    }
    const kind = WINDOW_KINDS.find((k) => k === url.searchParams.get('window')) ?? 'main'
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, { url: originHeader as string, id: nextConnectionId++, kind }))
  })

  const onConnection = (ws: WebSocket, sender: HarnessSender): void => {
    sockets.add(ws)
    router.add({
      id: sender.id,
      kind: sender.kind,
      send: (event, payload) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ event, payload }))
      }
    })
    const gone = (): void => {
      sockets.delete(ws)
      router.remove(sender.id)
    }
    ws.on('close', gone)
    ws.on('error', gone)
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return
      // Not a request of the wire's shape: dropped (there is no id to answer).
      const msg = parseHarnessText(HarnessRequest, data.toString())
      if (!msg) return
      const reply = (result: IpcResult): void => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id: msg.id, result }))
      }
      const handler = handlers.get(msg.channel)
      if (!handler) {
        reply(ipcFail({ code: 'invalid_request', detail: `Unknown channel ${msg.channel}` }))
        return
      }
      void handler(sender, msg.payload).then((result) => {
        const spec = responseSchemas.get(msg.channel)
        if (result.ok && validateResponses !== 'off' && spec?.kind === 'invoke') {
          const checked = spec.res.safeParse(result.value)
          if (!checked.success) {
            const issue = checked.error.issues[0]
            const text = `Response for ${msg.channel} does not match the contract: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`
            log(`[harness] ${text}`)
            if (validateResponses === 'error') return reply(ipcFail({ code: 'unknown', detail: text }))
          }
        }
        // JSON drops `undefined`: a void answer travels as null.
        reply(result.ok && result.value === undefined ? { ok: true, value: null } : result)
      })
    })
  }

  // --- listen ----------------------------------------------------------------------------------
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  }).catch(async (error) => {
    await services.close().catch(() => undefined)
    throw error
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0
  origin = `http://127.0.0.1:${port}`

  let closed: Promise<void> | undefined
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      for (const ws of sockets) ws.terminate()
      audioLinks.close()
      sockets.clear()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await serverClosed
      await services.close()
    })())

  const pageUrl = (page: string): string => {
    const url = new URL(page, origin + '/')
    url.searchParams.set('token', token)
    return url.toString()
  }
  return {
    url: pageUrl('/'),
    token,
    pageUrl,
    origin,
    port,
    dataDir,
    services,
    openedUrls,
    launchAtLoginCalls,
    relaunchRequests,
    capture,
    companion,
    updates,
    fileDialogs,
    connectionCount: () => sockets.size,
    emit,
    close
  }
}
