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
  /**
   * The manifest, held: a message is about to reference it (the chat engine describes an image
   * just before storing its part), so the collector leaves it alone for a while (attachmentGc).
   */
  hold(id: string): Promise<AttachmentManifest | undefined>
  /** The original's bytes (history, preview). */
  readOriginal(id: string): Promise<{ manifest: AttachmentManifest; data: Buffer } | undefined>
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

export function createAttachmentStore(opts: { dataDir: string; now?: () => number }): AttachmentStore {
  const dir = path.join(opts.dataDir, 'attachments')
  const blobs = path.join(dir, 'blobs')
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

  const putBlob = async ({ input, mime }: { input: ImageInput; mime: AcceptedImageMime }): Promise<StoredImageFile> => {
    const sha256 = createHash('sha256').update(input.data).digest('hex')
    const file = path.join(blobs, sha256)
    // Private like the rest of the data folder: the user's screenshots (0700 folders, 0600 files).
    await fsp.mkdir(blobs, { recursive: true, mode: 0o700 })
    const exists = await fsp.stat(file).then(
      (s) => s.size === input.data.byteLength,
      () => false
    )
    if (!exists) {
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
      await fsp.writeFile(tmp, input.data, { mode: 0o600 })
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
      for (const folder of [dir, blobs]) {
        for (const name of await names(folder)) {
          if (!TEMP_RE.test(name)) continue
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
        if (existing) return existing
        const manifest: AttachmentManifest = { id, original: orig, encoded: copies, ...(name ? { name } : {}), createdAt: now() }
        const file = path.join(dir, `${id}.json`)
        await fsp.writeFile(`${file}.tmp`, JSON.stringify(manifest), { mode: 0o600 })
        await fsp.rename(`${file}.tmp`, file)
        return manifest
      }),
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
