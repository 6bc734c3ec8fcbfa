/**
 * The scrolling list of messages. Stays pinned to the bottom while an answer grows, unless the
 * user scrolled up to read; scrolls to and flashes a message opened from search.
 *
 * Long conversations are virtualised with react-virtuoso (from VIRTUALISE_FROM messages on): only
 * the messages in and near the viewport are mounted, the list opens at its last message, and a
 * 2,000-message conversation costs what its visible part costs. Short ones render every message
 * (simple DOM, and every message findable by tests and by Ctrl+F).
 */
import { forwardRef, useCallback, useEffect, useRef, useState, type ReactElement } from 'react'
import { Virtuoso, type Components, type VirtuosoHandle } from 'react-virtuoso'
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

const VList: Components<ViewMessage>['List'] = forwardRef(function VList(props, ref) {
  return <div {...props} ref={ref} className="od-messages-vlist" />
})
const VHeader: Components<ViewMessage>['Header'] = () => <div className="od-messages-vpad-top" />
const VFooter: Components<ViewMessage>['Footer'] = () => <div className="od-messages-vpad-bottom" />
const VIRTUOSO_COMPONENTS: Components<ViewMessage> = { List: VList, Header: VHeader, Footer: VFooter }

export function MessageList(): ReactElement {
  const controller = useController()
  const messages = useAppState((s) => s.messages)
  const activeId = useAppState((s) => s.activeId)
  const highlight = useAppState((s) => s.highlight)
  const streams = useAppState((s) => s.streams)
  const busy = Object.values(streams).some((st) => st.conversationId === activeId)
  const virtual = messages.length >= VIRTUALISE_FROM

  const virtuoso = useRef<VirtuosoHandle>(null)
  const [flashId, setFlashId] = useState<string | null>(null)
  const follow = useFollowBottom({ activeId, messages, virtual, runwayPx: FOLLOW_RUNWAY_PX })

  // Search hit: scroll to the message and flash it.
  // Done once per hit, as soon as the message is in the list (it may still be loading).
  const handledTick = useRef(0)
  useEffect(() => {
    if (!highlight || handledTick.current === highlight.tick) return
    if (virtual) {
      const index = messages.findIndex((m) => m.id === highlight.messageId)
      if (index === -1) return
      handledTick.current = highlight.tick
      follow.unpin()
      virtuoso.current?.scrollToIndex({ index, align: 'center' })
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
  }, [highlight, messages, virtual, follow])
  useEffect(() => {
    if (!flashId) return
    const timer = setTimeout(() => setFlashId(null), FLASH_MS)
    return () => clearTimeout(timer)
  }, [flashId])

  const onRegenerate = useCallback(() => void controller.regenerate(), [controller])
  const onEdit = useCallback((id: string, text: string) => void controller.editAndResend(id, text), [controller])
  const onOpenLink = useCallback((url: string) => controller.openExternal(url), [controller])
  const onOpenSettings = useCallback(() => controller.openSettings(), [controller])

  const lastUser = lastIndexOfRole(messages, 'user')
  const lastAssistant = lastIndexOfRole(messages, 'assistant')

  const renderItem = (i: number, m: ViewMessage): ReactElement => (
    <MessageItem
      key={m.id}
      message={m}
      isLastUser={i === lastUser}
      isLastAssistant={i === lastAssistant && i === messages.length - 1}
      busy={busy}
      highlighted={flashId === m.id}
      onRegenerate={onRegenerate}
      onEdit={onEdit}
      onOpenLink={onOpenLink}
      onOpenSettings={onOpenSettings}
    />
  )

  if (virtual) {
    return (
      <Virtuoso<ViewMessage>
        key={activeId ?? ''}
        ref={virtuoso}
        className="od-messages"
        data-testid="message-list"
        data-virtualised=""
        scrollerRef={follow.setScroller}
        data={messages}
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
    <div className="od-messages" ref={follow.setScroller} data-testid="message-list">
      <div className="od-messages-inner" ref={follow.content} style={{ paddingBottom: FOLLOW_RUNWAY_PX }}>
        {messages.map((m, i) => renderItem(i, m))}
      </div>
    </div>
  )
}
