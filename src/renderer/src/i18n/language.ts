/** Language choice, kept free of i18next and the DOM so it can be unit-tested anywhere. */
import type { Language } from '../../../shared/settings'

export const LANGUAGES: readonly Language[] = ['en', 'zh-CN']

/** The user's choice, else the OS language (zh* → Simplified Chinese), else English. */
export function pickLanguage(chosen: Language | undefined, systemLocale: string | undefined): Language {
  if (chosen && LANGUAGES.includes(chosen)) return chosen
  return (systemLocale ?? '').trim().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}
