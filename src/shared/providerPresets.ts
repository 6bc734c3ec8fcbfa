/**
 * The providers a user can pick in settings, with what we prefill for each, and the one place
 * that turns whatever the user typed as a base URL into the API root the openai SDK expects.
 * Pure TypeScript: the renderer uses it for the form, main for saving and testing.
 *
 * Model names are only the form's starting point: they churn (DeepSeek and DashScope retired
 * several in 2026), so "Test connection" lists what the provider actually serves.
 */
import type { PresetId } from './settings'

export interface ProviderPreset {
  id: PresetId
  label: string
  /** Prefilled base URL; '' when the user must supply one (custom, Azure's resource). */
  baseURL: string
  /** Shown in an empty base URL field. */
  baseURLPlaceholder: string
  /** Other official endpoints of the same service (regions), for a picker next to the field. */
  baseURLAlternatives?: ReadonlyArray<{ label: string; url: string }>
  /** A request without a key cannot succeed: resolving the provider fails with 'no_key'. */
  needsKey: boolean
  /** The key field is shown but may stay empty (local servers, self-hosted gateways). */
  keyOptional: boolean
  /** Where the user gets a key or reads how to set the service up. */
  docsUrl?: string
  /** '' when there is no sensible guess: the user picks one from the listed models. */
  defaultModel: string
  /** Answers when defaultModel is still rate-limited; absent where no sibling model fits. */
  fallbackModel?: string
  /** Azure OpenAI only: the data-plane API version sent as ?api-version=. */
  apiVersion?: string
  /**
   * 'openai-compatible': the base URL is an API root that ends in a version path (…/v1).
   * 'azure-endpoint': the bare resource endpoint; the SDK adds /openai/deployments/<model>.
   */
  urlStyle: 'openai-compatible' | 'azure-endpoint'
}

/** Latest GA data-plane version of Azure OpenAI when this was written. */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21'

export const OLLAMA_DEFAULT_BASE_URL = 'http://127.0.0.1:11434/v1'

export const PROVIDER_PRESETS: Readonly<Record<PresetId, ProviderPreset>> = {
  openai: {
    id: 'openai',
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    baseURLPlaceholder: 'https://api.openai.com/v1',
    needsKey: true,
    keyOptional: false,
    docsUrl: 'https://platform.openai.com/api-keys',
    defaultModel: 'gpt-4o',
    fallbackModel: 'gpt-4o-mini',
    urlStyle: 'openai-compatible'
  },
  azure: {
    id: 'azure',
    label: 'Azure OpenAI',
    baseURL: '',
    baseURLPlaceholder: 'https://RESOURCE.openai.azure.com',
    needsKey: true,
    keyOptional: false,
    docsUrl: 'https://learn.microsoft.com/azure/ai-services/openai/reference',
    // On Azure the "model" is the name the user gave their deployment: no guess is possible.
    defaultModel: '',
    apiVersion: AZURE_DEFAULT_API_VERSION,
    urlStyle: 'azure-endpoint'
  },
  deepseek: {
    id: 'deepseek',
    label: 'DeepSeek',
    // DeepSeek documents https://api.deepseek.com and accepts /v1 "for OpenAI compatibility"
    // (the v1 is not a model version); we keep the /v1 form like every other preset.
    baseURL: 'https://api.deepseek.com/v1',
    baseURLPlaceholder: 'https://api.deepseek.com/v1',
    needsKey: true,
    keyOptional: false,
    docsUrl: 'https://api-docs.deepseek.com/',
    // deepseek-chat was retired on 2026-07-24; DeepSeek's pricing page names deepseek-flash as
    // the model to use. No fallback: DeepSeek serves one model family and queues rather than
    // rate-limits, so a second model would not answer sooner.
    defaultModel: 'deepseek-flash',
    urlStyle: 'openai-compatible'
  },
  qwen: {
    id: 'qwen',
    label: 'Qwen (Alibaba Cloud Model Studio)',
    baseURL: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    baseURLPlaceholder: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    // Keys are per region: a Singapore key is refused by the Beijing endpoint.
    baseURLAlternatives: [
      { label: 'China (Beijing)', url: 'https://dashscope.aliyuncs.com/compatible-mode/v1' },
      { label: 'Singapore', url: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1' },
      { label: 'US (Virginia)', url: 'https://dashscope-us.aliyuncs.com/compatible-mode/v1' }
    ],
    needsKey: true,
    keyOptional: false,
    docsUrl: 'https://help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope',
    defaultModel: 'qwen-plus',
    // qwen-turbo was retired in October 2026; qwen-flash is its successor.
    fallbackModel: 'qwen-flash',
    urlStyle: 'openai-compatible'
  },
  openrouter: {
    id: 'openrouter',
    label: 'OpenRouter',
    baseURL: 'https://openrouter.ai/api/v1',
    baseURLPlaceholder: 'https://openrouter.ai/api/v1',
    needsKey: true,
    keyOptional: false,
    docsUrl: 'https://openrouter.ai/keys',
    defaultModel: 'openai/gpt-4o',
    fallbackModel: 'openai/gpt-4o-mini',
    urlStyle: 'openai-compatible'
  },
  ollama: {
    id: 'ollama',
    label: 'Ollama (local)',
    baseURL: OLLAMA_DEFAULT_BASE_URL,
    baseURLPlaceholder: OLLAMA_DEFAULT_BASE_URL,
    needsKey: false,
    keyOptional: true,
    docsUrl: 'https://github.com/ollama/ollama/blob/main/docs/openai.md',
    defaultModel: 'llama3.2',
    urlStyle: 'openai-compatible'
  },
  lmstudio: {
    id: 'lmstudio',
    label: 'LM Studio (local)',
    baseURL: 'http://127.0.0.1:1234/v1',
    baseURLPlaceholder: 'http://127.0.0.1:1234/v1',
    needsKey: false,
    keyOptional: true,
    docsUrl: 'https://lmstudio.ai/docs/app/api/endpoints/openai',
    // Whatever the user downloaded: pick it from the listed models.
    defaultModel: '',
    urlStyle: 'openai-compatible'
  },
  custom: {
    id: 'custom',
    label: 'Custom (OpenAI-compatible)',
    baseURL: '',
    baseURLPlaceholder: 'https://example.com/v1',
    needsKey: false,
    keyOptional: true,
    defaultModel: '',
    urlStyle: 'openai-compatible'
  }
}

export type NormalizeBaseUrlResult = { ok: true; url: string } | { ok: false; reason: 'empty' | 'invalid' | 'scheme' }

/**
 * Endpoint suffixes users paste along with the API root (copied from a curl example). The SDK
 * appends them itself, so keeping them would double them.
 */
const PASTED_ENDPOINT_SUFFIX = /\/(chat\/completions|completions|models|responses)$/i

/**
 * The API root for a provider: http(s) only, no query, hash or trailing slash. An
 * OpenAI-compatible URL with no path gets `/v1` (https://api.openai.com → …/v1), while a given
 * path (/compatible-mode/v1, /api/v1) is kept. Azure keeps only the origin: the SDK builds
 * /openai/deployments/<deployment>/… from it.
 */
export function normalizeBaseUrl(input: string, presetId: PresetId): NormalizeBaseUrlResult {
  const trimmed = input.trim()
  if (!trimmed) return { ok: false, reason: 'empty' }
  // Also catches a bare host ("api.openai.com"): the user must say http or https, since the
  // difference matters (a local server rarely speaks TLS, a remote one must).
  if (!/^https?:\/\//i.test(trimmed)) return { ok: false, reason: 'scheme' }

  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return { ok: false, reason: 'invalid' }
  }
  if (!url.hostname) return { ok: false, reason: 'invalid' }
  // fetch() refuses URLs with credentials, so every request would fail later and less clearly.
  if (url.username || url.password) return { ok: false, reason: 'invalid' }

  const origin = `${url.protocol}//${url.host}`
  if (PROVIDER_PRESETS[presetId].urlStyle === 'azure-endpoint') return { ok: true, url: origin }

  let path = url.pathname.replace(/\/+$/, '').replace(PASTED_ENDPOINT_SUFFIX, '').replace(/\/+$/, '')
  if (!path) path = '/v1'
  return { ok: true, url: origin + path }
}

/**
 * The origin (scheme, host, port) a stored key is bound to: a saved key is only ever sent to the
 * origin it was saved for (docs/ARCHITECTURE.md, "Security"). The path may change (…/v1 →
 * …/compatible-mode/v1): the same server gets the key either way. undefined when unparseable.
 */
export function providerOrigin(baseURL: string): string | undefined {
  try {
    const { origin } = new URL(baseURL)
    return origin === 'null' ? undefined : origin
  } catch {
    return undefined
  }
}

/** IPv4 networks that stay on this computer or the local network: [network, prefix length]. */
const LOCAL_IPV4_NETWORKS: ReadonlyArray<readonly [string, number]> = [
  ['127.0.0.0', 8], // loopback
  ['10.0.0.0', 8], // private (RFC 1918)
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['100.64.0.0', 10], // carrier-grade NAT, also Tailscale's addresses
  ['169.254.0.0', 16], // link-local
  ['0.0.0.0', 32] // "this host": connecting to it reaches a local server
]

/** a.b.c.d → its 32-bit value, or undefined when the host is not a dotted IPv4 address. */
function ipv4Value(host: string): number | undefined {
  const parts = host.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined
  return parts.reduce((n, p) => n * 256 + Number(p), 0)
}

function isLocalIpv4(host: string): boolean {
  const value = ipv4Value(host)
  if (value === undefined) return false
  return LOCAL_IPV4_NETWORKS.some(([network, bits]) => {
    const size = 2 ** (32 - bits)
    return Math.floor(value / size) === Math.floor(ipv4Value(network)! / size)
  })
}

/** The URL parser gives IPv6 hosts compressed and lower-case, in brackets: [::1], [fd00::1]. */
function isLocalIpv6(bracketed: string): boolean {
  if (!bracketed.startsWith('[')) return false
  const host = bracketed.slice(1, -1)
  if (host === '::1') return true
  // IPv4-mapped (::ffff:10.0.0.1, which the parser writes as ::ffff:a00:1).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host)
  if (mapped) {
    const [hi, lo] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)]
    return isLocalIpv4([hi >> 8, hi & 255, lo >> 8, lo & 255].join('.'))
  }
  const first = parseInt(host.split(':')[0] || '0', 16)
  // fc00::/7 (unique local) and fe80::/10 (link-local).
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80
}

/**
 * True when a base URL would send the key and the conversation unencrypted across networks we do
 * not control: http:// to a host that is not this computer (localhost, loopback) nor the local
 * network (private and CGNAT IPv4 ranges, unique- and link-local IPv6, *.local names). Local
 * servers (Ollama, LM Studio, a box on the LAN) rarely speak TLS and are fine; a remote one must.
 * The form warns, it does not refuse: some users do route through a trusted plain-HTTP gateway.
 */
export function isRemotePlainHttp(baseURL: string): boolean {
  let url: URL
  try {
    url = new URL(baseURL.trim())
  } catch {
    return false
  }
  if (url.protocol !== 'http:') return false
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return false
  return !isLocalIpv4(host) && !isLocalIpv6(host)
}
