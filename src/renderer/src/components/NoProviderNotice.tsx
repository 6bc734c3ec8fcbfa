/**
 * Under the chat when no provider is left: the history stays readable, and this says why a message
 * cannot be sent yet, with the way to fix it (the onboarding form).
 */
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { IconWarning } from './Icons'
import './noProviderNotice.css'

export function NoProviderNotice(props: { onAdd: () => void }): ReactElement {
  const { t } = useTranslation()
  return (
    <div className="od-no-provider" data-testid="no-provider-notice" role="status">
      <IconWarning size={14} />
      <span>{t('onboarding.noProviderNotice')}</span>
      <button type="button" className="od-btn od-btn-small od-btn-primary" data-testid="no-provider-add" onClick={props.onAdd}>
        {t('onboarding.addProvider')}
      </button>
    </div>
  )
}
