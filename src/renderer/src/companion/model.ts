/**
 * The companion page's state on top of the main window's AppController (same chat flow, same
 * streaming, same history): which conversation a show lands on, the clipboard chip, pinning,
 * the prompt history for Up, fitting the window to the content, and the first-frame report.
 *
 * No DOM here: the API, the controller and the frame scheduler are passed in, so the flow runs
 * under vitest (tests/unit/companionRenderer.test.ts).
 */
import type { CompanionContext, CompanionHideReason, CompanionShown } from '../../../shared/companion/schemas'
import { COMPANION_MAX_HEIGHT } from '../../../shared/companion/size'
import type { OmnideskApi } from '../../../shared/ipc/contract'
import type { FilePart } from '../../../shared/domain'
import type { AppController } from '../state/controller'
import { lastIndexOfRole } from '../state/messages'
import { createStore, type Store } from '../state/store'
import { promptToRecall, withClipboardContext } from './logic'

export interface CompanionViewState {
  visible: boolean
  pinned: boolean
  showId: number
  /** Tallest the content may get (from main, per display). */
  maxHeight: number
  clipboard: CompanionContext['clipboard']
  /** Voice mode is open in the card (CompanionVoice.tsx). */
  voice: boolean
}

export interface CompanionModelDeps {
  api: OmnideskApi
  controller: AppController
  /** requestAnimationFrame in the page. */
  frame: (callback: () => void) => void
  /** performance.now in the page. */
  now: () => number
  /** Resolves when the controller's first load finished (start()). */
  ready: Promise<void>
}

const PROMPT_HISTORY = 50

export class CompanionModel {
  readonly store: Store<CompanionViewState>
  private readonly api: OmnideskApi
  private readonly controller: AppController
  private readonly deps: CompanionModelDeps
  private prompts: string[] = []
  /** A show's conversation decision has been applied: activeId changes are the companion's own. */
  private applied = false
  private reportedConversation: string | null | undefined = undefined
  private sentHeight = 0
  private pendingHeight = 0
  private resizeQueued = false
  private unsubscribers: Array<() => void> = []

  constructor(deps: CompanionModelDeps) {
    this.deps = deps
    this.api = deps.api
    this.controller = deps.controller
    this.store = createStore<CompanionViewState>({ visible: false, pinned: false, showId: 0, maxHeight: COMPANION_MAX_HEIGHT, clipboard: null, voice: false })
  }

  start(): void {
    if (this.unsubscribers.length) return
    this.unsubscribers = [
      this.api.companion.onShown((p) => void this.onShown(p)),
      this.api.companion.onHidden((p) => {
        if (p.showId === this.store.get().showId) this.store.set({ visible: false })
      }),
      this.controller.store.subscribe(() => {
        this.watchConversation()
        this.followDefaultAssistant()
      }),
      // The chat's assistant shows here and `@name` lists them: the companion follows the list too.
      this.controller.assistants.start()
    ]
    void this.api.companion
      .state()
      .then((s) => this.store.set({ pinned: s.pinned }))
      .catch(() => undefined)
  }

  stop(): void {
    for (const u of this.unsubscribers) u()
    this.unsubscribers = []
  }

  /** Main is about to show the window: land on the right conversation, focus, then measure. */
  async onShown(p: CompanionShown): Promise<void> {
    const received = this.deps.now()
    this.store.set({ visible: true, showId: p.showId, pinned: p.pinned, maxHeight: p.maxHeight, clipboard: null })
    // At start-up the controller may still be loading (it opens the most recent conversation of
    // all); the show's decision must come after that, not be overwritten by it.
    await this.deps.ready
    if (this.store.get().showId !== p.showId) return
    // A voice session runs on the conversation on screen: a show must not switch it away (the
    // next transcript would switch back, and "Open in main window" would hand over the wrong one).
    if (this.store.get().voice) this.applied = true
    else this.applyConversation(p.conversationId)
    this.controller.view.focusComposer()
    this.deps.frame(() =>
      this.deps.frame(() => {
        void this.api.companion.reportShown({ showId: p.showId, rendererMs: Math.max(0, this.deps.now() - received) }).catch(() => undefined)
      })
    )
    if (this.controller.store.get().settings?.companionClipboardContext) {
      try {
        const context = await this.api.companion.context()
        if (this.store.get().showId === p.showId) this.store.set({ clipboard: context.clipboard })
      } catch {
        /* no chip */
      }
    }
  }

  private applyConversation(conversationId: string | null): void {
    const s = this.controller.store.get()
    if (conversationId) {
      if (s.activeId !== conversationId) void this.controller.conversations.open(conversationId)
    } else if (s.activeId !== null || s.messages.length > 0) {
      this.controller.conversations.newChat()
    }
    this.applied = true
    this.watchConversation()
  }

  /** Settings → Companion's assistant for new chats (once the list knows it). */
  private followDefaultAssistant(): void {
    const s = this.controller.store.get()
    const wanted = s.settings?.companionAssistantId ?? null
    if (wanted !== s.defaultAssistantId) this.controller.assistants.setDefault(wanted)
  }

  /** Tells main which conversation the companion is on (the continue rule remembers it). */
  private watchConversation(): void {
    if (!this.applied) return
    const id = this.controller.store.get().activeId
    if (id === this.reportedConversation) return
    this.reportedConversation = id
    void this.api.companion.setConversation({ conversationId: id }).catch(() => undefined)
  }

  /** Sends, with the clipboard context when its chip was kept. */
  send = async (text: string, attachmentIds?: string[], files?: FilePart[]): Promise<boolean> => {
    const clipboard = this.store.get().clipboard
    const message = withClipboardContext(text, clipboard)
    if (text.trim()) this.prompts = [...this.prompts, text].slice(-PROMPT_HISTORY)
    const ok = await this.controller.chat.send(message, attachmentIds, files)
    if (ok) this.store.set({ clipboard: null })
    return ok
  }

  removeClipboard(): void {
    this.store.set({ clipboard: null })
  }

  recallPrompt(): string | undefined {
    const { messages } = this.controller.store.get()
    const i = lastIndexOfRole(messages, 'user')
    return promptToRecall(this.prompts, i === -1 ? undefined : messages[i].text)
  }

  newChat(): void {
    // Not under a running voice session: its messages keep landing in its conversation.
    if (this.store.get().voice) return
    this.controller.conversations.newChat()
  }

  setVoice(open: boolean): void {
    this.store.set({ voice: open })
  }

  hide(reason: CompanionHideReason): void {
    void this.api.companion.hide({ reason }).catch(() => undefined)
  }

  togglePin(): void {
    const pinned = !this.store.get().pinned
    this.store.set({ pinned })
    void this.api.companion.setPinned({ pinned }).catch(() => this.store.set({ pinned: !pinned }))
  }

  openInMain(): void {
    const id = this.controller.store.get().activeId
    if (id) void this.api.companion.openInMain({ conversationId: id }).catch(() => undefined)
  }

  /** No provider yet: the main window opens on the provider form. */
  openProviderSetup(): void {
    void this.api.companion.openProviderSetup().catch(() => undefined)
  }

  /** The content's natural height changed: one resize per frame at most. */
  resize(height: number): void {
    const h = Math.ceil(height)
    if (h <= 0) return
    this.pendingHeight = h
    if (this.resizeQueued) return
    this.resizeQueued = true
    this.deps.frame(() => {
      this.resizeQueued = false
      if (this.pendingHeight === this.sentHeight) return
      this.sentHeight = this.pendingHeight
      void this.api.companion.resize({ height: this.sentHeight }).catch(() => undefined)
    })
  }
}
