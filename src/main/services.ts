/**
 * Composition of the main-process services, shared by the Electron app (src/main/app) and the
 * web harness (src/main/harness): both pass their adapters in and get the contract's handlers
 * back. No `electron` import here (the layer map, docs/ARCHITECTURE.md).
 */
import type { ContractHandlers, EmitEvent } from '../shared/ipc/contract'
import { ChatEngine } from './chat/chatEngine'
import { createAttachmentServices } from './attachments/handlers'
import { isFileManifest } from './attachments/attachmentStore'
import { createFileServices, type FileServices, type FileWorkers } from './files/service'
import { sourceFileWorkers } from './files/workers'
import { assistantScope, createMemoryServices, memoryScopeOf } from './memory/service'
import { createAssistantServices } from './assistants/service'
import { createAssistantStore } from './assistants/assistantStore'
import { createMemoryStore } from './memory/memoryStore'
import type { CapturePorts } from './capture/ports'
import { createCaptureShortcutService } from './capture/shortcut'
import { createCompanionService, createInertCompanionDesktop, type CompanionDesktopPort, type CompanionService } from './companion'
import { mainLanguage } from './companion/messages'
import { createProviderService } from './providers/providerService'
import { createChatHandlers, createConversationHandlers } from './chat/handlers'
import { createBuiltinTools } from './tools/builtins'
import { createToolHandlers, searchKeyId, serverViews } from './tools/handlers'
import { createMcpHub, readLoginShellEnv } from './tools/mcp'
import { createMcpServerStore } from './tools/mcpServers'
import { createToolServices } from './tools/service'
import type { WebSearchEndpoints } from './tools/webSearch/webSearchTool'
import type { ToolProvider } from './tools/types'
import { createProviderHandlers } from './providers/handlers'
import { createAppHandlers, createSettingsHandlers, type AppShellPort } from './settings/handlers'
import { createHistoryHandlers } from './store/backupHandlers'
import { createPreferences } from './store/preferences'
import { createSecretStore } from './store/secrets'
import { openConversationStore } from './store/sqliteConversationStore'
import { DATABASE_FILE_NAME } from './store/database'
import { scheduleIntegrityCheck } from './store/integrityCheck'
import path from 'node:path'
import { coalesceDeltas } from './chat/coalesceDeltas'
import type { FileDialogPort, PreferencesPort, SecretCipherPort } from './store/types'
import type { AudioLinkPort, MicPermissionPort } from './voice/audioLink'
import type { VoiceProbe } from './voice/probe'
import { createVoiceService, type VoiceService } from './voice/voiceService'
import type { UpdaterPort, UpdateTimers } from './updates/ports'
import { createUpdateService } from './updates/service'
import { createTransferService } from './transfer/service'
import { createOcrService } from './ocr/ocrService'
import { createImagesAsText } from './ocr/imagesAsText'

export interface MainServicesDeps {
  /** userData in the app; a temp or chosen folder in the harness. The database lives here. */
  dataDir: string
  preferencesPort: PreferencesPort
  secretCipher: SecretCipherPort
  app: AppShellPort
  /** Pushes an event to the windows that receive it (the shell's event router). */
  emit: EmitEvent
  /** Tools offered besides the built-ins. */
  toolProviders?: () => ToolProvider[]
  /** Tests: where the Tavily and Brave APIs live (a local fake). */
  searchEndpoints?: WebSearchEndpoints
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
  audioLinks?: AudioLinkPort
  /** The document and data workers' scripts (the app's bundles); default: the sources through tsx. */
  fileWorkers?: FileWorkers
  /** A timing observer per realtime voice session (the voice bench); absent in the app. */
  voiceProbe?: (sessionId: string) => VoiceProbe
  /** Microphone permission (macOS); absent: left to the browser / OS. */
  micPermission?: MicPermissionPort
  /** The camera (and screen) permission per window, granted only while a voice session there shares; absent: the browser decides. */
  videoAccess?: { setAllowed(window: 'main' | 'companion', allowed: boolean): void }
  /** A voice session started or stopped sharing (the tray's "Stop sharing" item). */
  onSharingChanged?: (anySharing: boolean) => void
  /** The companion window's desktop side (Electron glue, or the harness's recorder); absent: inert. */
  companionDesktop?: CompanionDesktopPort
  /** The app's updater (electron-updater in a packaged app, a fake in the harness); absent: no updates. */
  updater?: UpdaterPort
  /** Why there is no updater (shown in Settings → Updates); default 'dev'. */
  updaterUnsupported?: 'dev' | 'package'
  /** The update checks' clock (tests and the harness drive it); default the system's. */
  updateTimers?: UpdateTimers
  /** How long after start the background integrity check waits (tests); default a minute. */
  integrityCheckDelayMs?: number
  /** Save / Open dialogs (export, import, backups); absent: every dialog answers "cancelled". */
  fileDialogs?: FileDialogPort
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
  const prefs = createPreferences(deps.preferencesPort)
  const secrets = createSecretStore({
    box: deps.secretCipher,
    backend: deps.preferencesPort,
    allowPlaintext: () => prefs.getSettings().allowPlaintextSecrets
  })
  const providers = createProviderService({
    prefs,
    secrets,
    clientOptions: deps.clientOptions,
    onChanged: (list) => emit('providers:onChanged', list)
  })
  const { store, notices, database } = await openConversationStore({ dataDir: deps.dataDir })
  // Answers that were streaming when the app quit or crashed keep their text, marked stopped.
  await store.recoverInterruptedMessages()
  // The store tells the attachment collector which images messages still reference.
  // Temporary chats left by a quit or a crash: never kept past a start (their files with them, below).
  const leftTemporary = await store.temporaryConversationIds()
  // Files are collected with images; a removed document's passages go with it.
  let files: FileServices | undefined
  const attachments = createAttachmentServices({
    dataDir: deps.dataDir,
    emit,
    capture: deps.capture,
    log,
    references: store,
    onRemoved: async (manifests) => files?.removed(manifests.filter(isFileManifest).map((m) => m.id))
  })
  const workers = deps.fileWorkers ?? sourceFileWorkers()
  files = createFileServices({ attachments: attachments.store, store, workers, log })
  // The full integrity check no longer runs at open (it reads the whole file): a while after
  // start, in a worker, at most weekly (store/integrityCheck.ts).
  const integrity = scheduleIntegrityCheck({
    dataDir: deps.dataDir,
    file: path.join(deps.dataDir, DATABASE_FILE_NAME),
    worker: workers.integrity,
    delayMs: deps.integrityCheckDelayMs,
    log: (message) => log(message)
  })
  for (const id of leftTemporary) {
    const attachmentIds = await store.attachmentIdsOf(id)
    await store.deleteConversation(id)
    attachments.resolver.release?.(attachmentIds)
  }
  const assistantStore = createAssistantStore(database)
  const memory = createMemoryServices({
    memories: createMemoryStore(database),
    store,
    settings: () => prefs.getSettings(),
    emit,
    // A conversation's memory: its assistant's own notebook when it keeps one, else the global memories.
    scopeOf: async (conversationId) => {
      const assistantId = (await store.getConversation(conversationId))?.assistantId
      return memoryScopeOf(assistantId ? await assistantStore.get(assistantId) : undefined)
    }
  })
  const assistants = createAssistantServices({
    assistants: assistantStore,
    database,
    attachments: attachments.store,
    files,
    providers,
    settings: () => prefs.getSettings(),
    emit,
    log,
    // A deleted assistant's own memories go with it.
    onRemoved: (id) => memory.forgetScope(assistantScope(id))
  })
  // Images stored but never sent, and files a crash left, go in the background.
  void attachments.gc?.sweep().catch((error) => log('Could not sweep unused image attachments', error))
  // Deltas coalesced to the stream pace (STREAM_FRAME_MS, 50 ms): at most 20 IPC messages a second per stream, not one per token.
  const chatEmit = coalesceDeltas(emit)
  const builtinTools = createBuiltinTools({
    settings: () => prefs.getSettings(),
    searchKey: (backend) => secrets.getKey(searchKeyId(backend)),
    searchEndpoints: deps.searchEndpoints
  })
  const mcpServers = createMcpServerStore(deps.preferencesPort)
  const mcp = createMcpHub({
    loginEnv: () => readLoginShellEnv(),
    log,
    onChange: () => emit('tools:onServers', serverViews({ servers: mcpServers, hub: mcp })),
    clientInfo: { name: 'Omnidesk', version: deps.app.version }
  })
  // Servers start in the background: the app does not wait for a slow `npx` to be ready.
  void mcp.sync(mcpServers.list())
  const serverConfig = (source: string) => mcpServers.list().find((s) => s.id === source)
  const tools = createToolServices({
    settings: () => prefs.getSettings(),
    updateSettings: (patch) => prefs.updateSettings(patch),
    emitApproval: (ctx, step, approvalId) =>
      chatEmit('chat:onEvent', { kind: 'tool', streamId: ctx.streamId, conversationId: ctx.conversationId, messageId: ctx.messageId, step, approvalId }),
    providers: () => [builtinTools, files.queryTool, memory.tool, mcp, ...(deps.toolProviders?.() ?? [])],
    // Built-in tools ask before changing anything; a server may be set to never ask (destructive tools still do).
    sourceAsks: (source) => serverConfig(source)?.approval !== 'never',
    timeoutMs: (source) => (serverConfig(source)?.timeoutSeconds ?? 60) * 1000
  })
  // Images for models that take none are read here (tesseract in a worker thread, started on first use).
  const ocr = createOcrService({ dataDir: deps.dataDir, log })
  const engine = new ChatEngine({
    store,
    providers,
    emit: chatEmit,
    partialWriteIntervalMs: deps.partialWriteIntervalMs,
    log,
    images: attachments.resolver,
    files: files.resolver,
    memory,
    assistants,
    tools: tools.runner,
    imagesAsText: createImagesAsText({ ocr, images: attachments.resolver })
  })
  const capturer = deps.capture?.capturer
  const voice = createVoiceService({
    store,
    providers,
    settings: () => prefs.getSettings(),
    emit,
    audioLinks: deps.audioLinks,
    mic: deps.micPermission,
    log,
    probe: deps.voiceProbe,
    // A session talks with its conversation's assistant; "Live translation" adds the library's interpreter once.
    assistants: { get: (id) => assistants.get(id), list: async () => assistants.handlers.list(), addFromLibrary: async (req) => assistants.handlers.addFromLibrary(req) },
    language: () => mainLanguage(prefs.getSettings().language, deps.app.systemLocale()),
    shareScreen: capturer?.mediaSourceId ? { mediaSourceId: (target) => capturer.mediaSourceId?.(target) ?? Promise.resolve(undefined) } : undefined,
    videoAccess: deps.videoAccess,
    onSharingChanged: (sharing) => deps.onSharingChanged?.(sharing.length > 0)
  })

  const companion = createCompanionService({
    host: deps.companionDesktop ?? createInertCompanionDesktop(),
    platform: deps.app.platform,
    settings: () => prefs.getSettings(),
    updateSettings: (patch) => prefs.updateSettings(patch),
    backend: deps.preferencesPort,
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

  const updates = createUpdateService({
    updater: deps.updater,
    unsupportedReason: deps.updaterUnsupported,
    currentVersion: deps.app.version,
    automatic: () => prefs.getSettings().autoUpdate,
    emit: (status) => emit('updates:onStatus', status),
    timers: deps.updateTimers,
    log
  })
  updates.start()

  const unsubscribeSettings = prefs.onSettingsChanged((settings) => {
    emit('settings:onChanged', settings)
    captureShortcut.sync(settings)
  })

  // Each feature answers its own namespaces; this only puts them together.
  const handlers: ContractHandlers = {
    app: createAppHandlers({ app: deps.app, dataDir: deps.dataDir, secrets, notices, windowReady: deps.windowReady }),
    history: createHistoryHandlers({
      dataDir: deps.dataDir,
      database,
      attachments: attachments.store,
      fileDialogs: deps.fileDialogs,
      appVersion: deps.app.version,
      integrityWorker: workers.integrity
    }),
    settings: createSettingsHandlers({ prefs, app: deps.app }),
    providers: createProviderHandlers(providers),
    conversations: withForgottenData(createConversationHandlers({ store, engine, emit, images: attachments.resolver, assistantExists: async (id) => (await assistants.get(id)) !== undefined }), files),
    chat: createChatHandlers(engine, tools),
    tools: createToolHandlers({ secrets, servers: mcpServers, hub: mcp, offered: () => tools.runner.offered() }),
    attachments: { ...attachments.handlers.attachments, ...files.handlers.attachments },
    data: files.handlers.data,
    memory: memory.handlers,
    assistants: assistants.handlers,
    capture: { ...attachments.handlers.capture, ...captureShortcut.handlers },
    voice: voice.handlers,
    companion: companion.handlers,
    updates: updates.handlers,
    transfer: createTransferService({
      store,
      dataDir: deps.dataDir,
      emit,
      dialogs: deps.fileDialogs,
      language: () => mainLanguage(prefs.getSettings().language, deps.app.systemLocale()),
      attachments: attachments.store,
      appVersion: deps.app.version
    }).handlers
  }

  return {
    handlers,
    companion,
    voice,
    async close() {
      unsubscribeSettings()
      updates.dispose()
      companion.dispose()
      captureShortcut.dispose()
      attachments.capture.cancelAll()
      voice.stopAll()
      await engine.stopAll()
      // No MCP server outlives the app.
      await mcp.stopAll()
      // The collector asks the database: its runs end before it closes.
      await attachments.gc?.close()
      await files.close()
      await ocr.close()
      integrity.dispose()
      await store.close()
    }
  }
}

/** A deleted conversation's data files are no longer offered to query_data. */
function withForgottenData(handlers: ContractHandlers['conversations'], files: FileServices): ContractHandlers['conversations'] {
  return {
    ...handlers,
    remove: async (req, caller) => {
      const done = await handlers.remove(req, caller)
      files.queryTool.forget(req.id)
      return done
    }
  }
}
