/**
 * Electron's side of the voice audio link, with fakes: MessageChannelMain ports handed to the
 * window's preload on the one `voice:port` channel, the preload forwarding only a port and a
 * session id to the page, and the macOS microphone permission.
 */
import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'

class FakePort extends EventEmitter {
  other: FakePort | undefined
  posted: unknown[] = []
  started = false
  closed = false
  postMessage(data: unknown) {
    this.posted.push(data)
    this.other?.emit('message', { data, ports: [] })
  }
  start() {
    this.started = true
  }
  close() {
    this.closed = true
    this.other?.emit('close')
  }
}

const electron = vi.hoisted(() => ({
  micStatus: 'not-determined' as string,
  askResult: true,
  ipcListeners: new Map<string, (event: unknown, data: unknown) => void>(),
  exposed: [] as string[]
}))

vi.mock('electron', () => ({
  MessageChannelMain: class {
    port1 = new FakePort()
    port2 = new FakePort()
    constructor() {
      this.port1.other = this.port2
      this.port2.other = this.port1
    }
  },
  systemPreferences: {
    getMediaAccessStatus: () => electron.micStatus,
    askForMediaAccess: async () => electron.askResult
  },
  contextBridge: { exposeInMainWorld: (key: string) => electron.exposed.push(key) },
  ipcRenderer: {
    on: (channel: string, listener: (event: unknown, data: unknown) => void) => electron.ipcListeners.set(channel, listener),
    invoke: vi.fn()
  }
}))

const { createElectronAudioLinks, createElectronMicPermission } = await import('../../src/main/app/electronAudioLinks')
const { AUDIO_PORT_IPC_CHANNEL, AUDIO_PORT_MESSAGE } = await import('../../src/shared/voice/audioLinkWire')

function fakeWebContents() {
  return {
    destroyed: false,
    sent: [] as Array<{ channel: string; data: unknown; ports: FakePort[] }>,
    isDestroyed() {
      return this.destroyed
    },
    postMessage(channel: string, data: unknown, ports: FakePort[]) {
      this.sent.push({ channel, data, ports })
    }
  }
}

describe('Electron audio links', () => {
  it('transfers one port of a new channel to the window and talks over the other', async () => {
    const wc = fakeWebContents()
    const links = createElectronAudioLinks(() => wc as never)
    const link = await links.open('s1', { signal: new AbortController().signal, window: 'main' })
    expect(wc.sent).toHaveLength(1)
    expect(wc.sent[0]).toMatchObject({ channel: AUDIO_PORT_IPC_CHANNEL, data: { sessionId: 's1' } })
    const rendererPort = wc.sent[0].ports[0]
    const up = vi.fn()
    link.onMessage(up)
    rendererPort.postMessage({ t: 'played', itemId: 'i', ms: 10 })
    expect(up).toHaveBeenCalledWith({ t: 'played', itemId: 'i', ms: 10 })
    link.send({ t: 'stop', at: 1 })
    expect(rendererPort.listenerCount('message')).toBe(0)
    expect((rendererPort.other as FakePort).posted).toEqual([{ t: 'stop', at: 1 }])
    expect(link.lastSendAt).toBeGreaterThan(0)
  })

  it('reports the renderer going away, but not its own close', async () => {
    const wc = fakeWebContents()
    const links = createElectronAudioLinks(() => wc as never)
    const a = await links.open('a', { signal: new AbortController().signal, window: 'main' })
    const goneA = vi.fn()
    a.onClose(goneA)
    wc.sent[0].ports[0].close()
    expect(goneA).toHaveBeenCalledTimes(1)
    const b = await links.open('b', { signal: new AbortController().signal, window: 'main' })
    const goneB = vi.fn()
    b.onClose(goneB)
    b.close()
    expect(goneB).not.toHaveBeenCalled()
  })

  it("gives the port to the window that started the session: the companion's or the main window's", async () => {
    const main = fakeWebContents()
    const companion = fakeWebContents()
    const links = createElectronAudioLinks((window) => (window === 'companion' ? (companion as never) : (main as never)))
    await links.open('c', { signal: new AbortController().signal, window: 'companion' })
    expect(companion.sent.map((m) => m.data)).toEqual([{ sessionId: 'c' }])
    expect(main.sent).toEqual([])
    await links.open('m', { signal: new AbortController().signal, window: 'main' })
    expect(main.sent.map((m) => m.data)).toEqual([{ sessionId: 'm' }])
    expect(companion.sent).toHaveLength(1)
  })

  it('refuses without a live window', async () => {
    const wc = fakeWebContents()
    wc.destroyed = true
    await expect(createElectronAudioLinks(() => wc as never).open('s', { signal: new AbortController().signal, window: 'main' })).rejects.toThrow(/No window/)
    await expect(createElectronAudioLinks(() => undefined).open('s', { signal: new AbortController().signal, window: 'main' })).rejects.toThrow(/No window/)
  })
})

describe('microphone permission', () => {
  beforeEach(() => {
    electron.micStatus = 'not-determined'
  })
  it('reads and asks on macOS', async () => {
    const mic = createElectronMicPermission('darwin')
    expect(mic.status()).toBe('not-determined')
    electron.askResult = false
    expect(await mic.ask()).toBe(false)
    electron.micStatus = 'denied'
    expect(mic.status()).toBe('denied')
  })
  it('is left to the OS on Linux', async () => {
    expect(createElectronMicPermission('linux').status()).toBe('unknown')
    expect(await createElectronMicPermission('linux').ask()).toBe(true)
  })
})

describe('preload: the voice port', () => {
  it('forwards exactly one port and a session id to the page, nothing else', async () => {
    const posted: unknown[][] = []
    vi.stubGlobal('window', { postMessage: (...args: unknown[]) => posted.push(args) })
    await import('../../src/preload/index')
    expect(electron.exposed).toEqual(['omnidesk'])
    const listener = electron.ipcListeners.get(AUDIO_PORT_IPC_CHANNEL)
    expect(listener).toBeTypeOf('function')
    const port = new FakePort()
    listener!({ ports: [port] }, { sessionId: 's9', extra: 'dropped' })
    listener!({ ports: [] }, { sessionId: 's9' })
    listener!({ ports: [port] }, { sessionId: 42 })
    expect(posted).toEqual([[{ type: AUDIO_PORT_MESSAGE, sessionId: 's9' }, '/', [port]]])
    vi.unstubAllGlobals()
  })
})
