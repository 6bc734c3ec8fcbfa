/**
 * The right-hand side: title and model picker (and, on a new chat, the "Temporary chat" switch),
 * the assistant it talks to, the banner of a temporary chat, the messages (or a welcome: an
 * assistant's new chat offers its conversation starters), the composer.
 */
import { useCallback, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppState, useController, useNextModel } from '../state/hooks'
import { Composer } from './Composer'
import { ErrorPanel } from './ErrorPanel'
import { MessageList } from './MessageList'
import { ModelPicker } from './ModelPicker'
import { VoiceButton } from '../voice/VoiceView'
import { AssistantWelcome, ChatAssistantBadge, useChatAssistant } from './AssistantParts'
import type { FilePart } from '../../../shared/domain'
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

  return (
    <main className="od-chat" aria-label={title}>
      <header className="od-chat-header">
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
        <VoiceButton />
      </header>
      {temporary ? (
        <div className="od-temporary-banner" data-testid="temporary-banner" role="note">
          {t('memory.temporaryBanner')}
        </div>
      ) : null}
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
      <div className="od-chat-bottom">
        {chatError ? (
          <div className="od-chat-error">
            <ErrorPanel
              error={chatError}
              testId="error-panel"
              onOpenSettings={() => controller.view.openSettings()}
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
    </main>
  )
}
