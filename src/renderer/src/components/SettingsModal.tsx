/**
 * Settings, as a modal over the chat: appearance and language, chat defaults, tools, memory,
 * providers (add, edit, test, remove; keys shown only as "Key set"), key storage, and where data
 * lives.
 */
import { useEffect, useId, useRef, useState, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConnectionTestOutcome } from '../state/controller'
import type { Language, ProviderView, Theme } from '../../../shared/settings'
import { LANGUAGES, pickLanguage } from '../i18n/language'
import { modKeyLabel } from '../logic/composerKeys'
import { effectiveKeyring } from '../logic/keyring'
import { defaultProvider } from '../logic/models'
import { toDraft, valuesFromPreset, valuesFromProvider } from '../logic/providerForm'
import { useAppState, useController } from '../state/hooks'
import { ErrorText } from './ErrorPanel'
import { IconCheck, IconClose } from './Icons'
import { KeyringWarning } from './KeyringWarning'
import { ProviderForm } from './ProviderForm'
import { CompanionSettingsSection } from '../companion/CompanionSettings'
import { CaptureShortcutField } from '../capture/CaptureShortcutField'
import { CommitInput, Row, Section } from './SettingsRow'
import { ToolsSettingsSection } from '../tools/ToolsSettings'
import { HistoryBackups } from './HistoryBackups'
import { MemorySettingsSection } from './MemorySettings'

const THEMES: readonly Theme[] = ['system', 'light', 'dark']

function ProviderRow(props: { provider: ProviderView; isDefault: boolean; onEdit: () => void }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const p = props.provider
  const [test, setTest] = useState<ConnectionTestOutcome | 'testing' | null>(null)
  const [confirming, setConfirming] = useState(false)
  return (
    <li className="od-provider-row" data-testid="provider-row" data-provider-id={p.id}>
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

export function SettingsModal(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const settings = useAppState((s) => s.settings)
  const info = useAppState((s) => s.info)
  const providers = useAppState((s) => s.providers)
  const providerModels = useAppState((s) => s.providerModels)
  const [editing, setEditing] = useState<string | 'new' | null>(null)
  const closeBtn = useRef<HTMLButtonElement>(null)
  const uid = useId()
  const id = (n: string): string => `${uid}-${n}`

  useEffect(() => {
    closeBtn.current?.focus()
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.preventDefault()
        controller.view.closeSettings()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [controller])

  const language: Language = pickLanguage(settings?.language, info?.systemLocale)
  const current = defaultProvider(providers, settings)
  const keyring = effectiveKeyring(info?.keyring, settings?.allowPlaintextSecrets)
  const mod = modKeyLabel(info?.platform)
  const models = current ? (providerModels[current.id] ?? []) : []

  return (
    <div
      className="od-modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) controller.view.closeSettings()
      }}
    >
      <div className="od-modal" role="dialog" aria-modal="true" aria-labelledby={id('title')} data-testid="settings">
        <header className="od-modal-header">
          <h2 id={id('title')}>{t('settings.title')}</h2>
          <button
            ref={closeBtn}
            type="button"
            className="od-icon-btn"
            data-testid="settings-close"
            aria-label={t('settings.close')}
            title={t('settings.close')}
            onClick={() => controller.view.closeSettings()}
          >
            <IconClose />
          </button>
        </header>
        <div className="od-modal-body">
          <Section title={t('settings.sections.general')}>
            <Row label={t('settings.theme')} htmlFor={id('theme')}>
              <select
                id={id('theme')}
                className="od-select"
                data-testid="settings-theme"
                value={settings?.theme ?? 'system'}
                onChange={(e) => void controller.settings.update({ theme: e.target.value as Theme })}
              >
                {THEMES.map((th) => (
                  <option key={th} value={th}>
                    {t(`settings.themes.${th}`)}
                  </option>
                ))}
              </select>
            </Row>
            <Row label={t('settings.language')} htmlFor={id('lang')}>
              <select
                id={id('lang')}
                className="od-select"
                data-testid="settings-language"
                value={language}
                onChange={(e) => void controller.settings.update({ language: e.target.value as Language })}
              >
                {LANGUAGES.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {t(`languages.${l}`)}
                  </option>
                ))}
              </select>
            </Row>
            <Row label={t('settings.launchAtLogin')} htmlFor={id('login')}>
              <input
                id={id('login')}
                type="checkbox"
                className="od-switch"
                role="switch"
                data-testid="settings-launch-at-login"
                checked={settings?.launchAtLogin ?? false}
                onChange={(e) => void controller.settings.update({ launchAtLogin: e.target.checked })}
              />
            </Row>
          </Section>

          <Section title={t('settings.sections.chat')}>
            <Row label={t('settings.enterToSend')} htmlFor={id('enter')} hint={t('settings.enterToSendHint', { mod })}>
              <input
                id={id('enter')}
                type="checkbox"
                className="od-switch"
                role="switch"
                data-testid="settings-enter-to-send"
                checked={settings?.enterToSend ?? true}
                onChange={(e) => void controller.settings.update({ enterToSend: e.target.checked })}
              />
            </Row>
            <Row label={t('capture.shortcutLabel')} htmlFor={id('capture-shortcut')} hint={t('capture.shortcutHint')}>
              <CaptureShortcutField
                id={id('capture-shortcut')}
                value={settings?.captureShortcut ?? 'CommandOrControl+Shift+2'}
              />
            </Row>
            {providers.length > 0 && current ? (
              <>
                <Row label={t('settings.defaultProvider')} htmlFor={id('provider')}>
                  <select
                    id={id('provider')}
                    className="od-select"
                    data-testid="settings-default-provider"
                    value={current.id}
                    onChange={(e) => void controller.settings.update({ defaultProviderId: e.target.value, defaultModel: null })}
                  >
                    {providers.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                </Row>
                <Row
                  label={t('settings.defaultModel')}
                  htmlFor={id('model')}
                  hint={t('settings.defaultModelHint', { model: current.defaultModel })}
                >
                  <CommitInput
                    id={id('model')}
                    testId="settings-default-model"
                    value={settings?.defaultModel ?? ''}
                    placeholder={current.defaultModel}
                    list={models.length ? id('models') : undefined}
                    onCommit={(v) => void controller.settings.update({ defaultModel: v || null })}
                  />
                </Row>
                <Row label={t('settings.fallbackModel')} htmlFor={id('fallback')} hint={t('settings.fallbackModelHint')}>
                  <CommitInput
                    id={id('fallback')}
                    testId="settings-fallback-model"
                    value={current.fallbackModel ?? ''}
                    placeholder={t('settings.noFallback')}
                    list={models.length ? id('models') : undefined}
                    onCommit={(v) => {
                      const draft = toDraft({ ...valuesFromProvider(current), fallbackModel: v })
                      void controller.settings.saveProvider(draft)
                    }}
                  />
                </Row>
                {models.length ? (
                  <datalist id={id('models')}>
                    {models.map((m) => (
                      <option key={m} value={m} />
                    ))}
                  </datalist>
                ) : null}
              </>
            ) : null}
          </Section>

          <CompanionSettingsSection />

          <ToolsSettingsSection />

          <MemorySettingsSection />

          <Section title={t('settings.sections.providers')} testId="settings-providers">
            {editing ? (
              <div className="od-settings-editor">
                <h4 className="od-settings-editor-title">
                  {editing === 'new'
                    ? t('settings.newProvider')
                    : t('settings.editProvider', { name: providers.find((p) => p.id === editing)?.name ?? '' })}
                </h4>
                <ProviderForm
                  key={editing}
                  initial={
                    editing === 'new'
                      ? valuesFromPreset('openai', t('presets.openai'))
                      : valuesFromProvider(providers.find((p) => p.id === editing)!)
                  }
                  variant="settings"
                  choosePreset={editing === 'new'}
                  onSaved={() => setEditing(null)}
                  onCancel={() => setEditing(null)}
                />
              </div>
            ) : (
              <>
                {providers.length === 0 ? <p className="od-muted">{t('settings.noProviders')}</p> : null}
                <ul className="od-provider-list">
                  {providers.map((p) => (
                    <ProviderRow key={p.id} provider={p} isDefault={p.id === current?.id} onEdit={() => setEditing(p.id)} />
                  ))}
                </ul>
                <div>
                  <button type="button" className="od-btn" data-testid="add-provider" onClick={() => setEditing('new')}>
                    {t('settings.addProvider')}
                  </button>
                </div>
              </>
            )}
          </Section>

          <Section title={t('settings.sections.security')}>
            <Row label={t('settings.keyring')}>
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

          <Section title={t('settings.sections.history')} testId="settings-history">
            <HistoryBackups />
          </Section>

          <Section title={t('settings.sections.about')}>
            <Row label={t('settings.dataFolder')}>
              <code className="od-path" data-testid="settings-data-dir">
                {info?.dataDir ?? ''}
              </code>
            </Row>
            <Row label={t('settings.version')}>
              <span className="od-settings-value" data-testid="settings-version">
                {info?.version ?? ''}
              </span>
            </Row>
          </Section>
        </div>
      </div>
    </div>
  )
}
