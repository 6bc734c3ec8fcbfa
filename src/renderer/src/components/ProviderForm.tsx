/**
 * Add or edit a provider (onboarding and settings): preset, base URL with inline validation (and a
 * warning for plain http:// to a remote host), API key (never shown back: "Key set", and only
 * while the URL stays on the origin the key was saved for), default / fallback model, Azure's API
 * version, "Test connection" and Save.
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConnectionTestOutcome } from '../state/controller'
import { PROVIDER_PRESETS } from '../../../shared/providerPresets'
import { PresetId, type ProviderView } from '../../../shared/settings'
import type { ErrorInfo } from '../../../shared/errors'
import {
  completeBaseUrl,
  failedAuth,
  hasErrors,
  keyFieldMode,
  pickDefaultModel,
  savedKeyState,
  switchPreset,
  toDraft,
  toTestDraft,
  validateProviderForm,
  warnsPlainHttp,
  type ProviderFormValues
} from '../logic/providerForm'
import { useController } from '../state/hooks'
import { ErrorText } from './ErrorPanel'
import { IconCheck, IconWarning } from './Icons'
import './providerForm.css'

/** The picker's order is the enum's (shared/settings.ts lists the presets in display order). */
export const PRESET_ORDER: readonly PresetId[] = PresetId.options

export function PresetPicker(props: { value: PresetId; onChange: (id: PresetId) => void; compact?: boolean }): ReactElement {
  const { t } = useTranslation()
  return (
    <div className={`od-presets${props.compact ? ' od-presets-compact' : ''}`} role="group" aria-label={t('onboarding.choosePreset')}>
      {PRESET_ORDER.map((id) => (
        <button
          key={id}
          type="button"
          className="od-preset"
          data-testid={`preset-${id}`}
          aria-pressed={props.value === id}
          onClick={() => props.onChange(id)}
        >
          <span className="od-preset-name">{t(`presets.${id}`)}</span>
          {!props.compact ? <span className="od-preset-desc">{t(`presets.descriptions.${id}`)}</span> : null}
        </button>
      ))}
    </div>
  )
}

function Field(props: { label: string; htmlFor: string; hint?: ReactNode; error?: string; children: ReactNode; optional?: boolean }): ReactElement {
  const { t } = useTranslation()
  return (
    <div className="od-field" data-invalid={props.error ? 'true' : undefined}>
      <label className="od-field-label" htmlFor={props.htmlFor}>
        {props.label}
        {props.optional ? <span className="od-field-optional"> · {t('common.optional')}</span> : null}
      </label>
      {props.children}
      {props.error ? (
        <p className="od-field-error" id={`${props.htmlFor}-error`} role="alert">
          {props.error}
        </p>
      ) : props.hint ? (
        <p className="od-field-hint">{props.hint}</p>
      ) : null}
    </div>
  )
}

type TestState = { kind: 'idle' } | { kind: 'testing' } | { kind: 'done'; result: ConnectionTestOutcome }

export interface ProviderFormProps {
  initial: ProviderFormValues
  variant: 'onboarding' | 'settings'
  /** Show the preset picker (adding a provider). */
  choosePreset: boolean
  /** Models Ollama reported when it was detected (suggestions for the model field). */
  suggestedModels?: string[]
  onSaved: (provider: ProviderView) => void
  onCancel?: () => void
  /** Opened by a link into Settings (an error's "Open Settings"): the field to put the caret in. */
  focusField?: 'apiKey' | 'baseURL' | 'defaultModel'
}

export function ProviderForm(props: ProviderFormProps): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const uid = useId()
  const [values, setValues] = useState<ProviderFormValues>(props.initial)
  const [touched, setTouched] = useState<{ baseURL?: boolean; defaultModel?: boolean; name?: boolean }>({})
  const [attempted, setAttempted] = useState(false)
  const [test, setTest] = useState<TestState>({ kind: 'idle' })
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<ErrorInfo | null>(null)
  // Save was pressed after a test that said the key was refused: asking before saving it.
  const [confirmingAuth, setConfirmingAuth] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  useEffect(() => {
    if (!props.focusField) return
    const testId = { apiKey: 'provider-api-key', baseURL: 'provider-base-url', defaultModel: 'provider-model' }[props.focusField]
    const field = formRef.current?.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
    field?.scrollIntoView?.({ block: 'center' })
    field?.focus()
  }, [props.focusField])

  const preset = PROVIDER_PRESETS[values.presetId]
  const keyMode = keyFieldMode(values.presetId)
  const keyState = savedKeyState(values)
  const errors = validateProviderForm(values)
  const listed = useMemo(() => (test.kind === 'done' && test.result.ok ? test.result.models : []), [test])
  const suggestions = useMemo(
    () =>
      [...new Set([...listed, ...(values.presetId === 'ollama' ? (props.suggestedModels ?? []) : [])])].sort((a, b) =>
        a.localeCompare(b)
      ),
    [listed, props.suggestedModels, values.presetId]
  )

  const set = (patch: Partial<ProviderFormValues>): void => {
    setValues((v) => ({ ...v, ...patch }))
    setSaveError(null)
    if ('baseURL' in patch || 'apiKey' in patch || 'clearKey' in patch || 'apiVersion' in patch) {
      setTest({ kind: 'idle' })
      setConfirmingAuth(false)
    }
  }

  const choosePreset = (id: PresetId): void => {
    setValues((v) => {
      const next = switchPreset(v, id, t(`presets.${id}`))
      if (id === 'ollama' && props.suggestedModels?.length && !props.suggestedModels.includes(next.defaultModel)) {
        next.defaultModel = props.suggestedModels[0]
      }
      return next
    })
    setTouched({})
    setAttempted(false)
    setTest({ kind: 'idle' })
    setSaveError(null)
    setConfirmingAuth(false)
  }

  // A non-empty URL is checked as it is typed; an empty one once the user left it or tried.
  const urlError =
    errors.baseURL && (errors.baseURL !== 'empty' || touched.baseURL || attempted)
      ? t(`provider.urlErrors.${errors.baseURL}`)
      : undefined
  const plainHttpWarning = !urlError && warnsPlainHttp(values) ? (
    <span data-testid="provider-http-warning" role="status">
      <IconWarning size={12} /> {t('provider.plainHttpWarning')}
    </span>
  ) : undefined
  // Said once Save was tried: while typing, an empty key field is not yet a mistake.
  const keyError = errors.apiKey && attempted ? t('provider.keyRequired') : undefined
  const modelError = errors.defaultModel && (touched.defaultModel || attempted) ? t('provider.modelRequired') : undefined
  const nameError = errors.name && (touched.name || attempted) ? t('provider.nameRequired') : undefined

  const runTest = async (): Promise<void> => {
    if (errors.baseURL) {
      setTouched((x) => ({ ...x, baseURL: true }))
      return
    }
    setTest({ kind: 'testing' })
    setConfirmingAuth(false)
    const result = await controller.settings.testProvider(toTestDraft(values))
    setTest({ kind: 'done', result })
    if (result.ok) setValues((v) => ({ ...v, defaultModel: pickDefaultModel(v.defaultModel, v.presetId, result.models) }))
  }

  const authRefused = test.kind === 'done' && !test.result.ok && failedAuth(test.result.error)

  const save = async (confirmed = false): Promise<void> => {
    setAttempted(true)
    if (hasErrors(errors)) return
    // Asked, not refused (see failedAuth): the user may know better than the test.
    if (authRefused && !confirmed) {
      setConfirmingAuth(true)
      return
    }
    setConfirmingAuth(false)
    setSaving(true)
    setSaveError(null)
    const result = await controller.settings.saveProvider(toDraft(values))
    setSaving(false)
    if (result.ok) props.onSaved(result.provider)
    else setSaveError(result.error)
  }

  const id = (name: string): string => `${uid}-${name}`
  const showName = props.variant === 'settings' || values.presetId === 'custom'

  return (
    <form
      ref={formRef}
      className="od-provider-form"
      data-testid="provider-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      {props.choosePreset ? (
        <PresetPicker value={values.presetId} onChange={choosePreset} compact={props.variant === 'settings'} />
      ) : null}

      {showName ? (
        <Field label={t('provider.name')} htmlFor={id('name')} error={nameError}>
          <input
            id={id('name')}
            className="od-input"
            data-testid="provider-name"
            value={values.name}
            maxLength={100}
            aria-invalid={!!nameError}
            onChange={(e) => set({ name: e.target.value })}
            onBlur={() => setTouched((x) => ({ ...x, name: true }))}
          />
        </Field>
      ) : null}

      <Field label={t('provider.baseUrl')} htmlFor={id('url')} error={urlError} hint={plainHttpWarning}>
        <div className="od-input-row">
          <input
            id={id('url')}
            className="od-input"
            data-testid="provider-base-url"
            type="url"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            placeholder={preset.baseURLPlaceholder}
            value={values.baseURL}
            aria-invalid={!!urlError}
            aria-describedby={urlError ? `${id('url')}-error` : undefined}
            onChange={(e) => set({ baseURL: e.target.value })}
            onBlur={() => {
              setTouched((x) => ({ ...x, baseURL: true }))
              // Shows the scheme that will be used (localhost:5302 → http://localhost:5302).
              const completed = completeBaseUrl(values.baseURL)
              if (completed !== values.baseURL.trim()) set({ baseURL: completed })
            }}
          />
          {preset.baseURLAlternatives?.length ? (
            <select
              className="od-select od-select-small"
              aria-label={t('provider.baseUrlRegion')}
              data-testid="provider-region"
              value={preset.baseURLAlternatives.find((a) => a.url === values.baseURL)?.url ?? ''}
              onChange={(e) => e.target.value && set({ baseURL: e.target.value })}
            >
              <option value="" disabled>
                {t('provider.baseUrlRegion')}
              </option>
              {preset.baseURLAlternatives.map((a) => (
                <option key={a.url} value={a.url}>
                  {a.label}
                </option>
              ))}
            </select>
          ) : null}
        </div>
      </Field>

      {keyMode !== 'hidden' ? (
        <Field
          label={t('provider.apiKey')}
          htmlFor={id('key')}
          optional={keyMode === 'optional'}
          error={keyError}
          hint={
            keyState === 'other-origin' && !values.apiKey ? (
              // The saved key belongs to the address it was given for: main will not send it here.
              <span data-testid="provider-key-other-origin" role="status">
                {t('provider.keyOtherOrigin', { origin: values.savedOrigin ?? '' })}
              </span>
            ) : keyState === 'clearing' ? (
              <>
                {t('provider.keyWillBeCleared')}{' '}
                <button type="button" className="od-link-btn" onClick={() => set({ clearKey: false })}>
                  {t('provider.undoClearKey')}
                </button>
              </>
            ) : preset.docsUrl && keyState !== 'set' ? (
              <button type="button" className="od-link-btn" onClick={() => controller.view.openExternal(preset.docsUrl!)}>
                {t('provider.getKey')}
              </button>
            ) : undefined
          }
        >
          <div className="od-input-row">
            <input
              id={id('key')}
              className="od-input"
              data-testid="provider-api-key"
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder={
                keyState === 'set'
                  ? t('provider.keySetPlaceholder')
                  : keyMode === 'optional'
                    ? t('provider.apiKeyOptionalPlaceholder')
                    : t('provider.apiKeyPlaceholder')
              }
              value={values.apiKey}
              aria-invalid={!!keyError}
              aria-describedby={keyError ? `${id('key')}-error` : undefined}
              onChange={(e) => set({ apiKey: e.target.value, clearKey: false })}
            />
            {keyState === 'set' && !values.apiKey ? (
              <>
                <span className="od-badge od-badge-ok" data-testid="provider-key-set">
                  <IconCheck size={12} />
                  {t('provider.keySet')}
                </span>
                <button
                  type="button"
                  className="od-btn od-btn-small od-btn-ghost"
                  data-testid="provider-clear-key"
                  onClick={() => set({ clearKey: true, apiKey: '' })}
                >
                  {t('provider.clearKey')}
                </button>
              </>
            ) : null}
          </div>
        </Field>
      ) : null}

      <div className="od-field-pair">
        <Field label={t('provider.defaultModel')} htmlFor={id('model')} error={modelError}>
          <input
            id={id('model')}
            className="od-input"
            data-testid="provider-model"
            list={suggestions.length ? id('models') : undefined}
            spellCheck={false}
            autoComplete="off"
            placeholder={t('provider.defaultModelPlaceholder')}
            value={values.defaultModel}
            aria-invalid={!!modelError}
            onChange={(e) => set({ defaultModel: e.target.value })}
            onBlur={() => setTouched((x) => ({ ...x, defaultModel: true }))}
          />
        </Field>
        <Field label={t('provider.fallbackModel')} htmlFor={id('fallback')} hint={t('provider.fallbackModelHint')} optional>
          <input
            id={id('fallback')}
            className="od-input"
            data-testid="provider-fallback-model"
            list={suggestions.length ? id('models') : undefined}
            spellCheck={false}
            autoComplete="off"
            value={values.fallbackModel}
            onChange={(e) => set({ fallbackModel: e.target.value })}
          />
        </Field>
      </div>
      {suggestions.length ? (
        <datalist id={id('models')}>
          {suggestions.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      ) : null}

      {values.presetId === 'azure' ? (
        <Field label={t('provider.apiVersion')} htmlFor={id('version')}>
          <input
            id={id('version')}
            className="od-input"
            data-testid="provider-api-version"
            spellCheck={false}
            value={values.apiVersion}
            onChange={(e) => set({ apiVersion: e.target.value })}
          />
        </Field>
      ) : null}

      {test.kind === 'done' ? (
        <div
          className={`od-connection-result ${test.result.ok ? 'od-ok' : 'od-fail'}`}
          data-testid="connection-result"
          data-ok={test.result.ok ? 'true' : 'false'}
          role="status"
        >
          {test.result.ok ? (
            <>
              <p className="od-connection-ok">
                <IconCheck size={14} />
                {test.result.models.length > 0
                  ? t('provider.testOk', { count: test.result.models.length })
                  : t('provider.testOkNoList')}
              </p>
              {test.result.models.length > 0 ? (
                <div className="od-model-chips">
                  <span className="od-muted">{t('provider.pickModel')}</span>
                  {test.result.models.slice(0, 12).map((m) => (
                    <button
                      key={m}
                      type="button"
                      className="od-chip"
                      aria-pressed={values.defaultModel === m}
                      onClick={() => set({ defaultModel: m })}
                    >
                      {m}
                    </button>
                  ))}
                </div>
              ) : null}
            </>
          ) : (
            <div className="od-connection-fail">
              <IconWarning size={16} />
              <div>
                <ErrorText error={test.result.error} inForm />
              </div>
            </div>
          )}
        </div>
      ) : null}

      {saveError ? (
        <div className="od-connection-result od-fail" data-testid="save-error" role="alert">
          <div className="od-connection-fail">
            <IconWarning size={16} />
            <div>
              <ErrorText error={saveError} inForm />
            </div>
          </div>
        </div>
      ) : null}

      <div className="od-form-footer">
      {confirmingAuth ? (
        <div className="od-connection-result od-fail od-confirm-auth" data-testid="confirm-auth-save" role="alert">
          <p>{t('provider.authFailedConfirm')}</p>
          <div className="od-form-actions">
            <button type="button" className="od-btn od-btn-small" data-testid="save-anyway" onClick={() => void save(true)}>
              {t('provider.saveAnyway')}
            </button>
            <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="keep-editing" onClick={() => setConfirmingAuth(false)}>
              {t('provider.keepEditing')}
            </button>
          </div>
        </div>
      ) : null}
      <div className="od-form-actions">
        <button
          type="button"
          className="od-btn"
          data-testid="test-connection"
          disabled={test.kind === 'testing'}
          onClick={() => void runTest()}
        >
          {test.kind === 'testing' ? t('provider.testing') : t('provider.testConnection')}
        </button>
        <span className="od-spacer" />
        {props.onCancel ? (
          <button type="button" className="od-btn od-btn-ghost" data-testid="cancel-provider" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
        <button type="submit" className="od-btn od-btn-primary" data-testid="save-provider" disabled={saving}>
          {saving ? t('common.saving') : props.variant === 'onboarding' ? t('provider.saveAndStart') : t('provider.save')}
        </button>
      </div>
      </div>
    </form>
  )
}
