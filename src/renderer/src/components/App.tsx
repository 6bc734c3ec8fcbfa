/**
 * The shell: applies theme and language, then shows onboarding (first run: no provider and no
 * history yet) or the sidebar and the chat, with Settings or Assistants as a modal on top.
 *
 * Without a provider the history stays readable (the user test removed its only provider and lost
 * sight of every past conversation): only sending needs one, and the notice under the chat offers
 * the onboarding form, which can be left again for the history.
 */
import { useEffect, useSyncExternalStore, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppState, useController } from '../state/hooks'
import { useThemeAndLanguage } from '../state/useThemeAndLanguage'
import { AssistantsView } from './AssistantsView'
import { ChatView } from './ChatView'
import { LinkConfirm } from './LinkConfirm'
import { NoProviderNotice } from './NoProviderNotice'
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
  const hasHistory = useAppState((s) => s.conversations.length > 0)
  // "Add a provider" (the notice under the chat, the companion) asked for the onboarding form.
  const settingUp = useSyncExternalStore(controller.settings.onProviderSetup, controller.settings.providerSetupRequested)
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
  if (!hasProviders && (!hasHistory || settingUp)) {
    return <Onboarding onCancel={hasHistory ? () => controller.settings.requestProviderSetup(false) : undefined} />
  }
  return (
    <div className="od-app">
      <Sidebar />
      <div className="od-main">
        <StartupNotice />
        <ChatView />
        {!hasProviders ? <NoProviderNotice onAdd={() => controller.settings.requestProviderSetup(true)} /> : null}
      </div>
      {settingsOpen ? <SettingsModal /> : null}
      {assistantsOpen && !settingsOpen ? <AssistantsView /> : null}
      <LinkConfirm />
    </div>
  )
}
