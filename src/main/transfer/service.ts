/**
 * Export and import of conversations (issue 17). Main asks where with its file dialogs, so whole
 * histories never pass through the renderer; progress goes out as `transfer:onProgress`.
 *
 * Export: one conversation or all, as Markdown, HTML (self-contained) or Omnidesk's JSON
 * (./schema.ts), written beside the target and renamed when complete (./outputFile.ts).
 * Import: the file is recognised (./importDetect.ts), read whole into conversations, then handed
 * to the store in one transaction: all of it lands, or nothing does.
 */
import path from 'node:path'
import { createAttachmentStore, type AttachmentStore } from '../attachments/attachmentStore'
import type { ConversationStore, FileDialogPort, ImportedConversation } from '../store/types'
import type { ContentPart, Conversation, Message } from '../../shared/domain'
import { AppError } from '../../shared/errors'
import type { ContractHandlers, EmitEvent, ExportFormat, ImportSource, ImportSummary, TransferProgress, WrittenFile } from '../../shared/ipc/contract'
import { addForeignImage, exportAttachment, imageDataUri } from './attachmentBundle'
import { markdownRenderer } from './exportMarkdown'
import { htmlRenderer } from './exportHtml'
import { detectImportFile } from './importDetect'
import { importChatbox } from './importChatbox'
import { importChatGpt } from './importChatGpt'
import { importOmnidesk } from './importOmnidesk'
import { sentences, type Sentences, type TransferLanguage } from './messages'
import { openForWrite, writeAtomically, type OpenForWrite, type OutputWriter } from './outputFile'
import { TransferRefusal } from './refusal'
import { allIds, remapIds } from './remapIds'
import { isoMinute, type RenderContext } from './render'
import { HISTORY_FORMAT, HISTORY_FORMAT_VERSION } from './schema'
import type { Skipped } from './foreign'
import type { ZipArchive } from './zipFiles'

export interface TransferDeps {
  store: ConversationStore
  dataDir: string
  emit?: EmitEvent
  dialogs?: FileDialogPort
  language?: () => TransferLanguage
  /** The app's attachment store (shared with the collector); default: one over dataDir. */
  attachments?: AttachmentStore
  /** How export files are opened for writing (tests inject a full disk). */
  openFile?: OpenForWrite
  appVersion?: string
  now?: () => number
  /** Least time between two progress events (ms); the last one always goes. */
  progressIntervalMs?: number
}

export interface TransferService {
  handlers: ContractHandlers['transfer']
  importFile(filePath: string): Promise<ImportSummary>
  exportFile(filePath: string, opts: { conversationId?: string; format: ExportFormat }): Promise<WrittenFile>
}

const EXTENSIONS: Record<ExportFormat, string> = { markdown: 'md', json: 'json', html: 'html' }
const FILTER_NAMES: Record<ExportFormat, string> = { markdown: 'Markdown', json: 'JSON', html: 'HTML' }

/** A name for the file: the conversation's title (without characters file systems refuse), or the date. */
export function defaultFileName(format: ExportFormat, opts: { title?: string; now: number }): string {
  const base = opts.title
    ? opts.title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'Omnidesk'
    : `Omnidesk history ${new Date(opts.now).toISOString().slice(0, 10)}`
  return `${base}.${EXTENSIONS[format]}`
}

const attachmentIdsOf = (messages: readonly Message[]): string[] =>
  messages.flatMap((m) => m.parts.filter((p): p is Extract<ContentPart, { type: 'image' | 'file' }> => p.type === 'image' || p.type === 'file').map((p) => p.attachmentId))

export function createTransferService(deps: TransferDeps): TransferService {
  const attachments = deps.attachments ?? createAttachmentStore({ dataDir: deps.dataDir })
  const now = deps.now ?? Date.now
  const words = (): Sentences => sentences(deps.language?.() ?? 'en')
  const openFile = deps.openFile ?? openForWrite
  const interval = deps.progressIntervalMs ?? 100

  /** Progress, at most every `interval` ms (a 10,000-conversation import would flood the windows otherwise). */
  const progressOf = (operation: TransferProgress['operation']) => {
    let last = 0
    return (done: number, total: number, force = false): void => {
      if (!deps.emit) return
      const t = Date.now()
      if (!force && done < total && t - last < interval) return
      last = t
      deps.emit('transfer:onProgress', { operation, done, total })
    }
  }

  const refuse = (sentence: string): AppError => new AppError({ code: 'bad_request', detail: sentence })

  async function conversationsToExport(conversationId: string | undefined): Promise<Conversation[]> {
    if (conversationId) {
      const c = await deps.store.getConversation(conversationId)
      if (!c) throw new AppError({ code: 'not_found', detail: words().notFound })
      return [c]
    }
    // Oldest first: a file reads (and imports) in the order the history grew.
    const all = (await deps.store.listConversations()).reverse()
    if (!all.length) throw refuse(words().nothingToExport)
    return all
  }

  async function writeJson(out: OutputWriter, conversations: Conversation[], progress: (done: number, total: number) => void): Promise<void> {
    await out.write(`{"format":${JSON.stringify(HISTORY_FORMAT)},"version":${HISTORY_FORMAT_VERSION},"exportedAt":${now()},"app":${JSON.stringify({ name: 'Omnidesk', ...(deps.appVersion ? { version: deps.appVersion } : {}) })},"conversations":[`)
    const referenced = new Set<string>()
    for (const [i, conversation] of conversations.entries()) {
      const messages = await deps.store.listMessages(conversation.id)
      for (const id of attachmentIdsOf(messages)) referenced.add(id)
      await out.write(`${i ? ',' : ''}\n${JSON.stringify({ conversation, messages })}`)
      progress(i + 1, conversations.length)
    }
    await out.write('\n],"attachments":{')
    let first = true
    for (const id of referenced) {
      const entry = await exportAttachment(attachments, id)
      if (!entry) continue
      await out.write(`${first ? '' : ','}\n${JSON.stringify(id)}:${JSON.stringify(entry)}`)
      first = false
    }
    await out.write('\n}}\n')
  }

  async function writeDocument(out: OutputWriter, format: 'markdown' | 'html', conversations: Conversation[], progress: (done: number, total: number) => void): Promise<void> {
    const language = deps.language?.() ?? 'en'
    const ctx: RenderContext = { words: words(), image: (id) => imageDataUri(attachments, id), date: isoMinute }
    const renderer = format === 'html' ? htmlRenderer(ctx, language) : markdownRenderer(ctx)
    const title = conversations.length === 1 ? conversations[0].title : 'Omnidesk'
    await out.write(renderer.header({ title, exportedAt: now() }))
    for (const [i, conversation] of conversations.entries()) {
      await out.write(await renderer.conversation(conversation, await deps.store.listMessages(conversation.id)))
      progress(i + 1, conversations.length)
    }
    await out.write(renderer.footer())
  }

  async function exportFile(filePath: string, opts: { conversationId?: string; format: ExportFormat }): Promise<WrittenFile> {
    const conversations = await conversationsToExport(opts.conversationId)
    const progress = progressOf('export')
    progress(0, conversations.length, true)
    try {
      const { bytes } = await writeAtomically(filePath, openFile, (out) =>
        opts.format === 'json' ? writeJson(out, conversations, progress) : writeDocument(out, opts.format, conversations, progress)
      )
      progress(conversations.length, conversations.length, true)
      return { path: filePath, bytes }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOSPC' || code === 'EDQUOT') throw refuse(words().diskFull)
      throw refuse(words().writeFailed(code ?? (error instanceof Error ? error.message : String(error))))
    }
  }

  async function readConversations(filePath: string, progress: (done: number, total: number) => void): Promise<{ source: ImportSource; items: ImportedConversation[]; skipped: Skipped[]; read?: number }> {
    const w = words()
    const detected = await detectImportFile(filePath, w)
    try {
      if (detected.source === 'omnidesk') return { source: 'omnidesk', items: await importOmnidesk(detected.data, { words: w, attachments }), skipped: [] }
      if (detected.source === 'chatbox') return { source: 'chatbox', ...importChatbox(detected.data as Record<string, unknown>, { words: w, now: now() }) }
      const data = detected.data as unknown[]
      const images = zipImages(detected.zip)
      const result = await importChatGpt(data, {
        words: w,
        now: now(),
        image: async (fileId) => {
          const bytes = await images(fileId)
          return bytes ? addForeignImage(attachments, bytes.data, bytes.name) : undefined
        },
        // Reading is the first half of the bar (images make it the slow part), writing the second.
        onConversation: (done) => progress(done, data.length * 2)
      })
      return { source: 'chatgpt', ...result, read: data.length }
    } finally {
      detected.zip?.close()
    }
  }

  /** Skips what the history already has: a conversation imported before from the same export. */
  async function withoutImportedBefore(source: ImportSource, items: ImportedConversation[], skipped: Skipped[]): Promise<ImportedConversation[]> {
    // Omnidesk's own files are imported again as copies (ids remapped); other apps' ids mean "the same chat".
    if (source === 'omnidesk') return items
    const taken = await deps.store.takenIds(items.map((i) => i.conversation.id))
    return items.filter((item) => {
      if (!taken.has(item.conversation.id)) return true
      skipped.push({ title: item.conversation.title, reason: words().skippedAlreadyImported })
      return false
    })
  }

  async function importFile(filePath: string): Promise<ImportSummary> {
    const progress = progressOf('import')
    progress(0, 0, true)
    let read: Awaited<ReturnType<typeof readConversations>>
    try {
      read = await readConversations(filePath, progress)
    } catch (error) {
      if (error instanceof TransferRefusal) throw refuse(error.message)
      throw error
    }
    const fresh = await withoutImportedBefore(read.source, read.items, read.skipped)
    const items = remapIds(fresh, await deps.store.takenIds(allIds(fresh)))
    // The bar: reading counted first when it took time (ChatGPT's images), then writing; done never goes back.
    const base = read.read ?? 0
    const total = base + items.length
    if (items.length) await deps.store.importConversations(items, (done) => progress(base + done, total))
    progress(total, total, true)
    const newest = items.reduce<ImportedConversation | undefined>((best, i) => (!best || i.conversation.updatedAt > best.conversation.updatedAt ? i : best), undefined)
    return {
      source: read.source,
      imported: items.length,
      skipped: read.skipped,
      ...(newest ? { firstConversationId: newest.conversation.id } : {})
    }
  }

  return {
    importFile,
    exportFile,
    handlers: {
      async exportConversations({ conversationId, format }) {
        const w = words()
        const one = conversationId ? await deps.store.getConversation(conversationId) : undefined
        if (conversationId && !one) throw new AppError({ code: 'not_found', detail: w.notFound })
        const target = await deps.dialogs?.chooseSavePath({
          title: w.exportTitle,
          defaultName: defaultFileName(format, { title: one?.title, now: now() }),
          filters: [{ name: FILTER_NAMES[format], extensions: [EXTENSIONS[format]] }]
        })
        if (!target) return null
        // The dialog may answer without the extension (Linux): the file still opens in the right app.
        const withExtension = path.extname(target) ? target : `${target}.${EXTENSIONS[format]}`
        return exportFile(withExtension, { conversationId, format })
      },
      async importConversations() {
        const w = words()
        const source = await deps.dialogs?.chooseOpenPath({
          title: w.importTitle,
          filters: [{ name: 'Omnidesk, ChatGPT, Chatbox', extensions: ['json', 'zip'] }]
        })
        if (!source) return null
        const summary = await importFile(source)
        if (summary.imported) deps.emit?.('conversations:onChanged', {})
        return summary
      }
    }
  }
}

/**
 * The export's images by file id: ChatGPT names them `<file id>-<original name>` (or `<file id>.<ext>`)
 * anywhere in the zip (the root, dalle-generations/, user-…/).
 */
function zipImages(zip: ZipArchive | undefined): (fileId: string) => Promise<{ data: Buffer; name: string } | undefined> {
  if (!zip) return async () => undefined
  const byId = new Map<string, string>()
  for (const name of zip.names) {
    const base = path.posix.basename(name)
    const match = /^(file[-_][A-Za-z0-9]+)(?=[-.]|$)/.exec(base)
    if (match && !byId.has(match[1])) byId.set(match[1], name)
  }
  return async (fileId) => {
    const name = byId.get(fileId)
    if (!name) return undefined
    try {
      return { data: await zip.read(name), name: path.posix.basename(name).slice(fileId.length).replace(/^[-.]/, '') || path.posix.basename(name) }
    } catch {
      // One damaged image leaves its message without it, not the import without its conversations.
      return undefined
    }
  }
}
