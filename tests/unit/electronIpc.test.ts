/**
 * The Electron side of the contract: ipcMain transport → registerContract → handlers, with the
 * sender check wired to the window registry exactly as src/main/app/startApp.ts wires it.
 * ipcMain, BrowserWindow and the invoke events are plain objects.
 */
import { describe, expect, it, vi } from 'vitest'
import { createIpcMainTransport, senderOf, type InvokeEventLike } from '../../src/main/app/ipcMainTransport'
import { registerContract } from '../../src/main/ipc/registerContract'
import { createSenderCheck } from '../../src/main/security/senderCheck'
import { WindowRegistry, type RegistryWindow } from '../../src/main/windows/registry'
import { listChannels, type ContractHandlers } from '../../src/shared/ipc/contract'

type Listener = (event: InvokeEventLike, payload: unknown) => Promise<unknown>

function fakeWindow(webContentsId: number): RegistryWindow & { close(): void } {
  let destroyed = false
  const closedListeners: Array<() => void> = []
  return {
    webContents: { id: webContentsId, isDestroyed: () => destroyed, send: vi.fn() },
    isDestroyed: () => destroyed,
    once: (_event, listener) => closedListeners.push(listener),
    close() {
      destroyed = true
      for (const l of closedListeners) l()
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
  registerContract({
    transport: createIpcMainTransport(ipcMain),
    handlers: handlers as unknown as ContractHandlers,
    isTrustedSender: createSenderCheck({ isOurWebContents: (id) => registry.hasWebContents(id), trustedOrigins: ['app://omnidesk'] })
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

  it('trusts the dev server origin when that is the renderer source', async () => {
    const ipcMain = { listeners: new Map<string, Listener>(), handle: (c: string, l: Listener) => void ipcMain.listeners.set(c, l) }
    const handlers: Record<string, Record<string, unknown>> = {}
    for (const { ns, name, spec } of listChannels()) if (spec.kind === 'invoke') (handlers[ns] ??= {})[name] = async () => 'ok'
    registerContract({
      transport: createIpcMainTransport(ipcMain),
      handlers: handlers as unknown as ContractHandlers,
      isTrustedSender: createSenderCheck({ isOurWebContents: () => true, trustedOrigins: ['http://localhost:5173'] })
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

describe('window registry', () => {
  it('broadcasts events to every live window and forgets closed ones', () => {
    const registry = new WindowRegistry()
    const a = fakeWindow(1)
    const b = fakeWindow(2)
    registry.add('main', a)
    registry.add('companion', b)
    registry.broadcast('chat:onEvent', { kind: 'delta' })
    expect(a.webContents.send).toHaveBeenCalledWith('chat:onEvent', { kind: 'delta' })
    expect(b.webContents.send).toHaveBeenCalledWith('chat:onEvent', { kind: 'delta' })
    b.close()
    registry.broadcast('settings:onChanged', {})
    expect(b.webContents.send).toHaveBeenCalledTimes(1)
    expect(registry.get('companion')).toBeUndefined()
    expect(registry.get('main')).toBe(a)
    expect(registry.hasWebContents(2)).toBe(false)
    expect(registry.hasWebContents(1)).toBe(true)
  })

  it('survives a window whose send throws (closing meanwhile)', () => {
    const registry = new WindowRegistry()
    const a = fakeWindow(1)
    ;(a.webContents.send as ReturnType<typeof vi.fn>).mockImplementation(() => {
      throw new Error('Object has been destroyed')
    })
    const b = fakeWindow(2)
    registry.add('main', a)
    registry.add('companion', b)
    expect(() => registry.broadcast('x', 1)).not.toThrow()
    expect(b.webContents.send).toHaveBeenCalled()
  })
})
