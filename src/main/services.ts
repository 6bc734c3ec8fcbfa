/**
 * Composition of the main-process services, shared by the Electron app (src/main/app) and the
 * web harness (src/main/harness): both pass their adapters in and get the contract's handlers
 * back. No `electron` import here (the layer map, docs/ARCHITECTURE.md).
 */
import type { ContractHandlers, EmitEvent } from '../shared/ipc/contract'
import { ChatEngine } from './chat/chatEngine'
import { createVisionServices } from './attachments/handlers'
import type { CapturePorts } from './capture/ports'
import { createCaptureShortcutService } from './capture/shortcut'
import { createCompanionService, createInertCompanionHost, type CompanionHost, type CompanionService } from './companion'
import { mainLanguage } from './companion/messages'
import { createProviderService } from './providers/providerService'
import { isAllowedExternalUrl } from './security/externalUrl'
import { createPreferences } from './store/preferences'
import { createSecretStore } from './store/secrets'
import { openConversationStore } from './store/sqliteConversationStore'
import { coalesceDeltas } from './chat/coalesceDeltas'
import type { PreferencesBackend, SecretBox } from './store/types'
import type { AudioLinkFactory, MicPermission } from './voice/audioLink'
import { createVoiceService, type VoiceService } from './voice/voiceService'

export interface MainServicesDeps {
  /** userData in the app; a temp or chosen folder in the harness. The database lives here. */
  dataDir: string
  preferencesBackend: PreferencesBackend
  secretBox: SecretBox
  app: {
    version: string
    platform: string
    systemLocale: () => string
    systemDark: () => boolean
    /** Only called with URLs that passed the scheme check. */
    openExternal: (url: string) => Promise<void>
    setLaunchAtLogin: (enabled: boolean) => void
  }
  /** Pushes an event to the windows that receive it (the shell's event router). */
  emit: EmitEvent
  /** A window's page subscribed to its events (`app.ready`): the router sends what it queued. */
  windowReady: (sender: number | string) => void
  /** openai SDK client options (tests shorten retries); defaults are the SDK's. */
  clientOptions?: { maxRetries?: number; timeoutMs?: number }
  /** How often a streaming answer is saved (ms). */
  partialWriteIntervalMs?: number
  log?: (message: string, error?: unknown) => void
  /** Screen capture ports (Electron, or the harness's fixtures); absent: capture unavailable. */
  capture?: CapturePorts
  /** Voice: the renderer ↔ main audio link (MessagePort in Electron, WebSocket in the harness); absent: no voice. */
  audioLinks?: AudioLinkFactory
  /** Microphone permission (macOS); absent: left to the browser / OS. */
  micPermission?: MicPermission
  /** The companion window's desktop side (Electron glue, or the harness's recorder); absent: inert. */
  companionHost?: CompanionHost
}

export interface MainServices {
  handlers: ContractHandlers
  /** Stops streams (saving partials) and closes the database. */
  close(): Promise<void>
  /** The companion window's logic: the shell calls start() (global shortcut) and feeds it window events. */
  companion?: CompanionService
  /** Voice sessions (tests and benches read their timings). */
  voice?: VoiceService
}

export async function createMainServices(deps: MainServicesDeps): Promise<MainServices> {
  const { emit } = deps
  const log = deps.log ?? ((message: string, error?: unknown) => console.warn(`[omnidesk] ${message}`, error ?? ''))
  const prefs = createPreferences(deps.preferencesBackend)
  const secrets = createSecretStore({
    box: deps.secretBox,
    backend: deps.preferencesBackend,
    allowPlaintext: () => prefs.getSettings().allowPlaintextSecrets
  })
  const providers = createProviderService({
    prefs,
    secrets,
    clientOptions: deps.clientOptions,
    onChanged: (list) => emit('providers:onChanged', list)
  })
  const { store, notices } = await openConversationStore({ dataDir: deps.dataDir })
  // Answers that were streaming when the app quit or crashed keep their text, marked stopped.
  await store.recoverInterruptedMessages()
  const vision = createVisionServices({ dataDir: deps.dataDir, emit, capture: deps.capture, log })
  // Deltas coalesced to the stream pace (STREAM_FRAME_MS): ~30 IPC messages a second, not one per token.
  const engine = new ChatEngine({ store, providers, emit: coalesceDeltas(emit), partialWriteIntervalMs: deps.partialWriteIntervalMs, log, images: vision.resolver })
  const voice = createVoiceService({ store, providers, settings: () => prefs.getSettings(), emit, audioLinks: deps.audioLinks, mic: deps.micPermission, log })

  const companion = createCompanionService({
    host: deps.companionHost ?? createInertCompanionHost(),
    platform: deps.app.platform,
    settings: () => prefs.getSettings(),
    updateSettings: (patch) => prefs.updateSettings(patch),
    backend: deps.preferencesBackend,
    conversationUpdatedAt: async (id) => (await store.getConversation(id))?.updatedAt ?? null,
    emit,
    language: () => mainLanguage(prefs.getSettings().language, deps.app.systemLocale()),
    log: (message) => log(message)
  })

  // The global capture shortcut asks the composer for a region, like the tray item.
  const captureShortcut = createCaptureShortcutService({
    port: deps.capture?.shortcuts,
    notify: deps.capture?.notify,
    platform: deps.app.platform,
    settings: () => prefs.getSettings(),
    updateSettings: (patch) => prefs.updateSettings(patch),
    emit,
    language: () => mainLanguage(prefs.getSettings().language, deps.app.systemLocale()),
    onPress: () => emit('capture:onRequest', { action: 'region' }),
    log: (message) => log(message)
  })
  captureShortcut.start()

  const unsubscribeSettings = prefs.onSettingsChanged((settings) => {
    emit('settings:onChanged', settings)
    captureShortcut.sync(settings)
  })

  const handlers: ContractHandlers = {
    app: {
      ready: (_req, caller) => {
        if (caller) deps.windowReady(caller.sender)
        return { ok: true as const }
      },
      info: () => ({
        version: deps.app.version,
        platform: deps.app.platform,
        systemLocale: deps.app.systemLocale(),
        systemDark: deps.app.systemDark(),
        dataDir: deps.dataDir,
        keyring: secrets.keyringState(),
        startupNotices: notices
      }),
      openExternal: async ({ url }) => {
        if (!isAllowedExternalUrl(url)) return { opened: false }
        await deps.app.openExternal(url)
        return { opened: true }
      }
    },
    settings: {
      get: () => prefs.getSettings(),
      update: (patch) => {
        const before = prefs.getSettings()
        // null (from the wire) means "clear": the preferences layer clears on undefined.
        const cleared = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v === null ? undefined : v]))
        const after = prefs.updateSettings(cleared)
        if (patch.launchAtLogin !== undefined && patch.launchAtLogin !== before.launchAtLogin) {
          deps.app.setLaunchAtLogin(after.launchAtLogin)
        }
        return after
      }
    },
    providers: {
      list: () => providers.list(),
      save: (draft) => providers.save(draft),
      remove: ({ id }) => {
        providers.remove(id)
        return { ok: true as const }
      },
      test: (draft) => providers.test(draft),
      models: ({ id }) => providers.models(id),
      detectOllama: () => providers.detectOllama()
    },
    conversations: {
      list: () => store.listConversations(),
      get: async ({ id }) => {
        const conversation = await store.getConversation(id)
        if (!conversation) throw new Error('That conversation no longer exists.')
        return { conversation, messages: await store.listMessages(id) }
      },
      rename: async ({ id, title }) => {
        const conversation = await store.renameConversation(id, title, { auto: false })
        emit('conversations:onChanged', { conversationId: id })
        return conversation
      },
      remove: async ({ id }) => {
        await engine.stopConversationStreams(id)
        await store.deleteConversation(id)
        emit('conversations:onChanged', { conversationId: id })
        return { ok: true as const }
      },
      search: ({ query }) => store.search(query)
    },
    chat: {
      send: (req) => engine.send(req),
      stop: async ({ streamId }) => {
        await engine.stop(streamId)
        return { ok: true as const }
      },
      regenerate: (req) => engine.regenerate(req),
      editAndResend: (req) => engine.editAndResend(req)
    },
    ...vision.handlers,
    capture: { ...vision.handlers.capture, ...captureShortcut.handlers },
    voice: voice.handlers,
    companion: companion.handlers
  }

  return {
    handlers,
    companion,
    voice,
    async close() {
      unsubscribeSettings()
      companion.dispose()
      captureShortcut.dispose()
      vision.capture.cancelAll()
      voice.stopAll()
      await engine.stopAll()
      await store.close()
    }
  }
}
