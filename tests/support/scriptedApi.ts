/**
 * A renderer API (the real bridge builder and unwrapApi, see valueApi) over a scripted transport, for unit tests of the
 * renderer's controllers and models: each invoke channel answers from `handlers` (unknown ones
 * answer `{ ok: true }`), every call is recorded, and `emit` plays an event from main.
 */
import { valueApi } from './valueApi'
import type { OmnideskApi } from '../../src/shared/ipc/contract'

/** Each handler types its own payload. */
export type ScriptedHandlers = Record<string, (payload: any) => unknown>

export function scriptedApi(handlers: ScriptedHandlers): {
  api: OmnideskApi
  calls: Array<{ channel: string; payload: unknown }>
  emit: (channel: string, payload: unknown) => void
  of: (channel: string) => unknown[]
} {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const calls: Array<{ channel: string; payload: unknown }> = []
  const api = valueApi({
    invoke: async (channel, payload) => {
      calls.push({ channel, payload })
      const h = handlers[channel]
      return h ? h(payload) : { ok: true }
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)!.add(listener)
      return () => listeners.get(channel)!.delete(listener)
    }
  })
  const emit = (channel: string, payload: unknown): void => {
    for (const l of listeners.get(channel) ?? []) l(payload)
  }
  return { api, calls, emit, of: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.payload) }
}
