/**
 * The application menu as plain data. Pure: startApp turns it into an Electron Menu.
 *
 * Electron's default menu carries "Toggle Developer Tools" and "Reload" (both reach past what a
 * packaged app should offer), and its macOS app menu has no Settings. This one is the standard
 * set: on macOS the app menu (About, Settings… ⌘,, Services, Hide, Quit), Edit (which macOS needs
 * for ⌘C/⌘V in text fields), View (zoom, full screen) and Window; on Windows and Linux File,
 * Edit, View. DevTools appear only where windows may open them (security/devTools.ts).
 * Role items get their labels and accelerators from Electron; ours follow the UI language.
 *
 * New Chat (⌘N) and Settings… (⌘,) show their shortcuts but do not register them
 * (`registerAccelerator: false`): the main window's page handles them, with the rest of its
 * shortcuts (src/renderer/src/logic/appShortcuts.ts), so one handler runs and it knows what is
 * open (a dialog, the companion's own ⌘N). macOS ignores the flag, but there the page gets a key
 * equivalent first and the menu acts only on one the page left unhandled (not preventDefault-ed).
 * Clicking the items still works everywhere.
 */
import type { AppCommand } from '../../shared/ipc/contract'
import type { TrayLanguage } from './trayMenu'

export type AppMenuAction = { kind: 'command'; command: AppCommand } | { kind: 'companion' } | { kind: 'capture' }

/** Electron menu roles we use (a subset of MenuItemConstructorOptions['role']). */
type Role =
  | 'about' | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit'
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'pasteAndMatchStyle' | 'delete' | 'selectAll'
  | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'toggleDevTools'
  | 'minimize' | 'zoom' | 'close' | 'front' | 'window'

export interface AppMenuItem {
  id?: string
  label?: string
  role?: Role
  type?: 'normal' | 'separator' | 'submenu'
  accelerator?: string
  /** false: show `accelerator` but let the focused page handle the keys (Electron's MenuItem option). */
  registerAccelerator?: boolean
  submenu?: AppMenuItem[]
  click?: () => void
}

const LABELS: Record<TrayLanguage, { file: string; edit: string; view: string; window: string; newChat: string; settings: string; companion: string; capture: string }> = {
  en: { file: 'File', edit: 'Edit', view: 'View', window: 'Window', newChat: 'New Chat', settings: 'Settings…', companion: 'Ask Omnidesk…', capture: 'Screenshot Region…' },
  'zh-CN': { file: '文件', edit: '编辑', view: '显示', window: '窗口', newChat: '新建对话', settings: '设置…', companion: '快速提问…', capture: '区域截图…' }
}

const separator: AppMenuItem = { type: 'separator' }

export function buildAppMenuTemplate(opts: {
  platform: NodeJS.Platform
  language: TrayLanguage
  appName: string
  devTools: boolean
  onAction: (action: AppMenuAction) => void
}): AppMenuItem[] {
  const labels = LABELS[opts.language]
  const mac = opts.platform === 'darwin'
  const command = (id: string, label: string, accelerator: string, action: AppMenuAction): AppMenuItem => ({
    id,
    label,
    accelerator,
    registerAccelerator: false,
    click: () => opts.onAction(action)
  })
  const newChat = command('new-chat', labels.newChat, 'CmdOrCtrl+N', { kind: 'command', command: 'new-chat' })
  const settings = command('settings', labels.settings, 'CmdOrCtrl+,', { kind: 'command', command: 'open-settings' })
  // No accelerators: the companion and the capture have global shortcuts the user chooses.
  const companion: AppMenuItem = { id: 'companion', label: labels.companion, click: () => opts.onAction({ kind: 'companion' }) }
  const capture: AppMenuItem = { id: 'capture', label: labels.capture, click: () => opts.onAction({ kind: 'capture' }) }

  const edit: AppMenuItem = {
    label: labels.edit,
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as AppMenuItem] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' }
    ]
  }
  const view: AppMenuItem = {
    label: labels.view,
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
      ...(opts.devTools ? [separator, { role: 'toggleDevTools' } as AppMenuItem] : [])
    ]
  }

  if (!mac) {
    return [{ label: labels.file, submenu: [newChat, companion, capture, separator, settings, separator, { role: 'quit' }] }, edit, view]
  }
  return [
    {
      label: opts.appName,
      submenu: [
        { role: 'about' },
        separator,
        settings,
        separator,
        { role: 'services' },
        separator,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit' }
      ]
    },
    { label: labels.file, submenu: [newChat, companion, capture] },
    edit,
    view,
    { role: 'window', submenu: [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'close' }, { role: 'front' }] }
  ]
}
