/**
 * The main window's one keydown listener for its shortcuts (logic/appShortcuts.ts says which key
 * means what), and the sidebar's width rule and memory (logic/sidebarLayout.ts).
 */
import { useEffect, useLayoutEffect } from 'react'
import { appShortcutCommand, type AppShortcutCommand } from '../logic/appShortcuts'
import { NARROW_WINDOW_PX, parseSidebarChoice, type SidebarChoice } from '../logic/sidebarLayout'
import type { AppController } from '../state/controller'
import { useController } from '../state/hooks'

/** What Esc closes first: a menu (capture, tools), a list (@-mention), a dialog or popup (image preview, voice, a link to confirm). */
const ESC_OWNERS = '[role="menu"], [role="listbox"], [role="dialog"], [role="alertdialog"], [aria-modal="true"]'
const MODALS = '[aria-modal="true"], [role="dialog"], [role="alertdialog"]'

function run(controller: AppController, command: AppShortcutCommand): void {
  const view = controller.view
  switch (command) {
    case 'new-chat':
      controller.conversations.newChat()
      break
    case 'search':
      view.focusSearch()
      break
    case 'settings':
      view.openSettings()
      break
    case 'focus-composer':
      view.focusComposer()
      break
    case 'toggle-sidebar':
      view.toggleSidebar()
      break
    case 'stop':
      void controller.chat.stop()
      break
    case 'shortcuts':
      if (controller.store.get().shortcutsOpen) view.closeShortcuts()
      else view.openShortcuts()
      break
  }
}

/**
 * Listens while `enabled` (the shell is shown, not onboarding). Esc is decided in two steps: in
 * the capture phase, before any handler closes what is open, whether a menu, list or dialog was
 * open; in the bubble phase whether a handler on the way (the @-list, the edit box, a file
 * preview) took the key. Only an Esc nobody used stops the answer.
 */
export function useAppShortcuts(enabled: boolean): void {
  const controller = useController()
  useEffect(() => {
    if (!enabled) return
    let escapeInUse: Event | null = null
    const onKeyCapture = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' || e.key === 'Esc') escapeInUse = document.querySelector(ESC_OWNERS) ? e : null
    }
    const onKey = (e: KeyboardEvent): void => {
      const s = controller.store.get()
      const dialog = s.shortcutsOpen ? 'shortcuts' : s.settingsOpen || s.assistantsOpen || s.pendingLink || document.querySelector(MODALS) ? 'other' : null
      const streaming = !!s.activeId && Object.values(s.streams).some((st) => st.conversationId === s.activeId)
      const result = appShortcutCommand(
        {
          key: e.key,
          code: e.code,
          shiftKey: e.shiftKey,
          ctrlKey: e.ctrlKey,
          metaKey: e.metaKey,
          altKey: e.altKey,
          isComposing: e.isComposing,
          keyCode: e.keyCode,
          repeat: e.repeat,
          defaultPrevented: e.defaultPrevented
        },
        { platform: s.info?.platform, dialog, escapeInUse: escapeInUse === e, streaming }
      )
      if (!result) return
      e.preventDefault()
      if (result !== 'blocked') run(controller, result)
    }
    window.addEventListener('keydown', onKeyCapture, true)
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKeyCapture, true)
      window.removeEventListener('keydown', onKey)
    }
  }, [enabled, controller])
}

const SIDEBAR_KEY = 'omnidesk.sidebar'

function readChoice(): SidebarChoice | null {
  try {
    return parseSidebarChoice(localStorage.getItem(SIDEBAR_KEY))
  } catch {
    return null // storage unavailable (a sandboxed test page): nothing remembered
  }
}

function writeChoice(choice: SidebarChoice | null): void {
  try {
    if (choice) localStorage.setItem(SIDEBAR_KEY, JSON.stringify(choice))
    else localStorage.removeItem(SIDEBAR_KEY)
  } catch {
    // Not remembered: the next start uses the width rule.
  }
}

/**
 * The window's side of NARROW_WINDOW_PX, followed as it is resized, and the user's sidebar
 * choice remembered in this page's localStorage (a view preference of this window: main's
 * settings need not know it). Before the first paint, so a narrow window never flashes the sidebar.
 */
export function useSidebarLayout(): void {
  const controller = useController()
  useLayoutEffect(() => {
    const query = typeof matchMedia === 'function' ? matchMedia(`(max-width: ${NARROW_WINDOW_PX - 0.02}px)`) : null
    controller.view.restoreSidebar(readChoice(), query?.matches ?? false)
    let saved = controller.store.get().sidebar.choice
    writeChoice(saved)
    const unsubscribe = controller.store.subscribe(() => {
      const choice = controller.store.get().sidebar.choice
      if (choice === saved) return
      saved = choice
      writeChoice(choice)
    })
    const onChange = (e: MediaQueryListEvent): void => controller.view.setWindowNarrow(e.matches)
    query?.addEventListener('change', onChange)
    return () => {
      unsubscribe()
      query?.removeEventListener('change', onChange)
    }
  }, [controller])
}
