/**
 * Following the bottom of a message list while an answer grows, unless the user scrolled up to
 * read. One behaviour for the main window's list (plain and virtualised) and the companion's
 * transcript.
 *
 * Pinned = following: the user is (or scrolled back) near the end. A scroll away, a wheel-up or
 * PageUp/ArrowUp/Home unpins at once; sending a message pins again.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from 'react'
import type { ViewMessage } from '../state/messages'

/** Within runwayPx + this of the end of the list, the view counts as at the bottom. */
const PIN_SLACK_PX = 24
/** Following scrolls only when the newest text comes this close to the runway's end. */
const FOLLOW_MARGIN_PX = 24
/** After a wheel-up / PageUp, scroll positions near the bottom don't re-pin for this long. */
const USER_INTENT_MS = 600

/**
 * Following after a scroll event: near the end (the runway and a little slack) follows; only a
 * move up leaves the bottom. The event of our own scroll to the end comes a frame later, and the
 * answer may have grown in between (a busy machine batches several updates into that frame):
 * then the view is far from the new end without anyone having left it.
 */
export function pinnedAfterScroll(pinned: boolean, scroll: { movedUp: boolean; distanceToEnd: number; runwayPx: number }): boolean {
  if (scroll.distanceToEnd < scroll.runwayPx + PIN_SLACK_PX) return true
  return scroll.movedUp ? false : pinned
}

export interface FollowBottomOptions {
  activeId: string | null
  messages: readonly ViewMessage[]
  /**
   * Empty room kept below the last message (the caller pads its content by it): following then
   * scrolls the whole runway at once, when the newest text reaches it, instead of a few pixels
   * per update (each scroll step repaints everything in view). 0: always exactly at the end.
   */
  runwayPx?: number
}

export interface FollowBottom {
  /** Ref callback for the scrolling element (scroll, wheel and key listeners go on it). */
  setScroller: (el: HTMLElement | Window | null) => void
  /** The scrolling element, once setScroller has seen it. */
  scroller: RefObject<HTMLElement | null>
  /**
   * Ref callback for the content that grows (observed for size changes): a plain list's content,
   * the virtualised list's footer (which holds the newest answer).
   */
  setContent: (el: HTMLElement | null) => void
  /** The view went somewhere on purpose (a search hit): stop following until the user is back at the end. */
  unpin: () => void
  /** Virtualised list: the height of its items changed (items measured as they mount). */
  onListHeightChanged: () => void
}

export function useFollowBottom({ activeId, messages, runwayPx = 0 }: FollowBottomOptions): FollowBottom {
  const scroller = useRef<HTMLElement | null>(null)
  const contentObserver = useRef<ResizeObserver | null>(null)
  const pinned = useRef(true)
  /** scrollTop as of our last scroll or the last scroll event: less now = a scroll whose event hasn't arrived yet. */
  const seenTop = useRef(0)
  const intentAt = useRef(-Infinity)

  const syncPinned = useCallback(
    (el: HTMLElement): void => {
      const movedUp = el.scrollTop < seenTop.current - 1
      seenTop.current = el.scrollTop
      // Right after a wheel-up the first (smooth) scroll steps are still near the bottom: don't re-pin.
      if (performance.now() - intentAt.current < USER_INTENT_MS) return
      pinned.current = pinnedAfterScroll(pinned.current, { movedUp, distanceToEnd: el.scrollHeight - el.scrollTop - el.clientHeight, runwayPx })
    },
    [runwayPx]
  )
  const onScroll = useCallback((): void => {
    if (scroller.current) syncPinned(scroller.current)
  }, [syncPinned])
  /**
   * Pinned, judged now: a scrollbar drag (or any scroll) moves scrollTop at once but its scroll
   * event comes with the next frame, and an update landing in between must not pull the user
   * back down (CI caught exactly that). Only a move up counts (a scrollTop clamped by a list
   * that got shorter is still at the end, so still pinned).
   */
  const isPinned = useCallback(
    (el: HTMLElement): boolean => {
      if (el.scrollTop < seenTop.current) syncPinned(el)
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
  /** While pinned: scroll (the runway) only once the newest text is about to leave the view. */
  const followBottom = useCallback(() => {
    const el = scroller.current
    if (!el || !isPinned(el)) return
    if (el.scrollHeight - el.scrollTop - el.clientHeight >= runwayPx - FOLLOW_MARGIN_PX) scrollToBottom()
  }, [isPinned, scrollToBottom, runwayPx])

  // A different conversation: start at the bottom.
  useLayoutEffect(() => {
    pinned.current = true
    scrollToBottom()
  }, [activeId, scrollToBottom])

  // New messages (sending, or loaded): follow them when pinned; always when the user just sent.
  const last = messages[messages.length - 1]
  useLayoutEffect(() => {
    if (last?.local) pinned.current = true
    else if (scroller.current) isPinned(scroller.current)
    if (pinned.current) scrollToBottom()
  }, [messages.length, last?.id, last?.local, scrollToBottom, isPinned])

  // A streamed update (messages change on every flush): follow it now, after React's commit and
  // before the frame, so the scroll and its scroll event land in that frame. (A ResizeObserver
  // runs after the frame's layout: scrolling there pushed the scroll event into a frame of its
  // own, one more frame per update.) The virtualised list keeps its newest answer in its footer,
  // outside react-virtuoso's items, so it follows the same way.
  useLayoutEffect(() => {
    followBottom()
  }, [messages, followBottom])

  // Content growing after the update (code highlighted late, a diagram drawn): keep the bottom in view.
  const followRef = useRef(followBottom)
  followRef.current = followBottom
  const setContent = useCallback((el: HTMLElement | null) => {
    contentObserver.current?.disconnect()
    contentObserver.current = null
    if (!el || typeof ResizeObserver === 'undefined') return
    contentObserver.current = new ResizeObserver(() => followRef.current())
    contentObserver.current.observe(el)
  }, [])
  useEffect(() => () => contentObserver.current?.disconnect(), [])

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
      // list and report a height change (→ follow the bottom) before we saw the user's scroll.
      scroller.current?.addEventListener('scroll', onScroll, { passive: true, capture: true })
      scroller.current?.addEventListener('wheel', onUserScrollIntent, { passive: true })
      scroller.current?.addEventListener('keydown', onUserScrollIntent)
    },
    [onScroll, onUserScrollIntent]
  )

  const unpin = useCallback(() => {
    pinned.current = false
  }, [])
  const onListHeightChanged = useCallback(() => {
    // Pinned (at the bottom, no scroll away since): keep the bottom in view as items get
    // measured or an answer grows. A user scrolling up unpins first (capture listener, wheel/key
    // intent), so measuring the items they scroll to never pulls them down.
    if (scroller.current && isPinned(scroller.current)) scrollToBottom()
  }, [isPinned, scrollToBottom])

  // Stable: setScroller and setContent are ref callbacks (new ones would detach and re-attach on every render).
  return useMemo(() => ({ setScroller, scroller, setContent, unpin, onListHeightChanged }), [setScroller, setContent, unpin, onListHeightChanged])
}
