/** Told once at start-up: the history file could not be used, was kept aside, and a fresh one began. */
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppState, useController } from '../state/hooks'
import { IconClose, IconWarning } from './Icons'

export function StartupNotice(): ReactElement | null {
  const { t } = useTranslation()
  const controller = useController()
  const notices = useAppState((s) => s.info?.startupNotices)
  const dismissed = useAppState((s) => s.noticesDismissed)
  if (dismissed || !notices || notices.length === 0) return null
  return (
    <div className="od-banner" data-testid="startup-notice" role="alert">
      <IconWarning size={16} className="od-banner-icon" />
      <div className="od-banner-body">
        {notices.map((n, i) => (
          <p key={i} data-notice-kind={n.kind}>
            {n.kind === 'database-corrupt'
              ? t('notices.databaseCorrupt', { path: n.backupPath })
              : t('notices.databaseNewer', { path: n.backupPath })}
          </p>
        ))}
      </div>
      <button
        type="button"
        className="od-icon-btn"
        data-testid="startup-notice-dismiss"
        aria-label={t('common.dismiss')}
        title={t('common.dismiss')}
        onClick={() => controller.view.dismissNotices()}
      >
        <IconClose size={14} />
      </button>
    </div>
  )
}
