/**
 * Assistants, put together: the user's assistants (stored as JSON in the conversation database),
 * the library's added in one click, import and export as one versioned JSON file with the
 * knowledge files inside, and what each request of a conversation with an assistant carries —
 * its instructions, the passages of its knowledge most relevant to the question (hybrid: full
 * text and, when the provider has embeddings, vectors, fused by reciprocal rank), and which tools
 * it may use.
 *
 * Knowledge files are uploaded like any attached file (their text is extracted and chunked for
 * full-text search then). Vectors come after, in the background: an embeddings endpoint that is
 * missing leaves the assistant on full text ('text-only'); one that fails midway is resumed at
 * the next save or question, embedding only what is missing.
 */
import { readFile } from 'node:fs/promises'
import { AppError, type ErrorInfo } from '../../shared/errors'
import type { PassagesPart } from '../../shared/domain'
import type { ContractHandlers, EmitEvent } from '../../shared/ipc/contract'
import { assistantFileName, exportAssistant, parseAssistantFile } from '../../shared/assistants/fileFormat'
import { libraryAssistantDraft, libraryEntry } from '../../shared/assistants/library'
import type { Assistant } from '../../shared/assistants/schemas'
import type { Settings } from '../../shared/settings'
import { isFileManifest, type AttachmentStore } from '../attachments/attachmentStore'
import type { FileServices } from '../files/service'
import { documentPassages } from '../files/prompts'
import { createEmbedder, EmbeddingError, indexDocumentVectors } from '../knowledge/embeddings'
import type { ProviderResolver } from '../providers/types'
import { hybridRetrieve } from '../store/chunkVectors'
import type { Client } from '@libsql/client'
import type { ToolSpec } from '../tools/types'
import type { AssistantStore } from './assistantStore'
import { assistantSystemPrompt, KNOWLEDGE_PROMPT } from './prompts'

/** Passages of an assistant's knowledge sent with each question. */
const KNOWLEDGE_PASSAGES = 12

type KnowledgeState = 'indexing' | 'ready' | 'text-only' | 'failed'

/** What a request of a conversation with an assistant carries. */
export interface AssistantRequest {
  system: string[]
  /** Added to the question (the knowledge's passages). */
  questionAppendix: string[]
  passages?: PassagesPart['files']
  /** Whether the assistant may use this tool. */
  allowTool(spec: ToolSpec): boolean
  memory: boolean
}

export interface AssistantServices {
  handlers: ContractHandlers['assistants']
  get(id: string): Promise<Assistant | undefined>
  forRequest(assistantId: string, question: string): Promise<AssistantRequest | undefined>
}

export function createAssistantServices(deps: {
  assistants: AssistantStore
  database: Client
  attachments: AttachmentStore
  files: FileServices
  providers: ProviderResolver
  settings: () => Settings
  emit: EmitEvent
  log?: (message: string, error?: unknown) => void
  /** After an assistant is deleted: what belonged to it elsewhere goes too (its own memories). */
  onRemoved?: (id: string) => Promise<void>
}): AssistantServices {
  const { assistants } = deps
  const log = deps.log ?? (() => {})
  /** Knowledge file → its vector state (kept for the session; 'ready' is also found again by indexing nothing). */
  const states = new Map<string, { state: KnowledgeState; detail?: string }>()
  const running = new Map<string, Promise<void>>()

  const changed = async (): Promise<void> => deps.emit('assistants:onChanged', await assistants.list())

  const embedderFor = (assistant: Assistant) => {
    const resolved = deps.providers.resolve(assistant.providerId)
    return createEmbedder({ client: resolved.client, model: deps.settings().embeddingModel })
  }

  /** Embeds the chunks of the assistant's knowledge that have no vector yet (one run at a time per assistant). */
  function indexKnowledge(assistant: Assistant): Promise<void> {
    const ids = assistant.knowledge.map((k) => k.attachmentId)
    if (!ids.length) return Promise.resolve()
    const already = running.get(assistant.id)
    if (already) return already
    for (const id of ids) if (states.get(id)?.state !== 'ready') states.set(id, { state: 'indexing' })
    const run = (async () => {
      try {
        await indexDocumentVectors({ client: deps.database, embedder: embedderFor(assistant), documentIds: ids })
        for (const id of ids) states.set(id, { state: 'ready' })
      } catch (error) {
        const unavailable = error instanceof EmbeddingError && error.kind === 'unavailable'
        const detail = error instanceof Error ? error.message : String(error)
        // Full text keeps working either way; a failure is tried again at the next question.
        for (const id of ids) states.set(id, { state: 'text-only', detail: unavailable ? `No embeddings: ${detail}` : detail })
        log(`knowledge vectors of assistant ${assistant.id} not complete`, error)
      } finally {
        running.delete(assistant.id)
      }
    })()
    running.set(assistant.id, run)
    return run
  }

  const saved = async (assistant: Assistant): Promise<Assistant> => {
    void indexKnowledge(assistant)
    await changed()
    return assistant
  }

  const mustGet = async (id: string): Promise<Assistant> => {
    const found = await assistants.get(id)
    if (!found) throw new AppError({ code: 'not_found', detail: 'That assistant no longer exists.' })
    return found
  }

  /** Knowledge entries of files that are stored (a file that failed to store is refused before). */
  const checkKnowledge = async (knowledge: Assistant['knowledge']): Promise<void> => {
    for (const k of knowledge) {
      const manifest = await deps.attachments.hold(k.attachmentId)
      if (!manifest || !isFileManifest(manifest)) throw new AppError({ code: 'bad_request', detail: `The knowledge file ${k.name} is no longer available: add it again.` })
      if (manifest.info.kind !== 'document') throw new AppError({ code: 'bad_request', detail: `${k.name} is a data file: knowledge takes documents (PDF, Word, PowerPoint, text).` })
    }
  }

  const toAppError = (error: unknown): AppError => {
    if (error instanceof AppError) return error
    return new AppError({ code: 'bad_request', detail: error instanceof Error ? error.message.slice(0, 2000) : String(error) })
  }

  return {
    get: (id) => assistants.get(id),

    async forRequest(assistantId, question) {
      const assistant = await assistants.get(assistantId)
      if (!assistant) return undefined
      const out: AssistantRequest = {
        system: [assistantSystemPrompt(assistant)],
        questionAppendix: [],
        allowTool: (spec) => allowed(assistant, spec),
        memory: assistant.capabilities.memory
      }
      const ids = assistant.knowledge.map((k) => k.attachmentId)
      if (!ids.length || !question.trim()) return out
      out.system.push(KNOWLEDGE_PROMPT)
      // Vectors still missing (an earlier failure, a restart midway): resumed in the background.
      if (ids.some((id) => states.get(id)?.state !== 'ready')) void indexKnowledge(assistant)
      let questionEmbedding: { model: string; vector: number[] } | undefined
      try {
        const embedder = embedderFor(assistant)
        const [vector] = await embedder.embed([question])
        questionEmbedding = { model: embedder.model, vector }
      } catch {
        // No embeddings now: full text alone.
      }
      const chunks = await hybridRetrieve(deps.database, { documentIds: ids, question, limit: KNOWLEDGE_PASSAGES, questionEmbedding })
      out.passages = []
      for (const k of assistant.knowledge) {
        const mine = chunks.filter((c) => c.documentId === k.attachmentId)
        if (!mine.length) continue
        const paged = k.format === 'pdf' || k.format === 'pptx'
        out.questionAppendix.push(documentPassages(k.name, mine, mine.length, paged).replace(/ passages="\d+ of \d+"/, ' source="knowledge"'))
        out.passages.push({ name: k.name, used: mine.length, total: mine.length })
      }
      return out
    },

    handlers: {
      list: () => assistants.list(),
      save: async (draft) => {
        await checkKnowledge(draft.knowledge)
        try {
          return await saved(await assistants.put(draft))
        } catch (error) {
          throw toAppError(error)
        }
      },
      remove: async ({ id }) => {
        await assistants.remove(id)
        await changed()
        // The assistant is gone either way; what could not follow shows in Settings as a deleted assistant's.
        await deps.onRemoved?.(id).catch((error: unknown) => log(`what belonged to assistant ${id} was not all deleted`, error))
        return { ok: true as const }
      },
      duplicate: async ({ id }) => {
        const source = await mustGet(id)
        const { id: _id, createdAt: _c, updatedAt: _u, builtinId: _b, ...draft } = source
        return saved(await assistants.put({ ...draft, name: `${source.name} (copy)`.slice(0, 100) }))
      },
      addFromLibrary: async ({ builtinId, language }) => {
        const entry = libraryEntry(builtinId)
        if (!entry) throw new AppError({ code: 'not_found', detail: 'That assistant is not in the library.' })
        return saved(await assistants.put(libraryAssistantDraft(entry, language)))
      },
      exportFile: async ({ id }) => {
        const assistant = await mustGet(id)
        const files: Array<{ name: string; bytes: Uint8Array }> = []
        for (const k of assistant.knowledge) {
          const manifest = await deps.attachments.get(k.attachmentId)
          if (!manifest || !isFileManifest(manifest)) continue
          files.push({ name: k.name, bytes: await readFile(deps.attachments.blobPath(manifest.original.sha256)) })
        }
        try {
          return { fileName: assistantFileName(assistant.name), json: exportAssistant(assistant, files) }
        } catch (error) {
          throw toAppError(error)
        }
      },
      importFile: async ({ json }) => {
        const parsed = parseAssistantFile(json)
        if (!parsed.ok) throw new AppError({ code: 'bad_request', detail: parsed.detail })
        const knowledge: Assistant['knowledge'] = []
        const unreadable: Array<{ name: string; error: ErrorInfo }> = []
        for (const file of parsed.knowledge) {
          try {
            const info = await deps.files.addBytes(file.name, file.bytes)
            if (info.kind !== 'document') throw new AppError({ code: 'bad_request', detail: `${file.name} is a data file, not a document.` })
            knowledge.push({ attachmentId: info.id, name: info.name, format: info.format, bytes: info.bytes, ...(info.pages !== undefined ? { pages: info.pages } : {}) })
          } catch (error) {
            // The assistant still comes in; the file that could not be read is named to the user.
            log(`imported knowledge file ${file.name} could not be read`, error)
            unreadable.push({ name: file.name.slice(0, 300), error: error instanceof AppError ? error.info : { code: 'file_unreadable' } })
          }
        }
        // MCP server ids from another machine's file are kept; the editor marks those not set up here.
        try {
          return { assistant: await saved(await assistants.put({ ...parsed.draft, knowledge })), unreadable }
        } catch (error) {
          throw toAppError(error)
        }
      },
      knowledgeStatus: async ({ id }) => {
        const assistant = await mustGet(id)
        return assistant.knowledge.map((k) => ({ attachmentId: k.attachmentId, ...(states.get(k.attachmentId) ?? { state: running.has(id) ? 'indexing' : 'text-only' }) })) as Array<{
          attachmentId: string
          state: KnowledgeState
          detail?: string
        }>
      }
    }
  }
}

/** The tools an assistant's capabilities allow: web (web_search, read_url), its MCP servers, data analysis, memory. */
export function allowed(assistant: Assistant, spec: ToolSpec): boolean {
  if (spec.name === 'web_search' || spec.name === 'read_url') return assistant.capabilities.web
  if (spec.name === 'memory') return assistant.capabilities.memory
  // query_data is offered only when the user attached data: they asked for it.
  if (spec.name === 'query_data') return true
  if (spec.source !== 'builtin') return assistant.capabilities.mcpServers.includes(spec.source)
  return true
}
