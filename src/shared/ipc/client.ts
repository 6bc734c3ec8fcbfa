/**
 * The renderer's side of the contract, in two layers:
 *
 * - `createBridgeApi(transport)`: what the preload (over ipcRenderer) and the web harness's
 *   bridge (over a WebSocket) put on `window.omnidesk`: one function per channel, nothing
 *   generic. An invoke resolves to an `IpcResult`: plain data, which crosses contextBridge intact
 *   (an Error thrown across it keeps only its message).
 * - `unwrapApi(bridge)`: the API the renderer's code uses (src/renderer/src/api.ts), in the
 *   page's own realm: a call resolves to its value or throws an `AppError` carrying main's
 *   `ErrorInfo` (code + provider detail). One convention for every channel.
 */
import { z } from 'zod'
import { AppError, ErrorInfo } from '../errors'
import { listChannels, type BridgeApi, type OmnideskApi } from './contract'
import { windowMayUse, type WindowKind } from './windows'

/** An invoke's answer on the wire: main never rejects, it answers with this. */
export const IpcResult = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: ErrorInfo })])
export type IpcResult = { ok: true; value: unknown } | { ok: false; error: ErrorInfo }

export const ipcOk = (value: unknown): IpcResult => ({ ok: true, value })
export const ipcFail = (error: ErrorInfo): IpcResult => ({ ok: false, error })

export interface RendererTransport {
  /** Resolves to main's answer; a transport failure resolves to a failed result too. */
  invoke(channel: string, payload: unknown): Promise<IpcResult>
  /** Subscribes to an event channel; returns an unsubscribe function. */
  on(channel: string, listener: (payload: unknown) => void): () => void
}

/** One function per channel the window may use (every channel when no kind is given: tests). */
export function createBridgeApi(transport: RendererTransport, window?: WindowKind): BridgeApi {
  const api: Record<string, Record<string, unknown>> = {}
  for (const { ns, name, channel, spec } of listChannels()) {
    if (window && !windowMayUse(window, channel)) continue
    const group = (api[ns] ??= {})
    group[name] =
      spec.kind === 'invoke'
        ? (req?: unknown) => transport.invoke(channel, req)
        : (listener: (payload: unknown) => void) => transport.on(channel, listener)
  }
  return api as unknown as BridgeApi
}

export function unwrapApi(bridge: BridgeApi): OmnideskApi {
  const api: Record<string, Record<string, unknown>> = {}
  const raw = bridge as unknown as Record<string, Record<string, (arg?: unknown) => unknown>>
  for (const { ns, name, spec } of listChannels()) {
    const fn = raw[ns]?.[name]
    if (typeof fn !== 'function') continue
    const group = (api[ns] ??= {})
    group[name] =
      spec.kind === 'invoke'
        ? async (req?: unknown) => {
            const parsed = IpcResult.safeParse(await fn(req))
            if (!parsed.success) throw new AppError({ code: 'unknown', detail: `Unreadable answer from main for ${ns}.${name}` })
            if (!parsed.data.ok) throw new AppError(parsed.data.error)
            return parsed.data.value
          }
        : fn
  }
  return api as unknown as OmnideskApi
}
