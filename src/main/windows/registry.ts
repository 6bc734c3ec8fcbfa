/**
 * The windows we created, by kind. Pure (no electron import): it only needs the little of a
 * BrowserWindow it touches, so tests use plain objects.
 *
 * It answers two questions the rest of main asks: "which of our windows sent this?" (the IPC
 * sender check, by webContents id) and "who gets an event?" (the event router: windows whose
 * kind receives it, once their page said it is ready; a reload makes a page not ready again).
 */
import { createEventRouter, type EventRouter } from '../ipc/eventRouter'
import type { WindowKind } from '../../shared/ipc/windows'

export type { WindowKind }

export interface RegistryWebContents {
  readonly id: number
  isDestroyed(): boolean
  send(channel: string, ...args: unknown[]): void
  on(event: 'did-start-loading', listener: () => void): unknown
}

export interface RegistryWindow {
  readonly webContents: RegistryWebContents
  isDestroyed(): boolean
  once(event: 'closed', listener: () => void): unknown
}

export class WindowRegistry<W extends RegistryWindow = RegistryWindow> {
  // The webContents id is kept from registration time: reading `win.webContents` after the
  // window is destroyed throws in Electron.
  private readonly entries = new Map<W, { kind: WindowKind; webContentsId: number }>()
  readonly events: EventRouter

  constructor(opts: { log?: (message: string) => void } = {}) {
    this.events = createEventRouter(opts)
  }

  add(kind: WindowKind, win: W): void {
    const webContents = win.webContents
    this.entries.set(win, { kind, webContentsId: webContents.id })
    this.events.add({
      id: webContents.id,
      kind,
      send: (channel, payload) => {
        if (!win.isDestroyed() && !webContents.isDestroyed()) webContents.send(channel, payload)
      }
    })
    // A reload or navigation: the new page subscribes and says it is ready again.
    webContents.on('did-start-loading', () => this.events.reset(webContents.id))
    win.once('closed', () => {
      this.entries.delete(win)
      this.events.remove(webContents.id)
    })
  }

  /** The live window of a kind (the first one registered, if several). */
  get(kind: WindowKind): W | undefined {
    for (const [win, entry] of this.entries) {
      if (entry.kind === kind && !win.isDestroyed()) return win
    }
    return undefined
  }

  live(): W[] {
    return [...this.entries.keys()].filter((win) => !win.isDestroyed() && !win.webContents.isDestroyed())
  }

  /** The kind of our live window with this webContents, or undefined when it is not one of ours. */
  kindOfWebContents(id: number): WindowKind | undefined {
    for (const [win, entry] of this.entries) {
      if (entry.webContentsId === id && !win.isDestroyed()) return entry.kind
    }
    return undefined
  }
}
