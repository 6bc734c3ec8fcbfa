/**
 * i18next set up for the renderer: English and Simplified Chinese, bundled (no fetching), and the
 * type augmentation that makes `t('some.key')` a compile error when the key does not exist.
 */
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import en, { type Translation } from './en'
import zhCN from './zh-CN'
import type { Language } from '../../../shared/settings'
import { LANGUAGES } from './language'

export { LANGUAGES, pickLanguage } from './language'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: Translation }
  }
}

export const resources = {
  en: { translation: en },
  'zh-CN': { translation: zhCN }
} as const

let initialised = false

export function initI18n(lng: Language = 'en'): typeof i18next {
  if (!initialised) {
    initialised = true
    void i18next.use(initReactI18next).init({
      resources,
      lng,
      fallbackLng: 'en',
      supportedLngs: [...LANGUAGES],
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
      react: { useSuspense: false },
      showSupportNotice: false
    })
  }
  return i18next
}

/** Switches every mounted component at once (react-i18next re-renders on languageChanged). */
export async function applyLanguage(lng: Language): Promise<void> {
  if (i18next.language !== lng) await i18next.changeLanguage(lng)
}

export default i18next
