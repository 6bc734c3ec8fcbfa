/** A failed request: the translated sentence for its code, the provider's own words, and the way out. */
import type { ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '../../../shared/errors'
import { errorNeedsSettings } from '../logic/errors'
import { IconRefresh, IconWarning } from './Icons'

/**
 * `inForm`: shown in the provider form itself (onboarding, Settings → Providers), where "check it
 * in Settings" would send the user away from the field they are looking at.
 */
export function ErrorText({ error, inForm }: { error: ErrorInfo; inForm?: boolean }): ReactElement {
  const { t, i18n } = useTranslation()
  const formKey = `errorsInForm.${error.code}` as const
  const message = inForm && i18n.exists(formKey) ? t(formKey as 'errorsInForm.auth') : t(`errors.${error.code}`)
  return (
    <>
      <p className="od-error-message">{message}</p>
      {error.tokens ? (
        <p className="od-error-message" data-testid="error-tokens">
          {t('chat.contextTokens', { used: error.tokens.used.toLocaleString(), limit: error.tokens.limit.toLocaleString() })}
        </p>
      ) : null}
      {error.detail ? (
        <p className="od-error-detail" data-testid="error-detail">
          {error.status ? `${error.status} · ` : ''}
          {error.detail}
        </p>
      ) : null}
    </>
  )
}

export function ErrorPanel(props: {
  error: ErrorInfo
  onRetry?: () => void
  /** Opens Settings where this error is fixed (logic in settings/sections.ts). */
  onOpenSettings?: (error: ErrorInfo) => void
  onDismiss?: () => void
  /** Opens the error's help page (a quota error's billing page) in the browser. */
  onOpenLink?: (url: string) => void
  testId?: string
  /** More ways on, under the actions (a context-length error's choices). */
  children?: ReactNode
}): ReactElement {
  const { t } = useTranslation()
  const { error, onRetry, onOpenSettings, onDismiss } = props
  return (
    <div className="od-error-panel" role="alert" data-testid={props.testId ?? 'error-panel'} data-error-code={error.code}>
      <IconWarning className="od-error-icon" size={18} />
      <div className="od-error-body">
        <ErrorText error={error} />
        <div className="od-error-actions">
          {onRetry ? (
            <button type="button" className="od-btn od-btn-small" data-testid="retry" onClick={onRetry}>
              <IconRefresh size={14} />
              {t('chat.retry')}
            </button>
          ) : null}
          {error.helpUrl && props.onOpenLink ? (
            <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="error-open-help" onClick={() => props.onOpenLink?.(error.helpUrl as string)}>
              {t('chat.openBilling')}
            </button>
          ) : null}
          {onOpenSettings && errorNeedsSettings(error.code) ? (
            <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="error-open-settings" onClick={() => onOpenSettings(error)}>
              {t('chat.openSettings')}
            </button>
          ) : null}
          {onDismiss ? (
            <button type="button" className="od-btn od-btn-small od-btn-ghost" onClick={onDismiss}>
              {t('common.dismiss')}
            </button>
          ) : null}
        </div>
        {props.children}
      </div>
    </div>
  )
}
