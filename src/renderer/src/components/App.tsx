/**
 * The shell: applies theme and language, then shows onboarding (first run: no provider and no
 * history yet) or the sidebar and the chat, with Settings or Assistants as a modal on top.
 *
 * Without a provider the history stays readable (the user test removed its only provider and lost
 * sight of every past conversation): only sending needs one, and the notice under the chat offers
 * the onboarding form, which can be left again for the history.
 *
 * The shell has the main window's keyboard shortcuts (one listener, useAppShortcuts; the sheet
 * lists them) and a sidebar that collapses (logic/sidebarLayout.ts: by default below 900 px).
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
import { ShortcutsSheet } from './ShortcutsSheet'
import { Sidebar } from './Sidebar'
import { StartupNotice } from './StartupNotice'
import { useAppShortcuts, useSidebarLayout } from './useAppShortcuts'
import { sidebarCollapsed } from '../logic/sidebarLayout'
import './shell.css'

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
  const shortcutsOpen = useAppState((s) => s.shortcutsOpen)
  const collapsed = useAppState((s) => sidebarCollapsed(s.sidebar))
  const narrow = useAppState((s) => s.sidebar.narrow)
  useThemeAndLanguage()
  useSidebarLayout()
  const onboarding = !hasProviders && (!hasHistory || settingUp)
  useAppShortcuts(phase === 'ready' && !onboarding)
  // A panel opened over the sheet (the macOS menu's Settings…) replaces it rather than hiding it until it closes.
  useEffect(() => {
    if (shortcutsOpen && (settingsOpen || assistantsOpen)) controller.view.closeShortcuts()
  }, [shortcutsOpen, settingsOpen, assistantsOpen, controller])
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
  if (onboarding) {
    return <Onboarding onCancel={hasHistory ? () => controller.settings.requestProviderSetup(false) : undefined} />
  }
  return (
    <div className="od-app" data-sidebar={collapsed ? 'collapsed' : 'shown'} data-window={narrow ? 'narrow' : 'wide'} data-testid="app-shell">
      <Sidebar collapsed={collapsed} />
      <div className="od-main">
        <StartupNotice />
        <ChatView />
        {!hasProviders ? <NoProviderNotice onAdd={() => controller.settings.requestProviderSetup(true)} /> : null}
      </div>
      {settingsOpen ? <SettingsModal /> : null}
      {assistantsOpen && !settingsOpen ? <AssistantsView /> : null}
      {shortcutsOpen && !settingsOpen && !assistantsOpen ? <ShortcutsSheet /> : null}
      <LinkConfirm />
    </div>
  )
}
