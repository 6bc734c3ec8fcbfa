/**
 * The renderer transport over ipcRenderer, written against the three methods it calls so tests
 * use a plain object. Event listeners are wrapped: the page receives the payload only, never
 * the IpcRendererEvent (whose `sender` is ipcRenderer itself).
 */
import type { RendererTransport } from '../shared/ipc/client'

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

/**
 * Electron rejects with "Error invoking remote method 'chat:send': IpcRejection: Invalid ...".
 * The page gets the main side's message alone, as the web harness gives it.
 */
export function cleanInvokeErrorMessage(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*': /, '').replace(/^[A-Za-z]*(?:Error|Rejection|Failure): /, '')
}

export function createIpcRendererTransport(ipc: IpcRendererLike): RendererTransport {
  return {
    async invoke(channel, payload) {
      try {
        return await ipc.invoke(channel, payload)
      } catch (error) {
        throw new Error(cleanInvokeErrorMessage(error instanceof Error ? error.message : String(error)))
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
