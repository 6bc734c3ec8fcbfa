/**
 * The attachment collector: deletes the images no message references any more, so a deleted
 * conversation, a regenerated answer or an image that was never sent does not stay on disk for
 * good. Content addressing shares files: the same image sent in two chats is one manifest, and
 * two manifests (a standard and a sharp encoding of one picture) share the original's blob. So
 * nothing is deleted for being in a dying conversation; a manifest goes when no message at all
 * references it, a blob when no remaining manifest names it.
 *
 * - `collect(ids)`: after a conversation is deleted or messages replaced, with the ids they
 *   referenced (the caller asks the conversation store before the change).
 * - `sweep()`: at start-up, manifests older than UNSENT_GRACE_MS that no message references
 *   (stored at Send but never sent), blobs no manifest names, temp files of interrupted writes.
 *
 * Safety against a concurrent add: every run happens inside the store's `exclusive`, so an add
 * (blobs, then manifest) is either wholly before the run, whose manifest scan then sees it, or
 * wholly after, and rewrites any blob the run deleted. References are asked inside the run too.
 * The window between an add (or the engine's describe) and the message that will reference the
 * id is covered by holds: an id added or held less than HOLD_MS ago is skipped, remembered and
 * looked at again when its hold ends.
 */
import { manifestBlobs, type AttachmentFiles, type AttachmentManifest, type AttachmentStore } from './attachmentStore'
import { HOLD_MS, UNSENT_GRACE_MS } from './config'

/** What the collector asks of the conversation store (ConversationStore implements it). */
export interface AttachmentReferences {
  /** Of `candidateIds`, those an image part of some message still references. */
  referencedAttachmentIds(candidateIds: readonly string[]): Promise<Set<string>>
}

export interface CollectReport {
  /** Manifests deleted. */
  manifests: number
  /** Blobs deleted. */
  blobs: number
  /** Unreferenced ids skipped because they were added or held recently (looked at again later). */
  held: number
  /** Temp files of interrupted writes deleted (the sweep only). */
  temps: number
}

export interface AttachmentGc {
  /** Deletes those of `ids` (and of the ids skipped earlier) that no message references. */
  collect(ids: readonly string[]): Promise<CollectReport>
  /** The start-up sweep (see the file comment). */
  sweep(): Promise<CollectReport>
  /** `collect` in the background; a failure is logged. */
  release(ids: readonly string[]): void
  /** Settles when every run started so far has ended (tests, shutdown). */
  idle(): Promise<void>
  /** No more runs (the conversation store is about to close); waits for the current ones. */
  close(): Promise<void>
}

const ID_RE = /^[a-f0-9]{64}$/

const blobsOf = manifestBlobs

export function createAttachmentGc(deps: {
  store: AttachmentStore
  references: AttachmentReferences
  now?: () => number
  log?: (message: string, error?: unknown) => void
  holdMs?: number
  unsentGraceMs?: number
  /** After manifests are deleted (what hangs off them elsewhere goes too: a file's chunk index). */
  onRemoved?: (manifests: readonly AttachmentManifest[]) => Promise<void>
}): AttachmentGc {
  const { store, references } = deps
  const now = deps.now ?? Date.now
  const log = deps.log ?? (() => {})
  const holdMs = deps.holdMs ?? HOLD_MS
  const unsentGraceMs = deps.unsentGraceMs ?? UNSENT_GRACE_MS
  /** Unreferenced ids skipped while held: every later run looks at them again. */
  const deferred = new Set<string>()
  const running = new Set<Promise<unknown>>()
  let retry: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const track = <T>(run: Promise<T>): Promise<T> => {
    running.add(run)
    void run.finally(() => running.delete(run)).catch(() => undefined)
    return run
  }

  /** When the earliest hold among the skipped ids ends, a run looks at them again. */
  const scheduleRetry = (files: AttachmentFiles): void => {
    if (retry) clearTimeout(retry)
    retry = undefined
    const t = now()
    // Only holds end by themselves; ids kept after a failed run wait for the next run.
    const ends = [...deferred].map((id) => (files.heldAt(id) ?? -Infinity) + holdMs).filter((end) => end > t)
    if (closed || !ends.length) return
    const delay = Math.min(...ends) - t + 1000
    retry = setTimeout(() => {
      retry = undefined
      api.release([])
    }, delay)
    // A pending retry never keeps the app (or a test) alive; the next start's sweep catches up.
    retry.unref?.()
  }

  /** Deletes `manifests` and then the blobs of theirs no remaining manifest names. */
  const remove = async (files: AttachmentFiles, doomed: AttachmentManifest[]): Promise<Pick<CollectReport, 'manifests' | 'blobs'>> => {
    if (!doomed.length) return { manifests: 0, blobs: 0 }
    // Manifests first: a crash in between leaves unnamed blobs, which the sweep deletes, never a
    // manifest without its files.
    for (const m of doomed) await files.removeManifest(m.id)
    const unnamed = new Set(doomed.flatMap(blobsOf))
    for (const m of await files.manifests()) for (const sha of blobsOf(m)) unnamed.delete(sha)
    for (const sha of unnamed) await files.removeBlob(sha)
    await deps.onRemoved?.(doomed).catch((error) => log('Could not clean up after removed attachments', error))
    return { manifests: doomed.length, blobs: unnamed.size }
  }

  /** Splits `manifests` into those to delete and those held (remembered in `deferred`). */
  const unreferenced = async (files: AttachmentFiles, manifests: AttachmentManifest[]): Promise<{ doomed: AttachmentManifest[]; held: number }> => {
    if (!manifests.length) return { doomed: [], held: 0 }
    const referenced = await references.referencedAttachmentIds(manifests.map((m) => m.id))
    const t = now()
    const doomed: AttachmentManifest[] = []
    let held = 0
    for (const m of manifests) {
      if (referenced.has(m.id)) continue
      const heldAt = files.heldAt(m.id)
      if (heldAt !== undefined && t - heldAt < holdMs) {
        deferred.add(m.id)
        held++
        continue
      }
      doomed.push(m)
    }
    return { doomed, held }
  }

  const api: AttachmentGc = {
    collect(ids) {
      if (closed) return Promise.resolve({ manifests: 0, blobs: 0, held: 0, temps: 0 })
      return track(
        store.exclusive(async (files) => {
          const candidates = new Set([...ids, ...deferred].filter((id) => ID_RE.test(id)))
          deferred.clear()
          const manifests: AttachmentManifest[] = []
          for (const id of candidates) {
            const m = await store.get(id)
            if (m) manifests.push(m)
          }
          try {
            const { doomed, held } = await unreferenced(files, manifests)
            return { ...(await remove(files, doomed)), held, temps: 0 }
          } catch (error) {
            // Looked at again next time (the reference query failed: nothing was deleted for it).
            for (const m of manifests) deferred.add(m.id)
            throw error
          } finally {
            scheduleRetry(files)
          }
        })
      )
    },

    sweep() {
      if (closed) return Promise.resolve({ manifests: 0, blobs: 0, held: 0, temps: 0 })
      return track(
        store.exclusive(async (files) => {
          const t = now()
          const all = await files.manifests()
          // A manifest without a readable date counts as old: it was not written by this version.
          const old = all.filter((m) => !(typeof m.createdAt === 'number' && m.createdAt > t - unsentGraceMs))
          const { doomed, held } = await unreferenced(files, old)
          const removed = await remove(files, doomed)
          // Blobs no manifest names: left by a crash between a deletion's two steps, or an add
          // that failed after writing some of its files.
          const named = new Set(all.filter((m) => !doomed.includes(m)).flatMap(blobsOf))
          let blobs = removed.blobs
          for (const sha of await files.blobs()) {
            if (named.has(sha)) continue
            await files.removeBlob(sha)
            blobs++
          }
          const temps = await files.removeStaleTemps(t - unsentGraceMs)
          scheduleRetry(files)
          return { manifests: removed.manifests, blobs, held, temps }
        })
      )
    },

    release(ids) {
      if (closed) return
      api.collect(ids).catch((error) => log('Could not delete unused image attachments', error))
    },

    async idle() {
      while (running.size) await Promise.allSettled([...running])
    },

    async close() {
      closed = true
      if (retry) clearTimeout(retry)
      retry = undefined
      await api.idle()
    }
  }
  return api
}
