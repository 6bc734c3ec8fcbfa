/**
 * The companion in the Electron app: its window, the CompanionDesktopPort over Electron, the focus
 * watchdog and the macOS app-deactivation hook. startApp creates it before the services (the
 * host goes into the services' deps) and calls `start` once the services and IPC exist.
 *
 * Known traps, handled here or in the pure logic it feeds:
 * - electron/electron#3222: an always-on-top window may never get 'blur' (Windows and Linux
 *   lock it in the focused state; seen on macOS too). While the companion is shown and not
 *   pinned, a 250 ms poll of `isFocused()` feeds the state machine, which hides it after two
 *   unfocused readings (and only once it had focus, so a slow focus on show is no "blur").
 *   The poll runs only while the window is visible: a hidden companion costs nothing.
 *   On macOS, 'did-resign-active' (the user switched apps) counts as a blur too.
 * - Quitting: the window's 'close' is turned into a hide only until a quit starts (the quit
 *   coordinator's flag), then it closes normally; dispose() stops the poll and releases the
 *   shortcut (services.close does too) so nothing keeps the process alive.
 */
import { app, BrowserWindow, clipboard, globalShortcut, Notification, screen } from 'electron'
import type { CompanionShowSource } from '../../shared/companion/schemas'
import type { CompanionDesktopPort } from '../companion/desktopPort'
import type { MainServices } from '../services'
import { rendererPageUrl, type RendererSource } from '../security/origins'
import { createCompanionWindow } from '../windows/companionWindow'
import type { WindowContext } from '../windows/factory'
import { createElectronCompanionDesktop } from './electronCompanionDesktop'

export const FOCUS_POLL_MS = 250

/** The command-line flag that makes a second launch toggle the companion instead of the main window. */
export const COMPANION_FLAG = '--companion'

export function wantsCompanionToggle(argv: readonly string[]): boolean {
  return argv.includes(COMPANION_FLAG)
}

export interface CompanionWiring {
  host: CompanionDesktopPort
  /** Creates the (hidden) window and registers the global shortcut. */
  start(services: MainServices): void
  /** Tray item, or `omnidesk --companion` launched again: toggle the companion. */
  toggle(source?: CompanionShowSource): void
  /** The companion's window, once created (voice sessions started there get their audio link in it). */
  window(): BrowserWindow | undefined
  dispose(): void
}

export function createCompanionWiring(deps: {
  context: WindowContext
  source: RendererSource
  isQuitting: () => boolean
  /** Reveals (creating if needed) the main window; undefined while starting or quitting. */
  showMain: () => BrowserWindow | undefined
  log?: (message: string) => void
}): CompanionWiring {
  const log = deps.log ?? ((message: string) => console.log(`[omnidesk] ${message}`))
  let win: BrowserWindow | undefined
  let services: MainServices | undefined
  let poll: ReturnType<typeof setInterval> | undefined

  const companion = () => services?.companion
  const stopPoll = (): void => {
    if (poll) clearInterval(poll)
    poll = undefined
  }
  const syncPoll = (): void => {
    if (companion()?.wantsFocusPolling()) {
      poll ??= setInterval(() => {
        const c = companion()
        if (!c?.wantsFocusPolling() || !win || win.isDestroyed()) return stopPoll()
        c.focusCheck(win.isFocused())
      }, FOCUS_POLL_MS)
    } else stopPoll()
  }

  const host = createElectronCompanionDesktop({
    platform: process.platform,
    window: () => win,
    otherWindows: () => deps.context.registry.live().filter((w) => w !== win),
    screen,
    clipboard,
    globalShortcut,
    app: {
      hide: () => app.hide(),
      show: () => app.show(),
      isHidden: () => (process.platform === 'darwin' ? app.isHidden() : false)
    },
    notify: (n) => {
      if (!Notification.isSupported()) return
      const note = new Notification({ title: n.title, body: n.body })
      // The notification is about the shortcut: a click opens Settings, where it can be changed.
      note.on('click', () => {
        const main = deps.showMain()
        if (main) deps.context.registry.events.emit('app:onCommand', { command: 'open-settings' }, 'main')
      })
      note.show()
    },
    openInMain: (conversationId) => {
      const main = deps.showMain()
      if (main) deps.context.registry.events.emit('companion:onOpenConversation', { conversationId }, 'main')
    },
    openProviderSetup: () => {
      const main = deps.showMain()
      if (main) deps.context.registry.events.emit('companion:onOpenProviderSetup', {}, 'main')
    }
  })

  // Every host call that changes visibility or pinning may start or stop the poll.
  const tracked: CompanionDesktopPort = {
    ...host,
    show: (p) => {
      host.show(p)
      syncPoll()
    },
    hide: (f) => {
      host.hide(f)
      stopPoll()
    },
    setPinned: (pinned) => {
      host.setPinned(pinned)
      queueMicrotask(syncPoll)
    }
  }

  const onResignActive = (): void => companion()?.windowBlurred()

  return {
    host: tracked,
    window: () => (win && !win.isDestroyed() ? win : undefined),
    start(s) {
      services = s
      win = createCompanionWindow(deps.context, {
        url: rendererPageUrl(deps.source, 'companion.html'),
        platform: process.platform,
        isQuitting: deps.isQuitting,
        onFocus: () => companion()?.windowFocused(),
        onBlur: () => companion()?.windowBlurred(),
        onHide: () => {
          companion()?.windowHiddenExternally()
          stopPoll()
        },
        log
      })
      win.once('closed', () => {
        win = undefined
        stopPoll()
      })
      if (process.platform === 'darwin') app.on('did-resign-active', onResignActive)
      s.companion?.start()
    },
    toggle(source = 'tray') {
      void companion()?.toggle(source)
    },
    dispose() {
      stopPoll()
      app.removeListener('did-resign-active', onResignActive)
      companion()?.dispose()
      if (win && !win.isDestroyed()) win.destroy()
      win = undefined
    }
  }
}
