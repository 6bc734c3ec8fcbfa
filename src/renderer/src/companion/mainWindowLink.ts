/**
 * The main window's side of "Open in main window": main sends companion:onOpenConversation and
 * the main window opens that conversation (the list is refreshed too: it may be brand new).
 */
import type { OmnideskApi } from '../../../shared/ipc/contract'
import type { AppController } from '../state/controller'

export function linkMainWindowToCompanion(api: OmnideskApi, controller: AppController): () => void {
  try {
    const offConversation = api.companion.onOpenConversation(({ conversationId }) => {
      void controller.conversations.refresh()
      void controller.conversations.open(conversationId)
      controller.view.focusComposer()
    })
    // The companion's "Add a provider": the onboarding form, or Settings if one was added since.
    const offSetup = api.companion.onOpenProviderSetup(() => {
      if (controller.store.get().providers.length > 0) controller.view.openSettings()
      else controller.settings.requestProviderSetup(true)
    })
    return () => {
      offConversation()
      offSetup()
    }
  } catch {
    // No bridge (page opened outside the app): the controller reports that itself.
    return () => undefined
  }
}
