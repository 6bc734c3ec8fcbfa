/**
 * Told once at start-up: the history file could not be used, was kept aside, and a fresh one
 * began; or a backup the user chose was restored (or could not be).
 */
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { AppState } from '../state/appState'
import { useAppState, useController } from '../state/hooks'
import { IconClose, IconWarning } from './Icons'

export function StartupNotice(): ReactElement | null {
  const { t, i18n } = useTranslation()
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
            {noticeText(n, t, i18n.language)}
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

type Notice = NonNullable<AppState['info']>['startupNotices'][number]

function noticeText(notice: Notice, t: TFunction, language: string): string {
  const date = notice.backupCreatedAt === undefined ? '' : new Date(notice.backupCreatedAt).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' })
  switch (notice.kind) {
    case 'database-corrupt':
      return t('notices.databaseCorrupt', { path: notice.backupPath })
    case 'database-newer':
      return t('notices.databaseNewer', { path: notice.backupPath })
    case 'database-restored':
      return notice.backupPath ? t('notices.databaseRestored', { date, path: notice.backupPath }) : t('notices.databaseRestoredFresh', { date })
    case 'database-restore-failed':
      return t('notices.databaseRestoreFailed', { date })
  }
}
