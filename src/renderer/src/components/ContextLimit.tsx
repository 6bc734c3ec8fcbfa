/**
 * A conversation longer than the model can read, in the chat view: the two ways on offered under
 * the error (a new chat that carries a summary, or a retry without the oldest turns), the line
 * where what is sent starts after a retry (with a way to send everything again), and the summary
 * card that opens the new chat. Nothing here deletes a message.
 */
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { MarkdownView } from '../markdown'
import type { MarkdownLabels } from '../markdown'
import { useController } from '../state/hooks'

/** Under a context-length error on the last answer: the user chooses how to go on. */
export function ContextLimitChoices(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const [summarising, setSummarising] = useState(false)
  const summarise = async (): Promise<void> => {
    setSummarising(true)
    try {
      await controller.chat.newChatWithSummary()
    } finally {
      setSummarising(false)
    }
  }
  return (
    <div className="od-context-choices" data-testid="context-choices">
      <div className="od-error-actions">
        <button type="button" className="od-btn od-btn-small" data-testid="context-summarize" disabled={summarising} aria-busy={summarising} onClick={() => void summarise()}>
          {summarising ? t('chat.contextSummarizing') : t('chat.contextSummarize')}
        </button>
        <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="context-trim" disabled={summarising} onClick={() => void controller.chat.retryWithoutOldest()}>
          {t('chat.contextTrim')}
        </button>
      </div>
      <p className="od-context-hint">{t('chat.contextChoiceHint')}</p>
    </div>
  )
}

/** Above the first message sent to the model, when the oldest turns are left out. */
export function ContextDivider(props: { busy: boolean }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  return (
    <div className="od-context-divider" data-testid="context-divider" role="separator">
      <span>{t('chat.contextDivider')}</span>
      {!props.busy ? (
        <button type="button" className="od-link-btn" data-testid="context-include-all" onClick={() => void controller.chat.includeAllTurns()}>
          {t('chat.contextIncludeAll')}
        </button>
      ) : null}
    </div>
  )
}

/** The summary a new chat started from, folded by default, with the way back to the original. */
export function SummaryCard(props: {
  summary: { text: string; fromConversationId: string; fromTitle: string }
  onOpenLink: (url: string, shownText?: string) => void
  labels: Partial<MarkdownLabels>
}): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const [expanded, setExpanded] = useState(false)
  return (
    <div className="od-summary-card" data-testid="summary-card" data-expanded={expanded ? 'true' : 'false'}>
      <button type="button" className="od-reasoning-toggle" data-testid="summary-toggle" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        <span className="od-reasoning-chevron" aria-hidden="true">
          {expanded ? '▾' : '▸'}
        </span>
        <span>{t('chat.summaryFrom', { title: props.summary.fromTitle })}</span>
      </button>
      {expanded ? (
        <div className="od-reasoning-body" data-testid="summary-body">
          <MarkdownView text={props.summary.text} streaming={false} onOpenLink={props.onOpenLink} labels={props.labels} />
        </div>
      ) : null}
      <button type="button" className="od-link-btn" data-testid="summary-open-original" onClick={() => void controller.conversations.open(props.summary.fromConversationId)}>
        {t('chat.summaryOpenOriginal')}
      </button>
    </div>
  )
}
