/**
 * The Electron side of the contract: ipcMain transport → registerContract → handlers, with the
 * sender check wired to the window registry exactly as src/main/app/startApp.ts wires it.
 * ipcMain, BrowserWindow and the invoke events are plain objects.
 */
import { describe, expect, it, vi } from 'vitest'
import { createIpcMainTransport, senderOf, type InvokeEventLike } from '../../src/main/app/ipcMainTransport'
import { registerContract } from '../../src/main/ipc/registerContract'
import { createSenderCheck } from '../../src/main/security/senderCheck'
import { MAX_QUEUED_EVENTS } from '../../src/main/ipc/eventRouter'
import { WindowRegistry, type RegistryWindow } from '../../src/main/windows/registry'
import { listChannels, type ContractHandlers } from '../../src/shared/ipc/contract'

type Listener = (event: InvokeEventLike, payload: unknown) => Promise<unknown>

function fakeWindow(webContentsId: number): RegistryWindow & { close(): void; reload(): void; webContents: { send: ReturnType<typeof vi.fn> } } {
  let destroyed = false
  const closedListeners: Array<() => void> = []
  const loadingListeners: Array<() => void> = []
  return {
    webContents: { id: webContentsId, isDestroyed: () => destroyed, send: vi.fn() as ReturnType<typeof vi.fn> & ((channel: string, ...args: unknown[]) => void), on: (_event, listener) => loadingListeners.push(listener) },
    isDestroyed: () => destroyed,
    once: (_event, listener) => closedListeners.push(listener),
    close() {
      destroyed = true
      for (const l of closedListeners) l()
    },
    reload() {
      for (const l of loadingListeners) l()
    }
  }
}

function setup() {
  const ipcMain = { listeners: new Map<string, Listener>(), handle: vi.fn((channel: string, l: Listener) => ipcMain.listeners.set(channel, l)) }
  const handlers: Record<string, Record<string, ReturnType<typeof vi.fn>>> = {}
  for (const { ns, name, spec } of listChannels()) {
    if (spec.kind === 'invoke') (handlers[ns] ??= {})[name] = vi.fn(async (req: unknown) => ({ handled: req }))
  }
  const registry = new WindowRegistry()
  const mainWindow = fakeWindow(11)
  registry.add('main', mainWindow)
  registry.add('capture', fakeWindow(13))
  registerContract({
    transport: createIpcMainTransport(ipcMain),
    handlers: handlers as unknown as ContractHandlers,
    windowOf: createSenderCheck({ windowOf: (id) => registry.kindOfWebContents(id), trustedOrigins: ['app://omnidesk'] })
  })
  const topFrame = (url: string) => ({ url, parent: null })
  const invoke = (channel: string, payload: unknown, event: InvokeEventLike) => ipcMain.listeners.get(channel)!(event, payload)
  const fromMain: InvokeEventLike = { sender: { id: 11 }, senderFrame: topFrame('app://omnidesk/index.html') }
  return { ipcMain, handlers, registry, mainWindow, invoke, fromMain, topFrame }
}

describe('ipcMain transport + registerContract', () => {
  it('registers one ipcMain handler per invoke channel', () => {
    const { ipcMain } = setup()
    const invokes = listChannels().filter((c) => c.spec.kind === 'invoke').map((c) => c.channel)
    expect([...ipcMain.listeners.keys()].sort()).toEqual(invokes.sort())
  })

  it('accepts a good request from our window and passes the parsed payload', async () => {
    const { invoke, fromMain, handlers } = setup()
    await expect(invoke('conversations:rename', { id: 'c1', title: '  Trip  ' }, fromMain)).resolves.toEqual({
      ok: true,
      value: { handled: { id: 'c1', title: 'Trip' } }
    })
    expect(handlers.conversations.rename).toHaveBeenCalledTimes(1)
    expect(handlers.conversations.rename.mock.calls[0][1]).toEqual({ window: 'main', sender: 11 })
    await expect(invoke('settings:get', undefined, fromMain)).resolves.toEqual({ ok: true, value: { handled: undefined } })
  })

  it('refuses a bad payload before the handler runs', async () => {
    const { invoke, fromMain, handlers } = setup()
    await expect(invoke('conversations:rename', { id: '', title: 'x' }, fromMain)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    await expect(invoke('app:openExternal', { url: 42 }, fromMain)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(handlers.conversations.rename).not.toHaveBeenCalled()
    expect(handlers.app.openExternal).not.toHaveBeenCalled()
  })

  it('refuses foreign senders: unknown webContents, foreign origin, subframe, vanished frame, closed window', async () => {
    const { invoke, topFrame, mainWindow, handlers } = setup()
    const good = { id: 'c1' }
    const foreign: InvokeEventLike[] = [
      { sender: { id: 99 }, senderFrame: topFrame('app://omnidesk/index.html') },
      { sender: { id: 11 }, senderFrame: topFrame('https://evil.example/') },
      { sender: { id: 11 }, senderFrame: { url: 'app://omnidesk/index.html', parent: { url: 'app://omnidesk/index.html' } } },
      { sender: { id: 11 }, senderFrame: null }
    ]
    for (const event of foreign) {
      await expect(invoke('conversations:get', good, event)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    mainWindow.close()
    await expect(invoke('conversations:get', good, { sender: { id: 11 }, senderFrame: topFrame('app://omnidesk/') })).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    expect(handlers.conversations.get).not.toHaveBeenCalled()
  })

  it("refuses the capture overlay's window a channel it may not use", async () => {
    const { invoke, topFrame, handlers } = setup()
    const fromOverlay: InvokeEventLike = { sender: { id: 13 }, senderFrame: topFrame('app://omnidesk/capture.html') }
    await expect(invoke('providers:remove', { id: 'p1' }, fromOverlay)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(handlers.providers.remove).not.toHaveBeenCalled()
    await expect(invoke('settings:get', undefined, fromOverlay)).resolves.toMatchObject({ ok: true })
  })

  it('trusts the dev server origin when that is the renderer source', async () => {
    const ipcMain = { listeners: new Map<string, Listener>(), handle: (c: string, l: Listener) => void ipcMain.listeners.set(c, l) }
    const handlers: Record<string, Record<string, unknown>> = {}
    for (const { ns, name, spec } of listChannels()) if (spec.kind === 'invoke') (handlers[ns] ??= {})[name] = async () => 'ok'
    registerContract({
      transport: createIpcMainTransport(ipcMain),
      handlers: handlers as unknown as ContractHandlers,
      windowOf: createSenderCheck({ windowOf: () => 'main', trustedOrigins: ['http://localhost:5173'] })
    })
    const call = (url: string) => ipcMain.listeners.get('settings:get')!({ sender: { id: 1 }, senderFrame: { url, parent: null } }, undefined)
    await expect(call('http://localhost:5173/')).resolves.toEqual({ ok: true, value: 'ok' })
    await expect(call('app://omnidesk/index.html')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('reads the sender from the event', () => {
    expect(senderOf({ sender: { id: 3 }, senderFrame: { url: 'app://omnidesk/x', parent: null } })).toEqual({
      id: 3,
      url: 'app://omnidesk/x',
      isMainFrame: true
    })
    expect(senderOf({ sender: { id: 3 }, senderFrame: null })).toEqual({ id: 3, url: '', isMainFrame: false })
  })
})

describe('window registry and its event router', () => {
  it("sends an event only to ready windows whose kind receives it, and forgets closed ones", () => {
    const registry = new WindowRegistry()
    const main = fakeWindow(1)
    const companion = fakeWindow(2)
    const overlay = fakeWindow(3)
    registry.add('main', main)
    registry.add('companion', companion)
    registry.add('capture', overlay)
    for (const id of [1, 2, 3]) registry.events.ready(id)
    registry.events.emit('chat:onEvent', { kind: 'delta' })
    expect(main.webContents.send).toHaveBeenCalledWith('chat:onEvent', { kind: 'delta' })
    expect(companion.webContents.send).toHaveBeenCalledWith('chat:onEvent', { kind: 'delta' })
    expect(overlay.webContents.send).not.toHaveBeenCalled()
    registry.events.emit('companion:onShown', { reason: 'shortcut' })
    expect(main.webContents.send).toHaveBeenCalledTimes(1)
    expect(companion.webContents.send).toHaveBeenCalledTimes(2)
    companion.close()
    registry.events.emit('settings:onChanged', {})
    expect(companion.webContents.send).toHaveBeenCalledTimes(2)
    expect(registry.get('companion')).toBeUndefined()
    expect(registry.get('main')).toBe(main)
    expect(registry.kindOfWebContents(2)).toBeUndefined()
    expect(registry.kindOfWebContents(1)).toBe('main')
    expect(registry.kindOfWebContents(3)).toBe('capture')
  })

  it("keeps a page's early events until it says it is ready, in order; a reload starts over", () => {
    const registry = new WindowRegistry()
    const main = fakeWindow(1)
    registry.add('main', main)
    registry.events.emit('app:onCommand', { command: 'open-settings' })
    registry.events.emit('settings:onChanged', { n: 1 })
    expect(main.webContents.send).not.toHaveBeenCalled()
    registry.events.ready(1)
    expect(main.webContents.send.mock.calls).toEqual([
      ['app:onCommand', { command: 'open-settings' }],
      ['settings:onChanged', { n: 1 }]
    ])
    main.reload()
    registry.events.emit('settings:onChanged', { n: 2 })
    expect(main.webContents.send).toHaveBeenCalledTimes(2)
    registry.events.ready(1)
    registry.events.ready(1)
    expect(main.webContents.send).toHaveBeenCalledTimes(3)
    expect(main.webContents.send).toHaveBeenLastCalledWith('settings:onChanged', { n: 2 })
  })

  it('sends to one kind when asked, and keeps at most MAX_QUEUED_EVENTS for a page that never loads', () => {
    const log = vi.fn()
    const registry = new WindowRegistry({ log })
    const main = fakeWindow(1)
    const companion = fakeWindow(2)
    registry.add('main', main)
    registry.add('companion', companion)
    registry.events.ready(2)
    registry.events.emit('settings:onChanged', { to: 'main' }, 'main')
    expect(companion.webContents.send).not.toHaveBeenCalled()
    for (let i = 0; i < MAX_QUEUED_EVENTS + 5; i++) registry.events.emit('chat:onEvent', { i }, 'main')
    registry.events.ready(1)
    expect(main.webContents.send).toHaveBeenCalledTimes(MAX_QUEUED_EVENTS)
    expect(main.webContents.send.mock.calls[0]).toEqual(['chat:onEvent', { i: 5 }])
    expect(log).toHaveBeenCalledWith(expect.stringContaining('6 early event(s) for the main window were dropped'))
  })

  it('survives a window whose send throws (closing meanwhile)', () => {
    const registry = new WindowRegistry()
    const a = fakeWindow(1)
    a.webContents.send.mockImplementation(() => {
      throw new Error('Object has been destroyed')
    })
    const b = fakeWindow(2)
    registry.add('main', a)
    registry.add('companion', b)
    registry.events.ready(1)
    registry.events.ready(2)
    expect(() => registry.events.emit('settings:onChanged', 1)).not.toThrow()
    expect(b.webContents.send).toHaveBeenCalled()
  })
})
