/**
 * What a request carries of the conversation's attached files, built before each answer:
 *
 * - Documents: when all of them together fit WHOLE_DOCUMENTS_MAX_TOKENS they go whole, in the
 *   message they were attached to. Otherwise the smallest go whole while they fit, and the rest
 *   give the RETRIEVED_PASSAGES chunks most relevant to the latest question (FTS5, chunk index in
 *   the conversation database), added to that question; the answer says how many it used
 *   (a `passages` part: "Using 12 of 340 passages").
 * - Scanned documents: their rendered pages as images, for models that read images.
 * - Data files: one DuckDB session holds the conversation's tables; the system prompt describes
 *   them (names, types, sample rows) and query_data is offered.
 */
import type { Message, PassagesPart } from '../../shared/domain'
import { messageText, type FilePart } from '../../shared/domain'
import { isFileManifest, type AttachmentStore, type FileManifest } from '../attachments/attachmentStore'
import type { ConversationStore } from '../store/types'
import { RETRIEVED_PASSAGES, WHOLE_DOCUMENTS_MAX_TOKENS } from './config'
import type { DataFileKind } from './data/dataSession'
import { describeForModel } from './data/describe'
import type { DataFileRef, DataSessions } from './dataSessions'
import { DATA_PROMPT, DOCUMENTS_PROMPT, dataFileMissing, dataFileNote, documentPassages, longDocumentStub, scannedDocument, wholeDocument } from './prompts'

export interface FileContext {
  /** Text added to a user message (by message id), after what the user wrote. */
  appendix: Map<string, string[]>
  /** Images added to a user message (scanned pages), data: URLs. */
  images: Map<string, string[]>
  /** Added to the system prompt: how to use documents and data, and the tables. */
  system: string[]
  /** Long documents read in part (the answer's `passages` part). */
  passages?: PassagesPart['files']
  /** The conversation's data files (query_data runs over them). */
  dataFiles: DataFileRef[]
}

export interface FileContextDeps {
  attachments: AttachmentStore
  store: Pick<ConversationStore, 'retrievePassages' | 'documentChunkCounts'>
  sessions: DataSessions
}

interface Attached {
  part: FilePart
  messageId: string
  manifest?: FileManifest
}

/** Paged formats cite pages; text and code are one "page". */
const isPaged = (part: FilePart): boolean => part.format === 'pdf' || part.format === 'pptx'

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** Every file part of these messages, first occurrence of each file, in conversation order. */
export function attachedFiles(messages: readonly Message[]): Array<{ part: FilePart; messageId: string }> {
  const seen = new Set<string>()
  const out: Array<{ part: FilePart; messageId: string }> = []
  for (const m of messages) {
    if (m.role !== 'user') continue
    for (const p of m.parts) {
      if (p.type !== 'file' || seen.has(p.attachmentId)) continue
      seen.add(p.attachmentId)
      out.push({ part: p, messageId: m.id })
    }
  }
  return out
}

/** The data files of these messages as the data sessions take them (stored files only). */
export async function dataFileRefs(attachments: AttachmentStore, messages: readonly Message[]): Promise<DataFileRef[]> {
  const refs: DataFileRef[] = []
  for (const { part } of attachedFiles(messages)) {
    if (part.kind !== 'data') continue
    const manifest = await attachments.get(part.attachmentId)
    if (!manifest || !isFileManifest(manifest)) continue
    refs.push({ id: manifest.id, path: attachments.blobPath(manifest.original.sha256), name: manifest.name, kind: manifest.info.format as DataFileKind })
  }
  return refs
}

export async function buildFileContext(deps: FileContextDeps, context: readonly Message[], questionId: string): Promise<FileContext> {
  const out: FileContext = { appendix: new Map(), images: new Map(), system: [], dataFiles: [] }
  const files: Attached[] = []
  for (const found of attachedFiles(context)) {
    const manifest = await deps.attachments.get(found.part.attachmentId)
    files.push({ ...found, manifest: manifest && isFileManifest(manifest) ? manifest : undefined })
  }
  if (!files.length) return out
  const question = context.find((m) => m.id === questionId)

  const documents = files.filter((f) => f.part.kind === 'document')
  if (documents.length) {
    out.system.push(DOCUMENTS_PROMPT)
    await addDocuments(deps, out, documents, question)
  }
  const data = files.filter((f) => f.part.kind === 'data')
  if (data.length) await addData(deps, out, data)
  return out
}

async function addDocuments(deps: FileContextDeps, out: FileContext, documents: Attached[], question: Message | undefined): Promise<void> {
  const texted = documents.filter((d) => !d.manifest?.info.scanned)
  for (const d of documents.filter((doc) => doc.manifest?.info.scanned)) {
    const images = await deps.attachments.pageImageUrls(d.part.attachmentId)
    push(out.appendix, d.messageId, scannedDocument(d.part.name, d.part.pages, images.length))
    for (const url of images) push(out.images, d.messageId, url)
  }
  // Smallest first while they fit together; the rest are read in passages.
  const tokens = (d: Attached): number => d.manifest?.info.tokens ?? d.part.tokens ?? 0
  const whole = new Set<Attached>()
  let used = 0
  for (const d of [...texted].sort((a, b) => tokens(a) - tokens(b))) {
    if (used + tokens(d) > WHOLE_DOCUMENTS_MAX_TOKENS) break
    used += tokens(d)
    whole.add(d)
  }
  for (const d of texted) {
    if (!whole.has(d)) continue
    const pages = await deps.attachments.readPages(d.part.attachmentId)
    push(out.appendix, d.messageId, pages ? wholeDocument(d.part.name, pages, isPaged(d.part)) : `<document name="${d.part.name}">Its text is no longer available.</document>`)
  }
  const long = texted.filter((d) => !whole.has(d))
  if (!long.length || !question) return
  const ids = long.map((d) => d.part.attachmentId)
  const [passages, counts] = await Promise.all([
    deps.store.retrievePassages({ documentIds: ids, question: messageText(question.parts), limit: RETRIEVED_PASSAGES }),
    deps.store.documentChunkCounts(ids)
  ])
  out.passages = []
  for (const d of long) {
    if (d.messageId !== question.id) push(out.appendix, d.messageId, longDocumentStub(d.part.name, d.part.pages))
    const mine = passages.filter((p) => p.documentId === d.part.attachmentId)
    const total = counts.get(d.part.attachmentId) ?? 0
    if (mine.length) push(out.appendix, question.id, documentPassages(d.part.name, mine, total, isPaged(d.part)))
    out.passages.push({ name: d.part.name, used: mine.length, total })
  }
}

async function addData(deps: FileContextDeps, out: FileContext, data: Attached[]): Promise<void> {
  const refs: DataFileRef[] = []
  for (const d of data) {
    if (!d.manifest) {
      push(out.appendix, d.messageId, dataFileMissing(d.part.name, 'the file is no longer stored.'))
      continue
    }
    refs.push({ id: d.manifest.id, path: deps.attachments.blobPath(d.manifest.original.sha256), name: d.manifest.name, kind: d.manifest.info.format as DataFileKind })
  }
  if (!refs.length) return
  try {
    const { tables } = await deps.sessions.sessionFor(refs)
    out.dataFiles = refs
    out.system.push(`${DATA_PROMPT}\n\n${describeForModel(tables)}`)
    for (const d of data) {
      if (!d.manifest) continue
      const names = tables.filter((t) => t.file === d.manifest?.name).map((t) => t.table)
      push(out.appendix, d.messageId, dataFileNote(d.part.name, names))
    }
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    for (const d of data) push(out.appendix, d.messageId, dataFileMissing(d.part.name, why))
  }
}
