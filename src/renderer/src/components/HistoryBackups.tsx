/**
 * Settings → Data and backups: "Back up now" (the whole history, database and attachments, as one
 * file where the user chooses; no API keys or settings), "Restore from file…", and the automatic
 * backups of the history (made before each update of its format; the last 3 kept). A restore
 * happens at the next start: the current history is kept aside, never deleted, and the app offers
 * to restart now. Main asks where with its own dialogs.
 */
import { useCallback, useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '../../../shared/errors'
import { backupRefusalOf } from '../logic/backupRefusal'
import { formatBytes } from '../logic/paste'
import { useController } from '../state/hooks'
import type { HistoryBackups as Backups } from '../state/settings'
import { ErrorText } from './ErrorPanel'
import { Row } from './SettingsRow'
import './historyBackups.css'

/** A refusal (not a backup, damaged, newer, disk full…) as its sentence in the UI language; anything else as ErrorText. */
function BackupError({ error }: { error: ErrorInfo }): ReactElement {
  const { t } = useTranslation()
  const refusal = backupRefusalOf(error)
  if (!refusal) return <ErrorText error={error} />
  return (
    <>
      <p className="od-error-message">{t(`history.refused.${refusal.reason}`)}</p>
      {refusal.why ? (
        <p className="od-error-detail" data-testid="error-detail">
          {refusal.why}
        </p>
      ) : null}
    </>
  )
}

export function HistoryBackups(): ReactElement {
  const { t, i18n } = useTranslation()
  const controller = useController()
  const [state, setState] = useState<Backups | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const [busy, setBusy] = useState<'backup' | 'restore' | null>(null)
  const [saved, setSaved] = useState<{ path: string; bytes: number } | null>(null)

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

  const backupNow = async (): Promise<void> => {
    setBusy('backup')
    setError(null)
    try {
      const outcome = await controller.settings.backupNow()
      if (outcome === null) return // the Save dialog was cancelled: nothing to say
      if ('error' in outcome) {
        setSaved(null)
        setError(outcome.error)
      } else setSaved(outcome)
    } finally {
      setBusy(null)
    }
  }

  const restoreFromFile = async (): Promise<void> => {
    setBusy('restore')
    setError(null)
    try {
      const outcome = await controller.settings.restoreFromFile()
      if (outcome === null) return
      if ('error' in outcome) setError(outcome.error)
      else setState(outcome)
    } finally {
      setBusy(null)
    }
  }

  if (!state) return <p className="od-muted">{t('common.loading')}</p>
  const pendingBackup = state.pendingRestore ? state.backups.find((b) => b.id === state.pendingRestore) : undefined
  return (
    <div className="od-history-backups" data-testid="history-backups">
      <Row label={t('history.backupNow')} hint={t('history.backupContains')} field="history.backupNow">
        <button type="button" className="od-btn od-btn-small" data-testid="history-backup-now" disabled={busy !== null} onClick={() => void backupNow()}>
          {busy === 'backup' ? t('history.backingUp') : t('history.backupNowEllipsis')}
        </button>
      </Row>
      {saved ? (
        <p className="od-history-saved" data-testid="history-backup-saved" role="status">
          {t('history.savedTo')} <code>{saved.path}</code> ({formatBytes(saved.bytes)})
        </p>
      ) : null}
      <Row label={t('history.restoreFromFile')} hint={t('history.restoreFromFileHint')} field="history.restoreFromFile">
        <button type="button" className="od-btn od-btn-small" data-testid="history-restore-file" disabled={busy !== null} onClick={() => void restoreFromFile()}>
          {busy === 'restore' ? t('history.checking') : t('history.restoreFromFileEllipsis')}
        </button>
      </Row>
      {state.pendingRestore ? (
        <div className="od-history-pending" data-testid="history-restore-pending" data-from-file={pendingBackup ? undefined : 'true'} role="status">
          <p>{pendingBackup ? t('history.pending', { date: when(pendingBackup.createdAt) }) : t('history.pendingFile')}</p>
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
      {error ? (
        <div className="od-connection-result od-fail" data-testid="history-error" role="alert">
          <BackupError error={error} />
        </div>
      ) : null}
      <div className="od-history-auto" data-settings-field="history.automatic">
        <span className="od-settings-label">{t('history.automatic')}</span>
        <p className="od-field-hint">{t('history.explain')}</p>
        {state.backups.length === 0 ? (
          <p className="od-field-hint" data-testid="history-no-backups">
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
      </div>
    </div>
  )
}
