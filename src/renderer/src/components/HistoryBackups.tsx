/**
 * Settings → History: the automatic backups of the history (made before each update of its
 * format; the last 3 kept) and restoring one. A restore happens at the next start: the current
 * history is kept aside, never deleted, and the app offers to restart now.
 */
import { useCallback, useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '../../../shared/errors'
import { formatBytes } from '../logic/paste'
import { useController } from '../state/hooks'
import type { HistoryBackups as Backups } from '../state/settings'
import { ErrorText } from './ErrorPanel'

export function HistoryBackups(): ReactElement {
  const { t, i18n } = useTranslation()
  const controller = useController()
  const [state, setState] = useState<Backups | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)

  useEffect(() => {
    let live = true
    void controller.settings.historyBackups().then((backups) => live && setState(backups), () => live && setState({ backups: [], pendingRestore: null }))
    return () => {
      live = false
    }
  }, [controller])

  const when = useCallback((time: number) => new Date(time).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }), [i18n.language])

  const restore = async (id: string): Promise<void> => {
    const outcome = await controller.settings.scheduleRestore(id)
    setConfirming(null)
    if ('error' in outcome) setError(outcome.error)
    else {
      setError(null)
      setState(outcome)
    }
  }

  if (!state) return <p className="od-muted">{t('common.loading')}</p>
  const pending = state.pendingRestore ? state.backups.find((b) => b.id === state.pendingRestore) : undefined
  return (
    <div className="od-history-backups" data-testid="history-backups">
      <p className="od-muted">{t('history.explain')}</p>
      {pending ? (
        <div className="od-history-pending" data-testid="history-restore-pending" role="status">
          <p>{t('history.pending', { date: when(pending.createdAt) })}</p>
          <div className="od-history-actions">
            <button type="button" className="od-btn od-btn-small od-btn-primary" data-testid="history-restart" onClick={() => controller.settings.relaunch()}>
              {t('history.restartNow')}
            </button>
            <button
              type="button"
              className="od-btn od-btn-small od-btn-ghost"
              data-testid="history-cancel-restore"
              onClick={() => void controller.settings.cancelRestore().then(setState, () => undefined)}
            >
              {t('history.cancelRestore')}
            </button>
          </div>
        </div>
      ) : null}
      {state.backups.length === 0 ? (
        <p className="od-muted" data-testid="history-no-backups">
          {t('history.none')}
        </p>
      ) : (
        <ul className="od-history-list">
          {state.backups.map((backup) => (
            <li key={backup.id} className="od-history-row" data-testid="history-backup" data-backup-id={backup.id}>
              <span className="od-history-when">{when(backup.createdAt)}</span>
              <span className="od-history-meta">{t('history.meta', { version: backup.schemaVersion, size: formatBytes(backup.bytes) })}</span>
              {confirming === backup.id ? (
                <span className="od-history-confirm" role="group">
                  <span>{t('history.confirm')}</span>
                  <button type="button" className="od-btn od-btn-small od-btn-primary" data-testid="history-restore-confirm" onClick={() => void restore(backup.id)}>
                    {t('history.restore')}
                  </button>
                  <button type="button" className="od-btn od-btn-small od-btn-ghost" onClick={() => setConfirming(null)}>
                    {t('common.cancel')}
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  className="od-btn od-btn-small"
                  data-testid="history-restore"
                  disabled={state.pendingRestore === backup.id}
                  onClick={() => setConfirming(backup.id)}
                >
                  {t('history.restoreEllipsis')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {error ? (
        <div className="od-connection-result od-fail" data-testid="history-error" role="alert">
          <ErrorText error={error} />
        </div>
      ) : null}
    </div>
  )
}
