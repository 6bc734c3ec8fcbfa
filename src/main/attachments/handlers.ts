/**
 * The `attachments` and `capture` namespaces of the contract, composed from the attachment store
 * and the capture service. services.ts spreads these in; no Electron here.
 */
import { AppError } from '../../shared/errors'
import type { ContractHandlers, EmitEvent } from '../../shared/ipc/contract'
import { createCaptureService, type CaptureService } from '../capture/captureService'
import type { CapturePorts } from '../capture/ports'
import type { ImageAttachmentResolver } from '../chat/chatEngine'
import { MAX_ADD_REQUEST_CHARS, MAX_IMAGE_BYTES, MAX_MODEL_COPY_BYTES } from '../../shared/attachments/limits'
import { addRequestChars } from '../../shared/attachments/schemas'
import { createAttachmentGc, type AttachmentGc, type AttachmentReferences } from './attachmentGc'
import { AttachmentError, createAttachmentStore, decodeDataUrl, isImageManifest, type AttachmentManifest, type AttachmentStore } from './attachmentStore'

export interface AttachmentServices {
  store: AttachmentStore
  capture: CaptureService
  /** For the chat engine (and the conversation handlers: `release` after a deletion). */
  resolver: ImageAttachmentResolver
  /** The collector; absent without `references` (nothing can tell what is still used). */
  gc?: AttachmentGc
  /** The capture shortcut's two channels come from src/main/capture/shortcut.ts (services.ts adds them). */
  handlers: { attachments: Pick<ContractHandlers['attachments'], 'add' | 'get'> } & { capture: Omit<ContractHandlers['capture'], 'shortcutStatus' | 'setShortcut'> }
}

export function createAttachmentServices(deps: {
  dataDir: string
  emit: EmitEvent
  capture?: CapturePorts
  log?: (message: string, error?: unknown) => void
  /** Which attachments messages still reference (the conversation store): enables the collector. */
  references?: AttachmentReferences
  /** Tests: the clock of the store's manifests and of the collector's holds. */
  now?: () => number
  /** The collector deleted these manifests (files: their document chunks go too). */
  onRemoved?: (manifests: readonly AttachmentManifest[]) => Promise<void>
}): AttachmentServices {
  const store = createAttachmentStore({ dataDir: deps.dataDir, now: deps.now })
  const capture = createCaptureService(deps.capture, deps.emit, deps.log)
  const gc = deps.references ? createAttachmentGc({ store, references: deps.references, now: deps.now, log: deps.log, onRemoved: deps.onRemoved }) : undefined
  // The schema bounds each URL already; checked again here, before anything is decoded.
  const bytes = (url: string, maxBytes: number): Uint8Array => {
    const data = decodeDataUrl(url, maxBytes)
    if (!data) throw new AttachmentError('Not an image data URL.')
    return data
  }
  const resolver: ImageAttachmentResolver = {
    async describe(id) {
      // Held: the engine stores the message referencing it next, the collector must wait for that.
      const m = await store.hold(id)
      return m && isImageManifest(m) ? { mime: m.original.mime, width: m.original.width, height: m.original.height } : undefined
    },
    modelDataUrls: (id) => store.modelDataUrls(id),
    async original(id) {
      const found = await store.readOriginal(id)
      return found ? { name: found.manifest.name, data: found.data, width: found.manifest.original.width, height: found.manifest.original.height } : undefined
    },
    release: (ids) => gc?.release(ids)
  }
  return {
    store,
    capture,
    resolver,
    gc,
    handlers: {
      attachments: {
        add: async (req) => {
          if (addRequestChars(req) > MAX_ADD_REQUEST_CHARS) throw new AttachmentError('The images are too large together.')
          const m = await store.add({
            original: { data: bytes(req.original.dataUrl, MAX_IMAGE_BYTES), width: req.original.width, height: req.original.height },
            encoded: req.encoded.map((e) => ({ data: bytes(e.dataUrl, MAX_MODEL_COPY_BYTES), width: e.width, height: e.height })),
            name: req.name
          })
          return {
            id: m.id,
            mime: m.original.mime,
            width: m.original.width,
            height: m.original.height,
            encoded: m.encoded.map((e) => ({ mime: e.mime, width: e.width, height: e.height, bytes: e.bytes }))
          }
        },
        get: async ({ id }) => {
          const found = await store.readOriginal(id)
          if (!found) throw new AppError({ code: 'not_found', detail: 'That image is no longer available.' })
          const { manifest, data } = found
          return {
            id,
            mime: manifest.original.mime,
            width: manifest.original.width,
            height: manifest.original.height,
            dataUrl: `data:${manifest.original.mime};base64,${data.toString('base64')}`
          }
        }
      },
      capture: {
        sources: () => capture.sources(),
        grab: (req) => capture.grab(req),
        startRegion: () => capture.startRegion(),
        overlayFrame: (req) => capture.overlayFrame(req),
        finishRegion: async (req) => {
          await capture.finishRegion(req)
          return { ok: true as const }
        },
        openPermissionSettings: async () => {
          await capture.openPermissionSettings()
          return { ok: true as const }
        }
      }
    }
  }
}
