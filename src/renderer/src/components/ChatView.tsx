/**
 * The right-hand side: title and model picker (and, on a new chat, the "Temporary chat" switch),
 * the assistant it talks to, the banner of a temporary chat, the messages (or a welcome: an
 * assistant's new chat offers its conversation starters), the composer. With the sidebar
 * hidden, the header has the buttons that show it again and start a new chat.
 */
import { useCallback, useEffect, useRef, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppState, useController, useNextModel } from '../state/hooks'
import { Composer } from './Composer'
import { ErrorPanel } from './ErrorPanel'
import { MessageList } from './MessageList'
import { ModelPicker } from './ModelPicker'
import { VoiceButton } from '../voice/VoiceView'
import { AssistantWelcome, ChatAssistantBadge, useChatAssistant } from './AssistantParts'
import { IconNewChat } from './Icons'
import { IconSidebar } from './shellIcons'
import { SIDEBAR_ID } from './Sidebar'
import { ariaKeyShortcut, shortcutLabel, shortcutOf } from '../logic/appShortcuts'
import { sidebarCollapsed } from '../logic/sidebarLayout'
import type { FilePart } from '../../../shared/domain'
import { ExportConversationMenu } from '../transfer/ExportConversationMenu'
import { useMarkdownWarmUp } from '../markdown'
import './memory.css'
import './assistants.css'

export function ChatView(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const activeId = useAppState((s) => s.activeId)
  const conversations = useAppState((s) => s.conversations)
  const hasMessages = useAppState((s) => s.messages.length > 0)
  const loading = useAppState((s) => s.conversationLoading)
  const chatError = useAppState((s) => s.chatError)
  const streams = useAppState((s) => s.streams)
  const enterToSend = useAppState((s) => s.settings?.enterToSend ?? true)
  const platform = useAppState((s) => s.info?.platform)
  const focusTick = useAppState((s) => s.composerFocusTick)
  const pendingTemporary = useAppState((s) => s.pendingTemporary)
  const temporaryId = useAppState((s) => s.temporaryId)
  const collapsed = useAppState((s) => sidebarCollapsed(s.sidebar))
  const showButton = useRef<HTMLButtonElement>(null)
  const busy = !!activeId && Object.values(streams).some((st) => st.conversationId === activeId)
  const active = conversations.find((c) => c.id === activeId)
  const title = active?.title || t('sidebar.untitled')
  // A new chat with the switch on is temporary from its first message (the banner says so at once).
  const temporary = activeId ? activeId === temporaryId || active?.temporary === true : pendingTemporary

  const onSend = useCallback((text: string, attachmentIds?: string[], files?: FilePart[]) => controller.chat.send(text, attachmentIds, files), [controller])
  // Images are sized and encoded for the model they go to (WebP only where it is accepted).
  const imageModel = useNextModel()
  const onStop = useCallback(() => void controller.chat.stop(), [controller])
  const assistant = useChatAssistant()
  const onStarter = useCallback((text: string) => void controller.chat.send(text), [controller])
  useMarkdownWarmUp()

  // Hidden by its own button (or Cmd/Ctrl+\ with focus inside it): focus would fall to the
  // page, so it goes to the button that shows the sidebar again.
  const wasCollapsed = useRef(collapsed)
  useEffect(() => {
    const hidden = collapsed && !wasCollapsed.current
    wasCollapsed.current = collapsed
    const focused = document.activeElement
    if (hidden && (!focused || focused === document.body || document.getElementById(SIDEBAR_ID)?.contains(focused))) showButton.current?.focus()
  }, [collapsed])
  const showKeys = shortcutOf('toggle-sidebar')
  const newChatKeys = shortcutOf('new-chat')

  return (
    <main className="od-chat" aria-label={title}>
      <header className="od-chat-header">
        {collapsed ? (
          <div className="od-chat-header-nav">
            <button
              ref={showButton}
              type="button"
              className="od-icon-btn"
              data-testid="sidebar-show"
              aria-label={t('shell.sidebar.show')}
              title={`${t('shell.sidebar.show')} (${shortcutLabel(showKeys, platform)})`}
              aria-keyshortcuts={ariaKeyShortcut(showKeys, platform)}
              aria-controls={SIDEBAR_ID}
              aria-expanded={false}
              onClick={() => controller.view.toggleSidebar()}
            >
              <IconSidebar size={18} />
            </button>
            <button
              type="button"
              className="od-icon-btn"
              data-testid="header-new-chat"
              aria-label={t('shell.sidebar.newChat')}
              title={`${t('shell.sidebar.newChat')} (${shortcutLabel(newChatKeys, platform)})`}
              aria-keyshortcuts={ariaKeyShortcut(newChatKeys, platform)}
              onClick={() => controller.conversations.newChat()}
            >
              <IconNewChat size={18} />
            </button>
          </div>
        ) : null}
        <ModelPicker />
        {assistant ? <ChatAssistantBadge assistant={assistant} /> : null}
        <h1 className="od-chat-title" data-testid="chat-title" title={title}>
          {activeId ? title : ''}
        </h1>
        {!activeId && !hasMessages ? (
          <label className="od-temporary-toggle" title={t('memory.temporaryToggleHint')}>
            <input
              type="checkbox"
              className="od-switch"
              role="switch"
              data-testid="temporary-toggle"
              checked={pendingTemporary}
              onChange={(e) => controller.conversations.setPendingTemporary(e.target.checked)}
            />
            <span>{t('memory.temporaryToggle')}</span>
          </label>
        ) : null}
        {activeId && !temporary ? <ExportConversationMenu conversationId={activeId} /> : null}
        <VoiceButton />
      </header>
      {temporary ? (
        <div className="od-temporary-banner" data-testid="temporary-banner" role="note">
          {t('memory.temporaryBanner')}
        </div>
      ) : null}
      {/*
        The composer comes before the messages in the page's order and is put under them by CSS
        (shell.css: order). Tab from the header reaches the message box first, not after every
        message's buttons (the user test's complaint); a screen reader meets the header, the box,
        then the messages, a named region it can jump to (MessageList). Making the list one tab
        stop with arrow keys inside would hide its buttons from Tab users who do want them.
      */}
      <div className="od-chat-bottom">
        {chatError ? (
          <div className="od-chat-error">
            <ErrorPanel
              error={chatError}
              testId="error-panel"
              onOpenSettings={(error) => controller.view.openSettingsForError(error)}
              onDismiss={() => controller.chat.dismissError()}
            />
          </div>
        ) : null}
        <Composer
          busy={busy}
          enterToSend={enterToSend}
          platform={platform}
          focusTick={focusTick}
          onSend={onSend}
          onStop={onStop}
          imageModel={imageModel}
        />
      </div>
      {hasMessages ? (
        <MessageList />
      ) : (
        <div className="od-empty" data-testid="chat-empty">
          {loading ? (
            <p className="od-muted" aria-live="polite">
              {t('chat.conversationLoading')}
            </p>
          ) : assistant && !activeId ? (
            <AssistantWelcome assistant={assistant} onSend={onStarter} />
          ) : (
            <>
              <h2 className="od-empty-title">{t('chat.emptyTitle')}</h2>
              <p className="od-muted">{t('chat.emptyHint')}</p>
            </>
          )}
        </div>
      )}
    </main>
  )
}
