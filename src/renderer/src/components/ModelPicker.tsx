/**
 * Which model answers the next message: each provider's default and fallback models plus what
 * it lists. A native select: keyboard and screen-reader friendly, and native-looking.
 */
import { useMemo, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { decodeChoice, effectiveChoice, encodeChoice, modelOptionGroups, type ModelOption } from '../logic/models'
import { useAppState, useController } from '../state/hooks'

/** The label is the model's exact name (what users and tests look for); the role goes in a tooltip. */
function optionTitle(o: ModelOption, t: (k: 'chat.modelDefault' | 'chat.modelFallback') => string): string | undefined {
  if (o.tag === 'default') return t('chat.modelDefault')
  if (o.tag === 'fallback') return t('chat.modelFallback')
  return undefined
}

export function ModelPicker(): ReactElement | null {
  const { t } = useTranslation()
  const controller = useController()
  const providers = useAppState((s) => s.providers)
  const providerModels = useAppState((s) => s.providerModels)
  const selection = useAppState((s) => s.selection)
  const settings = useAppState((s) => s.settings)
  const activeId = useAppState((s) => s.activeId)
  const conversations = useAppState((s) => s.conversations)
  const conversation = conversations.find((c) => c.id === activeId)

  const current = effectiveChoice({ selection, conversation, settings, providers })
  const groups = useMemo(
    () => modelOptionGroups(providers, providerModels, current),
    [providers, providerModels, current?.providerId, current?.model]
  )
  if (!current || groups.length === 0) return null

  const renderOptions = (providerId: string, options: ModelOption[]): ReactElement[] =>
    options.map((o) => (
      <option key={o.model} value={encodeChoice({ providerId, model: o.model })} title={optionTitle(o, t)}>
        {o.model}
      </option>
    ))

  return (
    <label className="od-model-picker">
      <span className="od-visually-hidden">{t('chat.modelLabel')}</span>
      <select
        data-testid="model-picker"
        aria-label={t('chat.modelLabel')}
        value={encodeChoice(current)}
        onFocus={() => {
          for (const p of providers) if (!providerModels[p.id]) void controller.settings.loadModels(p.id)
        }}
        onChange={(e) => controller.chat.selectModel(decodeChoice(e.target.value))}
      >
        {groups.length === 1
          ? renderOptions(groups[0].providerId, groups[0].options)
          : groups.map((g) => (
              <optgroup key={g.providerId} label={g.providerName}>
                {renderOptions(g.providerId, g.options)}
              </optgroup>
            ))}
      </select>
    </label>
  )
}
