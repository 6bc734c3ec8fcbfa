/**
 * Omnidesk's history export, as JSON (docs/EXPORT_FORMAT.md describes each field). Versioned:
 * `version` grows when a reader of the previous version would misread a file; a file of a higher
 * version than HISTORY_FORMAT_VERSION is refused with "update Omnidesk", never half-read.
 *
 * Conversations and messages are the app's own domain objects (src/shared/domain.ts), so a round
 * trip is exact. Images and files are carried inline (base64) in `attachments`, keyed by the id
 * message parts use: the file stands alone.
 */
import { z } from 'zod'
import { Conversation, Message } from '../../shared/domain'
import { FileAttachmentInfo } from '../../shared/files/schemas'

export const HISTORY_FORMAT = 'omnidesk-history'
/** 2 added the `imagesRead` part (an answer's images read as text); a version-1 file is read as it is. */
export const HISTORY_FORMAT_VERSION = 2

/** Read first, alone: a newer file is refused by its version before its body is checked. */
export const HistoryHeader = z.object({ format: z.literal(HISTORY_FORMAT), version: z.number().int().positive() })

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64')

export const ExportedImageCopy = z.object({
  mime: z.string().max(100),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  data: Base64
})

export const ExportedAttachment = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('image'),
    name: z.string().max(1000).optional(),
    /** The image as the user gave it. */
    original: ExportedImageCopy,
    /** The copies sized for the model (what was sent). */
    encoded: z.array(ExportedImageCopy).min(1)
  }),
  z.object({
    kind: z.literal('file'),
    name: z.string().max(300),
    info: FileAttachmentInfo.omit({ id: true }),
    data: Base64,
    /** Documents: the text read from each page. */
    pages: z.array(z.object({ number: z.number().int(), text: z.string() })).optional(),
    /** Scanned PDFs: the pages as JPEG images. */
    pageImages: z.array(z.object({ page: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive(), data: Base64 })).optional()
  })
])
export type ExportedAttachment = z.infer<typeof ExportedAttachment>

export const ExportedConversation = z.object({ conversation: Conversation, messages: z.array(Message) })
export type ExportedConversation = z.infer<typeof ExportedConversation>

export const HistoryExport = HistoryHeader.extend({
  version: z.number().int().min(1).max(HISTORY_FORMAT_VERSION),
  /** When the file was written (ms since 1970). */
  exportedAt: z.number(),
  /** The app that wrote it. */
  app: z.object({ name: z.string(), version: z.string().optional() }).optional(),
  /** Oldest first (the order they were created). */
  conversations: z.array(ExportedConversation),
  /** Images and files by the id message parts name them with. */
  attachments: z.record(z.string(), ExportedAttachment)
})
export type HistoryExport = z.infer<typeof HistoryExport>
