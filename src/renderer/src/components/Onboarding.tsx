/**
 * First run, no provider yet: pick a preset, fill what it needs, test, save. A running Ollama is
 * detected and offered with its models.
 */
import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { valuesFromPreset, type ProviderFormValues } from '../logic/providerForm'
import { useController } from '../state/hooks'
import { KeyringWarning } from './KeyringWarning'
import { ProviderForm } from './ProviderForm'
import { StartupNotice } from './StartupNotice'

export function Onboarding(props: { onCancel?: () => void } = {}): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const [ollama, setOllama] = useState<{ baseURL: string; models: string[] } | null>(null)
  const [initial, setInitial] = useState<ProviderFormValues>(() => valuesFromPreset('openai', t('presets.openai')))
  const [formKey, setFormKey] = useState(0)

  useEffect(() => {
    let alive = true
    void controller.settings.detectOllama().then((r) => {
      if (alive && r.found) setOllama({ baseURL: r.baseURL, models: r.models })
    })
    return () => {
      alive = false
    }
  }, [controller])

  const chooseOllama = (): void => {
    if (!ollama) return
    const v = valuesFromPreset('ollama', t('presets.ollama'))
    if (ollama.baseURL) v.baseURL = ollama.baseURL
    if (ollama.models.length && !ollama.models.includes(v.defaultModel)) v.defaultModel = ollama.models[0]
    setInitial(v)
    setFormKey((k) => k + 1)
  }

  return (
    <div className="od-onboarding" data-testid="onboarding">
      <div className="od-onboarding-card">
        <StartupNotice />
        <h1 className="od-onboarding-title">{t('onboarding.title')}</h1>
        <p className="od-muted od-onboarding-subtitle">{t('onboarding.subtitle')}</p>
        {ollama ? (
          <div className="od-detected" data-testid="ollama-detected">
            <span>{t('onboarding.ollamaFound', { count: ollama.models.length })}</span>
            <button type="button" className="od-btn od-btn-small" data-testid="use-ollama" onClick={chooseOllama}>
              {t('onboarding.useOllama')}
            </button>
          </div>
        ) : null}
        <KeyringWarning />
        <ProviderForm
          key={formKey}
          initial={initial}
          variant="onboarding"
          choosePreset
          suggestedModels={ollama?.models}
          onSaved={() => controller.view.focusComposer()}
        />
        {props.onCancel ? (
          // Came from the history (no provider left): it stays readable without one.
          <button type="button" className="od-link-btn od-onboarding-back" data-testid="onboarding-back" onClick={props.onCancel}>
            {t('onboarding.backToHistory')}
          </button>
        ) : null}
      </div>
    </div>
  )
}
