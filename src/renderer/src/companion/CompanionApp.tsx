/**
 * The companion window's page: a draggable bar (new chat, open in main window, pin, hide), the
 * optional clipboard chip, the shared Composer (attachments, IME-safe Enter, Stop) and the
 * conversation below it with the shared MessageItem (MarkdownView answers). The window is sized
 * by main to this card's natural height, up to the display's limit; past it the answer scrolls.
 *
 * Keys: Enter sends / Shift+Enter new line (the Composer's rules), Up in the empty composer
 * recalls the last prompt, Cmd/Ctrl+N starts a new conversation, Esc hides (never while an IME
 * composes: Esc then cancels the composition).
 */
import {
  useCallback,
  useEffect,
  useRef,
  useSyncExternalStore,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactElement
} from 'react'
import { useTranslation } from 'react-i18next'
import { ChatAssistantBadge, useChatAssistant } from '../components/AssistantParts'
import { Composer } from '../components/Composer'
import { ErrorPanel } from '../components/ErrorPanel'
import { LinkConfirm } from '../components/LinkConfirm'
import { IconClipboard, IconClose, IconNewChat, IconOpenWindow, IconPin } from '../components/Icons'
import { MessageItem } from '../components/MessageItem'
import { useFollowBottom } from '../components/useFollowBottom'
import { useMarkdownWarmUp } from '../markdown'
import { formatBytes } from '../logic/paste'
import { useAppState, useController, useNextModel } from '../state/hooks'
import { useThemeAndLanguage } from '../state/useThemeAndLanguage'
import { lastIndexOfRole } from '../state/messages'
import { CompanionVoiceButton, CompanionVoicePanel } from './CompanionVoice'
import { companionKeyAction } from './logic'
import type { CompanionModel, CompanionViewState } from './model'
import { setTextareaValue } from './textareaValue'
import type { FilePart } from '../../../shared/domain'

function useCompanion<T>(model: CompanionModel, select: (s: CompanionViewState) => T): T {
  return useSyncExternalStore(model.store.subscribe, () => select(model.store.get()))
}

function ClipboardChip(props: { model: CompanionModel }): ReactElement | null {
  const { t } = useTranslation()
  const clipboard = useCompanion(props.model, (s) => s.clipboard)
  if (!clipboard) return null
  const preview = clipboard.text.replace(/\s+/g, ' ').trim().slice(0, 120)
  return (
    <div className="od-companion-context" data-testid="companion-clipboard-chip" data-source={clipboard.source}>
      <IconClipboard size={15} />
      <span className="od-companion-context-label">
        {clipboard.source === 'selection' ? t('companion.selectionChip') : t('companion.clipboardChip')}
      </span>
      <span className="od-companion-context-text" title={clipboard.text.slice(0, 2000)}>
        {preview}
      </span>
      {clipboard.truncated ? (
        <span className="od-companion-context-meta">{t('companion.contextTruncated', { size: formatBytes(clipboard.text.length) })}</span>
      ) : null}
      <button
        type="button"
        className="od-icon-btn od-icon-btn-small"
        data-testid="companion-clipboard-remove"
        aria-label={t('companion.removeContext')}
        title={t('companion.removeContext')}
        onClick={() => props.model.removeClipboard()}
      >
        <IconClose size={14} />
      </button>
    </div>
  )
}

function Transcript(props: { model: CompanionModel }): ReactElement | null {
  const controller = useController()
  const messages = useAppState((s) => s.messages)
  const activeId = useAppState((s) => s.activeId)
  const streams = useAppState((s) => s.streams)
  const busy = Object.values(streams).some((st) => st.conversationId === activeId)
  const contextFrom = useAppState((s) => s.conversations.find((c) => c.id === s.activeId)?.contextFrom)
  // The same following as the main window's list (no runway: the transcript is short).
  const follow = useFollowBottom({ activeId, messages })

  const onRegenerate = useCallback(() => void controller.chat.regenerate(), [controller])
  const onContinue = useCallback((messageId: string) => void controller.chat.continueAnswer(messageId), [controller])
  const onEdit = useCallback((id: string, text: string) => void controller.chat.editAndResend(id, text), [controller])
  const onOpenLink = useCallback((url: string, shownText?: string) => controller.view.openExternal(url, shownText), [controller])
  const onOpenSettings = useCallback(() => props.model.openInMain(), [props.model])

  if (messages.length === 0) return null
  const lastUser = lastIndexOfRole(messages, 'user')
  const lastAssistant = lastIndexOfRole(messages, 'assistant')
  const contextIndex = contextFrom ? messages.findIndex((m) => m.id === contextFrom) : -1
  return (
    <div
      className="od-companion-transcript"
      ref={follow.setScroller}
      data-testid="companion-transcript"
    >
      <div className="od-companion-transcript-inner" ref={follow.setContent}>
        {messages.map((m, i) => (
          <MessageItem
            key={m.id}
            message={m}
            isLastUser={i === lastUser}
            isLastAssistant={i === lastAssistant && i === messages.length - 1}
            busy={busy}
            highlighted={false}
            onRegenerate={onRegenerate}
            onContinue={onContinue}
            onEdit={onEdit}
            onOpenLink={onOpenLink}
            onOpenSettings={onOpenSettings}
            contextStart={i === contextIndex}
            outOfContext={i < contextIndex && m.role !== 'system'}
          />
        ))}
      </div>
    </div>
  )
}

export function CompanionApp(props: { model: CompanionModel }): ReactElement {
  const { model } = props
  const { t } = useTranslation()
  const controller = useController()
  useThemeAndLanguage()
  useMarkdownWarmUp()
  const phase = useAppState((s) => s.phase)
  const hasProviders = useAppState((s) => s.providers.length > 0)
  const activeId = useAppState((s) => s.activeId)
  const title = useAppState((s) => s.conversations.find((c) => c.id === s.activeId)?.title)
  const chatError = useAppState((s) => s.chatError)
  const streams = useAppState((s) => s.streams)
  const enterToSend = useAppState((s) => s.settings?.enterToSend ?? true)
  const platform = useAppState((s) => s.info?.platform)
  const focusTick = useAppState((s) => s.composerFocusTick)
  const imageModel = useNextModel()
  const pinned = useCompanion(model, (s) => s.pinned)
  const maxHeight = useCompanion(model, (s) => s.maxHeight)
  const visible = useCompanion(model, (s) => s.visible)
  const voice = useCompanion(model, (s) => s.voice)
  const busy = !!activeId && Object.values(streams).some((st) => st.conversationId === activeId)
  const assistant = useChatAssistant()
  const root = useRef<HTMLDivElement>(null)

  // The window follows the card's natural height (main clamps it to the display).
  useEffect(() => {
    const el = root.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(() => model.resize(el.getBoundingClientRect().height))
    ro.observe(el)
    return () => ro.disconnect()
  }, [model, phase])

  // Esc and Cmd/Ctrl+N anywhere in the page (not only in the composer).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented) return
      const action = companionKeyAction(e, { platform, inComposer: false, composerEmpty: false })
      if (action === 'hide') {
        e.preventDefault()
        model.hide('escape')
      } else if (action === 'new-chat') {
        e.preventDefault()
        model.newChat()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [model, platform])

  // Up in the empty composer: the last prompt comes back (captured before the Composer sees it).
  const onComposerKeyDownCapture = (e: ReactKeyboardEvent<HTMLDivElement>): void => {
    const target = e.target as HTMLElement
    if (!(target instanceof HTMLTextAreaElement) || target.dataset.testid !== 'composer') return
    const action = companionKeyAction(
      {
        key: e.key,
        code: e.code,
        shiftKey: e.shiftKey,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        isComposing: e.nativeEvent.isComposing,
        keyCode: e.nativeEvent.keyCode
      },
      { platform, inComposer: true, composerEmpty: target.value === '' }
    )
    if (action !== 'recall') return
    const prompt = model.recallPrompt()
    if (!prompt) return
    e.preventDefault()
    setTextareaValue(target, prompt)
  }

  const onSend = useCallback((text: string, attachmentIds?: string[], files?: FilePart[]) => model.send(text, attachmentIds, files), [model])
  const onStop = useCallback(() => void controller.chat.stop(), [controller])
  const mod = platform === 'darwin' ? '⌘' : 'Ctrl+'

  return (
    <div
      className="od-companion"
      ref={root}
      style={{ maxHeight }}
      data-testid="companion"
      data-visible={visible ? 'true' : 'false'}
      data-pinned={pinned ? 'true' : 'false'}
      data-conversation-id={activeId ?? ''}
    >
      <div className="od-companion-bar">
        <span className="od-companion-title" data-testid="companion-title" title={title}>
          {activeId ? title || t('sidebar.untitled') : t('companion.title')}
        </span>
        {assistant ? <ChatAssistantBadge assistant={assistant} /> : null}
        <button
          type="button"
          className="od-icon-btn od-icon-btn-small"
          data-testid="companion-new-chat"
          aria-label={t('companion.newChat')}
          title={t('companion.newChatShortcut', { shortcut: `${mod}N` })}
          disabled={voice}
          onClick={() => model.newChat()}
        >
          <IconNewChat size={15} />
        </button>
        <CompanionVoiceButton model={model} disabled={phase !== 'ready' || !hasProviders} />
        <button
          type="button"
          className="od-icon-btn od-icon-btn-small"
          data-testid="companion-open-in-main"
          aria-label={t('companion.openInMain')}
          title={t('companion.openInMain')}
          disabled={!activeId}
          onClick={() => model.openInMain()}
        >
          <IconOpenWindow size={15} />
        </button>
        <button
          type="button"
          className="od-icon-btn od-icon-btn-small"
          data-testid="companion-pin"
          aria-pressed={pinned}
          aria-label={pinned ? t('companion.unpin') : t('companion.pin')}
          title={pinned ? t('companion.unpin') : t('companion.pin')}
          onClick={() => model.togglePin()}
        >
          <IconPin size={15} filled={pinned} />
        </button>
        <button
          type="button"
          className="od-icon-btn od-icon-btn-small"
          data-testid="companion-hide"
          aria-label={t('companion.hide')}
          title={t('companion.hide')}
          onClick={() => model.hide('button')}
        >
          <IconClose size={15} />
        </button>
      </div>
      <LinkConfirm inline />
      {phase === 'ready' && !hasProviders ? (
        <div className="od-companion-no-provider" data-testid="companion-no-provider">
          <p className="od-companion-note">{t('companion.noProvider')}</p>
          <button type="button" className="od-btn od-btn-small od-btn-primary" data-testid="companion-add-provider" onClick={() => model.openProviderSetup()}>
            {t('companion.addProvider')}
          </button>
        </div>
      ) : voice ? (
        <CompanionVoicePanel model={model} />
      ) : (
        <>
          {chatError ? (
            <div className="od-companion-error">
              <ErrorPanel error={chatError} testId="error-panel" onDismiss={() => controller.chat.dismissError()} />
            </div>
          ) : null}
          <ClipboardChip model={model} />
          <div className="od-companion-composer" onKeyDownCapture={onComposerKeyDownCapture}>
            <Composer
              busy={busy}
              enterToSend={enterToSend}
              platform={platform}
              focusTick={focusTick}
              onSend={onSend}
              onStop={onStop}
              imageModel={imageModel}
              listenCaptureRequests={false}
            />
          </div>
          <Transcript model={model} />
        </>
      )}
    </div>
  )
}

