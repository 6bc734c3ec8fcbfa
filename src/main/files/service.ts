/**
 * Attached documents and data files, put together: uploads arriving in pieces, read once in the
 * workers and stored beside the images (content-addressed, collected with the last message that
 * uses them — their chunk index goes with them), what each request carries of them, the
 * query_data tool, and the `data` channels a chart and "Save as CSV" call.
 */
import { AppError } from '../../shared/errors'
import type { FilePart } from '../../shared/domain'
import type { FileAttachmentResolver } from '../chat/chatEngine'
import type { ContractHandlers } from '../../shared/ipc/contract'
import { FILE_CHUNK_BYTES, type DataQueryResult, type FileAttachmentInfo } from '../../shared/files/schemas'
import { isFileManifest, type AttachmentStore, type FileManifest } from '../attachments/attachmentStore'
import type { ConversationStore } from '../store/types'
import { CHART_QUERY_ROWS, EXPORT_MAX_ROWS } from './config'
import type { QueryResult } from './data/dataSession'
import { createDataWorker, type DataWorker, type DataWorkerScript } from './data/dataWorker'
import { DataError } from './data/errors'
import { createDataSessions, type DataSessions } from './dataSessions'
import type { WorkerScript } from './documents'
import { buildFileContext, dataFileRefs } from './fileContext'
import { DATA_KINDS, readAttachedFile } from './fileReader'
import { createQueryDataTool, type QueryDataTool } from './queryDataTool'
import { createUploads } from './uploads'
import { toCsv } from './csv'

/** The worker threads main runs off its own thread (files, and the history's integrity check). */
export interface FileWorkers {
  document: WorkerScript
  data: DataWorkerScript
  integrity: WorkerScript
}

export interface FileServicesDeps {
  attachments: AttachmentStore
  store: ConversationStore
  workers: FileWorkers
  log?: (message: string, error?: unknown) => void
}

export interface FileServices {
  handlers: {
    attachments: Pick<ContractHandlers['attachments'], 'beginFile' | 'fileChunk' | 'finishFile' | 'cancelFile' | 'fileInfo'>
    data: ContractHandlers['data']
  }
  resolver: FileAttachmentResolver
  queryTool: QueryDataTool
  /** The collector deleted these attachments: their document chunks go too. */
  removed(ids: readonly string[]): Promise<void>
  /** Stores and reads a file given whole (an imported assistant's knowledge), as an upload would. */
  addBytes(name: string, bytes: Uint8Array): Promise<FileAttachmentInfo>
  close(): Promise<void>
}

const filePart = (m: FileManifest): FilePart => ({
  type: 'file',
  attachmentId: m.id,
  name: m.name,
  kind: m.info.kind,
  format: m.info.format,
  bytes: m.info.bytes,
  ...(m.info.pages !== undefined ? { pages: m.info.pages } : {}),
  ...(m.info.rows !== undefined ? { rows: m.info.rows } : {}),
  tokens: m.info.tokens
})

const queryResult = (r: QueryResult): DataQueryResult => ({
  columns: r.columns,
  rows: r.rows,
  rowCount: r.rowCount,
  truncated: r.truncated,
  ...(r.totalRows !== undefined ? { totalRows: r.totalRows } : {})
})

export function createFileServices(deps: FileServicesDeps): FileServices {
  const { attachments, store } = deps
  const log = deps.log ?? (() => {})
  const uploads = createUploads({ dir: attachments.uploadsDir })
  let worker: DataWorker | undefined
  const sessions: DataSessions = createDataSessions({ worker: () => (worker ??= createDataWorker(deps.workers.data)) })
  const queryTool = createQueryDataTool(sessions)

  const manifestOf = async (id: string): Promise<FileManifest> => {
    const m = await attachments.get(id)
    if (!m || !isFileManifest(m)) throw new AppError({ code: 'not_found', detail: 'That file is no longer available.' })
    return m
  }

  /** A query over a conversation's data files, for the UI (charts, Save as CSV). */
  const queryConversation = async (conversationId: string, sql: string, rowCap: number): Promise<QueryResult> => {
    const refs = await dataFileRefs(attachments, await store.listMessages(conversationId))
    if (!refs.length) throw new AppError({ code: 'data_query', detail: 'This conversation has no data files to query.' })
    try {
      const { session } = await sessions.sessionFor(refs)
      return await session.query(sql, { rowCap })
    } catch (error) {
      if (error instanceof DataError) throw new AppError({ code: 'data_query', detail: error.message })
      throw error
    }
  }

  const handlers: FileServices['handlers'] = {
      attachments: {
        beginFile: ({ name, bytes }) => uploads.begin(name, bytes),
        fileChunk: async ({ uploadId, offset, data }) => {
          const { kind } = await uploads.chunk(uploadId, offset, Buffer.from(data, 'base64'))
          // A data file: the data engine starts while the rest of the file arrives.
          if (kind && DATA_KINDS.has(kind)) (worker ??= createDataWorker(deps.workers.data)).warm()
          return { ok: true as const }
        },
        finishFile: async ({ uploadId, password }) => {
          const upload = await uploads.complete(uploadId)
          const id = attachments.fileId(upload.sha256, upload.name)
          const known = await attachments.hold(id)
          if (known && isFileManifest(known)) {
            await uploads.discard(uploadId)
            return { id, ...known.info }
          }
          let read
          try {
            read = await readAttachedFile(
              { documentWorker: deps.workers.document, loadData: (file) => sessions.sessionFor([{ id, ...file }]) },
              { path: upload.path, name: upload.name, bytes: upload.bytes, head: upload.head },
              password
            )
          } catch (error) {
            // A PDF asking for its password keeps its upload: the same call with one follows.
            const code = error instanceof AppError ? error.info.code : undefined
            if (code !== 'file_needs_password' && code !== 'file_wrong_password') await uploads.discard(uploadId)
            throw error
          }
          const manifest = await attachments.addFile({
            tempPath: upload.path,
            sha256: upload.sha256,
            bytes: upload.bytes,
            name: upload.name,
            info: read.info,
            pages: read.pages,
            pageImages: read.pageImages
          })
          await uploads.discard(uploadId)
          if (read.chunks?.length) await store.indexDocument(manifest.id, read.chunks)
          return { id: manifest.id, ...manifest.info }
        },
        cancelFile: async ({ uploadId }) => {
          await uploads.discard(uploadId)
          return { ok: true as const }
        },
        fileInfo: async ({ id }) => {
          const m = await manifestOf(id)
          return { id, ...m.info }
        }
      },
      data: {
        query: async ({ conversationId, sql }) => queryResult(await queryConversation(conversationId, sql, CHART_QUERY_ROWS)),
        exportCsv: async ({ conversationId, sql }) => {
          const result = await queryConversation(conversationId, sql, EXPORT_MAX_ROWS)
          return { csv: toCsv(result.columns.map((c) => c.name), result.rows), rows: result.rowCount }
        }
      }
  }

  return {
    handlers,
    async addBytes(name, bytes) {
      const { uploadId } = await uploads.begin(name, bytes.byteLength)
      try {
        for (let offset = 0; offset < bytes.byteLength; offset += FILE_CHUNK_BYTES) {
          await uploads.chunk(uploadId, offset, bytes.subarray(offset, offset + FILE_CHUNK_BYTES))
        }
        return await handlers.attachments.finishFile({ uploadId })
      } catch (error) {
        // No one gives an encrypted PDF's password here: its upload is not kept waiting for one.
        await uploads.discard(uploadId)
        throw error
      }
    },
    resolver: {
      async describe(id) {
        const m = await attachments.hold(id)
        return m && isFileManifest(m) ? filePart(m) : undefined
      },
      async context(conversationId, context, questionId) {
        const files = await buildFileContext({ attachments, store, sessions }, context, questionId)
        queryTool.setConversationFiles(conversationId, files.dataFiles)
        return files
      }
    },
    queryTool,
    async removed(ids) {
      await store.deleteDocuments(ids).catch((error) => log('Could not delete the passages of removed files', error))
    },
    async close() {
      await uploads.close()
      await sessions.close()
      await worker?.close()
    }
  }
}
