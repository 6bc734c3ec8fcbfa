/**
 * A reasoning model's thinking, above its answer: open with the seconds ticking while the model
 * thinks, folded to "Thought for N s" once the answer starts (the user can open it again, or fold
 * it while it thinks), rendered as markdown, with its own Copy. The answer's Copy never includes it.
 */
import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { MarkdownView } from '../markdown'
import type { MarkdownLabels } from '../markdown'
import { CopyButton } from './CopyButton'

export interface ThinkingBlockProps {
  reasoning: string
  /** The model is still thinking (streaming, no answer text yet). */
  thinking: boolean
  /** Stored thinking time, once known. */
  ms?: number
  /** When the first reasoning arrived (Date.now()), while streaming. */
  since?: number
  onOpenLink: (url: string, shownText?: string) => void
  labels: Partial<MarkdownLabels>
}

/** Whole seconds since `since`, ticking while `running`; frozen at its last value after. */
function useElapsedSeconds(since: number | undefined, running: boolean): number | undefined {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!running || since === undefined) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [running, since])
  return since === undefined ? undefined : Math.max(0, Math.floor((now - since) / 1000))
}

export function ThinkingBlock(props: ThinkingBlockProps): ReactElement {
  const { t } = useTranslation()
  // null: follow the stream (open while thinking, folded after); a click decides from then on.
  const [choice, setChoice] = useState<boolean | null>(null)
  const expanded = choice ?? props.thinking
  const live = useElapsedSeconds(props.since, props.thinking)
  const seconds = props.ms !== undefined ? Math.max(1, Math.round(props.ms / 1000)) : live !== undefined ? Math.max(1, live) : undefined
  const summary = props.thinking
    ? t('chat.thinkingFor', { seconds: live ?? 0 })
    : seconds !== undefined
      ? t('chat.thoughtFor', { seconds })
      : t('chat.thoughts')
  return (
    <div className="od-reasoning" data-testid="reasoning" data-state={props.thinking ? 'thinking' : 'done'} data-expanded={expanded ? 'true' : 'false'}>
      <button
        type="button"
        className="od-reasoning-toggle"
        data-testid="reasoning-toggle"
        aria-expanded={expanded}
        onClick={() => setChoice(!expanded)}
      >
        <span className="od-reasoning-chevron" aria-hidden="true">
          {expanded ? '▾' : '▸'}
        </span>
        <span data-testid="reasoning-summary">{summary}</span>
      </button>
      {expanded ? (
        <div className="od-reasoning-body" data-testid="reasoning-body">
          <MarkdownView text={props.reasoning} streaming={props.thinking} onOpenLink={props.onOpenLink} labels={props.labels} />
          {!props.thinking ? (
            <div className="od-reasoning-actions">
              <CopyButton text={props.reasoning} testId="reasoning-copy" label={t('chat.copyThoughts')} />
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
