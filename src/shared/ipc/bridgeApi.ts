/**
 * What the preload (over ipcRenderer) and the web harness's bridge (over a WebSocket) put on
 * `window.omnidesk`: one function per channel the window may use, nothing generic. An invoke
 * resolves to an `IpcResult`: plain data, which crosses contextBridge intact (an Error thrown
 * across it keeps only its message). The page unwraps it (`unwrapApi`, ./client.ts).
 *
 * Built from the channel table of ./windows.ts alone, never from the contract's schemas: the
 * preload runs before every page of every window, and with the schemas it carried zod and the
 * whole contract (260 KB to parse and run before the page could start). Main checks every
 * request against the contract (registerContract) and the page every answer (unwrapApi); this
 * layer only carries them.
 */
import type { ErrorInfo } from '../errors'
import type { BridgeApi } from './contract'
import { CHANNEL_NAMES, windowMayUse, type WindowKind } from './windows'

/** An invoke's answer on the wire: main never rejects, it answers with this. */
export type IpcResult = { ok: true; value: unknown } | { ok: false; error: ErrorInfo }

export const ipcOk = (value: unknown): IpcResult => ({ ok: true, value })
export const ipcFail = (error: ErrorInfo): IpcResult => ({ ok: false, error })

export interface RendererTransport {
  /** Resolves to main's answer; a transport failure resolves to a failed result too. */
  invoke(channel: string, payload: unknown): Promise<IpcResult>
  /** Subscribes to an event channel; returns an unsubscribe function. */
  on(channel: string, listener: (payload: unknown) => void): () => void
}

/**
 * Is this channel's name an event's? Events are named `on…` and invokes never are: the contract
 * holds to it (a type check there, `EventNamesStartWithOn`), so the name alone tells them apart.
 */
export function isEventName(name: string): boolean {
  return /^on[A-Z]/.test(name)
}

/** One function per channel the window may use (every channel when no kind is given: tests). */
export function createBridgeApi(transport: RendererTransport, window?: WindowKind): BridgeApi {
  const api: Record<string, Record<string, unknown>> = {}
  for (const channel of CHANNEL_NAMES) {
    if (window && !windowMayUse(window, channel)) continue
    const [ns, name] = channel.split(':')
    const group = (api[ns] ??= {})
    group[name] = isEventName(name)
      ? (listener: (payload: unknown) => void) => transport.on(channel, listener)
      : (req?: unknown) => transport.invoke(channel, req)
  }
  return api as unknown as BridgeApi
}
