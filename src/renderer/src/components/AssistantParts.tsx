/**
 * An assistant where the chat shows it: its avatar (picture, emoji, or a neutral face), the
 * header badge of a conversation with it, and, on its empty new chat, its conversation starters
 * as chips that send their text.
 */
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { Assistant } from '../state/controller'
import { useAppState } from '../state/hooks'
import './assistants.css'

/** Shown for an assistant with neither emoji nor picture. */
const DEFAULT_EMOJI = '🤖'

export function AssistantAvatar(props: { assistant: Pick<Assistant, 'emoji' | 'image'>; size?: 'small' | 'large' }): ReactElement {
  const { assistant: a, size = 'small' } = props
  return (
    <span className="od-assistant-avatar" data-size={size} aria-hidden="true">
      {/* The picture is a data: URL main checked (PNG, JPEG or WebP): nothing is fetched. */}
      {a.image ? <img src={a.image} alt="" draggable={false} /> : (a.emoji ?? DEFAULT_EMOJI)}
    </span>
  )
}

/**
 * The assistant the chat on screen talks to: the open conversation's, or, on a new chat (and the
 * conversation its first message just created, before main lists it), the one picked with "Chat".
 * Undefined when there is none or it was deleted since.
 */
export function useChatAssistant(): Assistant | undefined {
  return useAppState((s) => {
    const active = s.activeId ? s.conversations.find((c) => c.id === s.activeId) : undefined
    const id = active ? active.assistantId : s.pendingAssistantId
    return id ? s.assistants.find((a) => a.id === id) : undefined
  })
}

export function ChatAssistantBadge({ assistant }: { assistant: Assistant }): ReactElement {
  const { t } = useTranslation()
  return (
    <span className="od-chat-assistant" data-testid="chat-assistant" data-id={assistant.id} title={t('assistants.chat.header', { name: assistant.name })}>
      <AssistantAvatar assistant={assistant} />
      <span className="od-chat-assistant-name">{assistant.name}</span>
    </span>
  )
}

/** The empty new chat of an assistant: who it is, and its starters (one click sends one). */
export function AssistantWelcome(props: { assistant: Assistant; onSend: (text: string) => void }): ReactElement {
  const { t } = useTranslation()
  const { assistant: a } = props
  return (
    <div className="od-assistant-welcome" data-testid="assistant-welcome">
      <AssistantAvatar assistant={a} size="large" />
      <h2 className="od-empty-title">{a.name}</h2>
      {a.description ? <p className="od-muted od-assistant-welcome-desc">{a.description}</p> : null}
      {a.starters.length ? (
        <ul className="od-starters" aria-label={t('assistants.chat.startersLabel')}>
          {a.starters.map((text, i) => (
            <li key={`${i}:${text}`}>
              <button type="button" className="od-starter-chip" data-testid="starter-chip" onClick={() => props.onSend(text)}>
                {text}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
