/**
 * The windows we created, by kind. Pure (no electron import): it only needs the little of a
 * BrowserWindow it touches, so tests use plain objects.
 *
 * It answers two questions the rest of main asks: "is this webContents one of ours?" (the IPC
 * sender check) and "who gets an event?" (every live window).
 */

export type WindowKind = 'main' | 'companion' | 'capture'

export interface RegistryWebContents {
  readonly id: number
  isDestroyed(): boolean
  send(channel: string, ...args: unknown[]): void
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

  add(kind: WindowKind, win: W): void {
    this.entries.set(win, { kind, webContentsId: win.webContents.id })
    win.once('closed', () => this.entries.delete(win))
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

  hasWebContents(id: number): boolean {
    for (const [win, entry] of this.entries) {
      if (entry.webContentsId === id && !win.isDestroyed()) return true
    }
    return false
  }

  /** Sends an event to every live window; a window closing meanwhile is skipped, not fatal. */
  broadcast(channel: string, payload: unknown): void {
    for (const win of this.live()) {
      try {
        win.webContents.send(channel, payload)
      } catch {
        // The window went away between the liveness check and the send.
      }
    }
  }
}
