/**
 * The wiring: the only place that knows Electron, the services and the windows together.
 *
 * Before `ready`: single-instance lock, the app:// scheme's privileges, sandbox for every
 * renderer, app-wide guards on any webContents. After `ready`: session hardening, the app://
 * handler (production), services, the IPC contract, the tray, the main window.
 */
import path from 'node:path'
import { app, dialog, ipcMain, Menu, nativeTheme, safeStorage, session, shell, type BrowserWindow } from 'electron'
import appIconPath from '../../../assets/icon.png?asset'
import type { EmitEvent, EventName } from '../../shared/ipc/contract'
import type { Settings } from '../../shared/settings'
import { registerContract } from '../ipc/registerContract'
import { createMainServices, type MainServices, type MainServicesDeps } from '../services'
import { builtFileWorkers } from '../files/workers'
import { DatabaseUnavailableError } from '../store/database'
import { databaseUnavailableDialog } from './databaseUnavailableDialog'
import { contentSecurityPolicy } from '../security/csp'
import { externalUrlToOpen } from '../security/externalUrl'
import { rendererPageUrl, resolveRendererSource } from '../security/origins'
import { createSenderCheck } from '../security/senderCheck'
import type { WindowContext } from '../windows/factory'
import { attachNavigationGuards, hardenSession, windowKindOfContents } from '../windows/guards'
import { createMainWindow, revealWindow } from '../windows/mainWindow'
import { createElectronFileDialogs } from './electronFileDialogs'
import { WindowRegistry } from '../windows/registry'
import { createElectronStorePreferences } from './electronStorePreferences'
import { createIpcMainTransport } from './ipcMainTransport'
import { createLaunchAtLogin, wasLaunchedAtLogin } from './loginItem'
import { handleAppProtocol, registerAppScheme } from './protocol'
import { createQuitCoordinator } from './quitCoordinator'
import { createElectronSecretCipher } from './electronSecretCipher'
import { createCaptureWiring } from './captureWiring'
import { createCompanionWiring, wantsCompanionToggle } from './companionWiring'
import { createElectronAudioLinks, createElectronMicPermission } from './electronAudioLinks'
import { createAppTray, type AppTray } from './tray'
import { trayLanguage, type TrayAction, type TrayLanguage } from './trayMenu'
import { buildAppMenuTemplate } from './appMenu'
import { devToolsAllowed } from '../security/devTools'
import { createElectronUpdater, updaterSupport } from './electronUpdater'

/** Same as electron-builder's appId, so Windows groups notifications and taskbar entries. */
export const APP_USER_MODEL_ID = 'app.omnidesk.desktop'

const SETTINGS_CHANGED: EventName = 'settings:onChanged'
const APP_COMMAND: EventName = 'app:onCommand'

/** The OS's preferred UI language (not the region format), e.g. "zh-Hans-CN". */
function systemLocale(): string {
  return app.getPreferredSystemLanguages()[0] ?? app.getLocale()
}

async function openExternalChecked(url: string): Promise<boolean> {
  const safe = externalUrlToOpen(url)
  if (!safe) return false
  await shell.openExternal(safe)
  return true
}

/**
 * The services, asking Retry / Quit while the history cannot be opened (another program holds
 * it, read-only, disk full…): nothing is moved aside for that, and nothing starts without it.
 * Undefined when the user chose Quit.
 */
async function openServicesOrAsk(deps: MainServicesDeps): Promise<MainServices | undefined> {
  for (;;) {
    try {
      return await createMainServices(deps)
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError)) throw error
      const text = databaseUnavailableDialog(error.reason, error.file, trayLanguage(undefined, systemLocale()))
      const { response } = await dialog.showMessageBox({
        type: 'warning',
        title: text.title,
        message: text.message,
        detail: text.detail,
        buttons: text.buttons,
        defaultId: 0,
        cancelId: 1,
        noLink: true
      })
      if (response !== 0) {
        app.exit(0)
        return undefined
      }
    }
  }
}

export function startApp(): void {
  // A second launch hands over to the first (see 'second-instance') and exits.
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  registerAppScheme()
  app.enableSandbox()
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)

  // ELECTRON_RENDERER_URL is read here, in main only, and ignored in a packaged app.
  const source = resolveRendererSource({ isPackaged: app.isPackaged, devServerUrl: process.env.ELECTRON_RENDERER_URL })
  const trustedOrigins = [source.origin]
  const registry = new WindowRegistry<BrowserWindow>({ log: (message) => console.warn(`[omnidesk] ${message}`) })
  const policy = {
    trustedOrigins,
    openExternal: (url: string) => void openExternalChecked(url).catch((error) => console.error('openExternal failed', error))
  }
  const windowContext: WindowContext = {
    registry,
    policy,
    devServerOrigin: source.mode === 'dev' ? source.origin : undefined,
    // Set by electron.vite.config.ts for `electron-vite dev`; meaningless (and unread) otherwise.
    devScriptNonce: source.mode === 'dev' ? process.env.OMNIDESK_DEV_SCRIPT_NONCE : undefined,
    preloadPath: path.join(__dirname, '../preload/index.js'),
    devTools: devToolsAllowed({ isPackaged: app.isPackaged, argv: process.argv, env: process.env })
  }

  let services: MainServices | undefined
  // Windows open only once IPC is registered: a page must never call a channel with no handler
  // (macOS can send 'activate', and a second launch 'second-instance', while we start).
  let started = false
  // Set once, for the first main window when the OS started us at login: it waits in the tray.
  let startMainWindowHidden = false
  let tray: AppTray | undefined
  const quit = createQuitCoordinator({
    close: async () => {
      capture.dispose()
      companion.dispose()
      tray?.destroy()
      await services?.close()
    },
    quit: () => app.quit(),
    onError: (error) => console.error('Error while quitting', error)
  })

  const mainWindow = (): BrowserWindow => {
    const existing = registry.get('main')
    if (existing) return existing
    return createMainWindow(windowContext, {
      url: rendererPageUrl(source, 'index.html'),
      platform: process.platform,
      isQuitting: () => quit.isQuitting,
      onCloseAndQuit: () => app.quit(),
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1e1e' : '#ffffff',
      startHidden: startMainWindowHidden,
      icon: process.platform === 'linux' ? appIconPath : undefined
    })
  }
  const showMainWindow = (): void => {
    if (started && !quit.isQuitting) revealWindow(mainWindow())
  }
  const capture = createCaptureWiring({
    context: windowContext,
    source,
    revealMain: showMainWindow,
    openSettings: () => {
      if (!started || quit.isQuitting) return
      const win = mainWindow()
      revealWindow(win)
      registry.events.emit(APP_COMMAND, { command: 'open-settings' }, 'main')
    }
  })
  // The companion window: created hidden once IPC exists, toggled by its global shortcut.
  const companion = createCompanionWiring({
    context: windowContext,
    source,
    isQuitting: () => quit.isQuitting,
    showMain: () => {
      if (!started || quit.isQuitting) return undefined
      const win = mainWindow()
      revealWindow(win)
      return win
    }
  })

  const onTrayAction = (action: TrayAction): void => {
    if (action.kind === 'quit') {
      app.quit()
      return
    }
    if (action.kind === 'companion') {
      if (started && !quit.isQuitting) companion.toggle()
      return
    }
    if (action.kind === 'capture') {
      if (started && !quit.isQuitting) capture.requestRegion()
      return
    }
    if (action.kind === 'stopSharing') {
      services?.voice?.stopSharing()
      return
    }
    if (!started || quit.isQuitting) return
    const win = mainWindow()
    revealWindow(win)
    if (action.kind === 'command') registry.events.emit(APP_COMMAND, { command: action.command }, 'main')
  }

  let menuLanguage: TrayLanguage | undefined
  const setAppMenu = (language: TrayLanguage): void => {
    if (language === menuLanguage) return
    menuLanguage = language
    const template = buildAppMenuTemplate({ platform: process.platform, language, appName: app.name, devTools: windowContext.devTools, onAction: onTrayAction })
    Menu.setApplicationMenu(Menu.buildFromTemplate(template))
  }

  app.on('second-instance', (_event, argv) => {
    // `omnidesk --companion`: a desktop's own keyboard shortcut can toggle the companion where
    // global shortcuts are not delivered (some Wayland sessions).
    if (wantsCompanionToggle(argv)) {
      if (started && !quit.isQuitting) companion.toggle('api')
      return
    }
    showMainWindow()
  })
  app.on('activate', showMainWindow)
  // Guards on every webContents, not only the factory's windows (idempotent for those).
  app.on('web-contents-created', (_event, contents) => attachNavigationGuards(contents, policy))
  app.on('before-quit', (event) => quit.onBeforeQuit(event))
  app.on('window-all-closed', () => {
    // macOS apps stay alive in the Dock and menu bar with no window open.
    if (process.platform !== 'darwin') app.quit()
  })

  // Windows where a voice session shares the camera or a screen: only they get video.
  const sharingWindows = new Set<string>()
  const ready = async (): Promise<void> => {
    hardenSession(session.defaultSession, {
      ...policy,
      windowOf: windowKindOfContents(registry),
      videoAllowed: (window) => window !== undefined && sharingWindows.has(window),
      devServerOrigin: windowContext.devServerOrigin,
      devScriptNonce: windowContext.devScriptNonce
    })
    if (source.mode === 'app') handleAppProtocol(path.join(__dirname, '../renderer'), contentSecurityPolicy())

    const dataDir = app.getPath('userData')
    const emit: EmitEvent = (event, payload) => {
      registry.events.emit(event, payload)
      capture.observe(event, payload)
      if (event === SETTINGS_CHANGED) {
        const language = trayLanguage((payload as Settings).language, systemLocale())
        tray?.setLanguage(language)
        setAppMenu(language)
      }
    }
    const updates = updaterSupport({ isPackaged: app.isPackaged, platform: process.platform, appImage: process.env.APPIMAGE })
    const deps: MainServicesDeps = {
      dataDir,
      updater: updates.supported ? createElectronUpdater((message, error) => console.warn(`[omnidesk] updates: ${message}`, error ?? '')) : undefined,
      updaterUnsupported: updates.supported ? undefined : updates.reason,
      fileDialogs: createElectronFileDialogs(() => registry.get('main')),
      // Worker threads load from app.asar since Electron 19 (electron/electron#33216); their native modules are unpacked.
      fileWorkers: builtFileWorkers(__dirname),
      preferencesPort: await createElectronStorePreferences({ dataDir }),
      secretCipher: createElectronSecretCipher(safeStorage, process.platform),
      app: {
        version: app.getVersion(),
        platform: process.platform,
        systemLocale,
        systemDark: () => nativeTheme.shouldUseDarkColors,
        openExternal: async (url) => {
          if (!(await openExternalChecked(url))) throw new Error('Only http(s) and mailto links can be opened')
        },
        relaunch: () => {
          // relaunch() only arranges the new start; quitting goes through the quit coordinator
          // (streams stopped, partial answers saved, the database closed) like any quit.
          app.relaunch()
          app.quit()
        },
        setLaunchAtLogin: createLaunchAtLogin({
          app,
          platform: process.platform,
          executable: process.env.APPIMAGE ?? process.execPath,
          configHome: process.env.XDG_CONFIG_HOME
        })
      },
      emit,
      windowReady: (sender) => registry.events.ready(sender),
      capture: capture.ports,
      companionDesktop: companion.host,
      // Voice sessions run in the main window or the companion; the audio link (a MessagePort)
      // goes to the window that started the session.
      audioLinks: createElectronAudioLinks((window) => (window === 'companion' ? companion.window()?.webContents : mainWindow().webContents)),
      micPermission: createElectronMicPermission(process.platform),
      videoAccess: {
        setAllowed: (window, allowed) => void (allowed ? sharingWindows.add(window) : sharingWindows.delete(window))
      },
      onSharingChanged: (anySharing) => tray?.setSharing(anySharing)
    }
    services = await openServicesOrAsk(deps)
    if (!services) return

    registerContract({
      transport: createIpcMainTransport(ipcMain),
      handlers: services.handlers,
      windowOf: createSenderCheck({ windowOf: (id) => registry.kindOfWebContents(id), trustedOrigins }),
      onError: (channel, error) => console.error(`IPC ${channel} failed`, error)
    })

    const settings = await services.handlers.settings.get()
    setAppMenu(trayLanguage(settings.language, systemLocale()))
    capture.start(services, emit)
    tray = createAppTray({
      platform: process.platform,
      language: trayLanguage(settings.language, systemLocale()),
      onAction: onTrayAction
    })

    startMainWindowHidden = wasLaunchedAtLogin({
      argv: process.argv,
      macWasOpenedAtLogin: process.platform === 'darwin' ? app.getLoginItemSettings().wasOpenedAtLogin : undefined
    })
    mainWindow()
    startMainWindowHidden = false
    started = true
    companion.start(services)
  }

  app
    .whenReady()
    .then(ready)
    .catch((error: unknown) => {
      console.error('Omnidesk failed to start', error)
      dialog.showErrorBox('Omnidesk could not start', error instanceof Error ? error.message : String(error))
      app.exit(1)
    })
}
