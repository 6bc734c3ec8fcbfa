/**
 * `@name` in the composer: typing `@` and a few letters lists the matching assistants above the
 * message box; ↑↓ choose, Enter or Tab (or a click) picks, Esc closes. Picking takes the mention
 * out of the text and makes the chat talk to that assistant — a new chat from its first message,
 * an open conversation from its next one — or to none ("No assistant", offered when the chat has
 * one). Shared by the main window and the companion (both render the Composer).
 */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactElement, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { matchAssistants, mentionAt, removeMention, type Mention } from '../logic/assistantMention'
import type { Assistant } from '../state/controller'
import { useAppState, useController } from '../state/hooks'
import { AssistantAvatar, useChatAssistant } from './AssistantParts'
import './assistants.css'

type Choice = { kind: 'assistant'; assistant: Assistant } | { kind: 'none' }

export interface AssistantMention {
  /** The list, or null when no mention is being typed. */
  menu: ReactElement | null
  /** The textarea's keys first: true when the list used the key (the composer does nothing with it). */
  onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>, composing: boolean): boolean
  /** The caret moved or the text changed (onSelect / onChange of the textarea). */
  onCaret(position: number | null): void
  /** For the textarea: what assistive technology needs to follow the list. */
  inputProps: {
    'aria-autocomplete': 'list'
    'aria-expanded': boolean
    'aria-controls'?: string
    'aria-activedescendant'?: string
  }
}

/** "No assistant" is offered for an empty mention and for one that starts to spell it or "Omnidesk". */
function offersNone(query: string, noneLabel: string): boolean {
  const q = query.trim().toLowerCase()
  return !q || 'omnidesk'.startsWith(q) || noneLabel.toLowerCase().startsWith(q)
}

export function useAssistantMention(opts: { text: string; setText(text: string): void; area: RefObject<HTMLTextAreaElement | null> }): AssistantMention {
  const { t } = useTranslation()
  const controller = useController()
  const assistants = useAppState((s) => s.assistants)
  const current = useChatAssistant()
  const listId = useId()
  const [caret, setCaret] = useState<number | null>(null)
  /** The `@` whose list Esc closed: it stays closed until another mention starts. */
  const [dismissedAt, setDismissedAt] = useState<number | null>(null)
  const [activeIndex, setActiveIndex] = useState(0)
  const caretAfterPick = useRef<number | null>(null)

  const mention: Mention | undefined = caret === null ? undefined : mentionAt(opts.text, caret)
  const open = !!mention && mention.start !== dismissedAt && assistants.length > 0
  const choices: Choice[] = open
    ? [
        ...(current && offersNone(mention.query, t('assistants.mention.none')) ? [{ kind: 'none' as const }] : []),
        ...matchAssistants(assistants, mention.query).map((assistant) => ({ kind: 'assistant' as const, assistant }))
      ]
    : []
  const shown = choices.length > 0
  const active = Math.min(activeIndex, Math.max(0, choices.length - 1))

  // A new query starts at the top of its list; a mention gone forgets that Esc closed it.
  useEffect(() => setActiveIndex(0), [mention?.start, mention?.query])
  const mentionGone = mention === undefined
  useEffect(() => {
    if (mentionGone) setDismissedAt(null)
  }, [mentionGone])

  // After a pick the caret goes where the mention was (once React wrote the new text).
  useLayoutEffect(() => {
    const el = opts.area.current
    if (caretAfterPick.current === null || !el) return
    el.setSelectionRange(caretAfterPick.current, caretAfterPick.current)
    caretAfterPick.current = null
  }, [opts.text, opts.area])

  const pick = useCallback(
    (choice: Choice) => {
      if (!mention) return
      const next = removeMention(opts.text, mention)
      caretAfterPick.current = next.caret
      setCaret(next.caret)
      opts.setText(next.text)
      void controller.assistants.choose(choice.kind === 'none' ? null : choice.assistant.id)
    },
    [mention, opts, controller]
  )

  const optionId = (i: number): string => `${listId}-option-${i}`

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>, composing: boolean): boolean => {
    if (!shown || composing) return false
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const step = e.key === 'ArrowDown' ? 1 : -1
      setActiveIndex((active + step + choices.length) % choices.length)
      return true
    }
    if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault()
      pick(choices[active])
      return true
    }
    if (e.key === 'Escape') {
      // Closes the list only (the companion would hide on Esc: it skips a handled key).
      e.preventDefault()
      e.stopPropagation()
      setDismissedAt(mention?.start ?? null)
      return true
    }
    return false
  }

  const menu = shown ? (
    <div className="od-mention" data-testid="assistant-mention">
      <ul className="od-mention-list" id={listId} role="listbox" aria-label={t('assistants.mention.label')}>
        {choices.map((choice, i) => (
          <li
            key={choice.kind === 'none' ? 'none' : choice.assistant.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className="od-mention-option"
            data-testid="assistant-mention-option"
            data-id={choice.kind === 'none' ? '' : choice.assistant.id}
            // Keeps the focus (and the caret) in the message box.
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActiveIndex(i)}
            onClick={() => pick(choice)}
          >
            {choice.kind === 'none' ? (
              <>
                <span className="od-assistant-avatar" aria-hidden="true">
                  ∅
                </span>
                <span className="od-mention-name">{t('assistants.mention.none')}</span>
                <span className="od-mention-desc">{t('assistants.mention.noneHint')}</span>
              </>
            ) : (
              <>
                <AssistantAvatar assistant={choice.assistant} />
                <span className="od-mention-name">{choice.assistant.name}</span>
                {choice.assistant.description ? <span className="od-mention-desc">{choice.assistant.description}</span> : null}
              </>
            )}
          </li>
        ))}
      </ul>
      <p className="od-mention-hint">{t('assistants.mention.hint')}</p>
    </div>
  ) : null

  return {
    menu,
    onKeyDown,
    onCaret: setCaret,
    inputProps: {
      'aria-autocomplete': 'list',
      'aria-expanded': shown,
      ...(shown ? { 'aria-controls': listId, 'aria-activedescendant': optionId(active) } : {})
    }
  }
}
