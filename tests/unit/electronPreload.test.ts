/**
 * The preload: the api it exposes has exactly one function per contract channel, invokes go to
 * ipcRenderer.invoke, events reach the page without the IpcRendererEvent, unsubscribe works,
 * and nothing but 'omnidesk' is exposed. ipcRenderer and contextBridge are plain fakes.
 */
import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createIpcRendererTransport } from '../../src/preload/transport'
import { createBridgeApi } from '../../src/shared/ipc/bridgeApi'
import { WINDOW_CHANNELS, windowKindFromArgv } from '../../src/shared/ipc/windows'
import { listChannels } from '../../src/shared/ipc/contract'

class FakeIpcRenderer extends EventEmitter {
  invoke = vi.fn(async (channel: string, payload: unknown) => ({ channel, payload }))
  /** What Electron does on a push from main: the listener gets (event, ...args). */
  push(channel: string, payload: unknown) {
    this.emit(channel, { sender: this, senderId: 0, ports: [] }, payload)
  }
}

const electron = vi.hoisted(() => ({
  exposed: [] as Array<[string, unknown]>,
  ipc: undefined as unknown
}))
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.push([key, api]) },
  get ipcRenderer() {
    return electron.ipc
  }
}))

describe('preload api', () => {
  let ipc: FakeIpcRenderer
  beforeEach(() => {
    ipc = new FakeIpcRenderer()
  })

  it('has exactly one function per contract channel, and nothing else', () => {
    const api = createBridgeApi(createIpcRendererTransport(ipc)) as unknown as Record<string, Record<string, unknown>>
    const expected = listChannels().map((c) => `${c.ns}.${c.name}`).sort()
    const actual = Object.entries(api).flatMap(([ns, group]) => Object.keys(group).map((name) => `${ns}.${name}`)).sort()
    expect(actual).toEqual(expected)
    for (const group of Object.values(api)) for (const fn of Object.values(group)) expect(typeof fn).toBe('function')
    expect(api).not.toHaveProperty('invoke')
    expect(api).not.toHaveProperty('send')
  })

  it('invokes the named channel with the request', async () => {
    const api = createBridgeApi(createIpcRendererTransport(ipc))
    await api.conversations.get({ id: 'c1' })
    await api.settings.get()
    expect(ipc.invoke).toHaveBeenNthCalledWith(1, 'conversations:get', { id: 'c1' })
    expect(ipc.invoke).toHaveBeenNthCalledWith(2, 'settings:get', undefined)
  })

  it('delivers event payloads without the IpcRendererEvent, and unsubscribes', () => {
    const api = createBridgeApi(createIpcRendererTransport(ipc))
    const listener = vi.fn()
    const unsubscribe = api.chat.onEvent(listener)
    ipc.push('chat:onEvent', { kind: 'delta', text: 'hi' })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener.mock.calls[0]).toEqual([{ kind: 'delta', text: 'hi' }])
    unsubscribe()
    expect(ipc.listenerCount('chat:onEvent')).toBe(0)
    ipc.push('chat:onEvent', { kind: 'delta', text: 'again' })
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('unsubscribing one listener leaves the others', () => {
    const api = createBridgeApi(createIpcRendererTransport(ipc))
    const first = vi.fn()
    const second = vi.fn()
    const offFirst = api.app.onCommand(first)
    api.app.onCommand(second)
    offFirst()
    ipc.push('app:onCommand', { command: 'new-chat' })
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledWith({ command: 'new-chat' })
  })

  it("resolves to main's IpcResult as is, and turns Electron's own rejection into a failed one", async () => {
    const bridge = createBridgeApi(createIpcRendererTransport(ipc))
    ipc.invoke.mockResolvedValueOnce({ ok: false, error: { code: "invalid_request", detail: "Invalid request for conversations:get: Too small" } } as never)
    await expect(bridge.conversations.get({ id: '' })).resolves.toEqual({ ok: false, error: { code: 'invalid_request', detail: 'Invalid request for conversations:get: Too small' } })
    ipc.invoke.mockRejectedValueOnce(new Error("No handler registered for 'conversations:get'"))
    await expect(bridge.conversations.get({ id: 'c' })).resolves.toEqual({ ok: false, error: { code: 'unknown', detail: "No handler registered for 'conversations:get'" } })
  })

  it("src/preload/index.ts exposes only 'omnidesk', with the channels of the window kind main passed on its command line", async () => {
    electron.ipc = ipc
    const argv = process.argv
    process.argv = [...argv, '--omnidesk-window=capture']
    try {
      await import('../../src/preload/index')
    } finally {
      process.argv = argv
    }
    expect(electron.exposed.map(([key]) => key)).toEqual(['omnidesk'])
    const api = electron.exposed[0][1] as Record<string, Record<string, () => Promise<unknown>>>
    const names = Object.entries(api).flatMap(([ns, group]) => Object.keys(group).map((n) => `${ns}:${n}`))
    expect(names.sort()).toEqual([...WINDOW_CHANNELS.capture].sort())
    expect(listChannels().length).toBeGreaterThan(names.length)
    await api.settings.get()
    expect(ipc.invoke).toHaveBeenCalledWith('settings:get', undefined)
  })

  it('a window main did not name gets no channels', () => {
    expect(windowKindFromArgv(['electron', '--type=renderer'])).toBeUndefined()
    expect(windowKindFromArgv(['--omnidesk-window=evil'])).toBeUndefined()
    expect(windowKindFromArgv(['--omnidesk-window=companion'])).toBe('companion')
  })
})
