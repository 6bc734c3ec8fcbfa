/**
 * Image attachments, content-addressed under `<dataDir>/attachments/`:
 *
 *   blobs/<sha256>          every file once (the original as the user gave it, and each copy
 *                           encoded for the model)
 *   <id>.json               the manifest: original + encoded copies (id = sha256 of its content)
 *
 * The original is kept so history shows it at full quality; only the encoded copies (sized for
 * the model in the renderer, see src/renderer/src/attachments) go to the provider. Bytes are checked
 * by their magic numbers here too: main never trusts the renderer's word for a MIME type.
 * No Electron: plain Node fs.
 */
import { createHash } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { sniffImageMime } from '../../shared/attachments/imageFormat'

export interface StoredImageFile {
  sha256: string
  mime: string
  width: number
  height: number
  bytes: number
}

export interface AttachmentManifest {
  id: string
  original: StoredImageFile
  /** What goes to the model: one image, or several in "sharp" mode. */
  encoded: StoredImageFile[]
  name?: string
  createdAt: number
}

export interface ImageInput {
  data: Uint8Array
  width: number
  height: number
}

export interface AttachmentStore {
  add(input: { original: ImageInput; encoded: ImageInput[]; name?: string }): Promise<AttachmentManifest>
  get(id: string): Promise<AttachmentManifest | undefined>
  /** The original's bytes (history, preview). */
  readOriginal(id: string): Promise<{ manifest: AttachmentManifest; data: Buffer } | undefined>
  /** data: URLs of the encoded copies, for image_url parts. */
  modelDataUrls(id: string): Promise<string[] | undefined>
  readonly dir: string
}

export class AttachmentError extends Error {}

const ID_RE = /^[a-f0-9]{64}$/

/** Largest image file we accept (a 6K screenshot PNG is ~20 MB). */
export const MAX_IMAGE_BYTES = 40 * 1024 * 1024

export function createAttachmentStore(opts: { dataDir: string; now?: () => number }): AttachmentStore {
  const dir = path.join(opts.dataDir, 'attachments')
  const blobs = path.join(dir, 'blobs')
  const now = opts.now ?? Date.now

  const putBlob = async (input: ImageInput, what: string): Promise<StoredImageFile> => {
    if (input.data.byteLength === 0) throw new AttachmentError(`The ${what} image is empty.`)
    if (input.data.byteLength > MAX_IMAGE_BYTES) throw new AttachmentError(`The ${what} image is too large.`)
    const mime = sniffImageMime(input.data)
    if (!mime) throw new AttachmentError(`The ${what} file is not a PNG, JPEG, WebP or GIF image.`)
    const sha256 = createHash('sha256').update(input.data).digest('hex')
    const file = path.join(blobs, sha256)
    await fsp.mkdir(blobs, { recursive: true })
    const exists = await fsp.stat(file).then(
      (s) => s.size === input.data.byteLength,
      () => false
    )
    if (!exists) {
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
      await fsp.writeFile(tmp, input.data)
      await fsp.rename(tmp, file)
    }
    return { sha256, mime, width: input.width, height: input.height, bytes: input.data.byteLength }
  }

  const get = async (id: string): Promise<AttachmentManifest | undefined> => {
    if (!ID_RE.test(id)) return undefined
    try {
      return JSON.parse(await fsp.readFile(path.join(dir, `${id}.json`), 'utf8')) as AttachmentManifest
    } catch {
      return undefined
    }
  }

  return {
    dir,
    async add({ original, encoded, name }) {
      if (!encoded.length) throw new AttachmentError('No encoded copy for the model.')
      if (encoded.length > 16) throw new AttachmentError('Too many encoded copies.')
      const orig = await putBlob(original, 'original')
      const copies: StoredImageFile[] = []
      for (const e of encoded) {
        const stored = await putBlob(e, 'encoded')
        if (stored.mime !== 'image/png' && stored.mime !== 'image/jpeg' && stored.mime !== 'image/webp') {
          throw new AttachmentError('Images for the model must be PNG, JPEG or WebP.')
        }
        copies.push(stored)
      }
      const id = createHash('sha256')
        .update(JSON.stringify({ o: orig.sha256, e: copies.map((c) => c.sha256) }))
        .digest('hex')
      const existing = await get(id)
      if (existing) return existing
      const manifest: AttachmentManifest = { id, original: orig, encoded: copies, ...(name ? { name } : {}), createdAt: now() }
      const file = path.join(dir, `${id}.json`)
      await fsp.writeFile(`${file}.tmp`, JSON.stringify(manifest))
      await fsp.rename(`${file}.tmp`, file)
      return manifest
    },
    get,
    async readOriginal(id) {
      const manifest = await get(id)
      if (!manifest) return undefined
      const data = await fsp.readFile(path.join(blobs, manifest.original.sha256)).catch(() => undefined)
      return data ? { manifest, data } : undefined
    },
    async modelDataUrls(id) {
      const manifest = await get(id)
      if (!manifest) return undefined
      const out: string[] = []
      for (const e of manifest.encoded) {
        const data = await fsp.readFile(path.join(blobs, e.sha256)).catch(() => undefined)
        if (!data) return undefined
        out.push(`data:${e.mime};base64,${data.toString('base64')}`)
      }
      return out
    }
  }
}

/** `data:<mime>;base64,<data>` → bytes (anything else: undefined). */
export function decodeDataUrl(url: string): Uint8Array | undefined {
  const m = /^data:[\w.+/-]*(;[\w-]+=[\w.-]+)*;base64,/i.exec(url)
  if (!m) return undefined
  return Buffer.from(url.slice(m[0].length), 'base64')
}
