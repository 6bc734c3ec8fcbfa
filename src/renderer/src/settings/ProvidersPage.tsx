/**
 * Settings → Providers: the list (test, edit, remove; keys shown only as "Key set"), adding one,
 * and where keys are stored. An error's "Open Settings" opens the failing provider's form at the
 * field to fix (its key, its address).
 */
import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConnectionTestOutcome } from '../state/controller'
import type { ProviderView } from '../../../shared/settings'
import { effectiveKeyring } from '../logic/keyring'
import { defaultProvider } from '../logic/models'
import { toDraft, valuesFromPreset, valuesFromProvider } from '../logic/providerForm'
import { useAppState, useController } from '../state/hooks'
import { ErrorText } from '../components/ErrorPanel'
import { IconCheck } from '../components/Icons'
import { KeyringWarning } from '../components/KeyringWarning'
import { ProviderForm } from '../components/ProviderForm'
import { Row, Section } from '../components/SettingsRow'
import type { SettingsTarget } from '../logic/settingsSections'

function ProviderRow(props: { provider: ProviderView; isDefault: boolean; onEdit: () => void }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const p = props.provider
  const [test, setTest] = useState<ConnectionTestOutcome | 'testing' | null>(null)
  const [confirming, setConfirming] = useState(false)
  return (
    <li className="od-provider-row" data-testid="provider-row" data-provider-id={p.id} data-settings-field={`providers.${p.id}`}>
      <div className="od-provider-row-main">
        <div className="od-provider-row-title">
          <span className="od-provider-name">{p.name}</span>
          {props.isDefault ? <span className="od-badge">{t('settings.defaultBadge')}</span> : null}
          {p.hasKey ? (
            <span className="od-badge od-badge-ok" data-testid="provider-key-set">
              <IconCheck size={12} />
              {t('provider.keySet')}
            </span>
          ) : (
            <span className="od-badge od-badge-muted">{t('provider.noKey')}</span>
          )}
        </div>
        <div className="od-provider-row-meta">
          {t(`presets.${p.presetId}`)} · {p.baseURL} · {p.defaultModel}
          {p.fallbackModel ? ` → ${p.fallbackModel}` : ''}
        </div>
        {test && test !== 'testing' ? (
          <div
            className={`od-connection-result ${test.ok ? 'od-ok' : 'od-fail'}`}
            data-testid="connection-result"
            data-ok={test.ok ? 'true' : 'false'}
            role="status"
          >
            {test.ok ? (
              <p className="od-connection-ok">
                <IconCheck size={14} />
                {test.models.length > 0 ? t('provider.testOk', { count: test.models.length }) : t('provider.testOkNoList')}
              </p>
            ) : (
              <ErrorText error={test.error} />
            )}
          </div>
        ) : null}
      </div>
      <div className="od-provider-row-actions">
        {confirming ? (
          <div className="od-inline-confirm" role="group">
            <span>{t('settings.confirmRemove', { name: p.name })}</span>
            <button
              type="button"
              className="od-btn od-btn-small od-btn-danger"
              data-testid="provider-remove-confirm"
              onClick={() => {
                setConfirming(false)
                void controller.settings.removeProvider(p.id).catch(() => undefined)
              }}
            >
              {t('settings.removeProvider')}
            </button>
            <button type="button" className="od-btn od-btn-small od-btn-ghost" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        ) : (
          <>
            <button
              type="button"
              className="od-btn od-btn-small"
              data-testid="provider-test"
              disabled={test === 'testing'}
              onClick={() => {
                setTest('testing')
                void controller.settings.testProvider(toDraft(valuesFromProvider(p))).then(setTest)
              }}
            >
              {test === 'testing' ? t('provider.testing') : t('provider.testConnection')}
            </button>
            <button type="button" className="od-btn od-btn-small" data-testid="provider-edit" onClick={props.onEdit}>
              {t('common.edit')}
            </button>
            <button
              type="button"
              className="od-btn od-btn-small od-btn-ghost"
              data-testid="provider-remove"
              onClick={() => setConfirming(true)}
            >
              {t('settings.removeProvider')}
            </button>
          </>
        )}
      </div>
    </li>
  )
}

type Editing = { id: string | 'new'; focusField?: NonNullable<SettingsTarget['provider']>['field'] } | null

export function ProvidersPage(props: { target: SettingsTarget | null; targetTick: number }): ReactElement {
  const { t } = useTranslation()
  const settings = useAppState((s) => s.settings)
  const info = useAppState((s) => s.info)
  const providers = useAppState((s) => s.providers)
  const [editing, setEditing] = useState<Editing>(null)
  const current = defaultProvider(providers, settings)
  const keyring = effectiveKeyring(info?.keyring, settings?.allowPlaintextSecrets)

  // A link to a provider's field: its form, open at that field.
  const wanted = props.target?.provider
  useEffect(() => {
    if (wanted && providers.some((p) => p.id === wanted.id)) setEditing({ id: wanted.id, focusField: wanted.field })
    // providers: a link may arrive before the list has loaded.
  }, [wanted, props.targetTick, providers])

  const editingProvider = editing && editing.id !== 'new' ? providers.find((p) => p.id === editing.id) : undefined
  return (
    <>
      <Section title={t('settings.sections.providers')} testId="settings-providers">
        {editing && (editing.id === 'new' || editingProvider) ? (
          <div className="od-settings-editor">
            <h4 className="od-settings-editor-title">
              {editing.id === 'new' ? t('settings.newProvider') : t('settings.editProvider', { name: editingProvider?.name ?? '' })}
            </h4>
            <ProviderForm
              key={editing.id}
              initial={editingProvider ? valuesFromProvider(editingProvider) : valuesFromPreset('openai', t('presets.openai'))}
              variant="settings"
              choosePreset={editing.id === 'new'}
              focusField={editing.focusField}
              onSaved={() => setEditing(null)}
              onCancel={() => setEditing(null)}
            />
          </div>
        ) : (
          <>
            {providers.length === 0 ? <p className="od-muted">{t('settings.noProviders')}</p> : null}
            <ul className="od-provider-list">
              {providers.map((p) => (
                <ProviderRow key={p.id} provider={p} isDefault={p.id === current?.id} onEdit={() => setEditing({ id: p.id })} />
              ))}
            </ul>
            <div>
              <button type="button" className="od-btn" data-testid="add-provider" onClick={() => setEditing({ id: 'new' })}>
                {t('settings.addProvider')}
              </button>
            </div>
          </>
        )}
      </Section>
      <Section title={t('settings.sections.security')}>
        <Row label={t('settings.keyring')} field="providers.keyring">
          <span className="od-settings-value" data-testid="settings-keyring" data-keyring={keyring}>
            {keyring === 'available'
              ? t('keyring.statusAvailable')
              : keyring === 'plaintext-allowed'
                ? t('keyring.statusPlaintext')
                : t('keyring.statusUnavailable')}
          </span>
        </Row>
        <KeyringWarning />
      </Section>
    </>
  )
}
