/** The model picker: which models each provider offers, and which one the next message uses. */
import type { Conversation } from '../../../shared/domain'
import type { ProviderView, Settings } from '../../../shared/settings'

export interface ModelChoice {
  providerId: string
  model: string
}

export interface ModelOption {
  model: string
  tag?: 'default' | 'fallback'
}

export interface ModelOptionGroup {
  providerId: string
  providerName: string
  options: ModelOption[]
}

/**
 * Per provider: its default model, its fallback model, then what it lists (sorted), without
 * duplicates. The current choice is kept even when the provider no longer lists it.
 */
export function modelOptionGroups(
  providers: readonly ProviderView[],
  listed: Readonly<Record<string, readonly string[] | undefined>>,
  current?: ModelChoice | null
): ModelOptionGroup[] {
  return providers.map((p) => {
    const options: ModelOption[] = []
    const seen = new Set<string>()
    const add = (model: string | undefined, tag?: ModelOption['tag']): void => {
      const m = model?.trim()
      if (!m || seen.has(m)) return
      seen.add(m)
      options.push(tag ? { model: m, tag } : { model: m })
    }
    add(p.defaultModel, 'default')
    add(p.fallbackModel, 'fallback')
    for (const m of [...(listed[p.id] ?? [])].sort((a, b) => a.localeCompare(b))) add(m)
    if (current && current.providerId === p.id) add(current.model)
    return { providerId: p.id, providerName: p.name, options }
  })
}

/** The provider new chats use: the default one if it still exists, else the first. */
export function defaultProvider(providers: readonly ProviderView[], settings: Settings | null): ProviderView | undefined {
  return providers.find((p) => p.id === settings?.defaultProviderId) ?? providers[0]
}

/**
 * What the next message uses: the user's pick in the picker; else what the conversation used;
 * else the default provider with the default model from settings or the provider.
 */
export function effectiveChoice(args: {
  selection: ModelChoice | null
  conversation: Conversation | undefined
  settings: Settings | null
  providers: readonly ProviderView[]
}): ModelChoice | null {
  const { selection, conversation, settings, providers } = args
  const exists = (id: string | undefined): boolean => !!id && providers.some((p) => p.id === id)
  if (selection && exists(selection.providerId)) return selection
  if (conversation && exists(conversation.providerId)) {
    const p = providers.find((x) => x.id === conversation.providerId)!
    return { providerId: p.id, model: conversation.model || p.defaultModel }
  }
  const p = defaultProvider(providers, settings)
  if (!p) return null
  const useSettingsModel = settings?.defaultModel && (!settings.defaultProviderId || settings.defaultProviderId === p.id)
  return { providerId: p.id, model: useSettingsModel ? settings!.defaultModel! : p.defaultModel }
}

const SEP = '\u001f'
export const encodeChoice = (c: ModelChoice): string => `${c.providerId}${SEP}${c.model}`
export function decodeChoice(value: string): ModelChoice | null {
  const i = value.indexOf(SEP)
  if (i <= 0) return null
  return { providerId: value.slice(0, i), model: value.slice(i + 1) }
}
