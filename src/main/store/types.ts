/**
 * Ports of the storage layer. The chat engine and the IPC handlers depend on these interfaces,
 * not on SQLite or electron-store, so they run under vitest with the real implementations in a
 * temp folder (or fakes where a test needs one).
 */
import type { Client } from '@libsql/client'
import type { IndexedChunk, RetrievedChunk, RetrieveOptions } from './documentChunks'
import type { ContentPart, Conversation, FallbackInfo, Message, MessageFinish, MessageRole, MessageStatus, SearchHit, TokenUsage } from '../../shared/domain'
import type { ErrorInfo } from '../../shared/errors'
import type { ConversationCursor, ConversationPage, SearchPage, StartupNotice } from '../../shared/ipc/contract'
import type { ProviderConfig, Settings } from '../../shared/settings'

/** A conversation as an import writes it: its own ids, times and messages (in order). */
export interface ImportedConversation {
  conversation: Conversation
  messages: Message[]
}

export interface NewMessage {
  conversationId: string
  role: MessageRole
  parts: ContentPart[]
  status: MessageStatus
  model?: string
}

export interface MessagePatch {
  parts?: ContentPart[]
  status?: MessageStatus
  model?: string
  fallback?: FallbackInfo | null
  usage?: TokenUsage | null
  error?: ErrorInfo | null
  finish?: MessageFinish | null
}

export interface ConversationStore {
  /** `temporary`: never listed or searched; deleted when the user leaves it, or at the next start. */
  createConversation(input: { title: string; providerId?: string; model?: string; toolsOff?: string[]; temporary?: boolean; assistantId?: string }): Promise<Conversation>
  /** Temporary conversations still stored (left by a quit or crash: deleted at start). */
  temporaryConversationIds(): Promise<string[]>
  getConversation(id: string): Promise<Conversation | undefined>
  /** Most recently updated first. Every conversation: use listConversationPage where the history can be long. */
  listConversations(): Promise<Conversation[]>
  /** Most recently updated first (updatedAt, then creation), `limit` at a time; `after` is a page's `next`. */
  listConversationPage(opts: { after?: ConversationCursor; limit: number }): Promise<ConversationPage>
  /**
   * Whole conversations with their messages (an import), in one transaction: all of them or none.
   * Ids must be free (takenIds); temporary is ignored. `onProgress(done)` after each conversation.
   */
  importConversations(items: readonly ImportedConversation[], onProgress?: (done: number) => void): Promise<void>
  /** Of these ids, those a conversation or a message already has (an import gives those new ones). */
  takenIds(ids: readonly string[]): Promise<Set<string>>
  /** auto=false marks the title as chosen by the user (no automatic retitling afterwards). */
  renameConversation(id: string, title: string, opts?: { auto?: boolean }): Promise<Conversation>
  /** The tools this conversation does not offer (empty: all of them). Not a change of recency. */
  setToolsOff(id: string, names: string[]): Promise<Conversation>
  /** The assistant the conversation talks to from now on (null: none). */
  setAssistant(id: string, assistantId: string | null): Promise<Conversation>
  /** Where what is sent to the model starts (null: from the beginning). Not a change of recency. */
  setContextFrom(id: string, messageId: string | null): Promise<Conversation>
  deleteConversation(id: string): Promise<void>
  /** Also bumps the conversation's updatedAt. */
  addMessage(input: NewMessage): Promise<Message>
  /** Partial answers are written through this while streaming (the engine throttles calls). */
  updateMessage(id: string, patch: MessagePatch): Promise<Message>
  getMessage(id: string): Promise<Message | undefined>
  /** In order of creation. */
  listMessages(conversationId: string): Promise<Message[]>
  /** Deletes the messages created after `messageId` in its conversation (not that message). */
  deleteMessagesAfter(conversationId: string, messageId: string): Promise<void>
  /** The attachment ids the image parts of a conversation's messages reference (before deleting or replacing them). */
  attachmentIdsOf(conversationId: string): Promise<string[]>
  /** Of `candidateIds`, those an image part of some message references (the attachment collector keeps them). */
  referencedAttachmentIds(candidateIds: readonly string[]): Promise<Set<string>>
  /** Replaces a long document's chunks (attached files: retrieval by question, documentChunks.ts). */
  indexDocument(documentId: string, chunks: readonly IndexedChunk[]): Promise<void>
  /** How many chunks each of these documents has (absent: none). */
  documentChunkCounts(documentIds: readonly string[]): Promise<Map<string, number>>
  /** The chunks of these documents most relevant to a question, in document order. */
  retrievePassages(opts: RetrieveOptions): Promise<RetrievedChunk[]>
  /** Deletes these documents' chunks (their file was deleted). */
  deleteDocuments(documentIds: readonly string[]): Promise<void>
  /** Messages (not titles) sharing any meaningful word with a question, best first (Reference chat history). */
  relatedMessages(question: string, opts?: { excludeConversationId?: string; limit?: number }): Promise<SearchHit[]>
  /** Titles and every message's text; Chinese/Japanese/Korean matched too. Best first. */
  search(query: string, limit?: number): Promise<SearchHit[]>
  /**
   * The sidebar's search, a page at a time (one hit per conversation): fast however common the
   * words. `after` is the previous page's `next`.
   */
  searchPage(query: string, opts?: { after?: string; limit?: number }): Promise<SearchPage>
  /**
   * Messages left 'streaming' by a crash or quit become 'stopped' at the next start (their text
   * is kept). Returns how many were fixed.
   */
  recoverInterruptedMessages(): Promise<number>
  close(): Promise<void>
}

export interface OpenedStore {
  store: ConversationStore
  /** Non-empty when the database file was unreadable and was kept aside. */
  notices: StartupNotice[]
  /** The same database, for features that keep their own tables in it (memory). Closed by the store. */
  database: Client
}

/** Raw key/value storage of preferences: electron-store in the app, a JSON file in the harness. */
export interface PreferencesPort {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
}

export interface PreferencesService {
  getSettings(): Settings
  updateSettings(patch: Partial<Settings>): Settings
  listProviders(): ProviderConfig[]
  getProvider(id: string): ProviderConfig | undefined
  /** Inserts or replaces by id. */
  putProvider(provider: ProviderConfig): void
  removeProvider(id: string): void
  onSettingsChanged(listener: (settings: Settings) => void): () => void
}

/** The subset of Electron's safeStorage we use (a fake in tests, Node crypto in the harness). */
export interface SecretCipherPort {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
}

export interface SecretStore {
  /** Throws KeyringUnavailableError when no keyring and plaintext is not allowed. */
  setKey(providerId: string, key: string | null): void
  getKey(providerId: string): string | undefined
  hasKey(providerId: string): boolean
}

/** A kind of file a dialog offers (Electron's FileFilter): a name and extensions without the dot. */
export interface FileDialogFilter {
  name: string
  extensions: string[]
}

/**
 * Where the user chooses a file to write or to read: Electron's dialogs over the main window in
 * the app, scripted answers in the harness. null: they cancelled. Features that write or read
 * whole files (export, import, backups) go through this, so the data never passes the renderer.
 */
export interface FileDialogPort {
  chooseSavePath(opts: { title: string; defaultName: string; filters: FileDialogFilter[] }): Promise<string | null>
  chooseOpenPath(opts: { title: string; filters: FileDialogFilter[] }): Promise<string | null>
}
