/**
 * Coalesces `chat:onEvent` deltas (answer text and reasoning alike) per stream (issue 5, render performance). A provider streaming
 * 1,000 tokens/s would otherwise cost the renderer 1,000 IPC messages (tasks) a second, more than
 * the markdown itself. The first delta of a burst goes out at once (first glyph stays instant);
 * the deltas of the next `windowMs` follow as one event. Any other event of a stream (started,
 * fallback, done, or a delta of the other kind) first flushes that stream's pending text, so
 * order and content are unchanged: the concatenation of each kind's deltas is exactly what the
 * provider sent. Other events pass through.
 */
import type { EmitEvent, EventPayload } from '../../shared/ipc/contract'
import { STREAM_FRAME_MS } from '../../shared/streamPace'

type ChatEvent = EventPayload<'chat:onEvent'>
type TextEvent = ChatEvent & { kind: 'delta' | 'reasoning' }

const isText = (ev: ChatEvent): ev is TextEvent => ev.kind === 'delta' || ev.kind === 'reasoning'

export function coalesceDeltas(emit: EmitEvent, windowMs = STREAM_FRAME_MS): EmitEvent {
  const pending = new Map<string, { event: TextEvent; text: string }>()
  const timers = new Map<string, ReturnType<typeof setTimeout>>()

  /** Sends the stream's pending text; `reopen`: if something went out, later deltas wait a new window. */
  const flush = (streamId: string, reopen: boolean): void => {
    const timer = timers.get(streamId)
    if (timer) clearTimeout(timer)
    timers.delete(streamId)
    const p = pending.get(streamId)
    pending.delete(streamId)
    if (!p) return
    emit('chat:onEvent', { ...p.event, text: p.text })
    if (reopen) timers.set(streamId, setTimeout(() => flush(streamId, true), windowMs))
  }

  return ((event, payload) => {
    if (event !== 'chat:onEvent') return emit(event, payload)
    const ev = payload as ChatEvent
    if (!isText(ev)) {
      flush(ev.streamId, false)
      return emit(event, payload)
    }
    let p = pending.get(ev.streamId)
    if (p && p.event.kind !== ev.kind) {
      // Reasoning turning into the answer (or back): what came first goes first, at once.
      flush(ev.streamId, false)
      p = undefined
    }
    if (p) p.text += ev.text
    else pending.set(ev.streamId, { event: ev, text: ev.text })
    // No window open: this delta is the first of a burst, send it now.
    if (!timers.has(ev.streamId)) flush(ev.streamId, true)
  }) as EmitEvent
}
