/**
 * Applies the chosen theme and language to the document, and follows the OS theme live. One hook
 * for every window (main and companion): both read the same settings from their controller.
 */
import { useEffect, useLayoutEffect } from 'react'
import { applyLanguage, pickLanguage } from '../i18n'
import { resolveTheme } from '../logic/theme'
import { useAppState, useController } from './hooks'

export function useThemeAndLanguage(): void {
  const controller = useController()
  const theme = useAppState((s) => s.settings?.theme)
  const systemDark = useAppState((s) => s.systemDark)
  const chosenLanguage = useAppState((s) => s.settings?.language)
  const systemLocale = useAppState((s) => s.info?.systemLocale)
  const ready = useAppState((s) => s.phase !== 'loading')

  useLayoutEffect(() => {
    const root = document.documentElement
    const resolved = resolveTheme(theme, systemDark)
    root.dataset.theme = resolved
    root.style.colorScheme = resolved
  }, [theme, systemDark])

  // 'system' follows the OS live.
  useEffect(() => {
    if (typeof matchMedia !== 'function') return
    const mq = matchMedia('(prefers-color-scheme: dark)')
    const onChange = (): void => controller.view.setSystemDark(mq.matches)
    mq.addEventListener('change', onChange)
    return () => mq.removeEventListener('change', onChange)
  }, [controller])

  // Before first paint of the loaded UI, so it never flashes in the wrong language.
  useLayoutEffect(() => {
    if (!ready) return
    const lng = pickLanguage(chosenLanguage, systemLocale)
    document.documentElement.lang = lng
    void applyLanguage(lng)
  }, [ready, chosenLanguage, systemLocale])
}
