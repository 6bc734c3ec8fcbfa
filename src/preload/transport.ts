/**
 * The renderer transport over ipcRenderer, written against the three methods it calls so tests
 * use a plain object. Event listeners are wrapped: the page receives the payload only, never
 * the IpcRendererEvent (whose `sender` is ipcRenderer itself).
 */
import { ipcFail, type IpcResult, type RendererTransport } from '../shared/ipc/bridgeApi'

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

export function createIpcRendererTransport(ipc: IpcRendererLike): RendererTransport {
  return {
    async invoke(channel, payload) {
      try {
        // Main answers every call with an IpcResult (registerContract); unwrapApi checks it.
        return (await ipc.invoke(channel, payload)) as IpcResult
      } catch (error) {
        // Only Electron itself rejects (no handler registered, the window closing).
        return ipcFail({ code: 'unknown', detail: error instanceof Error ? error.message : String(error) })
      }
    },
    on(channel, listener) {
      const withoutEvent = (_event: unknown, payload: unknown): void => listener(payload)
      ipc.on(channel, withoutEvent)
      return () => {
        ipc.removeListener(channel, withoutEvent)
      }
    }
  }
}
