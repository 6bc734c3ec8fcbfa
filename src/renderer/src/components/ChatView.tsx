/** The right-hand side: title and model picker, the messages (or a welcome), the composer. */
import { useCallback, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppState, useController, useNextModel } from '../state/hooks'
import { Composer } from './Composer'
import { ErrorPanel } from './ErrorPanel'
import { MessageList } from './MessageList'
import { ModelPicker } from './ModelPicker'
import { VoiceButton } from '../voice/VoiceView'
import type { FilePart } from '../../../shared/domain'

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
  const busy = !!activeId && Object.values(streams).some((st) => st.conversationId === activeId)
  const title = conversations.find((c) => c.id === activeId)?.title || t('sidebar.untitled')

  const onSend = useCallback((text: string, attachmentIds?: string[], files?: FilePart[]) => controller.chat.send(text, attachmentIds, files), [controller])
  // Images are sized and encoded for the model they go to (WebP only where it is accepted).
  const imageModel = useNextModel()
  const onStop = useCallback(() => void controller.chat.stop(), [controller])

  return (
    <main className="od-chat" aria-label={title}>
      <header className="od-chat-header">
        <ModelPicker />
        <h1 className="od-chat-title" data-testid="chat-title" title={title}>
          {activeId ? title : ''}
        </h1>
        <VoiceButton />
      </header>
      {hasMessages ? (
        <MessageList />
      ) : (
        <div className="od-empty" data-testid="chat-empty">
          {loading ? (
            <p className="od-muted" aria-live="polite">
              {t('chat.conversationLoading')}
            </p>
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
