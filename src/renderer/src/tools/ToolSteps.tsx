/**
 * The tools an answer used, above its text: one row per step — the tool and where it comes from,
 * a one-line summary of its arguments, a spinner then its duration — that opens to the full
 * arguments and the result (JSON pretty-printed, markdown rendered, text as is). A step awaiting
 * approval is open, with the arguments in full and Allow once / Always allow / Deny. A query_data
 * step with a result shows its SQL and results table under its row, open or not (ResultTable).
 * A change to the saved memories shows as a chip with Undo (MemoryChip).
 * Below the answer, its sources.
 */
import { memo, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ToolSource } from '../../../shared/domain'
import { MarkdownView } from '../markdown'
import type { MarkdownLabels } from '../markdown'
import { useController } from '../state/hooks'
import type { ViewToolStep } from '../state/messages'
import { isMemoryStep, MemoryChip } from './MemoryChip'
import { ResultTable } from './ResultTable'
import { sqlFromArguments } from './resultTableLogic'

/** The arguments in one short line: `query: "tea", limit: 3`. */
export function argumentSummary(json: string, max = 80): string {
  let line = json
  try {
    const value: unknown = JSON.parse(json || '{}')
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      line = Object.entries(value)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)}`)
        .join(', ')
    }
  } catch {
    /* shown as sent */
  }
  const chars = Array.from(line.replace(/\s+/g, ' '))
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('')
}

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2)
  } catch {
    return json
  }
}

function StepResult(props: { step: ViewToolStep; onOpenLink: (url: string, shownText?: string) => void; labels: Partial<MarkdownLabels> }): ReactElement | null {
  const { step } = props
  if (!step.result) return null
  if (step.format === 'markdown') return <MarkdownView text={step.result} streaming={false} onOpenLink={props.onOpenLink} labels={props.labels} />
  return <pre className="od-tool-pre">{step.format === 'json' ? pretty(step.result) : step.result}</pre>
}

function StepImpl(props: { step: ViewToolStep; onOpenLink: (url: string, shownText?: string) => void; labels: Partial<MarkdownLabels> }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const { step } = props
  const awaiting = step.status === 'awaiting' && step.approvalId !== undefined
  const [open, setOpen] = useState(false)
  const [answered, setAnswered] = useState(false)
  const expanded = open || awaiting
  const source = step.source !== 'builtin' && step.source !== 'unknown' ? t('chat.toolsStep.from', { source: step.source }) : ''
  const state =
    step.status === 'running'
      ? t('chat.toolsStep.running')
      : step.status === 'awaiting'
        ? t('chat.toolsStep.awaiting')
        : step.status === 'done'
          ? t('chat.toolsStep.seconds', { seconds: ((step.durationMs ?? 0) / 1000).toFixed(1) })
          : t(`chat.toolsStep.${step.status}`)
  const decide = (decision: 'once' | 'always' | 'deny'): void => {
    if (!step.approvalId) return
    setAnswered(true)
    void controller.chat.approveTool(step.approvalId, decision)
  }
  return (
    <div className="od-tool-step" data-testid="tool-step" data-tool={step.name} data-status={step.status} data-expanded={expanded ? 'true' : 'false'}>
      <button type="button" className="od-tool-head" data-testid="tool-step-toggle" aria-expanded={expanded} onClick={() => setOpen(!open)} disabled={awaiting}>
        {step.status === 'running' ? <span className="od-spinner" aria-hidden="true" /> : <span className="od-reasoning-chevron" aria-hidden="true">{expanded ? '▾' : '▸'}</span>}
        <span className="od-tool-name">{step.title}</span>
        {source ? <span className="od-tool-source">{source}</span> : null}
        <span className="od-tool-args" data-testid="tool-step-args">{argumentSummary(step.arguments)}</span>
        <span className="od-tool-state" data-testid="tool-step-state">{state}</span>
      </button>
      {step.table ? <ResultTable table={step.table} sql={sqlFromArguments(step.arguments)} /> : null}
      {expanded ? (
        <div className="od-tool-body">
          {awaiting ? <p className="od-tool-ask">{t('chat.toolsStep.askTitle', { tool: step.title })}</p> : null}
          <div className="od-tool-label">{t('chat.toolsStep.arguments')}</div>
          <pre className="od-tool-pre" data-testid="tool-step-arguments">{pretty(step.arguments)}</pre>
          {awaiting ? (
            <div className="od-error-actions" data-testid="tool-approval">
              <button type="button" className="od-btn od-btn-small od-btn-primary" data-testid="tool-allow-once" disabled={answered} onClick={() => decide('once')}>
                {t('chat.toolsStep.allowOnce')}
              </button>
              <button type="button" className="od-btn od-btn-small" data-testid="tool-allow-always" disabled={answered} onClick={() => decide('always')}>
                {t('chat.toolsStep.allowAlways')}
              </button>
              <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="tool-deny" disabled={answered} onClick={() => decide('deny')}>
                {t('chat.toolsStep.deny')}
              </button>
            </div>
          ) : null}
          {step.result ? (
            <>
              <div className="od-tool-label">{t('chat.toolsStep.result')}</div>
              <div className="od-tool-result" data-testid="tool-step-result">
                <StepResult step={step} onOpenLink={props.onOpenLink} labels={props.labels} />
              </div>
            </>
          ) : null}
          {step.images?.length ? (
            <div className="od-tool-images">
              {step.images.map((img, i) => (
                <img key={i} src={`data:${img.mime};base64,${img.data}`} alt={t('chat.toolsStep.image', { n: i + 1 })} data-testid="tool-step-image" />
              ))}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

/** A step re-renders only when it changes (a long answer's earlier steps keep their objects). */
const Step = memo(StepImpl)

export function ToolSteps(props: {
  steps: readonly ViewToolStep[]
  onOpenLink: (url: string, shownText?: string) => void
  labels: Partial<MarkdownLabels>
  /** The answer's message: Undo of a memory change names it. */
  messageId: string
  /** Opens Settings → Memory (main window only: the companion shows a memory change's text alone). */
  onManageMemories?: () => void
}): ReactElement {
  return (
    <div className="od-tool-steps" data-testid="tool-steps">
      {props.steps.map((step) =>
        // A memory change is a chip with Undo; the step while it runs, or when it failed, is a row.
        isMemoryStep(step) ? (
          <MemoryChip key={step.callId} step={step} messageId={props.messageId} onManageMemories={props.onManageMemories} />
        ) : (
          <Step key={step.callId} step={step} onOpenLink={props.onOpenLink} labels={props.labels} />
        )
      )}
    </div>
  )
}

/** The answer's sources, numbered as its [n] markers. */
export function SourceList(props: { sources: readonly ToolSource[]; onOpenLink: (url: string, shownText?: string) => void }): ReactElement {
  const { t } = useTranslation()
  return (
    <div className="od-sources" data-testid="sources">
      <div className="od-tool-label">{t('chat.sources')}</div>
      <ol>
        {props.sources.map((s, i) => {
          let site = ''
          try {
            site = new URL(s.url).hostname
          } catch {
            /* not a URL: no site */
          }
          return (
            <li key={`${i}-${s.url}`} data-testid="source">
              <button type="button" className="od-link-btn" title={s.url} onClick={() => props.onOpenLink(s.url)}>
                {s.title || s.url}
              </button>
              {site ? <span className="od-source-site"> · {site}</span> : null}
            </li>
          )
        })}
      </ol>
    </div>
  )
}
