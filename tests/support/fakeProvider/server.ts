import { readFileSync } from 'node:fs'
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { routeApiRequest } from './apiRoutes'
import { CONTROL_PREFIX, handleControlRequest } from './control'
import { clientGoneSignal, parseJsonOrUndefined, readBody, sendJson, sleepUnlessGone } from './httpIo'
import { errorBody, errorBodyForStatus, invalidApiKeyError } from './openaiShapes'
import { ScriptQueue } from './scriptQueue'
import type { FakeProvider, FakeProviderOptions, RecordedRequest, ScriptRule } from './types'

export const DEFAULT_MODELS = ['gpt-4o', 'gpt-4o-mini', 'deepseek-chat']

/** Starts a local server speaking the OpenAI HTTP API, scriptable per test. */
export async function startFakeProvider(opts: FakeProviderOptions = {}): Promise<FakeProvider> {
  const host = opts.host ?? '127.0.0.1'
  const models = opts.models ?? DEFAULT_MODELS
  const strictModels = opts.strictModels ?? true
  const embeddingOptions = { embeddingDims: opts.embeddingDims, embeddingModels: opts.embeddingModels }
  const rules = new ScriptQueue()
  const requests: RecordedRequest[] = []
  const openSockets = new Set<Socket>()
  let lastId = 0
  const nextId = () => ++lastId

  const control = {
    script: (rule: ScriptRule) => rules.add(rule),
    reset: () => {
      rules.clear()
      // Emptied in place so arrays a test already holds stay live.
      requests.length = 0
    },
    requests
  }

  async function handleApiRequest(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = parseJsonOrUndefined(await readBody(req))
    const record: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body, time: Date.now() }
    requests.push(record)
    // When the answer's first byte (its status line) leaves: a delayed first byte moves it.
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse
    res.writeHead = ((...args: unknown[]) => {
      record.firstByteAt ??= Date.now()
      return writeHead(...args)
    }) as typeof res.writeHead
    // And when its last byte leaves (benches: where a stream really ends for the client).
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
    res.end = ((...args: unknown[]) => {
      record.lastByteAt = Date.now()
      return end(...args)
    }) as typeof res.end
    res.setHeader('x-request-id', `req_fake_${nextId()}`)
    const rule = rules.take(path, body)
    const clientGone = clientGoneSignal(res)

    if (rule?.firstByteDelayMs && !(await sleepUnlessGone(rule.firstByteDelayMs, clientGone))) return
    const requiredKey = rule?.apiKey ?? opts.apiKey
    if (requiredKey !== undefined) {
      const providedKey = bearerToken(req.headers.authorization)
      if (providedKey !== requiredKey) return sendJson(res, 401, invalidApiKeyError(providedKey))
    }
    if (rule?.status !== undefined) return sendScriptedError(res, rule)
    await routeApiRequest({ req, res, path, body, rule, clientGone, models, strictModels, embeddingOptions, nextId })
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://fake').pathname
    const handled = path.startsWith(CONTROL_PREFIX)
      ? handleControlRequest(req, res, path, control)
      : handleApiRequest(req, res, path)
    handled.catch((error: unknown) => {
      // A bug in the fake must show up as a 500 in the test, never as an unhandled rejection.
      if (!res.headersSent) sendJson(res, 500, errorBody(`fake provider error: ${String(error)}`, 'server_error', null))
      else res.destroy()
    })
  }

  const server = opts.tls
    ? createHttpsServer({ cert: pemText(opts.tls.cert), key: pemText(opts.tls.key) }, onRequest)
    : createHttpServer(onRequest)
  // Track raw sockets (upgraded ones included) so close() can end stalled streams at once.
  server.on('connection', (socket: Socket) => {
    openSockets.add(socket)
    socket.once('close', () => openSockets.delete(socket))
  })
  if (opts.onUpgrade) server.on('upgrade', opts.onUpgrade)

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })

  const port = (server.address() as AddressInfo).port
  const url = `${opts.tls ? 'https' : 'http'}://${urlHost(host)}:${port}`
  let closing: Promise<void> | undefined

  return {
    url,
    baseURL: `${url}/v1`,
    port,
    server,
    script: control.script,
    reset: control.reset,
    get requests() {
      return requests
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of openSockets) socket.destroy()
      })
      return closing
    }
  }
}

function sendScriptedError(res: ServerResponse, rule: ScriptRule): void {
  const status = rule.status as number
  const defaults = errorBodyForStatus(status).error
  const headers: Record<string, string> =
    rule.retryAfterSeconds === undefined ? {} : { 'retry-after': String(rule.retryAfterSeconds) }
  sendJson(res, status, { error: { ...defaults, ...rule.error } }, headers)
}

function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(.*)$/i.exec(authorization ?? '')
  return match ? match[1].trim() : ''
}

/** Options take PEM text or a path to a PEM file. */
function pemText(pemOrPath: string): string {
  return pemOrPath.includes('-----BEGIN') ? pemOrPath : readFileSync(pemOrPath, 'utf8')
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}
