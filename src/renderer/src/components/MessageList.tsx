/**
 * The scrolling list of messages. Stays pinned to the bottom while an answer grows, unless the
 * user scrolled up to read; scrolls to and flashes a message opened from search.
 *
 * Long conversations are virtualised with react-virtuoso (from VIRTUALISE_FROM messages on): only
 * the messages in and near the viewport are mounted, the list opens at its last message, and a
 * 2,000-message conversation costs what its visible part costs. Short ones render every message
 * (simple DOM, and every message findable by tests and by Ctrl+F).
 */
import type { ErrorInfo } from '../../../shared/errors'
import { forwardRef, useCallback, useEffect, useRef, useState, type ReactElement } from 'react'
import { Virtuoso, type Components, type VirtuosoHandle } from 'react-virtuoso'
import { useTranslation } from 'react-i18next'
import { lastIndexOfRole, type ViewMessage } from '../state/messages'
import { useAppState, useController } from '../state/hooks'
import { MessageItem } from './MessageItem'
import { useFollowBottom } from './useFollowBottom'

/**
 * Empty room below the last message of the plain list: following a streaming answer scrolls the
 * whole runway at once (see useFollowBottom), one step per ~5 lines instead of one per update
 * (measured in `npm run bench -- render`). It also sets how near the end counts as "at the
 * bottom", in both lists.
 */
export const FOLLOW_RUNWAY_PX = 128
const FLASH_MS = 2200
/** From this many messages on, the list is virtualised. */
export const VIRTUALISE_FROM = 60

/**
 * The virtualised list's footer holds the newest answer (the last message, when it is the
 * assistant's) and the follow runway. Outside react-virtuoso's items, an answer growing while
 * the user reads above it is not taken for items measured above the view: as an item, each
 * growth right after a scroll up was "compensated" by scrolling down as much, frame after frame,
 * and the text being read slid away.
 */
interface VirtualFooterContext {
  trailing: ReactElement | null
  setContent: (el: HTMLElement | null) => void
}

const VList: Components<ViewMessage, VirtualFooterContext>['List'] = forwardRef(function VList(props, ref) {
  return <div {...props} ref={ref} className="od-messages-vlist" />
})
const VHeader: Components<ViewMessage, VirtualFooterContext>['Header'] = () => <div className="od-messages-vpad-top" />
const VFooter: Components<ViewMessage, VirtualFooterContext>['Footer'] = ({ context }) => (
  <div className="od-messages-vlist" ref={context.setContent} data-testid="message-list-footer" style={{ paddingBottom: FOLLOW_RUNWAY_PX }}>
    {context.trailing}
  </div>
)
const VIRTUOSO_COMPONENTS: Components<ViewMessage, VirtualFooterContext> = { List: VList, Header: VHeader, Footer: VFooter }

export function MessageList(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const messages = useAppState((s) => s.messages)
  const activeId = useAppState((s) => s.activeId)
  const highlight = useAppState((s) => s.highlight)
  const streams = useAppState((s) => s.streams)
  const busy = Object.values(streams).some((st) => st.conversationId === activeId)
  const contextFrom = useAppState((s) => s.conversations.find((c) => c.id === s.activeId)?.contextFrom)
  const virtual = messages.length >= VIRTUALISE_FROM

  const virtuoso = useRef<VirtuosoHandle>(null)
  const [flashId, setFlashId] = useState<string | null>(null)
  const follow = useFollowBottom({ activeId, messages, runwayPx: FOLLOW_RUNWAY_PX })
  const footerRef = useRef<HTMLElement | null>(null)
  const setFooter = useCallback(
    (el: HTMLElement | null) => {
      footerRef.current = el
      follow.setContent(el)
    },
    [follow]
  )
  // Virtualised: the newest answer lives in the footer (see VirtualFooterContext).
  const lastMessage = messages[messages.length - 1]
  const trailing = virtual && lastMessage?.role === 'assistant' ? lastMessage : undefined
  const items = trailing ? messages.slice(0, -1) : messages

  // Search hit: scroll to the message and flash it.
  // Done once per hit, as soon as the message is in the list (it may still be loading).
  const handledTick = useRef(0)
  useEffect(() => {
    if (!highlight || handledTick.current === highlight.tick) return
    if (virtual) {
      const index = items.findIndex((m) => m.id === highlight.messageId)
      if (index === -1 && trailing?.id !== highlight.messageId) return
      handledTick.current = highlight.tick
      follow.unpin()
      if (index === -1) footerRef.current?.scrollIntoView?.({ block: 'center' })
      else virtuoso.current?.scrollToIndex({ index, align: 'center' })
      setFlashId(highlight.messageId)
      return
    }
    const candidates = follow.scroller.current?.querySelectorAll<HTMLElement>('[data-message-id]') ?? []
    const el = Array.from(candidates).find((node) => node.dataset.messageId === highlight.messageId)
    if (!el) return
    handledTick.current = highlight.tick
    follow.unpin()
    el.scrollIntoView?.({ block: 'center' })
    setFlashId(highlight.messageId)
  }, [highlight, messages, items, trailing, virtual, follow])
  useEffect(() => {
    if (!flashId) return
    const timer = setTimeout(() => setFlashId(null), FLASH_MS)
    return () => clearTimeout(timer)
  }, [flashId])

  const onRegenerate = useCallback(() => void controller.chat.regenerate(), [controller])
  const onContinue = useCallback((messageId: string) => void controller.chat.continueAnswer(messageId), [controller])
  const onEdit = useCallback((id: string, text: string) => void controller.chat.editAndResend(id, text), [controller])
  const onOpenLink = useCallback((url: string, shownText?: string) => controller.view.openExternal(url, shownText), [controller])
  const onOpenSettings = useCallback((error: ErrorInfo) => controller.view.openSettingsForError(error), [controller])
  const onOpenConversation = useCallback((id: string) => void controller.conversations.open(id), [controller])
  const onManageMemories = useCallback(() => controller.view.openSettings({ section: 'memory' }), [controller])

  const lastUser = lastIndexOfRole(messages, 'user')
  const lastAssistant = lastIndexOfRole(messages, 'assistant')
  const contextIndex = contextFrom ? messages.findIndex((m) => m.id === contextFrom) : -1

  const renderItem = (i: number, m: ViewMessage): ReactElement => (
    <MessageItem
      key={m.id}
      message={m}
      isLastUser={i === lastUser}
      isLastAssistant={i === lastAssistant && i === messages.length - 1}
      busy={busy}
      highlighted={flashId === m.id}
      onRegenerate={onRegenerate}
      onContinue={onContinue}
      onEdit={onEdit}
      onOpenLink={onOpenLink}
      onOpenSettings={onOpenSettings}
      onOpenConversation={onOpenConversation}
      onManageMemories={onManageMemories}
      contextStart={i === contextIndex}
      outOfContext={i < contextIndex && m.role !== 'system'}
    />
  )

  if (virtual) {
    return (
      <Virtuoso<ViewMessage>
        key={activeId ?? ''}
        ref={virtuoso}
        className="od-messages"
        data-testid="message-list"
        role="region"
        aria-label={t('shell.messagesLabel')}
        data-virtualised=""
        scrollerRef={follow.setScroller}
        data={items}
        context={{ trailing: trailing ? <div className="od-messages-vitem">{renderItem(messages.length - 1, trailing)}</div> : null, setContent: setFooter }}
        computeItemKey={(_, m: ViewMessage) => m.id}
        // No initialTopMostItemIndex: react-virtuoso re-applies it four frames after mounting,
        // which snapped the view back down when the user scrolled up right away. Opening at the
        // bottom is ours: start at the last items, then follow the bottom while pinned (below).
        initialScrollTop={Number.MAX_SAFE_INTEGER}
        increaseViewportBy={{ top: 600, bottom: 600 }}
        components={VIRTUOSO_COMPONENTS}
        totalListHeightChanged={follow.onListHeightChanged}
        itemContent={(i, m: ViewMessage) => <div className="od-messages-vitem">{renderItem(i, m)}</div>}
      />
    )
  }

  return (
    // A named region: the composer comes before it in the page (ChatView), so a screen reader
    // user jumps here by its name.
    <div className="od-messages" ref={follow.setScroller} data-testid="message-list" role="region" aria-label={t('shell.messagesLabel')}>
      <div className="od-messages-inner" ref={follow.setContent} style={{ paddingBottom: FOLLOW_RUNWAY_PX }}>
        {messages.map((m, i) => renderItem(i, m))}
      </div>
    </div>
  )
}
