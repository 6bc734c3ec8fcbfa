/**
 * Attachments, content-addressed under `<dataDir>/attachments/`:
 *
 *   blobs/<sha256>          every file once (the original as the user gave it, each image copy
 *                           encoded for the model, a document's extracted text)
 *   <id>.json               the manifest: an image (original + encoded copies) or a file
 *                           (original + its text and facts, see src/main/files); id = sha256 of
 *                           what names its content
 *
 * The original is kept so history shows it at full quality; only the encoded copies (sized for
 * the model in the renderer, see src/renderer/src/attachments) go to the provider. Bytes are checked
 * by their magic numbers here too: main never trusts the renderer's word for a MIME type.
 *
 * Files are deleted by the collector (./attachmentGc.ts) when no message references them any
 * more. Adding and deleting take turns (`exclusive`): an add writes its blobs, then its manifest,
 * and a blob shared with a dying manifest must not go in between. No Electron: plain Node fs.
 */
import { createHash } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { declaredImageSize, sniffImageMime, type AcceptedImageMime } from '../../shared/attachments/imageFormat'
import {
  dataUrlChars,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  MAX_MODEL_COPIES,
  MAX_MODEL_COPIES_BYTES,
  MAX_MODEL_COPY_BYTES
} from '../../shared/attachments/limits'
import { createSerialQueue } from '../../shared/serialQueue'
import type { FileAttachmentInfo } from '../../shared/files/schemas'

export interface StoredImageFile {
  sha256: string
  mime: string
  width: number
  height: number
  bytes: number
}

/** An image: the original and its copies for the model. */
export interface ImageManifest {
  id: string
  /** Absent in manifests written before files could be attached. */
  kind?: 'image'
  original: StoredImageFile
  /** What goes to the model: one image, or several in "sharp" mode. */
  encoded: StoredImageFile[]
  name?: string
  createdAt: number
}

/** A document or data file (src/main/files): the original, its extracted text and what was learned reading it. */
export interface FileManifest {
  id: string
  kind: 'file'
  original: { sha256: string; bytes: number }
  /** Documents: the pages' text as JSON (`{ number, text }[]`), a blob like the original. */
  text?: { sha256: string; bytes: number }
  /** Scanned PDFs: pages rendered as JPEG for models that read images. */
  pageImages?: Array<{ sha256: string; page: number; width: number; height: number; bytes: number }>
  name: string
  /** The chip's facts (FileAttachmentInfo without its id). */
  info: Omit<FileAttachmentInfo, 'id'>
  createdAt: number
}

export type AttachmentManifest = ImageManifest | FileManifest

export const isFileManifest = (m: AttachmentManifest): m is FileManifest => m.kind === 'file'
export const isImageManifest = (m: AttachmentManifest): m is ImageManifest => m.kind !== 'file'

/** Every blob a manifest names (the collector keeps them while it lives). */
export function manifestBlobs(m: AttachmentManifest): string[] {
  if (isFileManifest(m)) return [m.original.sha256, ...(m.text ? [m.text.sha256] : []), ...(m.pageImages ?? []).map((p) => p.sha256)]
  return [m.original.sha256, ...m.encoded.map((e) => e.sha256)]
}

/** A file to store: its bytes already in a temporary file in the store's folder (an upload), hashed. */
export interface FileInput {
  /** Moved into blobs/ (renamed: same file system). */
  tempPath: string
  sha256: string
  bytes: number
  name: string
  info: Omit<FileAttachmentInfo, 'id'>
  /** Documents: the pages' text. */
  pages?: ReadonlyArray<{ number: number; text: string }>
  pageImages?: ReadonlyArray<{ page: number; width: number; height: number; jpeg: Uint8Array }>
}

export interface ImageInput {
  data: Uint8Array
  width: number
  height: number
}

export interface AttachmentStore {
  add(input: { original: ImageInput; encoded: ImageInput[]; name?: string }): Promise<ImageManifest>
  get(id: string): Promise<AttachmentManifest | undefined>
  /**
   * Stores a document or data file. Returns the existing manifest when the same bytes were
   * stored under the same name before (the temp file is then deleted).
   */
  addFile(input: FileInput): Promise<FileManifest>
  /** The id a file of these bytes and this name is (or would be) stored under. */
  fileId(sha256: string, name: string): string
  /** A blob's path (a data file is loaded from it; never handed to a renderer). */
  blobPath(sha256: string): string
  /** A document's page texts. */
  readPages(id: string): Promise<Array<{ number: number; text: string }> | undefined>
  /** Scanned pages as data: URLs (JPEG), for image_url parts. */
  pageImageUrls(id: string): Promise<string[]>
  /** Where uploads are written while they arrive (same file system as blobs/). */
  readonly uploadsDir: string
  /**
   * The manifest, held: a message is about to reference it (the chat engine describes an image
   * just before storing its part), so the collector leaves it alone for a while (attachmentGc).
   */
  hold(id: string): Promise<AttachmentManifest | undefined>
  /** The original image's bytes (history, preview). */
  readOriginal(id: string): Promise<{ manifest: ImageManifest; data: Buffer } | undefined>
  /** data: URLs of the encoded copies, for image_url parts. */
  modelDataUrls(id: string): Promise<string[] | undefined>
  /**
   * Runs `task` alone: no add or hold runs meanwhile (they wait for it). Files are deleted only
   * through `files`, only in here: an add writes its blobs and then its manifest, and a blob
   * deleted in between would leave a manifest without its file.
   */
  exclusive<T>(task: (files: AttachmentFiles) => Promise<T>): Promise<T>
  readonly dir: string
}

/** What the collector may read and delete, inside AttachmentStore.exclusive only. */
export interface AttachmentFiles {
  /** Every readable manifest on disk. */
  manifests(): Promise<AttachmentManifest[]>
  /** When an id was last added or held since the store opened (undefined: never). */
  heldAt(id: string): number | undefined
  removeManifest(id: string): Promise<void>
  /** The content blobs on disk (their sha256 names). */
  blobs(): Promise<string[]>
  removeBlob(sha256: string): Promise<void>
  /** Deletes the temporary files of writes interrupted before `before` (a crash, a kill). */
  removeStaleTemps(before: number): Promise<number>
}

export class AttachmentError extends Error {}

const ID_RE = /^[a-f0-9]{64}$/
const MANIFEST_RE = /^([a-f0-9]{64})\.json$/
/** `<sha>.<pid>.<random>.tmp` in blobs/, `<id>.json.tmp` beside the manifests. */
const TEMP_RE = /^[a-f0-9]{64}(\.json|\.\d+\.[a-z0-9]+)\.tmp$/
/** An upload still arriving, or abandoned (src/main/files/uploads.ts). */
export const UPLOAD_RE = /^[a-f0-9-]{36}\.part$/

export function createAttachmentStore(opts: { dataDir: string; now?: () => number }): AttachmentStore {
  const dir = path.join(opts.dataDir, 'attachments')
  const blobs = path.join(dir, 'blobs')
  const uploadsDir = path.join(dir, 'uploads')
  const now = opts.now ?? Date.now
  const serialize = createSerialQueue()
  /** Ids added or held since the store opened, and when (the collector leaves them alone a while). */
  const held = new Map<string, number>()

  /** Refuses a file before anything is written: an add fails whole, leaving no blob behind. */
  const checked = (input: ImageInput, what: 'original' | 'encoded'): { input: ImageInput; mime: AcceptedImageMime } => {
    const max = what === 'original' ? MAX_IMAGE_BYTES : MAX_MODEL_COPY_BYTES
    if (input.data.byteLength === 0) throw new AttachmentError(`The ${what} image is empty.`)
    if (input.data.byteLength > max) throw new AttachmentError(`The ${what} image is too large.`)
    const mime = sniffImageMime(input.data)
    if (!mime) throw new AttachmentError(`The ${what} file is not a PNG, JPEG, WebP or GIF image.`)
    if (what === 'encoded' && mime !== 'image/png' && mime !== 'image/jpeg' && mime !== 'image/webp') {
      throw new AttachmentError('Images for the model must be PNG, JPEG or WebP.')
    }
    // The renderer refuses these before decoding; history would decode a stored one on every view.
    const declared = declaredImageSize(input.data)
    if (declared && declared.width * declared.height > MAX_IMAGE_PIXELS) throw new AttachmentError(`The ${what} image has too many pixels.`)
    return { input, mime }
  }

  // Private like the rest of the data folder: the user's screenshots and files (0700 folders, 0600 files).
  const putBlob = async ({ input, mime }: { input: ImageInput; mime: AcceptedImageMime }): Promise<StoredImageFile> => {
    const { sha256, bytes } = await putBytes(input.data)
    return { sha256, mime, width: input.width, height: input.height, bytes }
  }

  /** Writes bytes as a blob (content-addressed; an existing one of the same size is kept). */
  const putBytes = async (data: Uint8Array): Promise<{ sha256: string; bytes: number }> => {
    const sha256 = createHash('sha256').update(data).digest('hex')
    const file = path.join(blobs, sha256)
    await fsp.mkdir(blobs, { recursive: true, mode: 0o700 })
    const exists = await fsp.stat(file).then(
      (s) => s.size === data.byteLength,
      () => false
    )
    if (!exists) {
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
      await fsp.writeFile(tmp, data, { mode: 0o600 })
      await fsp.rename(tmp, file)
    }
    return { sha256, bytes: data.byteLength }
  }

  const writeManifest = async (manifest: AttachmentManifest): Promise<void> => {
    const file = path.join(dir, `${manifest.id}.json`)
    await fsp.writeFile(`${file}.tmp`, JSON.stringify(manifest), { mode: 0o600 })
    await fsp.rename(`${file}.tmp`, file)
  }

  const fileId = (sha256: string, name: string): string => createHash('sha256').update(JSON.stringify({ file: sha256, name })).digest('hex')

  const get = async (id: string): Promise<AttachmentManifest | undefined> => {
    if (!ID_RE.test(id)) return undefined
    try {
      return JSON.parse(await fsp.readFile(path.join(dir, `${id}.json`), 'utf8')) as AttachmentManifest
    } catch {
      return undefined
    }
  }

  const names = (folder: string): Promise<string[]> => fsp.readdir(folder).catch(() => [])
  const removeQuietly = (file: string): Promise<void> => fsp.rm(file, { force: true })

  const files: AttachmentFiles = {
    async manifests() {
      const out: AttachmentManifest[] = []
      for (const name of await names(dir)) {
        const id = MANIFEST_RE.exec(name)?.[1]
        const manifest = id ? await get(id) : undefined
        if (manifest) out.push(manifest)
      }
      return out
    },
    heldAt: (id) => held.get(id),
    // Names come from messages and folders: only well-formed ones reach a path.
    async removeManifest(id) {
      if (ID_RE.test(id)) await removeQuietly(path.join(dir, `${id}.json`))
    },
    blobs: async () => (await names(blobs)).filter((name) => ID_RE.test(name)),
    async removeBlob(sha256) {
      if (ID_RE.test(sha256)) await removeQuietly(path.join(blobs, sha256))
    },
    async removeStaleTemps(before) {
      let removed = 0
      for (const folder of [dir, blobs, uploadsDir]) {
        for (const name of await names(folder)) {
          if (!(folder === uploadsDir ? UPLOAD_RE : TEMP_RE).test(name)) continue
          const file = path.join(folder, name)
          const modified = await fsp.stat(file).then((s) => s.mtimeMs, () => undefined)
          if (modified === undefined || modified >= before) continue
          await removeQuietly(file)
          removed++
        }
      }
      return removed
    }
  }

  return {
    dir,
    add: ({ original, encoded, name }) =>
      serialize(async () => {
        if (!encoded.length) throw new AttachmentError('No encoded copy for the model.')
        if (encoded.length > MAX_MODEL_COPIES) throw new AttachmentError('Too many encoded copies.')
        if (encoded.reduce((sum, e) => sum + e.data.byteLength, 0) > MAX_MODEL_COPIES_BYTES) {
          throw new AttachmentError('The encoded copies are too large together.')
        }
        const originalFile = checked(original, 'original')
        const copyFiles = encoded.map((e) => checked(e, 'encoded'))
        const orig = await putBlob(originalFile)
        const copies: StoredImageFile[] = []
        for (const c of copyFiles) copies.push(await putBlob(c))
        const id = createHash('sha256')
          .update(JSON.stringify({ o: orig.sha256, e: copies.map((c) => c.sha256) }))
          .digest('hex')
        held.set(id, now())
        const existing = await get(id)
        if (existing && isImageManifest(existing)) return existing
        const manifest: ImageManifest = { id, original: orig, encoded: copies, ...(name ? { name } : {}), createdAt: now() }
        await writeManifest(manifest)
        return manifest
      }),
    addFile: (input) =>
      serialize(async () => {
        if (!ID_RE.test(input.sha256)) throw new AttachmentError('Not a file hash.')
        const id = fileId(input.sha256, input.name)
        held.set(id, now())
        const existing = await get(id)
        if (existing && isFileManifest(existing)) {
          await removeQuietly(input.tempPath)
          return existing
        }
        await fsp.mkdir(blobs, { recursive: true, mode: 0o700 })
        const target = path.join(blobs, input.sha256)
        const present = await fsp.stat(target).then(
          (s) => s.size === input.bytes,
          () => false
        )
        if (present) await removeQuietly(input.tempPath)
        else await fsp.rename(input.tempPath, target)
        const text = input.pages ? await putBytes(Buffer.from(JSON.stringify(input.pages.map((p) => ({ number: p.number, text: p.text }))))) : undefined
        const pageImages: NonNullable<FileManifest['pageImages']> = []
        for (const image of input.pageImages ?? []) {
          const blob = await putBytes(image.jpeg)
          pageImages.push({ ...blob, page: image.page, width: image.width, height: image.height })
        }
        const manifest: FileManifest = {
          id,
          kind: 'file',
          original: { sha256: input.sha256, bytes: input.bytes },
          ...(text ? { text } : {}),
          ...(pageImages.length ? { pageImages } : {}),
          name: input.name,
          info: input.info,
          createdAt: now()
        }
        await writeManifest(manifest)
        return manifest
      }),
    fileId,
    blobPath: (sha256) => {
      if (!ID_RE.test(sha256)) throw new AttachmentError('Not a file hash.')
      return path.join(blobs, sha256)
    },
    uploadsDir,
    async readPages(id) {
      const manifest = await get(id)
      if (!manifest || !isFileManifest(manifest) || !manifest.text) return undefined
      const data = await fsp.readFile(path.join(blobs, manifest.text.sha256), 'utf8').catch(() => undefined)
      if (data === undefined) return undefined
      try {
        return JSON.parse(data) as Array<{ number: number; text: string }>
      } catch {
        return undefined
      }
    },
    async pageImageUrls(id) {
      const manifest = await get(id)
      if (!manifest || !isFileManifest(manifest)) return []
      const out: string[] = []
      for (const image of manifest.pageImages ?? []) {
        const data = await fsp.readFile(path.join(blobs, image.sha256)).catch(() => undefined)
        if (data) out.push(`data:image/jpeg;base64,${data.toString('base64')}`)
      }
      return out
    },
    get,
    hold: (id) =>
      serialize(async () => {
        const manifest = await get(id)
        if (manifest) held.set(id, now())
        return manifest
      }),
    exclusive: (task) => serialize(() => task(files)),
    async readOriginal(id) {
      const manifest = await get(id)
      if (!manifest || !isImageManifest(manifest)) return undefined
      const data = await fsp.readFile(path.join(blobs, manifest.original.sha256)).catch(() => undefined)
      return data ? { manifest, data } : undefined
    },
    async modelDataUrls(id) {
      const manifest = await get(id)
      if (!manifest || !isImageManifest(manifest)) return undefined
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


/**
 * `data:<mime>;base64,<data>` → bytes (anything else: undefined). `maxBytes` bounds the string
 * before it is decoded: a longer one throws without being read.
 */
export function decodeDataUrl(url: string, maxBytes = MAX_IMAGE_BYTES): Uint8Array | undefined {
  if (url.length > dataUrlChars(maxBytes)) throw new AttachmentError('The image is too large.')
  const m = /^data:[\w.+/-]*(;[\w-]+=[\w.-]+)*;base64,/i.exec(url)
  if (!m) return undefined
  return Buffer.from(url.slice(m[0].length), 'base64')
}
