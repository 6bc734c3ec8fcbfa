/**
 * The few words main itself shows about the companion (the conflict notification). The
 * renderer's i18n does not reach main, so these follow the tray's choice of language.
 */
import { displayAccelerator } from '../../shared/companion/accelerator'

export type MainLanguage = 'en' | 'zh-CN'

export function conflictNotification(opts: {
  language: MainLanguage
  platform: string
  accelerator: string
  suggestion: string | null
}): { title: string; body: string } {
  const shown = displayAccelerator(opts.accelerator, opts.platform)
  const alt = opts.suggestion ? displayAccelerator(opts.suggestion, opts.platform) : null
  if (opts.language === 'zh-CN') {
    return {
      title: `快捷键 ${shown} 不可用`,
      body:
        `${shown} 已被系统或其他应用占用，无法打开 Omnidesk 小窗。` +
        (alt ? `可在“设置 → 快捷小窗”中改用 ${alt}。` : '可在“设置 → 快捷小窗”中换一个快捷键。') +
        '托盘菜单仍可使用。'
    }
  }
  return {
    title: `${shown} is not available`,
    body:
      `${shown} is taken by the system or another app, so it can't open the Omnidesk companion. ` +
      (alt ? `Try ${alt} in Settings → Companion window.` : 'Pick another shortcut in Settings → Companion window.') +
      ' The tray menu still works.'
  }
}

/** The user's chosen language, else the OS language when it is Chinese, else English. */
export function mainLanguage(chosen: string | undefined, systemLocale: string): MainLanguage {
  if (chosen === 'en' || chosen === 'zh-CN') return chosen
  return /^zh\b/i.test(systemLocale) ? 'zh-CN' : 'en'
}
