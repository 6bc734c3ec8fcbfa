/**
 * The tray / menu-bar menu as plain data. Pure: tray.ts turns it into an Electron Menu.
 * Labels follow the UI language (the renderer's i18n does not reach main).
 */
import type { AppCommand } from '../../shared/ipc/contract'

export type TrayLanguage = 'en' | 'zh-CN'

export type TrayAction = { kind: 'open' } | { kind: 'command'; command: AppCommand } | { kind: 'quit' } | { kind: 'capture' } | { kind: 'companion' } | { kind: 'stopSharing' }

export interface TrayMenuItem {
  id?: string
  label?: string
  type?: 'normal' | 'separator'
  click?: () => void
}

const LABELS: Record<TrayLanguage, { open: string; newChat: string; settings: string; quit: string; capture: string; companion: string; stopSharing: string }> = {
  en: { open: 'Open Omnidesk', newChat: 'New Chat', settings: 'Settings…', quit: 'Quit Omnidesk', capture: 'Screenshot Region…', companion: 'Ask Omnidesk…', stopSharing: '● Sharing with voice — Stop Sharing' },
  'zh-CN': { open: '打开 Omnidesk', newChat: '新建对话', settings: '设置…', quit: '退出 Omnidesk', capture: '区域截图…', companion: '快速提问…', stopSharing: '● 正在语音共享 — 停止共享' }
}

/** The user's chosen language, else the OS language when it is Chinese, else English. */
export function trayLanguage(chosen: string | undefined, systemLocale: string): TrayLanguage {
  if (chosen === 'en' || chosen === 'zh-CN') return chosen
  return /^zh\b/i.test(systemLocale) ? 'zh-CN' : 'en'
}

/** `sharing`: a voice session shows the model a screen or the camera: the first item stops it. */
export function buildTrayMenuTemplate(language: TrayLanguage, onAction: (action: TrayAction) => void, sharing = false): TrayMenuItem[] {
  const labels = LABELS[language]
  return [
    ...(sharing ? [{ id: 'stop-sharing', label: labels.stopSharing, click: () => onAction({ kind: 'stopSharing' }) }, { type: 'separator' as const }] : []),
    { id: 'open', label: labels.open, click: () => onAction({ kind: 'open' }) },
    // The companion window: also the way in when its global shortcut is taken or turned off.
    { id: 'companion', label: labels.companion, click: () => onAction({ kind: 'companion' }) },
    { id: 'new-chat', label: labels.newChat, click: () => onAction({ kind: 'command', command: 'new-chat' }) },
    { id: 'capture', label: labels.capture, click: () => onAction({ kind: 'capture' }) },
    { id: 'settings', label: labels.settings, click: () => onAction({ kind: 'command', command: 'open-settings' }) },
    { type: 'separator' },
    { id: 'quit', label: labels.quit, click: () => onAction({ kind: 'quit' }) }
  ]
}
