/**
 * A change the model made to the saved memories, shown in its answer in place of a tool row:
 * "Memory updated: …" that opens to what changed, and Undo (then "Undone"). The main window also
 * links to Settings → Memory; the companion shows the text only (it has no settings panel).
 * A change to an assistant's own memory names it ("Saved to Translator's memory: …").
 */
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '../../../shared/errors'
import { useAppState, useController } from '../state/hooks'
import { memoryScopeAssistant } from '../state/memory'
import type { ViewToolStep } from '../state/messages'

export type MemoryStep = ViewToolStep & { memory: NonNullable<ViewToolStep['memory']> }

export function isMemoryStep(step: ViewToolStep): step is MemoryStep {
  return step.name === 'memory' && step.memory !== undefined
}

export function MemoryChip(props: { step: MemoryStep; messageId: string; onManageMemories?: () => void }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const change = props.step.memory
  const assistantId = change.scope ? memoryScopeAssistant(change.scope) : undefined
  // The companion has no assistants list: there the chip says only what changed.
  const owner = useAppState((s) => (assistantId ? s.assistants.find((a) => a.id === assistantId)?.name : undefined))
  const [open, setOpen] = useState(false)
  const [undoing, setUndoing] = useState(false)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const label = owner
    ? change.action === 'save'
      ? t('memory.chipSavedOwn', { text: change.text, name: owner })
      : change.action === 'update'
        ? t('memory.chipUpdatedOwn', { text: change.text, name: owner })
        : t('memory.chipForgotOwn', { text: change.text, name: owner })
    : change.action === 'save'
      ? t('memory.chipSaved', { text: change.text })
      : change.action === 'update'
        ? t('memory.chipUpdated', { text: change.text })
        : t('memory.chipForgot', { text: change.text })
  const undo = async (): Promise<void> => {
    setUndoing(true)
    setError(null)
    // On success the step comes back marked undone (the chip then says so); on failure it stays.
    const failed = await controller.memory.undo(props.messageId, props.step.callId)
    setUndoing(false)
    setError(failed)
  }
  return (
    <div className="od-memory-step" data-action={change.action} data-undone={change.undone ? 'true' : undefined}>
      <div className="od-memory-step-row">
        <button
          type="button"
          className="od-memory-chip"
          data-testid="memory-chip"
          data-action={change.action}
          aria-expanded={open}
          title={label}
          onClick={() => setOpen(!open)}
        >
          <span className="od-memory-chip-label">{label}</span>
        </button>
        {change.undone ? (
          <span className="od-memory-chip-undone" data-testid="memory-chip-undone">
            {t('memory.undone')}
          </span>
        ) : (
          <button type="button" className="od-link-btn od-memory-chip-undo" data-testid="memory-chip-undo" disabled={undoing} onClick={() => void undo()}>
            {t('memory.undo')}
          </button>
        )}
      </div>
      {error ? (
        <p className="od-memory-chip-error" role="alert" data-testid="memory-chip-error">
          {t('memory.undoFailed')}
          {error.detail ? ` ${error.detail}` : ''}
        </p>
      ) : null}
      {open ? (
        <div className="od-memory-chip-detail" data-testid="memory-chip-detail">
          {change.action === 'update' ? (
            <dl>
              <dt>{t('memory.detailNow')}</dt>
              <dd>{change.text}</dd>
              {change.previousText !== undefined ? (
                <>
                  <dt>{t('memory.detailBefore')}</dt>
                  <dd>{change.previousText}</dd>
                </>
              ) : null}
            </dl>
          ) : (
            <dl>
              <dt>{change.action === 'save' ? t('memory.detailSaved') : t('memory.detailForgotten')}</dt>
              <dd>{change.text}</dd>
            </dl>
          )}
          {props.onManageMemories ? (
            <button type="button" className="od-link-btn" data-testid="memory-chip-manage" onClick={props.onManageMemories}>
              {t('memory.manage')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
