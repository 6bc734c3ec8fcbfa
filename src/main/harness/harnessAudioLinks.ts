/**
 * The web harness's audio links: for each voice session the bridge opens a binary WebSocket to
 * `/__harness/audio?session=ID` (same origin checks as the IPC socket) and the messages of
 * src/shared/voice/audioLink.ts travel encoded with `encodeLinkMessage`.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, WebSocket, type RawData } from 'ws'
import { decodeLinkMessage, parseUpMessage, type UpMessage } from '../../shared/voice/audioLink'
import { encodeLinkMessage } from '../../shared/voice/audioLinkWire'
import type { AudioLink, AudioLinkPort } from '../voice/audioLink'

export interface HarnessAudioLinks extends AudioLinkPort {
  /** Handles an upgrade on the audio path (origin already checked). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  close(): void
}

export function createHarnessAudioLinks(): HarnessAudioLinks {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024, perMessageDeflate: false })
  const waiting = new Map<string, (ws: WebSocket) => void>()
  const open = new Set<WebSocket>()

  const wrap = (ws: WebSocket): AudioLink => {
    const listeners: Array<(msg: UpMessage) => void> = []
    const closeListeners: Array<() => void> = []
    let lastSendAt = 0
    let closedByUs = false
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) return
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
      // Checked like any IPC payload: a malformed frame is dropped.
      const msg = decodeLinkMessage(buf, parseUpMessage)
      if (!msg) return
      for (const l of listeners) l(msg)
    })
    ws.on('close', () => {
      open.delete(ws)
      if (!closedByUs) for (const l of closeListeners) l()
    })
    return {
      send(msg) {
        if (ws.readyState !== WebSocket.OPEN) return
        ws.send(encodeLinkMessage(msg))
        lastSendAt = Date.now()
      },
      onMessage: (l) => listeners.push(l),
      onClose: (l) => closeListeners.push(l),
      close() {
        closedByUs = true
        ws.close()
      },
      get lastSendAt() {
        return lastSendAt
      }
    }
  }

  return {
    open(sessionId, { signal }) {
      return new Promise<AudioLink>((resolve, reject) => {
        const onAbort = () => {
          waiting.delete(sessionId)
          reject(new Error('The voice view did not connect its audio link.'))
        }
        if (signal.aborted) return onAbort()
        signal.addEventListener('abort', onAbort, { once: true })
        waiting.set(sessionId, (ws) => {
          signal.removeEventListener('abort', onAbort)
          waiting.delete(sessionId)
          resolve(wrap(ws))
        })
      })
    },
    handleUpgrade(req, socket, head) {
      const sessionId = new URL(req.url ?? '/', 'http://harness.invalid').searchParams.get('session') ?? ''
      const accept = waiting.get(sessionId)
      if (!accept) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        open.add(ws)
        accept(ws)
      })
    },
    close() {
      for (const ws of open) ws.terminate()
      wss.close()
    }
  }
}
