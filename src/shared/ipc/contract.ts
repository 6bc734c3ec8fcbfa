/**
 * THE IPC contract: every channel between the renderer and main, listed once.
 *
 * - `invoke` channels: renderer → main request/response. Main validates `req` with zod in one
 *   wrapper (src/main/ipc/registerContract.ts) after checking the sender; `res` is validated in
 *   tests and typed everywhere.
 * - `event` channels: main → renderer pushes (a stream is an id plus events, never a callback).
 *
 * The channel name on the wire is `${namespace}:${name}`. Which window kind may use which
 * channel is ./windows.ts. The preload and the web harness both build the bridge with
 * `createBridgeApi` (./bridgeApi.ts) from the channels' names alone (events are named on…,
 * checked below), so a window's `window.omnidesk` has one function per channel of its kind,
 * typed from here, and the preload carries none of these schemas.
 */
import { z } from 'zod'
import { ErrorInfo } from '../errors'
import {
  Conversation,
  FallbackInfo,
  MAX_MESSAGE_CHARS,
  Message,
  MessageFinish,
  MessageStatus,
  HistoryPart,
  PassagesPart,
  ImagesReadPart,
  SearchHit,
  TokenUsage,
  ToolStepPart
} from '../domain'
import { KeyringState, ProviderDraft, ProviderView, Settings, SettingsPatch } from '../settings'
import { MAX_SPEECH_BASE64_CHARS, MicAccess, VoiceEvent, VoiceShareFrame, VoiceShareRequest, VoiceShareStarted, VoiceStarted, VoiceStartRequest } from '../voice/schemas'
import { AvailableTool, McpServerConfig, McpServerView } from '../tools/schemas'
import { AddAttachmentRequest, AttachmentImage, AttachmentInfo } from '../attachments/schemas'
import { MAX_MEMORY_CHARS, MemoryItem } from '../memory/schemas'
import { Assistant, AssistantFields } from '../assistants/schemas'
import { DataQueryResult, FILE_CHUNK_CHARS, FileAttachmentInfo, MAX_ATTACHED_FILE_BYTES } from '../files/schemas'
import {
  CaptureRequestEvent,
  CaptureResultEvent,
  CaptureSources,
  GrabResult,
  OverlayFrame,
  StartRegionResult,
  captureReq
} from '../capture/schemas'
import {
  CompanionContext,
  CompanionDiagnostics,
  CompanionHidden,
  CompanionShown,
  CompanionShownReport,
  CompanionStateInfo,
  SetShortcutResult,
  ShortcutStatus,
  companionReq
} from '../companion/schemas'

export interface InvokeSpec<Req extends z.ZodType, Res extends z.ZodType> {
  kind: 'invoke'
  req: Req
  res: Res
}
export interface EventSpec<Payload extends z.ZodType> {
  kind: 'event'
  payload: Payload
}
export type ChannelSpec = InvokeSpec<z.ZodType, z.ZodType> | EventSpec<z.ZodType>

const invoke = <Req extends z.ZodType, Res extends z.ZodType>(req: Req, res: Res): InvokeSpec<Req, Res> => ({
  kind: 'invoke',
  req,
  res
})
const event = <P extends z.ZodType>(payload: P): EventSpec<P> => ({ kind: 'event', payload })

const Id = z.string().min(1).max(200)
const NoArgs = z.void()
const Ok = z.object({ ok: z.literal(true) })

/**
 * Where the app's own updates stand (src/main/updates): the state machine's state, the running
 * version, and when the last check finished. `notes` are the release notes as plain text.
 * An error carries a kind the renderer words for people, and the updater's detail (short).
 */
const UpdateNotes = z.string().max(20_000)
const UpdateVersion = z.string().max(100)
export const UpdateErrorKind = z.enum(['offline', 'no-release', 'signature', 'disk', 'other'])
export type UpdateErrorKind = z.infer<typeof UpdateErrorKind>
export const UpdateState = z.discriminatedUnion('state', [
  /** This build cannot update itself: a development run, or a Linux package (deb) the system updates. */
  z.object({ state: z.literal('unsupported'), reason: z.enum(['dev', 'package']) }),
  z.object({ state: z.literal('idle') }),
  z.object({ state: z.literal('checking'), manual: z.boolean() }),
  z.object({ state: z.literal('not-available') }),
  z.object({ state: z.literal('available'), version: UpdateVersion, notes: UpdateNotes }),
  z.object({ state: z.literal('downloading'), version: UpdateVersion, notes: UpdateNotes, percent: z.number().min(0).max(100) }),
  /** Ready: "Restart to update" installs it (and it installs anyway at the next quit). */
  z.object({ state: z.literal('downloaded'), version: UpdateVersion, notes: UpdateNotes }),
  z.object({ state: z.literal('error'), kind: UpdateErrorKind, detail: z.string().max(500) })
])
export type UpdateState = z.infer<typeof UpdateState>
export const UpdateStatus = z.object({
  currentVersion: z.string().max(100),
  /** Epoch ms of the last check that finished (found something, nothing, or failed); null: none yet. */
  lastCheckedAt: z.number().nullable(),
  update: UpdateState
})
export type UpdateStatus = z.infer<typeof UpdateStatus>

/** Result of starting a chat stream: ids to match the events that follow. */
export const StreamStarted = z.object({
  streamId: Id,
  conversationId: Id,
  /** The user message this answer replies to. */
  userMessageId: Id,
  assistantMessageId: Id
})
export type StreamStarted = z.infer<typeof StreamStarted>

/** Events of one chat stream, tagged with its id. */
export const ChatEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('started'),
    streamId: Id,
    conversationId: Id,
    messageId: Id,
    model: z.string(),
    /** Continuing a cut answer: the deltas append to the message's text (not a new answer). */
    continues: z.boolean().optional()
  }),
  z.object({ kind: z.literal('delta'), streamId: Id, conversationId: Id, messageId: Id, text: z.string() }),
  /** Reasoning ("thinking") text of a reasoning model, before (or between) its answer's deltas. */
  z.object({ kind: z.literal('reasoning'), streamId: Id, conversationId: Id, messageId: Id, text: z.string() }),
  /**
   * The answer text so far was reasoning (a server that sends only the closing `</think>`): it
   * moves, whole, to the thinking block; the answer starts again empty.
   */
  z.object({ kind: z.literal('textToReasoning'), streamId: Id, conversationId: Id, messageId: Id }),
  /**
   * A tool step of the answer began or changed (running, awaiting the user's approval — then
   * `approvalId` is what chat.approveTool answers —, done, error, denied, cancelled).
   */
  z.object({ kind: z.literal('tool'), streamId: Id, conversationId: Id, messageId: Id, step: ToolStepPart, approvalId: Id.optional() }),
  /** Past conversations this answer draws on (Reference chat history). */
  z.object({ kind: z.literal('history'), streamId: Id, conversationId: Id, messageId: Id, conversations: HistoryPart.shape.conversations }),
  /** Long attached documents are read in part for this answer: how many passages of each. */
  z.object({ kind: z.literal('passages'), streamId: Id, conversationId: Id, messageId: Id, files: PassagesPart.shape.files }),
  /** The question's images were read as text (OCR) for a model that takes no images. */
  z.object({ kind: z.literal('imagesRead'), streamId: Id, conversationId: Id, messageId: Id, images: ImagesReadPart.shape.images }),
  /** The chosen model is rate-limited: the same request continues on `model`. */
  z.object({
    kind: z.literal('fallback'),
    streamId: Id,
    conversationId: Id,
    messageId: Id,
    model: z.string(),
    fallback: FallbackInfo
  }),
  z.object({
    kind: z.literal('done'),
    streamId: Id,
    conversationId: Id,
    messageId: Id,
    status: MessageStatus,
    finish: MessageFinish.optional(),
    usage: TokenUsage.optional(),
    error: ErrorInfo.optional()
  })
])
export type ChatEvent = z.infer<typeof ChatEvent>

export const StartupNotice = z.object({
  /**
   * corrupt / newer: the file could not be used and was kept aside; restored: a backup the user
   * chose replaced the history (the replaced one kept aside); restore-failed: that backup could
   * not be used and nothing changed.
   */
  kind: z.enum(['database-corrupt', 'database-newer', 'database-restored', 'database-restore-failed']),
  /** Where the unreadable (or replaced) file was kept, untouched. */
  backupPath: z.string().optional(),
  /** restored / restore-failed: when the backup was made. */
  backupCreatedAt: z.number().optional()
})
export type StartupNotice = z.infer<typeof StartupNotice>

export const AppInfo = z.object({
  version: z.string(),
  platform: z.string(),
  /** The OS language, to pick the UI language before the user chooses one. */
  systemLocale: z.string(),
  /** Does the OS prefer a dark theme (for theme: system). */
  systemDark: z.boolean(),
  dataDir: z.string(),
  keyring: KeyringState,
  startupNotices: z.array(StartupNotice)
})
export type AppInfo = z.infer<typeof AppInfo>

/** A connection test that worked: the models the provider offers (or the default model, which answered). */
export const ConnectionTested = z.object({ models: z.array(z.string()) })
export type ConnectionTested = z.infer<typeof ConnectionTested>

/** Commands the tray / menu send to the renderer. */
/** A copy of the history made before a schema migration (src/main/store/backups.ts). */
export const HistoryBackup = z.object({
  id: z.string(),
  /** The schema version the copy has (the app migrates it again after a restore). */
  schemaVersion: z.number().int(),
  createdAt: z.number(),
  bytes: z.number()
})
export type HistoryBackup = z.infer<typeof HistoryBackup>
export const HistoryBackups = z.object({
  /** Newest first. */
  backups: z.array(HistoryBackup),
  /** The backup restored at the next start, if the user chose one. */
  pendingRestore: z.string().nullable()
})
export type HistoryBackups = z.infer<typeof HistoryBackups>

/** A file the user chose in main's dialog and what was written to it; null from an invoke: they cancelled. */
export const WrittenFile = z.object({ path: z.string(), bytes: z.number().int().min(0) })
export type WrittenFile = z.infer<typeof WrittenFile>

export const ExportFormat = z.enum(['markdown', 'json', 'html'])
export type ExportFormat = z.infer<typeof ExportFormat>

/** Where a conversation came from, as the import recognised the file. */
export const ImportSource = z.enum(['omnidesk', 'chatgpt', 'chatbox'])
export type ImportSource = z.infer<typeof ImportSource>

/** What an import did: all of it landed (or nothing did: the invoke fails with the reason). */
export const ImportSummary = z.object({
  source: ImportSource,
  imported: z.number().int().min(0),
  /** Conversations left out, each with why (a sentence in the UI's language). */
  skipped: z.array(z.object({ title: z.string(), reason: z.string() })),
  /** The newest imported conversation, to open from the summary. */
  firstConversationId: z.string().optional()
})
export type ImportSummary = z.infer<typeof ImportSummary>

/** A long export or import's progress (0 ≤ done ≤ total; total 0 while it is still counting). */
export const TransferProgress = z.object({ operation: z.enum(['export', 'import', 'backup']), done: z.number().int().min(0), total: z.number().int().min(0) })
export type TransferProgress = z.infer<typeof TransferProgress>

/** A page of the history's list, newest first; `next` asks for the following page (null: the end). */
export const ConversationCursor = z.object({ updatedAt: z.number(), seq: z.number().int() })
export type ConversationCursor = z.infer<typeof ConversationCursor>
export const ConversationPage = z.object({ conversations: z.array(Conversation), next: ConversationCursor.nullable() })
export type ConversationPage = z.infer<typeof ConversationPage>

/** A page of search hits (one per conversation); `next` continues the same search (null: no more). */
export const SearchCursor = z.string().max(2000)
export const SearchPage = z.object({ hits: z.array(SearchHit), next: SearchCursor.nullable() })
export type SearchPage = z.infer<typeof SearchPage>

export const AppCommand = z.enum(['new-chat', 'open-settings', 'focus-composer'])
export type AppCommand = z.infer<typeof AppCommand>

export const contract = {
  app: {
    /**
     * The page has subscribed to its events: main sends what it queued for the window until now
     * (a window's early events wait for this), then sends as they come.
     */
    ready: invoke(NoArgs, Ok),
    info: invoke(NoArgs, AppInfo),
    /** Opens an http(s) or mailto URL in the OS browser; anything else is refused. */
    openExternal: invoke(z.object({ url: z.string().max(8000) }), z.object({ opened: z.boolean() })),
    /** Quits and starts again (a restore of the history happens at start). */
    relaunch: invoke(NoArgs, Ok),
    onCommand: event(z.object({ command: AppCommand }))
  },
  /** The history's automatic backups (made before each schema migration, the last 3 kept). */
  history: {
    backups: invoke(NoArgs, HistoryBackups),
    /** The chosen backup replaces the history at the next start; the current one is kept aside. */
    scheduleRestore: invoke(z.object({ id: z.string().min(1).max(200) }), HistoryBackups),
    cancelRestore: invoke(NoArgs, HistoryBackups),
    /**
     * Writes the whole history (database and attachments) as one file where the user chooses,
     * while the app runs; null: they cancelled.
     */
    backupNow: invoke(NoArgs, WrittenFile.nullable()),
    /**
     * Asks for a file made by backupNow, checks it, and makes it the history at the next start
     * (the current one kept aside); null: they cancelled. Refused (bad_request) with the reason
     * when the file is not a backup this version can restore.
     */
    restoreFromFile: invoke(NoArgs, HistoryBackups.nullable())
  },
  /** Export and import of conversations (src/main/transfer); main asks where with its file dialogs. */
  transfer: {
    /** One conversation (conversationId) or the whole history, to a file the user chooses; null: they cancelled. */
    exportConversations: invoke(z.object({ conversationId: Id.optional(), format: ExportFormat }), WrittenFile.nullable()),
    /**
     * Asks for a file (Omnidesk's JSON, a ChatGPT data export's zip or conversations.json, a
     * Chatbox export) and imports it, all or nothing; null: they cancelled. Fails (bad_request)
     * with the reason when the file cannot be imported; nothing was added then.
     */
    importConversations: invoke(NoArgs, ImportSummary.nullable()),
    onProgress: event(TransferProgress)
  },
  settings: {
    get: invoke(NoArgs, Settings),
    update: invoke(SettingsPatch, Settings),
    onChanged: event(Settings)
  },
  providers: {
    list: invoke(NoArgs, z.array(ProviderView)),
    /** Fails (AppError) with why, and saves nothing, when the draft cannot be saved. */
    save: invoke(ProviderDraft, ProviderView),
    remove: invoke(z.object({ id: Id }), Ok),
    /** Tests a draft (not yet saved) or a saved provider (draft.id set, apiKey absent = stored key). */
    test: invoke(ProviderDraft, ConnectionTested),
    /** The models a saved provider lists (empty when it cannot list them). */
    models: invoke(z.object({ id: Id }), z.array(z.string())),
    /** Looks for a local Ollama on 127.0.0.1:11434. */
    detectOllama: invoke(NoArgs, z.object({ found: z.boolean(), baseURL: z.string(), models: z.array(z.string()) })),
    onChanged: event(z.array(ProviderView))
  },
  conversations: {
    /** Newest first, a page at a time (temporary chats never listed). */
    list: invoke(z.object({ after: ConversationCursor.optional(), limit: z.number().int().min(1).max(1000).optional() }), ConversationPage),
    get: invoke(z.object({ id: Id }), z.object({ conversation: Conversation, messages: z.array(Message) })),
    rename: invoke(z.object({ id: Id, title: z.string().trim().min(1).max(200) }), Conversation),
    remove: invoke(z.object({ id: Id }), Ok),
    /** Full-text search over titles and every message (not just loaded ones); CJK aware. */
    search: invoke(z.object({ query: z.string().max(500), after: SearchCursor.optional() }), SearchPage),
    /** The tools this conversation does not offer the model (the composer's tools menu). */
    setToolsOff: invoke(z.object({ id: Id, toolsOff: z.array(z.string().max(200)).max(1000) }), Conversation),
    /** The assistant the conversation talks to from its next message on (null: none); `@name` in the composer. */
    setAssistant: invoke(z.object({ id: Id, assistantId: Id.nullable() }), Conversation),
    /** Sends the whole conversation to the model again (undoes chat.retryWithoutOldest). */
    includeAllTurns: invoke(z.object({ conversationId: Id }), Ok),
    /** Something in the list changed (new conversation, title, order). */
    onChanged: event(z.object({ conversationId: Id.optional() }))
  },
  chat: {
    send: invoke(
      z.object({
        /** Absent: a new conversation. */
        conversationId: Id.optional(),
        text: z.string().max(MAX_MESSAGE_CHARS),
        providerId: Id.optional(),
        model: z.string().max(200).optional(),
        /** Images (attachments.add) and files (attachments.finishFile); text may then be empty. */
        attachmentIds: z.array(Id).max(26).optional(),
        /** A new conversation: the tools it does not offer (chosen before its first message). */
        toolsOff: z.array(z.string().max(200)).max(1000).optional(),
        /** A new conversation: a temporary chat (not in the history, no memory). */
        temporary: z.boolean().optional(),
        /** A new conversation: the assistant it talks to. */
        assistantId: Id.optional()
      }),
      StreamStarted
    ),
    stop: invoke(z.object({ streamId: Id }), Ok),
    /** Answers the last user message again (also "Retry" after an error). */
    regenerate: invoke(
      z.object({ conversationId: Id, providerId: Id.optional(), model: z.string().max(200).optional() }),
      StreamStarted
    ),
    /** Continues the last answer, cut by the output limit, in the same message. */
    continue: invoke(z.object({ conversationId: Id, messageId: Id }), StreamStarted),
    /** The user's answer to a tool step awaiting approval (a `tool` event's approvalId). */
    approveTool: invoke(z.object({ approvalId: Id, decision: z.enum(['once', 'always', 'deny']) }), Ok),
    /** After a context-length error: answers again without the oldest turns (they stay, unsent). */
    retryWithoutOldest: invoke(z.object({ conversationId: Id }), StreamStarted),
    /** After a context-length error: a new chat with the model's summary answers the last question. */
    newChatWithSummary: invoke(z.object({ conversationId: Id }), StreamStarted),
    /** Replaces the text of the last user message, drops what followed, and answers it. */
    editAndResend: invoke(
      z.object({ conversationId: Id, messageId: Id, text: z.string().max(MAX_MESSAGE_CHARS) }),
      StreamStarted
    ),
    onEvent: event(ChatEvent)
  },
  /** Tools the model may use (src/main/tools): the web search service's keys. */
  tools: {
    /** Every tool the model can be offered now (Settings' choices applied), for the composer's tools menu. */
    available: invoke(NoArgs, z.array(AvailableTool)),
    /** Which search services have a key stored (the keys never leave main). */
    searchKeys: invoke(NoArgs, z.object({ tavily: z.boolean(), brave: z.boolean() })),
    /** Stores (or, with null, removes) a search service's key, encrypted like provider keys. */
    setSearchKey: invoke(z.object({ backend: z.enum(['tavily', 'brave']), key: z.string().trim().max(1000).nullable() }), Ok),
    /** The MCP servers with their status. */
    servers: invoke(NoArgs, z.array(McpServerView)),
    /** Adds or replaces a server (by id) and starts, restarts or stops it to match. */
    saveServer: invoke(McpServerConfig, z.array(McpServerView)),
    removeServer: invoke(z.object({ id: z.string().max(100) }), z.array(McpServerView)),
    /** Starts a failed server again. */
    retryServer: invoke(z.object({ id: z.string().max(100) }), z.array(McpServerView)),
    /** Adds the servers of a pasted `{"mcpServers": {...}}` (Claude Desktop, Cursor); invalid entries are named in `errors`. */
    importServers: invoke(z.object({ json: z.string().max(200_000) }), z.object({ servers: z.array(McpServerView), imported: z.number().int(), errors: z.array(z.string()) })),
    /** A server started, failed, stopped or changed its tools. */
    onServers: event(z.array(McpServerView))
  },
  /** Image attachments, content-addressed in the data folder (src/main/attachments). */
  attachments: {
    add: invoke(AddAttachmentRequest, AttachmentInfo),
    /** The original image (history, preview). */
    get: invoke(z.object({ id: Id }), AttachmentImage),
    /**
     * Documents and data files go in pieces (the same path in Electron and the harness, any size
     * up to the cap): beginFile refuses an empty or too large file before a byte is sent.
     */
    beginFile: invoke(
      z.object({ name: z.string().trim().min(1).max(300), bytes: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) }),
      z.object({ uploadId: Id, maxBytes: z.number().int().positive().max(MAX_ATTACHED_FILE_BYTES) })
    ),
    /** One piece, base64, at `offset`; pieces arrive in order. */
    fileChunk: invoke(
      z.object({ uploadId: Id, offset: z.number().int().nonnegative(), data: z.string().max(FILE_CHUNK_CHARS) }),
      Ok
    ),
    /**
     * Every piece arrived: the file is stored, read (text extracted off the main thread, data
     * loaded as tables) and described. An encrypted PDF fails with file_needs_password and the
     * upload is kept, so the same call with the password can follow.
     */
    finishFile: invoke(z.object({ uploadId: Id, password: z.string().max(1000).optional() }), FileAttachmentInfo),
    /** The user removed the chip or gave up on the password: the upload's bytes are deleted. */
    cancelFile: invoke(z.object({ uploadId: Id }), Ok),
    /** A stored file's facts and preview (a chip in the history). */
    fileInfo: invoke(z.object({ id: Id }), FileAttachmentInfo)
  },
  /** Assistants (src/main/assistants): yours, the library's, import and export, knowledge files. */
  assistants: {
    list: invoke(NoArgs, z.array(Assistant)),
    /** Creates (no id) or replaces (id) an assistant; its knowledge files are indexed in the background. */
    save: invoke(AssistantFields.omit({ createdAt: true, updatedAt: true }).partial({ id: true }), Assistant),
    /** Deletes it (conversations that used it keep their messages and go on without it). */
    remove: invoke(z.object({ id: Id }), Ok),
    duplicate: invoke(z.object({ id: Id }), Assistant),
    /** A library entry, in this language, as one of yours. */
    addFromLibrary: invoke(z.object({ builtinId: z.string().max(64), language: z.enum(['en', 'zh-CN']) }), Assistant),
    /** The assistant as its JSON file (knowledge included), for a download. */
    exportFile: invoke(z.object({ id: Id }), z.object({ fileName: z.string(), json: z.string() })),
    /**
     * A file made by exportFile; refused (bad_request) with the reason when it is not one this
     * version reads. A knowledge file inside that cannot be read does not stop the import: it is
     * named in `unreadable` with the reason (an error the page words), for the user to add again.
     */
    importFile: invoke(
      z.object({ json: z.string().max(300 * 1024 * 1024) }),
      z.object({ assistant: Assistant, unreadable: z.array(z.object({ name: z.string().max(300), error: ErrorInfo })) })
    ),
    /** Knowledge files being indexed (passages, then vectors when the provider has embeddings). */
    knowledgeStatus: invoke(z.object({ id: Id }), z.array(z.object({ attachmentId: Id, state: z.enum(['indexing', 'ready', 'text-only', 'failed']), detail: z.string().max(2000).optional() }))),
    onChanged: event(z.array(Assistant))
  },
  /** Saved memories (src/main/memory): Settings → Memory, and Undo of the model's changes. */
  memory: {
    /** Every memory of every scope (its text containing `query` when given), newest change first. */
    list: invoke(z.object({ query: z.string().max(500).optional() }), z.array(MemoryItem)),
    /** The user's edit (refused with the reason when it looks like a secret). */
    update: invoke(z.object({ id: Id, text: z.string().max(MAX_MEMORY_CHARS * 2) }), MemoryItem),
    remove: invoke(z.object({ id: Id }), Ok),
    /** Deletes the memories of these scopes ('global', `assistant:<id>`); all of them when absent. */
    clear: invoke(z.object({ scopes: z.array(z.string().max(200)).max(1000).optional() }), Ok),
    /** Undoes what a memory step of an answer changed; the step, marked undone. */
    undo: invoke(z.object({ messageId: Id, callId: z.string().max(200) }), ToolStepPart),
    onChanged: event(z.array(MemoryItem))
  },
  /** The app's own updates (src/main/updates): GitHub Releases through electron-updater. */
  updates: {
    status: invoke(NoArgs, UpdateStatus),
    /** "Check now": works with automatic checks off too; a found update downloads in the background. */
    check: invoke(NoArgs, UpdateStatus),
    /** "Restart to update": quits and installs the downloaded update (refused when none is downloaded). */
    install: invoke(NoArgs, Ok),
    onStatus: event(UpdateStatus)
  },
  /** The data files of a conversation, as tables (src/main/files/data). */
  data: {
    /** A chart block's query: read-only SQL over the conversation's data files (first rows). */
    query: invoke(z.object({ conversationId: Id, sql: z.string().max(20_000) }), DataQueryResult),
    /** The whole result of a query as CSV text ("Save as CSV"). */
    exportCsv: invoke(z.object({ conversationId: Id, sql: z.string().max(20_000) }), z.object({ csv: z.string(), rows: z.number().int().nonnegative() }))
  },
  /** Screenshots: displays, windows, region overlay (src/main/capture). */
  capture: {
    sources: invoke(NoArgs, CaptureSources),
    grab: invoke(captureReq.grab, GrabResult),
    startRegion: invoke(NoArgs, StartRegionResult),
    /** The overlay page asks for its display's frozen capture. */
    overlayFrame: invoke(captureReq.overlayFrame, OverlayFrame),
    /** The overlay page hands back the crop (null: cancelled). */
    finishRegion: invoke(captureReq.finishRegion, Ok),
    openPermissionSettings: invoke(NoArgs, Ok),
    /** The global capture shortcut: registered, or taken (with a free alternative to suggest). */
    shortcutStatus: invoke(NoArgs, ShortcutStatus),
    /** Registers the new capture shortcut first and saves it only if that worked. */
    setShortcut: invoke(companionReq.setShortcut, SetShortcutResult),
    onResult: event(CaptureResultEvent),
    onShortcutStatus: event(ShortcutStatus),
    /** Tray item / global shortcut: the composer should capture. */
    onRequest: event(CaptureRequestEvent)
  },
  /** Voice mode (src/main/voice): the realtime session or the STT → chat → TTS pipeline, in main. */
  voice: {
    start: invoke(VoiceStartRequest, VoiceStarted),
    stop: invoke(z.object({ sessionId: Id }), Ok),
    setMuted: invoke(z.object({ sessionId: Id, muted: z.boolean() }), Ok),
    /** Push-to-talk: pressed starts a turn (and interrupts the assistant), released ends it. */
    pushToTalk: invoke(z.object({ sessionId: Id, pressed: z.boolean() }), Ok),
    /** The voices the provider offers. */
    voices: invoke(z.object({ providerId: Id.optional() }), z.array(z.string())),
    /** Microphone permission (macOS asks the user when `ask` and not determined yet). */
    micAccess: invoke(z.object({ ask: z.boolean() }), z.object({ status: MicAccess })),
    /** Read aloud: an answer's spoken sentences (markdown stripped, code skipped); the first few are being synthesised. */
    readAloud: invoke(z.object({ messageId: Id }), z.object({ readingId: Id, sentences: z.array(z.string().max(MAX_MESSAGE_CHARS)).min(1).max(20_000) })),
    /** One sentence's speech: pcm16, 24 kHz, mono, base64 (in order; main keeps a few ahead). */
    readAloudAudio: invoke(z.object({ readingId: Id, index: z.number().int().nonnegative() }), z.object({ pcm: z.string().max(MAX_SPEECH_BASE64_CHARS) })),
    /** Stops a reading: what is still being synthesised is cancelled. */
    stopReading: invoke(z.object({ readingId: Id }), Ok),
    /**
     * Screen or camera in a session: starts (arms the camera permission for this window; a screen
     * gets the media source id to open), changes or stops (null) what is shared.
     */
    share: invoke(VoiceShareRequest, VoiceShareStarted),
    /** A shared frame that changed enough, encoded for the model: to the realtime session, or kept for the pipeline's next turn. */
    shareFrame: invoke(VoiceShareFrame, Ok),
    /** Dictation: speech (pcm16, 24 kHz, mono, base64) → the provider's transcription, as text. */
    transcribe: invoke(z.object({ pcm: z.string().min(1).max(MAX_SPEECH_BASE64_CHARS), providerId: Id.optional() }), z.object({ text: z.string().max(MAX_MESSAGE_CHARS) })),
    onEvent: event(VoiceEvent)
  },
  /** The companion window (src/main/companion): a floating quick-ask window on a global shortcut. */
  companion: {
    /** Esc, the close button: main hides the window and returns focus to the previous app. */
    hide: invoke(companionReq.hide, Ok),
    /** Pinned: a click outside does not hide it. */
    setPinned: invoke(companionReq.setPinned, Ok),
    /** The content's natural height; main fits the window to it (clamped) and returns the applied height. */
    resize: invoke(companionReq.resize, z.object({ height: z.number().int().positive() })),
    /** Shows the main window on this conversation (and hides the companion). */
    openInMain: invoke(companionReq.openInMain, Ok),
    /** "Add a provider" (no provider yet): shows the main window on the provider form (and hides the companion). */
    openProviderSetup: invoke(NoArgs, Ok),
    setConversation: invoke(companionReq.setConversation, Ok),
    /** The clipboard text (or the selection on Linux) when the setting is on; null otherwise. */
    context: invoke(NoArgs, CompanionContext),
    state: invoke(NoArgs, CompanionStateInfo),
    /** The renderer's first frame after onShown (for the show-latency figures). */
    reportShown: invoke(CompanionShownReport, Ok),
    diagnostics: invoke(NoArgs, CompanionDiagnostics),
    /** Registers the new global shortcut first and saves it only if that worked. */
    setShortcut: invoke(companionReq.setShortcut, SetShortcutResult),
    onShown: event(CompanionShown),
    onHidden: event(CompanionHidden),
    onShortcutStatus: event(ShortcutStatus),
    /** To the main window: open this conversation ("Open in main window"). */
    onOpenConversation: event(z.object({ conversationId: Id })),
    /** To the main window: show the provider form (the companion's "Add a provider"). */
    onOpenProviderSetup: event(z.object({}))
  }
} as const satisfies Record<string, Record<string, ChannelSpec>>

export type Contract = typeof contract
export type Namespace = keyof Contract

/** Wire name of a channel. */
export const channelName = (ns: string, name: string): string => `${ns}:${name}`

/** Every channel with its wire name, for the registration wrapper and the API builders. */
export function listChannels(): Array<{ ns: string; name: string; channel: string; spec: ChannelSpec }> {
  const out: Array<{ ns: string; name: string; channel: string; spec: ChannelSpec }> = []
  for (const [ns, group] of Object.entries(contract)) {
    for (const [name, spec] of Object.entries(group as Record<string, ChannelSpec>)) {
      out.push({ ns, name, channel: channelName(ns, name), spec })
    }
  }
  return out
}

/**
 * Events are named on… (onEvent, onChanged) and invokes never are: the preload and the harness
 * bridge tell them apart by the name alone (isEventName, ./bridgeApi.ts). A channel named against
 * the rule does not typecheck: `MisnamedChannels` names it.
 */
type IsOnName<K> = K extends `on${infer C}${string}` ? (C extends Uppercase<C> ? (C extends Lowercase<C> ? false : true) : false) : false
type MisnamedChannels = {
  [NS in Namespace]: {
    [K in keyof Contract[NS]]: (Contract[NS][K] extends EventSpec<z.ZodType> ? true : false) extends IsOnName<K> ? never : `${NS & string}:${K & string}`
  }[keyof Contract[NS]]
}[Namespace]
type MustBeNone<T extends never> = T
export type EventNamesStartWithOn = MustBeNone<MisnamedChannels>

type InvokeKeys<G> = { [K in keyof G]: G[K] extends InvokeSpec<z.ZodType, z.ZodType> ? K : never }[keyof G]
type EventKeys<G> = { [K in keyof G]: G[K] extends EventSpec<z.ZodType> ? K : never }[keyof G]

/** Request type of an invoke channel (void for no-arg channels). */
export type ReqOf<S> = S extends InvokeSpec<infer R, z.ZodType> ? z.input<R> : never
export type ResOf<S> = S extends InvokeSpec<z.ZodType, infer R> ? z.output<R> : never
export type PayloadOf<S> = S extends EventSpec<infer P> ? z.output<P> : never

/** The renderer-side API: one function per channel. Events return an unsubscribe function. */
export type OmnideskApi = {
  [NS in Namespace]: {
    [K in InvokeKeys<Contract[NS]>]: ReqOf<Contract[NS][K]> extends void
      ? () => Promise<ResOf<Contract[NS][K]>>
      : (req: ReqOf<Contract[NS][K]>) => Promise<ResOf<Contract[NS][K]>>
  } & {
    [K in EventKeys<Contract[NS]>]: (listener: (payload: PayloadOf<Contract[NS][K]>) => void) => () => void
  }
}

/**
 * `window.omnidesk` as the preload and the harness bridge expose it: the same functions, but an
 * invoke resolves to its IpcResult (see ./bridgeApi.ts), unwrapped in the page by `unwrapApi`.
 */
export type BridgeApi = {
  [NS in Namespace]: {
    [K in InvokeKeys<Contract[NS]>]: ReqOf<Contract[NS][K]> extends void
      ? () => Promise<BridgeResult<ResOf<Contract[NS][K]>>>
      : (req: ReqOf<Contract[NS][K]>) => Promise<BridgeResult<ResOf<Contract[NS][K]>>>
  } & {
    [K in EventKeys<Contract[NS]>]: (listener: (payload: PayloadOf<Contract[NS][K]>) => void) => () => void
  }
}
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

/** Who called: the kind of window, and the transport's id of that window (its webContents or socket). */
export interface Caller {
  window: 'main' | 'companion' | 'capture'
  sender: number | string
}

/**
 * Main-side handlers: one per invoke channel, receiving the validated request and, through
 * registerContract, who sent it (absent when main's own code or a test calls a handler).
 */
export type ContractHandlers = {
  [NS in Namespace]: {
    [K in InvokeKeys<Contract[NS]>]: (
      req: z.output<Contract[NS][K] extends InvokeSpec<infer R, z.ZodType> ? R : never>,
      caller?: Caller
    ) => Promise<ResOf<Contract[NS][K]>> | ResOf<Contract[NS][K]>
  }
}

/** Main-side event emitter, typed per event channel. */
export type EventName = {
  [NS in Namespace]: { [K in EventKeys<Contract[NS]>]: `${NS & string}:${K & string}` }[EventKeys<Contract[NS]>]
}[Namespace]
export type EventPayload<E extends EventName> = E extends `${infer NS}:${infer K}`
  ? NS extends Namespace
    ? K extends keyof Contract[NS]
      ? PayloadOf<Contract[NS][K]>
      : never
    : never
  : never
export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void
