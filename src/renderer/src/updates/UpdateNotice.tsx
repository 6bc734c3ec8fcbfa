/**
 * The main window's small "Restart to update" notice (bottom of the sidebar) once an update is
 * downloaded; dismissed, it stays away for the session (Settings → Updates still offers it).
 */
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { IconClose } from '../components/Icons'
import { installUpdate, updateNoticeDismissal, useUpdateStatus } from './useUpdateStatus'
import './updates.css'

export function UpdateNotice(): ReactElement | null {
  const { t } = useTranslation()
  const status = useUpdateStatus()
  const [, setTick] = useState(0)
  const u = status?.update
  if (u?.state !== 'downloaded' || updateNoticeDismissal.isDismissed(u.version)) return null
  return (
    <div className="od-update-notice" role="status" data-testid="update-notice">
      <span className="od-update-notice-text">{t('updates.notice', { version: u.version })}</span>
      <button type="button" className="od-btn od-btn-small od-btn-primary" data-testid="update-notice-restart" onClick={() => void installUpdate()}>
        {t('updates.restart')}
      </button>
      <button
        type="button"
        className="od-update-notice-dismiss"
        data-testid="update-notice-dismiss"
        aria-label={t('updates.noticeDismiss')}
        title={t('updates.noticeDismiss')}
        onClick={() => {
          updateNoticeDismissal.dismiss(u.version)
          setTick((n) => n + 1)
        }}
      >
        <IconClose size={14} />
      </button>
    </div>
  )
}
