/**
 * The page's side of the contract: `unwrapApi(bridge)` turns what the preload (or the harness
 * bridge) exposes (`createBridgeApi`, ./bridgeApi.ts) into the API the renderer's code uses
 * (src/renderer/src/api.ts), in the page's own realm: a call resolves to its value or throws an
 * `AppError` carrying main's `ErrorInfo` (code + provider detail). One convention for every
 * channel. Every answer is checked here (`IpcResult`), where zod already is.
 */
import { z } from 'zod'
import { AppError, ErrorInfo } from '../errors'
import type { IpcResult as IpcResultShape } from './bridgeApi'
import { listChannels, type BridgeApi, type OmnideskApi } from './contract'

/** An invoke's answer on the wire (./bridgeApi.ts), checked. */
export const IpcResult: z.ZodType<IpcResultShape> = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: ErrorInfo })])
export type IpcResult = IpcResultShape

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
