/**
 * The renderer's bridge (window.omnidesk) over scripted handlers, for component tests that mount
 * real UI with a real AppController: each invoke answers from `handlers` as main would (a throw
 * becomes the contract's failure), a channel not scripted fails loudly, `onInvoke` sees every
 * call, and `emit` plays an event from main. (scriptedApi.ts is the looser one for controllers:
 * unknown channels answer `{ ok: true }`.)
 */
import { createBridgeApi, ipcFail, ipcOk } from '../../src/shared/ipc/bridgeApi'
import type { BridgeApi } from '../../src/shared/ipc/contract'
import { errorInfoOf } from '../../src/shared/errors'

/** Each handler types its own payload. */
export type BridgeHandlers = Record<string, (payload: any) => unknown>

export function scriptedBridge(
  handlers: BridgeHandlers,
  onInvoke?: (channel: string, payload: unknown) => void
): { bridge: BridgeApi; emit: (channel: string, payload: unknown) => void } {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const bridge = createBridgeApi({
    invoke: async (channel, payload) => {
      onInvoke?.(channel, payload)
      try {
        const h = handlers[channel]
        if (!h) throw new Error(`${channel} is not faked in this test`)
        return ipcOk(await h(payload))
      } catch (error) {
        return ipcFail(errorInfoOf(error))
      }
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)!.add(listener as (p: unknown) => void)
      return () => listeners.get(channel)!.delete(listener as (p: unknown) => void)
    }
  })
  const emit = (channel: string, payload: unknown): void => listeners.get(channel)?.forEach((l) => l(payload))
  return { bridge, emit }
}
