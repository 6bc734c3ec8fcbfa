/**
 * The scrolling list of messages. Stays pinned to the bottom while an answer grows, unless the
 * user scrolled up to read; scrolls to and flashes a message opened from search.
 *
 * Long conversations are virtualised with react-virtuoso (from VIRTUALISE_FROM messages on): only
 * the messages in and near the viewport are mounted, the list opens at its last message, and a
 * 2,000-message conversation costs what its visible part costs. Short ones render every message
 * (simple DOM, and every message findable by tests and by Ctrl+F).
 */
import { forwardRef, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactElement } from 'react'
import { Virtuoso, type Components, type VirtuosoHandle } from 'react-virtuoso'
import { lastIndexOfRole, type ViewMessage } from '../state/messages'
import { useAppState, useController } from '../state/hooks'
import { MessageItem } from './MessageItem'

/**
 * Empty room below the last message. Following a streaming answer scrolls only when its text
 * reaches FOLLOW_MARGIN_PX above the viewport's bottom, and then scrolls the whole runway at once:
 * every scroll step repaints everything in view, so one step per ~5 lines instead of one per
 * update (measured in `npm run bench -- render`). Below the virtualisation threshold only.
 */
export const FOLLOW_RUNWAY_PX = 128
const FOLLOW_MARGIN_PX = 24
/** Within this distance of the end of the list, the view counts as at the bottom (pinned). */
const PIN_THRESHOLD_PX = FOLLOW_RUNWAY_PX + 24
const FLASH_MS = 2200
/** After a wheel-up / PageUp, scroll positions near the bottom don't re-pin for this long. */
const USER_INTENT_MS = 600
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

  const scroller = useRef<HTMLElement | null>(null)
  const content = useRef<HTMLDivElement>(null)
  const virtuoso = useRef<VirtuosoHandle>(null)
  const pinned = useRef(true)
  /** scrollTop as of our last scroll or the last scroll event: a difference is a scroll whose event hasn't arrived yet. */
  const seenTop = useRef(0)
  const [flashId, setFlashId] = useState<string | null>(null)

  // Pinned = following the bottom: the user scrolled (or is) near the bottom. Wheel-up and
  // PageUp/ArrowUp/Home unpin at once too (see onUserScrollIntent).
  const intentAt = useRef(-Infinity)
  const syncPinned = useCallback((el: HTMLElement): void => {
    seenTop.current = el.scrollTop
    // Right after a wheel-up the first (smooth) scroll steps are still near the bottom: don't re-pin.
    if (performance.now() - intentAt.current < USER_INTENT_MS) return
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < PIN_THRESHOLD_PX
  }, [])
  const onScroll = useCallback((): void => {
    if (scroller.current) syncPinned(scroller.current)
  }, [syncPinned])
  /**
   * Pinned, judged now: a scrollbar drag (or any scroll) moves scrollTop at once but its scroll
   * event comes with the next frame, and an update landing in between must not pull the user
   * back down (CI caught exactly that). Only a move up counts, and only in the plain list, whose
   * follow runs in a layout effect (task time). The virtualised list follows from its
   * ResizeObserver, which runs after the frame's scroll events anyway, and react-virtuoso moves
   * scrollTop itself as it measures items (that is not the user leaving the bottom).
   */
  const virtualRef = useRef(virtual)
  virtualRef.current = virtual
  const isPinned = useCallback(
    (el: HTMLElement): boolean => {
      if (!virtualRef.current && el.scrollTop < seenTop.current) syncPinned(el)
      return pinned.current
    },
    [syncPinned]
  )
  const scrollToBottom = useCallback(() => {
    const el = scroller.current
    if (!el) return
    el.scrollTop = el.scrollHeight
    seenTop.current = el.scrollTop
  }, [])
  /** While pinned: scroll the runway only once the newest text is about to leave the view. */
  const followBottom = useCallback(() => {
    const el = scroller.current
    if (!el || !isPinned(el)) return
    if (el.scrollHeight - el.scrollTop - el.clientHeight >= FOLLOW_RUNWAY_PX - FOLLOW_MARGIN_PX) scrollToBottom()
  }, [isPinned, scrollToBottom])

  // A different conversation: start at the bottom (unless a search hit says where to go).
  useLayoutEffect(() => {
    pinned.current = true
    scrollToBottom()
  }, [activeId, scrollToBottom])

  // New messages (sending, or loaded): follow them when pinned; always when the user just sent.
  const lastMessage = messages[messages.length - 1]
  useLayoutEffect(() => {
    if (lastMessage?.local) pinned.current = true
    else if (scroller.current) isPinned(scroller.current)
    if (pinned.current) scrollToBottom()
  }, [messages.length, lastMessage?.id, lastMessage?.local, scrollToBottom, isPinned])

  // A streamed update (messages change on every flush): follow it now, after React's commit and
  // before the frame, so the scroll and its scroll event land in that frame. (The ResizeObserver
  // below runs after the frame's layout: scrolling there pushed the scroll event into a frame of
  // its own, one more frame per update.)
  useLayoutEffect(() => {
    if (!virtual) followBottom()
  }, [messages, virtual, followBottom])

  // Content growing (streaming text, code blocks highlighting late): keep the bottom in view.
  // (Virtualised: totalListHeightChanged below does the same.)
  useEffect(() => {
    const el = content.current
    if (virtual || !el || typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(followBottom)
    ro.observe(el)
    return () => ro.disconnect()
  }, [followBottom, virtual])

  // Search hit: scroll to the message and flash it.
  // Done once per hit, as soon as the message is in the list (it may still be loading).
  const handledTick = useRef(0)
  useEffect(() => {
    if (!highlight || handledTick.current === highlight.tick) return
    if (virtual) {
      const index = messages.findIndex((m) => m.id === highlight.messageId)
      if (index === -1) return
      handledTick.current = highlight.tick
      pinned.current = false
      virtuoso.current?.scrollToIndex({ index, align: 'center' })
      setFlashId(highlight.messageId)
      return
    }
    const candidates = scroller.current?.querySelectorAll<HTMLElement>('[data-message-id]') ?? []
    const el = Array.from(candidates).find((node) => node.dataset.messageId === highlight.messageId)
    if (!el) return
    handledTick.current = highlight.tick
    pinned.current = false
    el.scrollIntoView?.({ block: 'center' })
    setFlashId(highlight.messageId)
  }, [highlight, messages, virtual])
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

  // The user reaching for older text unpins at once, before the scroll itself reaches the page
  // (a compositor-driven wheel scroll could otherwise race a follow-the-bottom jump).
  const onUserScrollIntent = useCallback((event: Event): void => {
    if (event instanceof WheelEvent ? event.deltaY < 0 : event instanceof KeyboardEvent && /^(PageUp|ArrowUp|Home)$/.test(event.key)) {
      pinned.current = false
      intentAt.current = performance.now()
    }
  }, [])
  const setScroller = useCallback(
    (el: HTMLElement | Window | null) => {
      const prev = scroller.current
      if (prev) {
        prev.removeEventListener('scroll', onScroll, { capture: true })
        prev.removeEventListener('wheel', onUserScrollIntent)
        prev.removeEventListener('keydown', onUserScrollIntent)
      }
      scroller.current = el instanceof HTMLElement ? el : null
      seenTop.current = scroller.current?.scrollTop ?? 0
      // Capture: runs before react-virtuoso's own scroll listener, which may render, resize the
      // list and call totalListHeightChanged (→ follow the bottom) before we saw the user's scroll.
      scroller.current?.addEventListener('scroll', onScroll, { passive: true, capture: true })
      scroller.current?.addEventListener('wheel', onUserScrollIntent, { passive: true })
      scroller.current?.addEventListener('keydown', onUserScrollIntent)
    },
    [onScroll, onUserScrollIntent]
  )

  if (virtual) {
    return (
      <Virtuoso<ViewMessage>
        key={activeId ?? ''}
        ref={virtuoso}
        className="od-messages"
        data-testid="message-list"
        data-virtualised=""
        scrollerRef={setScroller}
        data={messages}
        computeItemKey={(_, m: ViewMessage) => m.id}
        // No initialTopMostItemIndex: react-virtuoso re-applies it four frames after mounting,
        // which snapped the view back down when the user scrolled up right away. Opening at the
        // bottom is ours: start at the last items, then follow the bottom while pinned (below).
        initialScrollTop={Number.MAX_SAFE_INTEGER}
        increaseViewportBy={{ top: 600, bottom: 600 }}
        components={VIRTUOSO_COMPONENTS}
        totalListHeightChanged={() => {
          // Pinned (at the bottom, no scroll away since): keep the bottom in view as items get
          // measured or an answer grows. A user scrolling up unpins first (capture listener and
          // wheel/key intent below), so measuring the items they scroll to never pulls them down.
          if (scroller.current && isPinned(scroller.current)) scrollToBottom()
        }}
        itemContent={(i, m: ViewMessage) => <div className="od-messages-vitem">{renderItem(i, m)}</div>}
      />
    )
  }

  return (
    <div className="od-messages" ref={setScroller} data-testid="message-list">
      <div className="od-messages-inner" ref={content} style={{ paddingBottom: FOLLOW_RUNWAY_PX }}>
        {messages.map((m, i) => renderItem(i, m))}
      </div>
    </div>
  )
}
