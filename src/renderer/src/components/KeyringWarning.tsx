/**
 * Where the OS has no keyring, keys cannot be stored encrypted: say so plainly, and store them
 * unencrypted only after the user ticks the box.
 */
import { useId, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppState, useController } from '../state/hooks'
import { IconWarning } from './Icons'

export function KeyringWarning(): ReactElement | null {
  const { t } = useTranslation()
  const controller = useController()
  const keyring = useAppState((s) => s.info?.keyring)
  const allowed = useAppState((s) => s.settings?.allowPlaintextSecrets ?? false)
  const id = useId()
  if (!keyring || keyring === 'available') return null
  return (
    <div className="od-warning" data-testid="keyring-warning" role="note">
      <IconWarning size={18} className="od-warning-icon" />
      <div>
        <p className="od-warning-title">{t('keyring.warningTitle')}</p>
        <p className="od-warning-body">{t('keyring.warningBody')}</p>
        <div className="od-check">
          <input
            id={id}
            type="checkbox"
            data-testid="allow-plaintext"
            checked={allowed}
            onChange={(e) => void controller.settings.update({ allowPlaintextSecrets: e.target.checked })}
          />
          <label htmlFor={id}>
            {t('keyring.allowPlaintext')}
            <span className="od-field-hint"> — {t('keyring.allowPlaintextHint')}</span>
          </label>
        </div>
      </div>
    </div>
  )
}
