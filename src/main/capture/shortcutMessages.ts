/**
 * The notification main shows when the capture shortcut cannot be registered. Main has no
 * i18next, so the two languages are here (like the companion's, src/main/companion/messages.ts).
 */
import { displayAccelerator } from '../../shared/companion/accelerator'
import type { MainLanguage } from '../companion/messages'

export function captureShortcutNotification(opts: {
  language: MainLanguage
  platform: string
  accelerator: string
  state: 'registered' | 'conflict' | 'invalid' | 'disabled' | 'unavailable'
  suggestion: string | null
}): { title: string; body: string } {
  const shown = displayAccelerator(opts.accelerator, opts.platform)
  const alt = opts.suggestion ? displayAccelerator(opts.suggestion, opts.platform) : null
  const invalid = opts.state === 'invalid'
  if (opts.language === 'zh-CN') {
    return {
      title: invalid ? `截图快捷键“${opts.accelerator}”无效` : `截图快捷键 ${shown} 不可用`,
      body:
        (invalid ? '它不是可用的快捷键。' : `${shown} 已被系统或其他应用占用。`) +
        (alt ? `可在“设置 → 截图快捷键”中改用 ${alt}。` : '可在“设置 → 截图快捷键”中换一个。') +
        '截图按钮和托盘菜单仍可使用。'
    }
  }
  return {
    title: invalid ? `“${opts.accelerator}” is not a valid screenshot shortcut` : `Screenshot shortcut ${shown} is not available`,
    body:
      (invalid ? 'It can’t be used as a global shortcut. ' : `${shown} is taken by the system or another app. `) +
      (alt ? `Try ${alt} in Settings → Screenshot shortcut.` : 'Pick another one in Settings → Screenshot shortcut.') +
      ' The screenshot button and the tray menu still work.'
  }
}
