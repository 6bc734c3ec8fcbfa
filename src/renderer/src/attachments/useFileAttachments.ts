/**
 * The composer's documents and data files: each file is uploaded as soon as it is added (so a
 * large one is read by the time the question is typed), then main reads it and describes it
 * (pages or tables, tokens, preview). A chip per file; Send waits for uploads, reads and
 * passwords; a failed file stays as a chip with its error until the user removes it.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorInfoOf } from '../../../shared/errors'
import { MAX_FILES_PER_MESSAGE, type FileAttachmentInfo } from '../../../shared/files/schemas'
import { requirePageApi } from '../api'
import {
  filesBlockSend,
  readyFiles,
  sendFileBytes,
  withinFileLimit,
  type FileItem,
  type FileUploadApi,
  type SliceableFile
} from './fileUpload'

/** Files left out of a drop or paste: the message already carries the most it may. */
export interface FileNotice {
  kind: 'too-many'
  names: string[]
  limit: number
}

export interface FileAttachments {
  items: FileItem[]
  notice: FileNotice | null
  dismissNotice(): void
  /** Uploads each file (after the ones already going); refuses those past the per-message limit. */
  addFiles(files: Iterable<SliceableFile>): void
  /** Removes a chip; an upload not yet stored (sending, being read, waiting for its password) is cancelled with main. */
  remove(key: string): void
  /** Opens an encrypted PDF: finishFile again, with the password. */
  submitPassword(key: string, password: string): Promise<void>
  /** Send waits: a file is uploading, being read, or needs its password. */
  busy: boolean
  /** The files ready to go with the message, in the order they were added. */
  ready: FileAttachmentInfo[]
  /** After a send: drops the chips of the files it carried (files added meanwhile stay). */
  removeSent(ids: readonly string[]): void
}

/** Per chip, outside React state: read and written between awaits, where state would be stale. */
interface UploadJob {
  uploadId?: string
  cancelled: boolean
}

let seq = 0

export function useFileAttachments(opts: { api?: FileUploadApi } = {}): FileAttachments {
  const { t } = useTranslation()
  const [items, setItems] = useState<FileItem[]>([])
  const [notice, setNotice] = useState<FileNotice | null>(null)
  const itemsRef = useRef(items)
  itemsRef.current = items
  const jobs = useRef(new Map<string, UploadJob>())
  // The bytes share one pipe to main: one file at a time finishes no later than several at
  // once, and holds one piece in memory instead of one per file. Reading (finishFile) runs
  // beside the next upload.
  const queue = useRef<Promise<void>>(Promise.resolve())
  // Read when used, so the callbacks stay the same across renders (and the unmount cleanup runs once).
  const apiOverride = useRef(opts.api)
  apiOverride.current = opts.api
  const api = useCallback((): FileUploadApi => apiOverride.current ?? requirePageApi().attachments, [])

  const patch = useCallback((key: string, p: Partial<FileItem>): void => {
    if (jobs.current.get(key)?.cancelled) return
    setItems((cur) => cur.map((it) => (it.key === key ? { ...it, ...p } : it)))
  }, [])

  const cancelWithMain = useCallback(
    (uploadId: string): void => {
      void api()
        .cancelFile({ uploadId })
        .catch(() => undefined)
    },
    [api]
  )

  const finish = useCallback(
    async (key: string, uploadId: string, password?: string): Promise<void> => {
      patch(key, { state: 'reading', error: undefined })
      try {
        const info = await api().finishFile({ uploadId, ...(password !== undefined ? { password } : {}) })
        patch(key, { state: 'ready', info })
        // Stored: removing the chip now only leaves it out of the message.
        const job = jobs.current.get(key)
        if (job && !job.cancelled) job.uploadId = undefined
      } catch (error) {
        const info = errorInfoOf(error)
        if (info.code === 'file_needs_password') return patch(key, { state: 'password' })
        if (info.code === 'file_wrong_password') return patch(key, { state: 'password', error: info })
        patch(key, { state: 'error', error: info })
        const job = jobs.current.get(key)
        if (job && !job.cancelled) {
          job.uploadId = undefined
          cancelWithMain(uploadId)
        }
      }
    },
    [api, patch, cancelWithMain]
  )

  const upload = useCallback(
    async (key: string, file: SliceableFile, name: string): Promise<void> => {
      const job = jobs.current.get(key)
      if (!job || job.cancelled) return
      const hooks = {
        onBegun: (id: string) => {
          job.uploadId = id
          // Removed while beginFile was on its way: remove() had no id to cancel.
          if (job.cancelled) cancelWithMain(id)
        },
        onProgress: (sent: number) => patch(key, { sent }),
        cancelled: () => job.cancelled
      }
      let uploadId: string | null
      try {
        uploadId = await sendFileBytes(file, api(), hooks, name)
      } catch (error) {
        patch(key, { state: 'error', error: errorInfoOf(error) })
        if (job.uploadId && !job.cancelled) cancelWithMain(job.uploadId)
        job.uploadId = undefined
        return
      }
      if (uploadId) void finish(key, uploadId)
    },
    [api, patch, finish, cancelWithMain]
  )

  const addFiles = useCallback(
    (files: Iterable<SliceableFile>): void => {
      const { accepted, refused } = withinFileLimit(itemsRef.current, Array.from(files))
      setNotice(refused.length ? { kind: 'too-many', names: refused.map((f) => f.name), limit: MAX_FILES_PER_MESSAGE } : null)
      if (!accepted.length) return
      const added: FileItem[] = accepted.map((file) => ({
        key: `file-${++seq}`,
        // A file pasted from some apps has no name; main needs one to show and to name its table.
        name: file.name.trim() || t('files.pastedFile'),
        bytes: file.size,
        state: 'uploading',
        sent: 0
      }))
      // The ref too: a second drop before React renders counts these against the limit.
      itemsRef.current = [...itemsRef.current, ...added]
      setItems((cur) => [...cur, ...added])
      accepted.forEach((file, i) => {
        const key = added[i].key
        jobs.current.set(key, { cancelled: false })
        queue.current = queue.current.then(() => upload(key, file, added[i].name))
      })
    },
    [upload, t]
  )

  const remove = useCallback(
    (key: string): void => {
      const job = jobs.current.get(key)
      if (job && !job.cancelled) {
        job.cancelled = true
        if (job.uploadId) cancelWithMain(job.uploadId)
      }
      jobs.current.delete(key)
      itemsRef.current = itemsRef.current.filter((it) => it.key !== key)
      setItems((cur) => cur.filter((it) => it.key !== key))
    },
    [cancelWithMain]
  )

  const submitPassword = useCallback(
    async (key: string, password: string): Promise<void> => {
      const job = jobs.current.get(key)
      const item = itemsRef.current.find((it) => it.key === key)
      if (!job?.uploadId || job.cancelled || item?.state !== 'password') return
      await finish(key, job.uploadId, password)
    },
    [finish]
  )

  const removeSent = useCallback((ids: readonly string[]): void => {
    const sent = new Set(ids)
    const keep = (it: FileItem): boolean => !(it.state === 'ready' && it.info && sent.has(it.info.id))
    for (const it of itemsRef.current) if (!keep(it)) jobs.current.delete(it.key)
    itemsRef.current = itemsRef.current.filter(keep)
    setItems((cur) => cur.filter(keep))
  }, [])

  const dismissNotice = useCallback(() => setNotice(null), [])

  // The composer goes away (window closed, companion rebuilt): uploads nobody will send are cancelled.
  useEffect(() => {
    const pending = jobs.current
    return () => {
      for (const job of pending.values()) {
        if (job.cancelled) continue
        job.cancelled = true
        if (job.uploadId) cancelWithMain(job.uploadId)
      }
      pending.clear()
    }
  }, [cancelWithMain])

  return {
    items,
    notice,
    dismissNotice,
    addFiles,
    remove,
    submitPassword,
    busy: filesBlockSend(items),
    ready: readyFiles(items),
    removeSent
  }
}
