/**
 * Settings → Updates: the running version, where updates stand (checking, a new version
 * downloading, ready, up to date, an error in words), "Check now" (also with automatic updates
 * off), the automatic switch (`autoUpdate`), the release notes of a found version as plain text,
 * and "Restart to update".
 */
import { useId, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { UpdateStatus } from '../../../shared/ipc/contract'
import { Row, Section, SwitchInput } from '../components/SettingsRow'
import { useAppState, useController } from '../state/hooks'
import { pageApi } from '../api'
import { installUpdate, useUpdateStatus } from './useUpdateStatus'
import './updates.css'

const ERROR_KEYS = {
  offline: 'updates.errors.offline',
  'no-release': 'updates.errors.noRelease',
  signature: 'updates.errors.signature',
  disk: 'updates.errors.disk',
  other: 'updates.errors.other'
} as const

/** The status line, in words. */
function StatusLine({ status }: { status: UpdateStatus }): ReactElement {
  const { t } = useTranslation()
  const u = status.update
  switch (u.state) {
    case 'unsupported':
      return <span>{u.reason === 'package' ? t('updates.states.unsupportedPackage') : t('updates.states.unsupportedDev')}</span>
    case 'idle':
      return <span>{t('updates.states.idle')}</span>
    case 'checking':
      return <span>{t('updates.states.checking')}</span>
    case 'not-available':
      return <span>{t('updates.states.notAvailable')}</span>
    case 'available':
      return <span>{t('updates.states.available', { version: u.version })}</span>
    case 'downloading':
      return (
        <span>
          {t('updates.states.downloading', { version: u.version, percent: u.percent })}
          <progress className="od-update-progress" max={100} value={u.percent} />
        </span>
      )
    case 'downloaded':
      return <span>{t('updates.states.downloaded', { version: u.version })}</span>
    case 'error':
      return (
        <span role="alert">
          {t(ERROR_KEYS[u.kind])}
          {u.detail ? <span className="od-update-detail">{t('updates.errorDetail', { detail: u.detail })}</span> : null}
        </span>
      )
  }
}

export function UpdatesSettings(): ReactElement {
  const { t, i18n } = useTranslation()
  const controller = useController()
  const settings = useAppState((s) => s.settings)
  const status = useUpdateStatus()
  const [asked, setAsked] = useState<UpdateStatus | null>(null)
  const autoId = useId()
  // The check's own answer until main's event arrives (both carry the same state).
  const shown = status ?? asked
  const u = shown?.update
  const busy = !u || u.state === 'unsupported' || u.state === 'checking' || u.state === 'downloading' || u.state === 'downloaded'
  const found = u && (u.state === 'available' || u.state === 'downloading' || u.state === 'downloaded') ? u : null

  return (
    <Section title={t('settings.nav.updates')} testId="settings-updates">
      <Row label={t('updates.version')} field="updates.version">
        <span data-testid="update-current-version">{shown?.currentVersion ?? ''}</span>
      </Row>
      <Row
        label={t('updates.status')}
        field="updates.status"
        hint={shown?.lastCheckedAt ? t('updates.lastChecked', { time: new Date(shown.lastCheckedAt).toLocaleString(i18n.language) }) : undefined}
      >
        <div className="od-update-status" data-testid="update-status" data-state={u?.state ?? 'loading'} aria-live="polite">
          {shown ? <StatusLine status={shown} /> : null}
        </div>
        {u?.state === 'downloaded' ? (
          <button type="button" className="od-btn od-btn-small od-btn-primary" data-testid="update-restart" onClick={() => void installUpdate()}>
            {t('updates.restart')}
          </button>
        ) : (
          <button
            type="button"
            className="od-btn od-btn-small"
            data-testid="update-check"
            disabled={busy}
            onClick={() => {
              void pageApi()
                ?.updates.check()
                .then(setAsked)
                .catch(() => undefined)
            }}
          >
            {t('updates.checkNow')}
          </button>
        )}
      </Row>
      <Row label={t('updates.automatic')} htmlFor={autoId} hint={t('updates.automaticHint')} field="updates.automatic">
        <SwitchInput
          id={autoId}
          testId="update-automatic"
          checked={settings?.autoUpdate ?? true}
          onChange={(checked) => void controller.settings.update({ autoUpdate: checked })}
        />
      </Row>
      {found ? (
        // The notes under their title, the row's whole width (the control side stays empty).
        <Row
          label={t('updates.notes', { version: found.version })}
          field="updates.notes"
          hint={
            <div className="od-update-notes" data-testid="update-notes">
              {found.notes || t('updates.noNotes')}
            </div>
          }
        >
          {null}
        </Row>
      ) : null}
    </Section>
  )
}
