/**
 * User preferences (stored by electron-store in the app; by a JSON file in the web harness) and
 * provider configuration. Secrets are NOT here: API keys live encrypted in main only, and the
 * renderer sees `hasKey`.
 */
import { z } from 'zod'

/** Provider presets, in the order the provider picker shows them. */
export const PresetId = z.enum([
  'openai',
  'azure',
  'deepseek',
  'qwen',
  'openrouter',
  'ollama',
  'lmstudio',
  'custom'
])
export type PresetId = z.infer<typeof PresetId>

export const Language = z.enum(['en', 'zh-CN'])
export type Language = z.infer<typeof Language>

export const Theme = z.enum(['system', 'light', 'dark'])
export type Theme = z.infer<typeof Theme>

const ModelName = z.string().trim().min(1).max(200)

/** Where `web_search` searches ('none': the tool is not offered). Keys (Tavily, Brave) live encrypted in main. */
export const WebSearchBackend = z.enum(['none', 'searxng', 'tavily', 'brave'])
export type WebSearchBackend = z.infer<typeof WebSearchBackend>

const ToolName = z.string().max(200)

/** A provider as stored in preferences (no key). */
export const ProviderConfig = z.object({
  id: z.string().min(1).max(100),
  presetId: PresetId,
  name: z.string().trim().min(1).max(100),
  /** Normalised: no trailing slash, ends with the API root (e.g. https://api.openai.com/v1). */
  baseURL: z.string().max(2000),
  defaultModel: ModelName,
  /** Answers when defaultModel is still rate-limited after the SDK's retries. */
  fallbackModel: ModelName.optional(),
  /** Azure OpenAI only. */
  apiVersion: z.string().max(50).optional()
})
export type ProviderConfig = z.infer<typeof ProviderConfig>

/** What the renderer sees of a provider. */
export const ProviderView = ProviderConfig.extend({ hasKey: z.boolean() })
export type ProviderView = z.infer<typeof ProviderView>

/**
 * Save a provider. `apiKey`: a string sets it, null clears it, absent keeps the stored one.
 * `id` absent creates a new provider.
 */
export const ProviderDraft = z.object({
  id: z.string().min(1).max(100).optional(),
  presetId: PresetId,
  name: z.string().trim().min(1).max(100),
  baseURL: z.string().trim().max(2000),
  apiKey: z.string().max(1000).nullable().optional(),
  defaultModel: ModelName,
  fallbackModel: z.string().trim().max(200).optional(),
  apiVersion: z.string().trim().max(50).optional()
})
export type ProviderDraft = z.infer<typeof ProviderDraft>

export const Settings = z.object({
  theme: Theme.default('system'),
  /** Absent until the user picks one: the renderer then follows the OS language. */
  language: Language.optional(),
  defaultProviderId: z.string().optional(),
  /** Overrides the default provider's defaultModel in new chats when set. */
  defaultModel: z.string().optional(),
  launchAtLogin: z.boolean().default(false),
  /** true: Enter sends, Shift+Enter adds a line. false: Cmd/Ctrl+Enter sends. */
  enterToSend: z.boolean().default(true),
  /**
   * Only meaningful where safeStorage has no OS keyring: the user explicitly agreed that API
   * keys may be stored without encryption.
   */
  allowPlaintextSecrets: z.boolean().default(false),
  /** Companion window: its global shortcut (Electron accelerator; '' = none). Changed through companion.setShortcut. */
  companionShortcut: z.string().max(100).default('Alt+Space'),
  /** Companion: continue its last conversation when used within this many minutes (0: always a new one). */
  companionContinueMinutes: z.number().int().min(0).max(1440).default(10),
  /** Companion: offer the clipboard text (or the selection on Linux) as a removable context chip. */
  companionClipboardContext: z.boolean().default(false),
  /** Companion: the assistant its new chats talk to (absent: none; `@` switches per chat). */
  companionAssistantId: z.string().max(200).optional(),
  /** Global shortcut for a region screenshot (Electron accelerator); empty string: none. */
  captureShortcut: z.string().max(100).default('CommandOrControl+Shift+2'),
  /** Voice: the Realtime API, or transcription → chat → speech. */
  voiceMode: z.enum(['realtime', 'pipeline']).default('realtime'),
  voiceName: z.string().max(100).default('alloy'),
  voiceTurnDetection: z.enum(['server_vad', 'semantic_vad']).default('server_vad'),
  /** Silence that ends the user's turn (server_vad). */
  voiceSilenceMs: z.number().int().min(200).max(3000).default(500),
  voiceRealtimeModel: z.string().max(200).default('gpt-realtime'),
  voiceTranscribeModel: z.string().max(200).default('gpt-4o-mini-transcribe'),
  voiceSpeechModel: z.string().max(200).default('gpt-4o-mini-tts'),
  /** Extra instructions for voice sessions. */
  voiceInstructions: z.string().max(4000).optional(),
  voicePushToTalk: z.boolean().default(false),
  /** Echo cancellation, noise suppression and automatic gain on the microphone. */
  voiceAudioProcessing: z.boolean().default(true),
  /** Tools: how many rounds of tool calls one answer may take before it stops with a notice. */
  toolStepLimit: z.number().int().min(1).max(50).default(10),
  webSearchBackend: WebSearchBackend.default('none'),
  /** A SearXNG instance (its JSON API), e.g. http://localhost:8888. */
  searxngUrl: z.string().max(2000).default(''),
  /** read_url may read pages on this computer and the local network (off: public addresses only). */
  readUrlLocalNetwork: z.boolean().default(false),
  /** Tools (by name) that run without asking: the user chose "Always allow". */
  toolsAlwaysAllowed: z.array(ToolName).max(1000).default([]),
  /** Saved memories: the model reads them and keeps them up to date (Settings → Memory). */
  memoryEnabled: z.boolean().default(true),
  /** Passages of past conversations relevant to a question go to the model (opt-in). */
  referenceChatHistory: z.boolean().default(false),
  /** The provider's embeddings model for assistants' knowledge (none answering: full-text search alone). */
  embeddingModel: z.string().trim().min(1).max(200).default('text-embedding-3-small'),
  /** Updates: check at start and daily, download in the background (off: only "Check now"). */
  autoUpdate: z.boolean().default(true)
})
export type Settings = z.infer<typeof Settings>

/**
 * What the renderer may change through settings.update (providers have their own channels).
 * Written out rather than `Settings.partial()`: zod would fill in the defaults of absent fields
 * and so reset every setting the patch does not name. `null` clears an optional setting (JSON,
 * as used by the web harness's bridge, cannot carry `undefined`).
 */
/** Every setting at its default: the one place the defaults are written is the schema above. */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(Settings.parse({}))

export const SettingsPatch = z.object({
  theme: Theme.optional(),
  language: Language.nullable().optional(),
  defaultProviderId: z.string().max(100).nullable().optional(),
  defaultModel: z.string().max(200).nullable().optional(),
  launchAtLogin: z.boolean().optional(),
  enterToSend: z.boolean().optional(),
  allowPlaintextSecrets: z.boolean().optional(),
  companionContinueMinutes: z.number().int().min(0).max(1440).optional(),
  companionClipboardContext: z.boolean().optional(),
  companionAssistantId: z.string().min(1).max(200).nullable().optional(),
  captureShortcut: z.string().max(100).optional(),
  voiceMode: z.enum(['realtime', 'pipeline']).optional(),
  voiceName: z.string().min(1).max(100).optional(),
  voiceTurnDetection: z.enum(['server_vad', 'semantic_vad']).optional(),
  voiceSilenceMs: z.number().int().min(200).max(3000).optional(),
  voiceRealtimeModel: z.string().min(1).max(200).optional(),
  voiceTranscribeModel: z.string().min(1).max(200).optional(),
  voiceSpeechModel: z.string().min(1).max(200).optional(),
  voiceInstructions: z.string().max(4000).nullable().optional(),
  voicePushToTalk: z.boolean().optional(),
  voiceAudioProcessing: z.boolean().optional(),
  toolStepLimit: z.number().int().min(1).max(50).optional(),
  webSearchBackend: WebSearchBackend.optional(),
  searxngUrl: z.string().max(2000).optional(),
  readUrlLocalNetwork: z.boolean().optional(),
  toolsAlwaysAllowed: z.array(ToolName).max(1000).optional(),
  memoryEnabled: z.boolean().optional(),
  referenceChatHistory: z.boolean().optional(),
  embeddingModel: z.string().trim().min(1).max(200).optional(),
  autoUpdate: z.boolean().optional()
})
export type SettingsPatch = z.infer<typeof SettingsPatch>

/** Where keys can be kept on this machine. */
export const KeyringState = z.enum([
  'available', // OS keyring (Keychain, DPAPI, libsecret/kwallet)
  'unavailable', // no keyring: keys cannot be saved unless the user allows plaintext
  'plaintext-allowed' // no keyring, user agreed to plaintext storage
])
export type KeyringState = z.infer<typeof KeyringState>
