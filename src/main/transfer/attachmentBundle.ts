/**
 * Images and files between the attachment store and an export: read out as base64 (JSON export,
 * data: URIs in HTML and Markdown), put back on import. The store is content-addressed, so an
 * attachment put back from its own export gets the id it had: a round trip keeps the ids.
 */
import { createHash, randomUUID } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { isFileManifest, isImageManifest, type AttachmentStore } from '../attachments/attachmentStore'
import { declaredImageSize, sniffImageMime } from '../../shared/attachments/imageFormat'
import { MAX_IMAGE_BYTES, MAX_MODEL_COPY_BYTES } from '../../shared/attachments/limits'
import type { ContentPart } from '../../shared/domain'
import type { ExportedAttachment } from './schema'

type ImagePart = Extract<ContentPart, { type: 'image' }>

const readBlob = (store: AttachmentStore, sha256: string): Promise<Buffer> => fsp.readFile(store.blobPath(sha256))

/** An attachment as the JSON export carries it; undefined when it is gone from disk (the part stays, without bytes). */
export async function exportAttachment(store: AttachmentStore, id: string): Promise<ExportedAttachment | undefined> {
  const manifest = await store.get(id)
  if (!manifest) return undefined
  try {
    if (isImageManifest(manifest)) {
      const copy = async (f: { sha256: string; mime: string; width: number; height: number }) => ({
        mime: f.mime,
        width: f.width,
        height: f.height,
        data: (await readBlob(store, f.sha256)).toString('base64')
      })
      const encoded = []
      for (const e of manifest.encoded) encoded.push(await copy(e))
      return { kind: 'image', ...(manifest.name ? { name: manifest.name } : {}), original: await copy(manifest.original), encoded }
    }
    if (isFileManifest(manifest)) {
      const pages = manifest.text ? await store.readPages(id) : undefined
      const pageImages = []
      for (const p of manifest.pageImages ?? []) pageImages.push({ page: p.page, width: p.width, height: p.height, data: (await readBlob(store, p.sha256)).toString('base64') })
      return {
        kind: 'file',
        name: manifest.name,
        info: manifest.info,
        data: (await readBlob(store, manifest.original.sha256)).toString('base64'),
        ...(pages ? { pages } : {}),
        ...(pageImages.length ? { pageImages } : {})
      }
    }
  } catch {
    // A blob missing on disk: the export goes on without these bytes.
    return undefined
  }
  return undefined
}

/** The original image's bytes and type, for data: URIs (HTML, Markdown). */
export async function imageDataUri(store: AttachmentStore, id: string): Promise<string | undefined> {
  const found = await store.readOriginal(id).catch(() => undefined)
  return found ? `data:${found.manifest.original.mime};base64,${found.data.toString('base64')}` : undefined
}

/** Puts an exported attachment back; returns the id it is stored under (the same id for an Omnidesk export). */
export async function restoreAttachment(store: AttachmentStore, entry: ExportedAttachment): Promise<string> {
  if (entry.kind === 'image') {
    const copy = (c: { width: number; height: number; data: string }) => ({ data: Buffer.from(c.data, 'base64'), width: c.width, height: c.height })
    const manifest = await store.add({ original: copy(entry.original), encoded: entry.encoded.map(copy), ...(entry.name ? { name: entry.name } : {}) })
    return manifest.id
  }
  const data = Buffer.from(entry.data, 'base64')
  await fsp.mkdir(store.uploadsDir, { recursive: true, mode: 0o700 })
  // Named like an upload in progress, so the collector removes it if the import dies here.
  const tempPath = path.join(store.uploadsDir, `${randomUUID()}.part`)
  await fsp.writeFile(tempPath, data, { mode: 0o600 })
  const manifest = await store.addFile({
    tempPath,
    sha256: createHash('sha256').update(data).digest('hex'),
    bytes: data.byteLength,
    name: entry.name,
    info: entry.info,
    ...(entry.pages ? { pages: entry.pages } : {}),
    ...(entry.pageImages ? { pageImages: entry.pageImages.map((p) => ({ page: p.page, width: p.width, height: p.height, jpeg: Buffer.from(p.data, 'base64') })) } : {})
  })
  return manifest.id
}

/**
 * An image from another app's export (ChatGPT's zip): stored with itself as the model's copy when
 * it is a PNG, JPEG or WebP small enough; anything else (a GIF, an unknown or damaged file) is
 * left out and undefined returned: the message keeps its text.
 */
export async function addForeignImage(store: AttachmentStore, bytes: Uint8Array, name?: string): Promise<ImagePart | undefined> {
  const mime = sniffImageMime(bytes)
  if (!mime || mime === 'image/gif' || bytes.byteLength > Math.min(MAX_IMAGE_BYTES, MAX_MODEL_COPY_BYTES)) return undefined
  const size = declaredImageSize(bytes)
  if (!size) return undefined
  try {
    const copy = { data: bytes, width: size.width, height: size.height }
    const manifest = await store.add({ original: copy, encoded: [copy], ...(name ? { name } : {}) })
    return { type: 'image', attachmentId: manifest.id, mime, width: size.width, height: size.height }
  } catch {
    return undefined
  }
}
