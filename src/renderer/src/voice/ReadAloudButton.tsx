/**
 * An answer's Read aloud control: the speaker starts it; while it plays, Pause / Resume and Stop.
 * A failure (no speech endpoint, a wrong key) is said under the answer, with the provider's words.
 */
import { useSyncExternalStore, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorText } from '../components/ErrorPanel'
import { IconClose, IconPause, IconPlay, IconSpeaker, IconStop } from '../components/Icons'
import { readAloudPlayer } from './readAloud'
import './readAloud.css'

export function ReadAloudButton(props: { messageId: string }): ReactElement {
  const { t } = useTranslation()
  const player = readAloudPlayer()
  const state = useSyncExternalStore(player.subscribe, player.snapshot)
  const mine = state?.messageId === props.messageId ? state : null
  if (!mine) {
    return (
      <button
        type="button"
        className="od-icon-btn"
        data-testid="read-aloud"
        aria-label={t('chat.readAloud')}
        title={t('chat.readAloud')}
        onClick={() => void player.start(props.messageId)}
      >
        <IconSpeaker />
      </button>
    )
  }
  return (
    <span className="od-read-aloud" data-testid="read-aloud-controls" data-status={mine.status}>
      {mine.status === 'loading' ? (
        <span className="od-read-aloud-loading" role="status" title={t('chat.readAloudLoading')}>
          <IconSpeaker />
        </span>
      ) : mine.status === 'playing' ? (
        <button type="button" className="od-icon-btn" data-testid="read-aloud-pause" aria-label={t('chat.pauseReading')} title={t('chat.pauseReading')} onClick={() => player.pause()}>
          <IconPause />
        </button>
      ) : (
        <button type="button" className="od-icon-btn" data-testid="read-aloud-resume" aria-label={t('chat.resumeReading')} title={t('chat.resumeReading')} onClick={() => player.resume()}>
          <IconPlay />
        </button>
      )}
      <button type="button" className="od-icon-btn" data-testid="read-aloud-stop" aria-label={t('chat.stopReading')} title={t('chat.stopReading')} onClick={() => player.stop()}>
        <IconStop />
      </button>
    </span>
  )
}

/** Under the answer whose reading failed: why, and × to dismiss. */
export function ReadAloudError(props: { messageId: string }): ReactElement | null {
  const { t } = useTranslation()
  const player = readAloudPlayer()
  const failure = useSyncExternalStore(player.subscribe, player.failureSnapshot)
  if (failure?.messageId !== props.messageId) return null
  return (
    <div className="od-read-aloud-error" data-testid="read-aloud-error" role="alert">
      <div>
        <p className="od-error-message">{t('chat.readAloudFailed')}</p>
        <ErrorText error={failure.error} />
      </div>
      <button type="button" className="od-icon-btn od-icon-btn-small" aria-label={t('common.close')} title={t('common.close')} onClick={() => player.dismissFailure()}>
        <IconClose size={14} />
      </button>
    </div>
  )
}
