/**
 * The shell: applies theme and language, then shows onboarding (no provider yet) or the sidebar
 * and the chat, with Settings or Assistants as a modal on top.
 */
import { useEffect, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppState, useController } from '../state/hooks'
import { useThemeAndLanguage } from '../state/useThemeAndLanguage'
import { AssistantsView } from './AssistantsView'
import { ChatView } from './ChatView'
import { LinkConfirm } from './LinkConfirm'
import { Onboarding } from './Onboarding'
import { SettingsModal } from './SettingsModal'
import { Sidebar } from './Sidebar'
import { StartupNotice } from './StartupNotice'

export function App(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const phase = useAppState((s) => s.phase)
  const loadError = useAppState((s) => s.loadError)
  const hasProviders = useAppState((s) => s.providers.length > 0)
  const settingsOpen = useAppState((s) => s.settingsOpen)
  const assistantsOpen = useAppState((s) => s.assistantsOpen)
  useThemeAndLanguage()
  // The main window's list of assistants (the panel, the chat header): followed while it is shown.
  useEffect(() => controller.assistants.start(), [controller])

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
      {assistantsOpen && !settingsOpen ? <AssistantsView /> : null}
      <LinkConfirm />
    </div>
  )
}
