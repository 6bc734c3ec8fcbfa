/**
 * The shell: applies theme and language, then shows onboarding (no provider yet) or the sidebar
 * and the chat, with Settings as a modal on top.
 */
import { useEffect, useLayoutEffect, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { applyLanguage, pickLanguage } from '../i18n'
import { resolveTheme } from '../logic/theme'
import { useAppState, useController } from '../state/hooks'
import { ChatView } from './ChatView'
import { Onboarding } from './Onboarding'
import { SettingsModal } from './SettingsModal'
import { Sidebar } from './Sidebar'
import { StartupNotice } from './StartupNotice'

function useThemeAndLanguage(): void {
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
    const onChange = (): void => controller.setSystemDark(mq.matches)
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

export function App(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const phase = useAppState((s) => s.phase)
  const loadError = useAppState((s) => s.loadError)
  const hasProviders = useAppState((s) => s.providers.length > 0)
  const settingsOpen = useAppState((s) => s.settingsOpen)
  useThemeAndLanguage()

  if (phase === 'loading') return <div className="od-loading" aria-busy="true" />
  if (phase === 'failed') {
    return (
      <div className="od-fatal" role="alert">
        <p>{t('app.loadFailed')}</p>
        {loadError ? <p className="od-error-detail">{loadError}</p> : null}
        <button type="button" className="od-btn" onClick={() => void controller.retryLoad()}>
          {t('app.reload')}
        </button>
      </div>
    )
  }
  if (!hasProviders) return <Onboarding />
  return (
    <div className="od-app">
      <Sidebar />
      <div className="od-main">
        <StartupNotice />
        <ChatView />
      </div>
      {settingsOpen ? <SettingsModal /> : null}
    </div>
  )
}
