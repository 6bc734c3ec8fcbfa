/**
 * The main window's side of "Open in main window": main sends companion:onOpenConversation and
 * the main window opens that conversation (the list is refreshed too: it may be brand new).
 */
import type { OmnideskApi } from '../../../shared/ipc/contract'
import type { AppController } from '../state/controller'

export function linkMainWindowToCompanion(api: OmnideskApi, controller: AppController): () => void {
  try {
    return api.companion.onOpenConversation(({ conversationId }) => {
      void controller.conversations.refresh()
      void controller.conversations.open(conversationId)
      controller.view.focusComposer()
    })
  } catch {
    // No bridge (page opened outside the app): the controller reports that itself.
    return () => undefined
  }
}
