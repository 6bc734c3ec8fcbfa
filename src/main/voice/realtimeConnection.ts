/**
 * The Realtime WebSocket, through the openai SDK's own client (`openai/realtime/ws`): URL
 * `baseURL + /realtime?model=`, forced to wss, key in the Authorization header (Azure: api-key).
 * Wrapped in a small interface so the session can be tested against any connection.
 */
import { VOICE_MAIN_CONFIG } from './config'
import type OpenAI from 'openai'
import { AzureOpenAI } from 'openai'
import { OpenAIRealtimeWS } from 'openai/realtime/ws'
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime'
import type { ServerEventLike } from './reducer'

export interface RealtimeConnection {
  send(event: RealtimeClientEvent): void
  onEvent(listener: (event: ServerEventLike) => void): void
  /** Closed by either side; `byUs` when close() was called. */
  onClose(listener: (info: { byUs: boolean; code: number; reason: string }) => void): void
  close(): void
  /** Epoch ms when the last send was handed to the socket. */
  readonly lastSendAt: number
}

export interface RealtimeConnectOptions {
  timeoutMs?: number
  /** Extra trust anchors (PEM), e.g. a corporate proxy's CA; NODE_EXTRA_CA_CERTS works too. */
  ca?: string
}

export async function openRealtimeConnection(client: OpenAI, model: string, opts: RealtimeConnectOptions = {}): Promise<RealtimeConnection> {
  const options = opts.ca ? { ca: opts.ca } : undefined
  const rt =
    client instanceof AzureOpenAI
      ? await OpenAIRealtimeWS.azure(client, { deploymentName: model, options })
      : await OpenAIRealtimeWS.create(client, { model, options })
  const socket = rt.socket
  let closedByUs = false
  let lastSendAt = 0
  const closeListeners: Array<(info: { byUs: boolean; code: number; reason: string }) => void> = []
  // The SDK reports socket errors through 'error'; the close that follows ends the session.
  rt.on('error', () => undefined)
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate()
      reject(new Error('Timed out connecting to the realtime endpoint'))
    }, opts.timeoutMs ?? VOICE_MAIN_CONFIG.realtimeConnectTimeoutMs)
    socket.once('open', () => {
      clearTimeout(timer)
      resolve()
    })
    socket.once('unexpected-response', (_req, res) => {
      clearTimeout(timer)
      const error = new Error(`Realtime endpoint answered ${res.statusCode}`) as Error & { status?: number }
      error.status = res.statusCode
      reject(error)
    })
    socket.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
  socket.on('close', (code, reason) => {
    for (const l of closeListeners) l({ byUs: closedByUs, code, reason: reason.toString() })
  })
  return {
    send(event) {
      rt.send(event)
      lastSendAt = Date.now()
    },
    onEvent(listener) {
      rt.on('event', (event) => listener(event as unknown as ServerEventLike))
    },
    onClose(listener) {
      closeListeners.push(listener)
    },
    close() {
      closedByUs = true
      rt.close({ code: 1000, reason: 'session ended' })
    },
    get lastSendAt() {
      return lastSendAt
    }
  }
}
