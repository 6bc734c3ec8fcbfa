/**
 * Who gets an event: the windows whose kind receives that channel (src/shared/ipc/windows.ts),
 * once their page has said it is ready (`app.ready`, after subscribing). Until then a window's
 * events wait in its queue, so nothing main sends while a page loads (or reloads) is lost.
 * One router for both shells: Electron's webContents and the web harness's sockets are targets.
 * Pure: no electron import.
 */
import type { WindowKind } from '../../shared/ipc/windows'
import { windowMayUse } from '../../shared/ipc/windows'

export interface EventTarget {
  /** The transport's id of the window (webContents id, socket id): the Caller's `sender`. */
  readonly id: number | string
  readonly kind: WindowKind
  send(channel: string, payload: unknown): void
}

/** Events kept for a page that has not said it is ready; beyond it the oldest go (a page that never loads). */
export const MAX_QUEUED_EVENTS = 1000

export interface EventRouter {
  add(target: EventTarget): void
  remove(id: number | string): void
  /** The page is loading again (a reload): not ready, nothing queued from before. */
  reset(id: number | string): void
  /** The page subscribed: send what waited, then everything as it comes. */
  ready(id: number | string): void
  /** To every window that receives this channel, or only to windows of one kind. */
  emit(channel: string, payload: unknown, to?: WindowKind): void
}

export function createEventRouter(opts: { log?: (message: string) => void } = {}): EventRouter {
  const entries = new Map<number | string, { target: EventTarget; ready: boolean; queue: Array<[string, unknown]>; dropped: number }>()

  const deliver = (target: EventTarget, channel: string, payload: unknown): void => {
    try {
      target.send(channel, payload)
    } catch {
      // The window went away between the check and the send.
    }
  }

  return {
    add(target) {
      entries.set(target.id, { target, ready: false, queue: [], dropped: 0 })
    },
    remove(id) {
      entries.delete(id)
    },
    reset(id) {
      const entry = entries.get(id)
      if (!entry) return
      entry.ready = false
      entry.queue = []
    },
    ready(id) {
      const entry = entries.get(id)
      if (!entry || entry.ready) return
      entry.ready = true
      const queued = entry.queue
      entry.queue = []
      if (entry.dropped > 0) opts.log?.(`${entry.dropped} early event(s) for the ${entry.target.kind} window were dropped (its page took long to load)`)
      entry.dropped = 0
      for (const [channel, payload] of queued) deliver(entry.target, channel, payload)
    },
    emit(channel, payload, to) {
      for (const entry of entries.values()) {
        if ((to && entry.target.kind !== to) || !windowMayUse(entry.target.kind, channel)) continue
        if (entry.ready) {
          deliver(entry.target, channel, payload)
          continue
        }
        entry.queue.push([channel, payload])
        if (entry.queue.length > MAX_QUEUED_EVENTS) {
          entry.queue.shift()
          entry.dropped++
        }
      }
    }
  }
}
