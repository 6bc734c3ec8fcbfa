/**
 * The realtime event reducer: what main knows of a voice session, from the server events of the
 * Realtime API (current names, as the openai SDK types them) and the playback
 * reports of the renderer. Pure: the session turns state changes into effects.
 */
import { LINK_BYTES_PER_MS } from '../../shared/voice/linkFormat'

export type VoicePhase = 'connecting' | 'listening' | 'user-speaking' | 'thinking' | 'assistant-speaking' | 'ended'

export interface ItemTranscript {
  itemId: string
  role: 'user' | 'assistant'
  text: string
  final: boolean
  /** ms of audio received for an assistant item. */
  audioMs: number
  /** Set when the item was truncated after a barge-in. */
  truncatedAtMs?: number
}

export interface VoiceState {
  phase: VoicePhase
  /** A response the server is still generating. */
  responseId?: string
  responseActive: boolean
  /** The assistant item whose audio came last (the one playback may still be playing). */
  audioItemId?: string
  items: Record<string, ItemTranscript>
  /** Item ids in conversation order. */
  order: string[]
  lastError?: { code: string | null; message: string }
}

export const initialVoiceState = (): VoiceState => ({ phase: 'connecting', responseActive: false, items: {}, order: [] })

/** A server event as it arrives (only the fields the reducer reads). */
export interface ServerEventLike {
  type: string
  [key: string]: unknown
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

function withItem(state: VoiceState, itemId: string, role: 'user' | 'assistant', patch: (item: ItemTranscript) => Partial<ItemTranscript>): VoiceState {
  const current = state.items[itemId] ?? { itemId, role, text: '', final: false, audioMs: 0 }
  const next = { ...current, ...patch(current) }
  return {
    ...state,
    items: { ...state.items, [itemId]: next },
    order: state.order.includes(itemId) ? state.order : [...state.order, itemId]
  }
}

export function reduceVoiceEvent(state: VoiceState, event: ServerEventLike): VoiceState {
  switch (event.type) {
    case 'session.created':
    case 'session.updated':
      return state.phase === 'connecting' ? { ...state, phase: 'listening' } : state
    case 'input_audio_buffer.speech_started':
      return { ...state, phase: 'user-speaking' }
    case 'input_audio_buffer.speech_stopped':
      return { ...state, phase: 'thinking' }
    case 'conversation.item.created':
    case 'conversation.item.added': {
      const item = (event.item ?? {}) as { id?: unknown; role?: unknown; type?: unknown }
      const itemId = str(item.id)
      if (!itemId || item.type !== 'message' || (item.role !== 'user' && item.role !== 'assistant')) return state
      return withItem(state, itemId, item.role, () => ({}))
    }
    case 'conversation.item.input_audio_transcription.delta': {
      const itemId = str(event.item_id)
      if (!itemId) return state
      return withItem(state, itemId, 'user', (it) => ({ text: it.final ? it.text : it.text + (str(event.delta) ?? '') }))
    }
    case 'conversation.item.input_audio_transcription.completed': {
      const itemId = str(event.item_id)
      if (!itemId) return state
      return withItem(state, itemId, 'user', () => ({ text: str(event.transcript) ?? '', final: true }))
    }
    case 'conversation.item.input_audio_transcription.failed': {
      const itemId = str(event.item_id)
      if (!itemId) return state
      return withItem(state, itemId, 'user', (it) => ({ final: true, text: it.text }))
    }
    case 'response.created': {
      const response = (event.response ?? {}) as { id?: unknown }
      return { ...state, phase: 'thinking', responseId: str(response.id), responseActive: true }
    }
    case 'response.output_audio.delta': {
      const itemId = str(event.item_id)
      if (!itemId) return state
      const ms = (Math.floor((str(event.delta) ?? '').length * 3 / 4) / LINK_BYTES_PER_MS)
      const next = withItem(state, itemId, 'assistant', (it) => ({ audioMs: it.audioMs + ms }))
      return { ...next, phase: 'assistant-speaking', audioItemId: itemId }
    }
    case 'response.output_audio_transcript.delta':
    case 'response.output_text.delta': {
      const itemId = str(event.item_id)
      if (!itemId) return state
      return withItem(state, itemId, 'assistant', (it) => ({ text: it.final ? it.text : it.text + (str(event.delta) ?? '') }))
    }
    case 'response.output_audio_transcript.done':
    case 'response.output_text.done': {
      const itemId = str(event.item_id)
      if (!itemId) return state
      const done = str(event.transcript) ?? str(event.text)
      return withItem(state, itemId, 'assistant', (it) => ({ text: done ?? it.text, final: true }))
    }
    case 'response.done': {
      const response = (event.response ?? {}) as { id?: unknown; status?: unknown; output?: unknown }
      let next: VoiceState = { ...state, responseActive: false, responseId: undefined }
      // Items that never got a transcript .done (cancelled early) are final now.
      for (const out of Array.isArray(response.output) ? (response.output as Array<{ id?: unknown }>) : []) {
        const itemId = str(out.id)
        if (itemId && next.items[itemId] && !next.items[itemId].final) next = withItem(next, itemId, 'assistant', () => ({ final: true }))
      }
      return next.phase === 'thinking' ? { ...next, phase: 'listening' } : next
    }
    case 'conversation.item.truncated': {
      const itemId = str(event.item_id)
      if (!itemId || !state.items[itemId]) return state
      return withItem(state, itemId, 'assistant', () => ({ truncatedAtMs: Number(event.audio_end_ms) }))
    }
    case 'error': {
      const error = (event.error ?? {}) as { code?: unknown; message?: unknown }
      return { ...state, lastError: { code: str(error.code) ?? null, message: str(error.message) ?? 'error' } }
    }
    default:
      return state
  }
}

/** Playback of the assistant's audio has finished in the renderer. */
export function playbackFinished(state: VoiceState): VoiceState {
  return state.phase === 'assistant-speaking' && !state.responseActive ? { ...state, phase: 'listening' } : state
}
