/**
 * The composer's microphone: click to dictate; while listening a live level meter, ✓ to insert
 * what was said, × (or Esc) to drop it; then "Transcribing…". `DictationNote` says what is
 * happening, or why it failed, in the composer's hint line.
 */
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorText } from '../components/ErrorPanel'
import { IconCheck, IconClose, IconMic } from '../components/Icons'
import type { Dictation } from './useDictation'
import './dictation.css'

/** dBFS → 0…1 for the meter: −60 dB and below is still, −10 dB and above is full. */
function meterScale(dbfs: number): number {
  if (!Number.isFinite(dbfs)) return 0
  return Math.max(0, Math.min(1, (dbfs + 60) / 50))
}

export function DictationControls(props: { dictation: Dictation; disabled?: boolean }): ReactElement {
  const { t } = useTranslation()
  const d = props.dictation
  if (d.status === 'idle') {
    return (
      <button
        type="button"
        className="od-icon-btn od-dictate-btn"
        data-testid="dictate"
        aria-label={t('chat.dictate')}
        title={t('chat.dictate')}
        disabled={props.disabled}
        onClick={d.start}
      >
        <IconMic size={18} />
      </button>
    )
  }
  const listening = d.status === 'recording'
  return (
    <span className="od-dictation" data-testid="dictation" data-status={d.status}>
      <span className="od-dictation-meter" data-testid="dictation-level" data-level={Number.isFinite(d.level) ? Math.round(d.level) : '-inf'} aria-hidden="true">
        <span style={{ transform: `scaleY(${Math.max(0.08, meterScale(d.level))})` }} />
      </span>
      {d.status === 'transcribing' ? null : (
        <button type="button" className="od-icon-btn" data-testid="dictate-done" aria-label={t('chat.dictateDone')} title={t('chat.dictateDone')} disabled={!listening} onClick={d.finish}>
          <IconCheck size={18} />
        </button>
      )}
      <button type="button" className="od-icon-btn" data-testid="dictate-cancel" aria-label={t('chat.dictateCancel')} title={t('chat.dictateCancel')} onClick={d.cancel}>
        <IconClose size={16} />
      </button>
    </span>
  )
}

export function DictationNote(props: { dictation: Dictation }): ReactElement | null {
  const { t } = useTranslation()
  const d = props.dictation
  if (d.failure) {
    return (
      <span className="od-composer-error od-dictation-failure" data-testid="dictation-error" role="alert">
        {d.failure.kind === 'transcribe' ? (
          <>
            {t('chat.dictateFailed')} <ErrorText error={d.failure.error} />
          </>
        ) : d.failure.kind === 'mic-denied' ? (
          `${t('voice.micDenied')} ${t('voice.micDeniedHelp')}`
        ) : d.failure.kind === 'no-device' ? (
          t('voice.noDevice')
        ) : (
          t('chat.dictateFailed')
        )}
        <button type="button" className="od-icon-btn od-icon-btn-small" aria-label={t('common.close')} title={t('common.close')} onClick={d.dismissFailure}>
          <IconClose size={12} />
        </button>
      </span>
    )
  }
  if (d.status === 'recording' || d.status === 'starting') return <span data-testid="dictation-note">{t('chat.dictateListening')}</span>
  if (d.status === 'transcribing') return <span data-testid="dictation-note">{t('chat.dictateTranscribing')}</span>
  return null
}
