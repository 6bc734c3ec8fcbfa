/**
 * The web harness's stand-in for the preload: a classic script, injected by the harness server
 * before the app's module script, that sets `window.omnidesk` synchronously from the same
 * contract with the same builder (`createBridgeApi`) as the preload, over a WebSocket to
 * `/__harness/ipc` on the page's own origin instead of Electron's IPC.
 *
 * - Requests made before the socket is open are queued and sent once it opens.
 * - A request in flight when the socket closes fails with `disconnected` (the server may or may
 *   not have run it); the socket reconnects with backoff and queued requests go out on the new one.
 * - Answers are main's IpcResults, as over Electron's IPC: carried as they are (the page checks
 *   every answer, `unwrapApi`), so the bridge, like the preload, needs no schemas.
 *
 * Built by `vite build -c vite.harness.config.mts` into out/harness/bridge.js (one IIFE).
 */
import { createBridgeApi, ipcFail, type IpcResult, type RendererTransport } from '../../shared/ipc/bridgeApi'
import type { BridgeApi } from '../../shared/ipc/contract'
import type { WindowKind } from '../../shared/ipc/windows'
import { installHarnessAudioLinks } from './audioLinkBridge'
import { installShareStandIn } from './shareStandIn'


type Frame = { id: number | string; result: IpcResult } | { event: string; payload: unknown }

/** A frame from the server (../../shared/ipc/harnessWire.ts): an answer or an event; anything else is dropped. */
function readFrame(text: string): Frame | undefined {
  let msg: unknown
  try {
    msg = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!msg || typeof msg !== 'object') return undefined
  const frame = msg as Record<string, unknown>
  if (typeof frame.event === 'string') return { event: frame.event, payload: frame.payload }
  const result = frame.result as { ok?: unknown } | undefined
  if ((typeof frame.id === 'number' || typeof frame.id === 'string') && result && typeof result === 'object' && typeof result.ok === 'boolean') {
    return { id: frame.id, result: result as IpcResult }
  }
  return undefined
}

interface Pending {
  frame: string
  resolve: (value: IpcResult) => void
  sent: boolean
}

function createWsTransport(url: string): RendererTransport & { readonly connected: boolean } {
  const pending = new Map<number, Pending>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let nextId = 1
  let socket: WebSocket | undefined
  let open = false
  let attempt = 0

  const flush = (): void => {
    if (!socket || !open) return
    for (const p of pending.values()) {
      if (p.sent) continue
      p.sent = true
      socket.send(p.frame)
    }
  }

  const onMessage = (ev: MessageEvent): void => {
    if (typeof ev.data !== 'string') return
    const msg = readFrame(ev.data)
    if (!msg) return
    if ('event' in msg) {
      for (const listener of [...(listeners.get(msg.event) ?? [])]) {
        try {
          listener(msg.payload)
        } catch (error) {
          console.error(`[harness bridge] listener of ${msg.event} threw`, error)
        }
      }
      return
    }
    if (typeof msg.id !== 'number') return
    const p = pending.get(msg.id)
    if (!p) return
    pending.delete(msg.id)
    p.resolve(msg.result)
  }

  const connect = (): void => {
    const ws = new WebSocket(url)
    socket = ws
    ws.addEventListener('open', () => {
      if (socket !== ws) return
      open = true
      attempt = 0
      flush()
    })
    ws.addEventListener('message', onMessage)
    ws.addEventListener('close', () => {
      if (socket !== ws) return
      open = false
      socket = undefined
      // What was on the wire may or may not have run: tell the caller rather than resend.
      for (const [id, p] of pending) {
        if (!p.sent) continue
        pending.delete(id)
        p.resolve(ipcFail({ code: 'disconnected', detail: 'Connection to the harness was lost' }))
      }
      const delay = Math.min(5000, 100 * 2 ** attempt++)
      setTimeout(connect, delay)
    })
    // 'error' is always followed by 'close'; nothing more to do.
  }
  connect()

  return {
    get connected() {
      return open
    },
    invoke(channel, payload) {
      return new Promise((resolve) => {
        const id = nextId++
        // JSON drops `undefined`: no-arg channels arrive without a payload, as z.void() expects.
        const frame = JSON.stringify(payload === undefined ? { id, channel } : { id, channel, payload })
        pending.set(id, { frame, resolve, sent: false })
        flush()
      })
    },
    on(channel, listener) {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener)
      return () => {
        set.delete(listener)
      }
    }
  }
}

function deepFreeze<T extends object>(obj: T): T {
  for (const value of Object.values(obj)) if (value && typeof value === 'object') deepFreeze(value as object)
  return Object.freeze(obj)
}

/** Which window this page is: in Electron main sets it for the preload; here the page's path says it. */
function windowOfPage(): WindowKind {
  if (location.pathname.endsWith('/companion.html')) return 'companion'
  if (location.pathname.endsWith('/capture.html')) return 'capture'
  return 'main'
}

const windowKind = windowOfPage()
const wsUrl = new URL(`/__harness/ipc?window=${windowKind}`, location.href)
wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
const api: BridgeApi = deepFreeze(createBridgeApi(createWsTransport(wsUrl.href), windowKind))
Object.defineProperty(window, 'omnidesk', { value: api, enumerable: true, configurable: false, writable: false })
// The capture overlay has no voice (and no voice events in its API).
if (windowKind !== 'capture') {
  installHarnessAudioLinks(api, windowKind)
  installShareStandIn()
}
