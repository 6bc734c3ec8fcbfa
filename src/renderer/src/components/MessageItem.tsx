/**
 * One message. The user's text is plain (pre-wrap, collapsed when very long; a huge paste shows
 * as its composer chip did, see SentPaste); the assistant's goes through MarkdownView. Actions: Copy everywhere, Regenerate on the last answer, Edit on the
 * last question. Status: streaming, stopped, error (with Retry), the fallback notice, a reasoning
 * model's thinking (ThinkingBlock), and how an answer ended when it matters (cut-off, refusal).
 * Above an answer: the past chats it drew on (Reference chat history), each opened from there in
 * the main window; its tool steps show memory changes as chips with Undo (tools/MemoryChip).
 */
import type { ErrorInfo } from '../../../shared/errors'
import { memo, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { MarkdownView } from '../markdown'
import { collapsedPreview, isLongMessage } from '../logic/longText'
import { composerKeyAction, composerKeyOf, modKeyLabel } from '../logic/composerKeys'
import { countLines, formatBytes, revealEnd, SENT_PASTE_PREVIEW, SENT_PASTE_STEP, splitSentMessage, utf8Length } from '../logic/paste'
import { useAppState } from '../state/hooks'
import type { ViewMessage } from '../state/messages'
import { ErrorPanel } from './ErrorPanel'
import { CopyButton } from './CopyButton'
import { ReadAloudButton, ReadAloudError } from '../voice/ReadAloudButton'
import { IconImage, IconPencil, IconRefresh } from './Icons'
import { ThinkingBlock } from './ThinkingBlock'
import { ContextDivider, ContextLimitChoices, SummaryCard } from './ContextLimit'
import { SourceList, ToolSteps } from '../tools/ToolSteps'
import { DataQueryContext, dataQueryApiFor } from '../tools/dataQueryContext'
import { answerSources, linkCitations } from '../tools/citations'
import { AttachmentThumb, ImagesReadNotice, MessageFileChips, PassagesNotice } from '../attachments'
import './memory.css'

export interface MessageItemProps {
  message: ViewMessage
  isLastUser: boolean
  isLastAssistant: boolean
  /** A stream is running in this conversation: no Regenerate / Edit until it ends. */
  busy: boolean
  highlighted: boolean
  onRegenerate: () => void
  /** Continues an answer the output limit cut (the last answer only). */
  onContinue: (messageId: string) => void
  onEdit: (messageId: string, text: string) => void
  onOpenLink: (url: string, shownText?: string) => void
  onOpenSettings: (error: ErrorInfo) => void
  /** Opens a past conversation an answer drew on (main window; the companion names them only). */
  onOpenConversation?: (id: string) => void
  /** Opens Settings → Memory from a memory change (main window only). */
  onManageMemories?: () => void
  /** The first message sent to the model while the oldest turns are left out (a line above it). */
  contextStart?: boolean
  /** Left out of what is sent to the model (shown dimmed). */
  outOfContext?: boolean
}

function UserText({ text }: { text: string }): ReactElement {
  const { t } = useTranslation()
  const long = useMemo(() => isLongMessage(text), [text])
  const [expanded, setExpanded] = useState(false)
  const shown = long && !expanded ? collapsedPreview(text) : text
  return (
    <>
      <div className="od-user-text" data-collapsed={long && !expanded ? 'true' : undefined}>
        {shown}
      </div>
      {long ? (
        <button
          type="button"
          className="od-link-btn"
          data-testid="message-toggle-expand"
          aria-expanded={expanded}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? t('chat.showLess') : t('chat.showMore')}
        </button>
      ) : null}
    </>
  )
}

/**
 * Editing the last question. Keys follow the composer's send rule (Settings → Enter to send), so
 * the same habit sends in both places, and the hint below says which rule is on; Esc cancels.
 */
/**
 * A sent paste (a huge log, a file's text) shown as its composer chip was: monospace, lines
 * unwrapped (the box scrolls sideways), a short preview; "Show more" adds a step at a time
 * inside a box of capped height, so a megabyte never becomes a page-long bubble in one go.
 */
function SentPaste({ text }: { text: string }): ReactElement {
  const { t } = useTranslation()
  const meta = useMemo(() => ({ bytes: utf8Length(text), lines: countLines(text) }), [text])
  const preview = useMemo(() => revealEnd(text, 0, SENT_PASTE_PREVIEW), [text])
  const [end, setEnd] = useState(preview)
  const shown = useMemo(() => text.slice(0, end), [text, end])
  const linesLeft = useMemo(() => (end < text.length ? countLines(text.slice(end)) : 0), [text, end])
  return (
    <div className="od-sent-paste" data-testid="sent-paste">
      <div className="od-sent-paste-head">
        <span className="od-paste-chip-title">{t('chat.pastedText', { size: formatBytes(meta.bytes) })}</span>
        <span className="od-paste-chip-meta">{t('chat.pastedLines', { count: meta.lines })}</span>
      </div>
      <pre className="od-sent-paste-body" data-testid="sent-paste-body" tabIndex={0}>
        {shown}
        {end < text.length ? '…' : null}
      </pre>
      {end < text.length || end > preview ? (
        <div className="od-sent-paste-actions">
          {end < text.length ? (
            <button type="button" className="od-link-btn" data-testid="sent-paste-more" onClick={() => setEnd((e) => revealEnd(text, e, SENT_PASTE_STEP))}>
              {t('chat.showMoreLines', { count: linesLeft })}
            </button>
          ) : null}
          {end > preview ? (
            <button type="button" className="od-link-btn" data-testid="sent-paste-less" onClick={() => setEnd(preview)}>
              {t('chat.showLess')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

function EditBox(props: { initial: string; onCancel: () => void; onSubmit: (text: string) => void }): ReactElement {
  const { t } = useTranslation()
  const enterToSend = useAppState((s) => s.settings?.enterToSend ?? true)
  const platform = useAppState((s) => s.info?.platform)
  const [text, setText] = useState(props.initial)
  const ref = useRef<HTMLTextAreaElement>(null)
  const hintId = useId()
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    el.style.height = 'auto'
    el.style.height = `${Math.min(el.scrollHeight, 320)}px`
  }, [text])
  useEffect(() => {
    const el = ref.current
    if (!el) return
    el.focus()
    el.setSelectionRange(el.value.length, el.value.length)
  }, [])
  const submit = (): void => {
    if (text.trim()) props.onSubmit(text)
  }
  return (
    <div className="od-edit-box">
      <textarea
        ref={ref}
        className="od-edit-input"
        data-testid="edit-input"
        aria-label={t('chat.editLabel')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={hintId}
        onKeyDown={(e) => {
          // Esc during an IME composition closes the candidate list, not the edit.
          if (e.key === 'Escape' && !e.nativeEvent.isComposing) {
            e.preventDefault()
            props.onCancel()
            return
          }
          const action = composerKeyAction(composerKeyOf(e), enterToSend)
          if (action === 'send') {
            e.preventDefault()
            submit()
          }
        }}
      />
      <div className="od-edit-actions">
        <span className="od-edit-hint" id={hintId} data-testid="edit-hint">
          {enterToSend ? t('chat.editHintEnter') : t('chat.editHintModEnter', { mod: modKeyLabel(platform) })}
        </span>
        <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="edit-cancel" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="od-btn od-btn-small od-btn-primary"
          data-testid="edit-submit"
          disabled={!text.trim()}
          onClick={submit}
        >
          {t('chat.editSend')}
        </button>
      </div>
    </div>
  )
}

/** "Drew on 2 past chats: A, B" above an answer that used Reference chat history. */
function HistoryNotice(props: { conversations: NonNullable<ViewMessage['history']>; onOpen?: (id: string) => void }): ReactElement {
  const { t } = useTranslation()
  const separator = t('memory.listSeparator')
  return (
    <div className="od-history-notice" data-testid="history-notice" role="note">
      <span>{t('memory.historyUsed', { count: props.conversations.length })}</span>{' '}
      {props.conversations.map((c, i) => (
        <span key={c.id}>
          {i > 0 ? separator : null}
          {props.onOpen ? (
            <button
              type="button"
              className="od-link-btn od-history-notice-link"
              data-testid="history-notice-open"
              data-conversation-id={c.id}
              title={t('memory.historyOpen', { title: c.title || t('sidebar.untitled') })}
              onClick={() => props.onOpen?.(c.id)}
            >
              {c.title || t('sidebar.untitled')}
            </button>
          ) : (
            <span className="od-history-notice-title">{c.title || t('sidebar.untitled')}</span>
          )}
        </span>
      ))}
    </div>
  )
}

/** The markdown view's own UI words (code block buttons), in the current language. */
function useMarkdownLabels(): { copy: string; copied: string; wrap: string; image: string; diagramError: string } {
  const { t } = useTranslation()
  return useMemo(
    () => ({ copy: t('markdown.copy'), copied: t('markdown.copied'), wrap: t('markdown.wrap'), image: t('markdown.image'), diagramError: t('markdown.diagramError') }),
    [t]
  )
}

function MessageItemImpl(props: MessageItemProps): ReactElement {
  const { t } = useTranslation()
  const labels = useMarkdownLabels()
  const { message: m, busy } = props
  const [editing, setEditing] = useState(false)
  const streaming = m.status === 'streaming'
  const contextClass = props.outOfContext ? ' od-out-of-context' : ''
  const sources = useMemo(() => answerSources(m.steps), [m.steps])
  const shownText = useMemo(() => (sources.length ? linkCitations(m.text, sources) : m.text), [m.text, sources])
  const sent = useMemo(() => (m.role === 'user' ? splitSentMessage(m.text) : { typed: m.text, pasted: '' }), [m.role, m.text])

  useEffect(() => {
    if (busy) setEditing(false)
  }, [busy])

  if (m.summary) {
    return (
      <div className="od-message od-message-system" data-testid="message" data-role={m.role} data-message-id={m.id}>
        <SummaryCard summary={m.summary} onOpenLink={props.onOpenLink} labels={labels} />
      </div>
    )
  }

  const images =
    m.images > 0 ? (
      <div className="od-attachments">
        {m.imageIds?.map((id, i) => <AttachmentThumb key={`${id}-${i}`} id={id} />) ?? Array.from({ length: m.images }, (_, i) => (
          <span className="od-attachment-chip" key={i}>
            <IconImage size={14} />
            {t('chat.imageAttachment')}
          </span>
        ))}
      </div>
    ) : null

  const divider = props.contextStart ? <ContextDivider busy={busy} /> : null

  if (m.role === 'user') {
    return (
      <>
        {divider}
        <div
          className={`od-message od-message-user${props.highlighted ? ' od-highlight' : ''}${contextClass}`}
          data-testid="message"
          data-role="user"
          data-status={m.status}
          data-message-id={m.id}
          data-voice={m.voice ? 'true' : undefined}
        >
          {editing ? (
            <EditBox
              initial={m.text}
              onCancel={() => setEditing(false)}
              onSubmit={(text) => {
                setEditing(false)
                props.onEdit(m.id, text)
              }}
            />
          ) : (
            <>
              {images}
              {m.files?.length ? <MessageFileChips files={m.files} /> : null}
              {sent.typed || !sent.pasted ? (
                <div className="od-user-bubble">
                  <UserText text={sent.typed} />
                </div>
              ) : null}
              {sent.pasted ? <SentPaste text={sent.pasted} /> : null}
              <div className="od-message-actions">
                <CopyButton text={m.text} />
                {props.isLastUser && !busy && !m.local ? (
                  <button
                    type="button"
                    className="od-icon-btn"
                    data-testid="edit-message"
                    aria-label={t('chat.edit')}
                    title={t('chat.edit')}
                    onClick={() => setEditing(true)}
                  >
                    <IconPencil />
                  </button>
                ) : null}
              </div>
            </>
          )}
        </div>
      </>
    )
  }

  // A chart drawn from a query and "Save as CSV" reach the conversation's data files.
  return (
    <DataQueryContext.Provider value={dataQueryApiFor(m.conversationId)}>
      {divider}
      <div
        className={`od-message od-message-assistant${props.highlighted ? ' od-highlight' : ''}${contextClass}`}
        data-testid="message"
        data-role={m.role}
        data-status={m.status}
        data-finish={m.finish}
        data-message-id={m.id}
        data-voice={m.voice ? 'true' : undefined}
      >
        {m.fallback ? (
          <div className="od-fallback-notice" data-testid="fallback-notice" role="note">
            {m.fallback.reason === 'no_tools'
            ? t('chat.noToolsNotice', { model: m.model ?? m.fallback.requestedModel })
            : t('chat.fallbackNotice', { requested: m.fallback.requestedModel, model: m.model ?? '?' })}
          </div>
        ) : null}
        {images}
        {m.history?.length ? <HistoryNotice conversations={m.history} onOpen={props.onOpenConversation} /> : null}
        {m.imagesRead?.length ? <ImagesReadNotice images={m.imagesRead} /> : null}
        {m.passages?.length ? <PassagesNotice files={m.passages} /> : null}
        {m.reasoning ? (
          <ThinkingBlock
            reasoning={m.reasoning}
            thinking={streaming && !m.text}
            ms={m.reasoningMs}
            since={m.thinkingSince}
            onOpenLink={props.onOpenLink}
            labels={labels}
          />
        ) : null}
        {m.steps?.length ? <ToolSteps steps={m.steps} onOpenLink={props.onOpenLink} labels={labels} messageId={m.id} onManageMemories={props.onManageMemories} /> : null}
        {m.text ? (
          <div className={`od-assistant-body${m.finish === 'refusal' ? ' od-refusal' : ''}`}>
            <MarkdownView text={shownText} streaming={streaming} onOpenLink={props.onOpenLink} labels={labels} />
          </div>
        ) : streaming && !m.reasoning && !m.steps?.length ? (
          <div className="od-thinking" aria-live="polite">
            <span className="od-dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            <span className="od-visually-hidden">{t('chat.thinking')}</span>
          </div>
        ) : null}
        {sources.length && !streaming ? <SourceList sources={sources} onOpenLink={props.onOpenLink} /> : null}
      {m.finish === 'length' && !streaming ? (
          <div className="od-finish-notice" data-testid="finish-length" role="note">
            {t('chat.finishLength')}
            {props.isLastAssistant && !busy ? (
              <button type="button" className="od-btn od-btn-small" data-testid="continue" onClick={() => props.onContinue(m.id)}>
                {t('chat.continue')}
              </button>
            ) : null}
          </div>
        ) : null}
        {m.finish === 'refusal' && !streaming ? (
          <div className="od-finish-notice" data-testid="finish-refusal" role="note">
            {t('chat.finishRefusal')}
          </div>
        ) : null}
        {m.status === 'error' && m.error ? (
          <ErrorPanel
            error={m.error}
            onRetry={props.isLastAssistant && !busy ? props.onRegenerate : undefined}
            onOpenSettings={props.onOpenSettings}
            onOpenLink={props.onOpenLink}
          >
            {m.error.code === 'context_length' && props.isLastAssistant && !busy ? <ContextLimitChoices /> : null}
          </ErrorPanel>
        ) : null}
        {m.status === 'error' && !m.error ? (
          <ErrorPanel
            error={{ code: 'unknown' }}
            onRetry={props.isLastAssistant && !busy ? props.onRegenerate : undefined}
          />
        ) : null}
        {!streaming ? (
          <div className="od-message-footer">
            {m.status === 'stopped' ? (
              <span className="od-status-label" data-testid="message-stopped">
                {t('chat.stopped')}
              </span>
            ) : null}
            {m.text ? <CopyButton text={m.text} /> : null}
            {m.text && m.status !== 'error' ? <ReadAloudButton messageId={m.id} /> : null}
            {props.isLastAssistant && !busy && m.status !== 'error' ? (
              <button
                type="button"
                className="od-icon-btn"
                data-testid="regenerate"
                aria-label={t('chat.regenerate')}
                title={t('chat.regenerate')}
                onClick={props.onRegenerate}
              >
                <IconRefresh />
              </button>
            ) : null}
            {m.model ? (
              <span className="od-model-label" data-testid="message-model" title={t('chat.answeredBy', { model: m.model })}>
                {m.model}
              </span>
            ) : null}
          </div>
        ) : m.model ? (
          <div className="od-message-footer od-message-footer-streaming">
            <span className="od-model-label" data-testid="message-model">
              {m.model}
            </span>
          </div>
        ) : null}
        {!streaming ? <ReadAloudError messageId={m.id} /> : null}
      </div>
    </DataQueryContext.Provider>
  )
}

export const MessageItem = memo(MessageItemImpl)
