/**
 * Builds the renderer API (`window.omnidesk`) from the contract over any transport: Electron's
 * ipcRenderer in the preload, a WebSocket in the web harness. One builder, so both expose the
 * same functions and neither is a generic invoke bridge: the renderer only gets named functions.
 */
import { listChannels, type OmnideskApi } from './contract'

export interface RendererTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>
  /** Subscribes to an event channel; returns an unsubscribe function. */
  on(channel: string, listener: (payload: unknown) => void): () => void
}

export function createApi(transport: RendererTransport): OmnideskApi {
  const api: Record<string, Record<string, unknown>> = {}
  for (const { ns, name, channel, spec } of listChannels()) {
    const group = (api[ns] ??= {})
    group[name] =
      spec.kind === 'invoke'
        ? (req?: unknown) => transport.invoke(channel, req)
        : (listener: (payload: unknown) => void) => transport.on(channel, listener)
  }
  return api as unknown as OmnideskApi
}
