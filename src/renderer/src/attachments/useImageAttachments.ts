/**
 * The composer's image attachments: files (paste, drop, picker) and captures become chips;
 * nothing goes to main until Send (then the original and the encoded copies go to the local
 * attachment store, and only the encoded copies to the provider).
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CapturedImage } from '../../../shared/capture/schemas'
import { encodeSharp, ImageRefused, prepareImage, readImageFile, type EncodedCopy, type PreparedImage } from './prepare'
import { dataUrlBytes } from '../logic/base64'
import { modelSeesImages, visionRuleFor } from '../../../shared/attachments/sizing'
import { warmWebpEncoder } from './webpEncoder'
import { requirePageApi } from '../api'

export interface ImageItem {
  key: string
  name: string
  status: 'preparing' | 'ready'
  prepared?: PreparedImage
  /** Sharp mode chosen for this image (several full-detail tiles). */
  sharp: boolean
  sharpCopies?: EncodedCopy[]
  /** Stored already (a re-send after a refused send reuses it). */
  attachmentId?: string
}

export type ImageNotice =
  | { kind: 'refused'; name: string; reason: ImageRefused['reason']; size?: ImageRefused['size'] }
  | { kind: 'blank'; blank: 'black' | 'uniform'; platform?: string }
  | { kind: 'permission' }
  | { kind: 'capture-failed'; detail?: string }
  | { kind: 'upload-failed'; detail?: string }

export interface ImageAttachments {
  items: ImageItem[]
  /** False for a model that takes no images: main sends their text instead (OCR). */
  seesImages: boolean
  notice: ImageNotice | null
  dismissNotice(): void
  setNotice(n: ImageNotice | null): void
  busy: boolean
  readyCount: number
  addFiles(files: Iterable<File>): Promise<void>
  addCaptured(image: CapturedImage, platform?: string): Promise<void>
  remove(key: string): void
  toggleSharp(key: string): Promise<void>
  /** Stores every ready image; resolves their attachment ids (throws when storing failed). */
  upload(): Promise<string[]>
  clear(): void
}

let seq = 0

/** The notice for an image that could not be attached (anything but an ImageRefused: unreadable). */
function refusal(name: string, error: unknown): ImageNotice {
  if (!(error instanceof ImageRefused)) return { kind: 'refused', name, reason: 'unreadable' }
  return { kind: 'refused', name, reason: error.reason, ...(error.size ? { size: error.size } : {}) }
}

export function useImageAttachments(opts: { model?: string } = {}): ImageAttachments {
  const { t } = useTranslation()
  const [items, setItems] = useState<ImageItem[]>([])
  const [notice, setNotice] = useState<ImageNotice | null>(null)
  const itemsRef = useRef(items)
  itemsRef.current = items
  const model = opts.model

  // The composer is up with a model that takes WebP: compile libwebp's WASM when the page is
  // idle (~50 ms once per window), not inside the first paste or capture.
  const webp = visionRuleFor(model).formats.includes('image/webp')
  useEffect(() => {
    if (!webp) return
    if (typeof requestIdleCallback !== 'function') return warmWebpEncoder()
    const handle = requestIdleCallback(() => warmWebpEncoder(), { timeout: 5000 })
    return () => cancelIdleCallback(handle)
  }, [webp])

  const patch = (key: string, p: Partial<ImageItem>): void =>
    setItems((cur) => cur.map((it) => (it.key === key ? { ...it, ...p } : it)))

  const addBytes = useCallback(
    async (bytes: Uint8Array, mime: string, name: string, platform?: string, checkBlank = false): Promise<void> => {
      const key = `img-${++seq}`
      setItems((cur) => [...cur, { key, name, status: 'preparing', sharp: false }])
      try {
        const prepared = await prepareImage(bytes, mime, { model, name })
        if (checkBlank && prepared.blank) {
          // Never attach a silent black picture: say why it happened instead.
          setItems((cur) => cur.filter((it) => it.key !== key))
          setNotice({ kind: 'blank', blank: prepared.blank, platform })
          return
        }
        patch(key, { status: 'ready', prepared })
      } catch (error) {
        setItems((cur) => cur.filter((it) => it.key !== key))
        setNotice(refusal(name, error))
      }
    },
    [model]
  )

  const addFiles = useCallback(
    async (files: Iterable<File>) => {
      setNotice(null)
      for (const file of files) {
        try {
          const { bytes, mime } = await readImageFile(file)
          await addBytes(bytes, mime, file.name || t('attachments.pastedImage'))
        } catch (error) {
          setNotice(refusal(file.name || 'file', error))
        }
      }
    },
    [addBytes, t]
  )

  const addCaptured = useCallback(
    async (image: CapturedImage, platform?: string) => {
      setNotice(null)
      const { bytes, mime } = dataUrlBytes(image.dataUrl)
      await addBytes(bytes, mime, image.label, platform, true)
    },
    [addBytes]
  )

  const toggleSharp = useCallback(
    async (key: string) => {
      const it = itemsRef.current.find((x) => x.key === key)
      if (!it?.prepared) return
      if (it.sharp) return patch(key, { sharp: false, attachmentId: undefined })
      if (it.sharpCopies) return patch(key, { sharp: true, attachmentId: undefined })
      patch(key, { status: 'preparing' })
      const sharpCopies = await encodeSharp(it.prepared, model)
      patch(key, { status: 'ready', sharp: true, sharpCopies, attachmentId: undefined })
    },
    [model]
  )

  const upload = useCallback(async () => {
    const ids: string[] = []
    for (const it of itemsRef.current) {
      if (it.status !== 'ready' || !it.prepared) continue
      if (it.attachmentId) {
        ids.push(it.attachmentId)
        continue
      }
      const copies = it.sharp && it.sharpCopies ? it.sharpCopies : it.prepared.standard
      try {
        const info = await requirePageApi().attachments.add({
          original: { dataUrl: it.prepared.original.dataUrl, width: it.prepared.original.width, height: it.prepared.original.height },
          encoded: copies.map((c) => ({ dataUrl: c.dataUrl, width: c.width, height: c.height })),
          name: it.name
        })
        patch(it.key, { attachmentId: info.id })
        ids.push(info.id)
      } catch (error) {
        setNotice({ kind: 'upload-failed', detail: error instanceof Error ? error.message : String(error) })
        throw error
      }
    }
    return ids
  }, [])

  useEffect(() => () => itemsRef.current.forEach((it) => it.prepared?.bitmap.close()), [])

  return {
    items,
    seesImages: modelSeesImages(model),
    notice,
    setNotice,
    dismissNotice: () => setNotice(null),
    busy: items.some((it) => it.status === 'preparing'),
    readyCount: items.filter((it) => it.status === 'ready').length,
    addFiles,
    addCaptured,
    remove: (key) =>
      setItems((cur) => {
        cur.find((it) => it.key === key)?.prepared?.bitmap.close()
        return cur.filter((it) => it.key !== key)
      }),
    toggleSharp,
    upload,
    clear: () => setItems([])
  }
}

/** The files in a clipboard or drop, of any type (the composer sends images and other files their own ways). */
export function transferredFilesOf(data: DataTransfer | null): File[] {
  if (!data) return []
  const files: File[] = []
  for (const f of Array.from(data.files ?? [])) files.push(f)
  if (!files.length) {
    for (const item of Array.from(data.items ?? [])) {
      if (item.kind === 'file') {
        const f = item.getAsFile()
        if (f) files.push(f)
      }
    }
  }
  return files
}
