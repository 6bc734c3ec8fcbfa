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
import { startTransition, Suspense, useEffect, useState, useSyncExternalStore, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppState, useController } from '../state/hooks'
import { useThemeAndLanguage } from '../state/useThemeAndLanguage'
import { lazyView, preloadWhenIdle } from './lazyView'
import { LinkConfirm } from './LinkConfirm'
import { NoProviderNotice } from './NoProviderNotice'
import { Sidebar } from './Sidebar'
import { StartupNotice } from './StartupNotice'
import { useAppShortcuts, useSidebarLayout } from './useAppShortcuts'
import { sidebarCollapsed } from '../logic/sidebarLayout'
import './shell.css'

// Off the first row's path (code the page would otherwise load and evaluate before drawing it):
// the chat view with the markdown pipeline and voice, drawn in the render after the sidebar's;
// the panels, loaded when the page is idle (or when opened).
const ChatView = lazyView(() => import('./ChatView').then((m) => m.ChatView))
const SettingsModal = lazyView(() => import('./SettingsModal').then((m) => m.SettingsModal))
const AssistantsView = lazyView(() => import('./AssistantsView').then((m) => m.AssistantsView))
const ShortcutsSheet = lazyView(() => import('./ShortcutsSheet').then((m) => m.ShortcutsSheet))
const Onboarding = lazyView(() => import('./Onboarding').then((m) => m.Onboarding))

/** The chat's place until its view is drawn. */
const CHAT_PENDING = <div className="od-chat-pending" aria-busy="true" />

/** Loads every view's chunk now: component tests draw the whole window without waiting on one. */
export function preloadAppViews(): Promise<unknown> {
  return Promise.all([ChatView, SettingsModal, AssistantsView, ShortcutsSheet, Onboarding].map((view) => view.preload()))
}

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
  const chatShown = useChatAfterSidebar(phase === 'ready')
  useEffect(() => {
    if (chatShown) preloadWhenIdle([SettingsModal, AssistantsView, ShortcutsSheet])
  }, [chatShown])

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
    return (
      <Suspense fallback={<div className="od-loading" aria-busy="true" />}>
        <Onboarding onCancel={hasHistory ? () => controller.settings.requestProviderSetup(false) : undefined} />
      </Suspense>
    )
  }
  return (
    <div className="od-app" data-sidebar={collapsed ? 'collapsed' : 'shown'} data-window={narrow ? 'narrow' : 'wide'} data-testid="app-shell">
      <Sidebar collapsed={collapsed} />
      <div className="od-main">
        <StartupNotice />
        <Suspense fallback={CHAT_PENDING}>{chatShown ? <ChatView /> : CHAT_PENDING}</Suspense>
        {!hasProviders ? <NoProviderNotice onAdd={() => controller.settings.requestProviderSetup(true)} /> : null}
      </div>
      <Suspense fallback={null}>
        {settingsOpen ? <SettingsModal /> : null}
        {assistantsOpen && !settingsOpen ? <AssistantsView /> : null}
        {shortcutsOpen && !settingsOpen && !assistantsOpen ? <ShortcutsSheet /> : null}
      </Suspense>
      <LinkConfirm />
    </div>
  )
}

/**
 * The chat pane joins the shell in a render of its own, after the sidebar's: the first rows of the
 * history are painted without waiting for the open conversation's view, its composer and their
 * effects (half of the first render's time). A transition, not an animation frame: the window may
 * start hidden, where frames do not run.
 */
function useChatAfterSidebar(ready: boolean): boolean {
  const [shown, setShown] = useState(false)
  useEffect(() => {
    if (ready && !shown) startTransition(() => setShown(true))
  }, [ready, shown])
  return shown
}
