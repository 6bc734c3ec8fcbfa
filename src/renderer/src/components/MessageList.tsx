/**
 * The scrolling list of messages. Stays pinned to the bottom while an answer grows, unless the
 * user scrolled up to read; scrolls to and flashes a message opened from search.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactElement } from 'react'
import { lastIndexOfRole } from '../state/messages'
import { useAppState, useController } from '../state/hooks'
import { MessageItem } from './MessageItem'

const PIN_THRESHOLD_PX = 80
const FLASH_MS = 2200

export function MessageList(): ReactElement {
  const controller = useController()
  const messages = useAppState((s) => s.messages)
  const activeId = useAppState((s) => s.activeId)
  const highlight = useAppState((s) => s.highlight)
  const streams = useAppState((s) => s.streams)
  const busy = Object.values(streams).some((st) => st.conversationId === activeId)

  const scroller = useRef<HTMLDivElement>(null)
  const content = useRef<HTMLDivElement>(null)
  const pinned = useRef(true)
  const [flashId, setFlashId] = useState<string | null>(null)

  const scrollToBottom = useCallback(() => {
    const el = scroller.current
    if (el) el.scrollTop = el.scrollHeight
  }, [])

  // A different conversation: start at the bottom (unless a search hit says where to go).
  useLayoutEffect(() => {
    pinned.current = true
    scrollToBottom()
  }, [activeId, scrollToBottom])

  // New messages (sending, or loaded): follow them when pinned; always when the user just sent.
  const lastMessage = messages[messages.length - 1]
  useLayoutEffect(() => {
    if (lastMessage?.local) pinned.current = true
    if (pinned.current) scrollToBottom()
  }, [messages.length, lastMessage?.id, lastMessage?.local, scrollToBottom])

  // Content growing (streaming text, code blocks highlighting late): keep the bottom in view.
  useEffect(() => {
    const el = content.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(() => {
      if (pinned.current) scrollToBottom()
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [scrollToBottom])

  // Search hit: scroll to the message and flash it.
  // Done once per hit, as soon as the message is in the list (it may still be loading).
  const handledTick = useRef(0)
  useEffect(() => {
    if (!highlight || handledTick.current === highlight.tick) return
    const candidates = scroller.current?.querySelectorAll<HTMLElement>('[data-message-id]') ?? []
    const el = Array.from(candidates).find((node) => node.dataset.messageId === highlight.messageId)
    if (!el) return
    handledTick.current = highlight.tick
    pinned.current = false
    el.scrollIntoView?.({ block: 'center' })
    setFlashId(highlight.messageId)
  }, [highlight, messages])
  useEffect(() => {
    if (!flashId) return
    const timer = setTimeout(() => setFlashId(null), FLASH_MS)
    return () => clearTimeout(timer)
  }, [flashId])

  const onScroll = (): void => {
    const el = scroller.current
    if (!el) return
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < PIN_THRESHOLD_PX
  }

  const onRegenerate = useCallback(() => void controller.regenerate(), [controller])
  const onEdit = useCallback((id: string, text: string) => void controller.editAndResend(id, text), [controller])
  const onOpenLink = useCallback((url: string) => controller.openExternal(url), [controller])
  const onOpenSettings = useCallback(() => controller.openSettings(), [controller])

  const lastUser = lastIndexOfRole(messages, 'user')
  const lastAssistant = lastIndexOfRole(messages, 'assistant')

  return (
    <div className="od-messages" ref={scroller} onScroll={onScroll} data-testid="message-list">
      <div className="od-messages-inner" ref={content}>
        {messages.map((m, i) => (
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
        ))}
      </div>
    </div>
  )
}
