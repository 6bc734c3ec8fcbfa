/**
 * One realtime voice session, in main (keys never reach the renderer).
 *
 * mic frames (audio link) → input_audio_buffer.append; server events → the reducer → effects:
 * live transcripts to the renderer, both sides stored as messages marked as voice, assistant
 * audio deltas down the link, and barge-in: on speech_started the renderer is told to stop at
 * once, response.cancel goes out if a response is still running, and conversation.item.truncate
 * with audio_end_ms = what playback reports it actually played.
 */
import type { VoiceProbe } from './probe'
import { LINK_BYTES_PER_MS } from '../../shared/voice/linkFormat'
import { VOICE_MAIN_CONFIG } from './config'
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime'
import type { Message } from '../../shared/domain'
import { messageText } from '../../shared/domain'
import type { UpMessage } from '../../shared/voice/audioLink'
import type { VoiceEvent, VoicePhase } from '../../shared/voice/schemas'
import type { ConversationStore } from '../store/types'
import type { AudioLink } from './audioLink'
import type { RealtimeConnection } from './realtimeConnection'
import { initialVoiceState, playbackFinished, reduceVoiceEvent, type ServerEventLike, type VoiceState } from './reducer'
import { heardTranscript, needsTruncate, truncateAudioEndMs } from './truncate'

export interface RealtimeSessionConfig {
  instructions: string
  voice: string
  turnDetection: 'server_vad' | 'semantic_vad'
  silenceMs: number
  transcribeModel: string
  pushToTalk: boolean
}

export interface VoiceSessionDeps {
  sessionId: string
  conversationId: string
  link: AudioLink
  store: ConversationStore
  emit: (event: VoiceEvent) => void
  log: (message: string, error?: unknown) => void
  /** The conversation so far, given to the model as context. */
  history: Message[]
  now?: () => number
  /** Timing observer (the voice bench, tests); absent in the app. */
  probe?: VoiceProbe
}


export function sessionUpdate(config: RealtimeSessionConfig): RealtimeClientEvent {
  const turnDetection = config.pushToTalk
    ? null
    : config.turnDetection === 'semantic_vad'
      ? ({ type: 'semantic_vad', eagerness: 'auto', create_response: true, interrupt_response: true } as const)
      : ({ type: 'server_vad', threshold: VOICE_MAIN_CONFIG.serverVadThreshold, prefix_padding_ms: VOICE_MAIN_CONFIG.serverVadPrefixPaddingMs, silence_duration_ms: config.silenceMs, create_response: true, interrupt_response: true } as const)
  return {
    type: 'session.update',
    session: {
      type: 'realtime',
      instructions: config.instructions,
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          transcription: { model: config.transcribeModel },
          turn_detection: turnDetection
        },
        output: { format: { type: 'audio/pcm', rate: 24000 }, voice: config.voice }
      }
    }
  }
}

/** The conversation so far as realtime items (text only; images are not carried into voice). */
export function historyItems(history: Message[]): RealtimeClientEvent[] {
  return history
    .filter((m) => (m.role === 'user' || m.role === 'assistant') && m.status !== 'error')
    .slice(-VOICE_MAIN_CONFIG.realtimeHistoryItems)
    .map((m) => ({ m, text: messageText(m.parts).trim() }))
    .filter(({ text }) => text.length > 0)
    .map(({ m, text }) =>
      m.role === 'user'
        ? ({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } } as const)
        : ({ type: 'conversation.item.create', item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] } } as const)
    )
}

export class RealtimeVoiceSession {
  private state: VoiceState = initialVoiceState()
  private muted = false
  private ended = false
  private readonly messageIds = new Map<string, Promise<string>>()
  /** Playback progress per assistant item, as the renderer reports it. */
  private readonly played = new Map<string, number>()
  private readonly audioDone = new Set<string>()
  private stoppedWaiter: ((msg: Extract<UpMessage, { t: 'stopped' }>) => void) | undefined
  /** Items already truncated and responses already cancelled (client and server barge-in may both fire). */
  private readonly truncatedItems = new Set<string>()
  private readonly cancelledResponses = new Set<string>()
  private sentAudioMs = 0
  private readonly now: () => number
  private onEndedListener: ((reason: 'user' | 'network' | 'error') => void) | undefined

  constructor(
    private readonly deps: VoiceSessionDeps,
    private readonly conn: RealtimeConnection,
    private readonly config: RealtimeSessionConfig
  ) {
    this.now = deps.now ?? Date.now
  }

  get snapshot(): VoiceState {
    return this.state
  }

  onEnded(listener: (reason: 'user' | 'network' | 'error') => void): void {
    this.onEndedListener = listener
  }

  start(): void {
    const { link } = this.deps
    this.conn.onEvent((event) => this.onServerEvent(event))
    this.conn.onClose(({ byUs }) => {
      if (!byUs) this.end('network')
    })
    link.onMessage((msg) => this.onLinkMessage(msg))
    link.onClose(() => this.end('user'))
    this.conn.send(sessionUpdate(this.config))
    for (const item of historyItems(this.deps.history)) this.conn.send(item)
  }

  /**
   * A frame of what the user shares (screen or camera) joins the conversation as an image: the
   * model sees it when it next answers. No response is asked for: the user is still talking.
   */
  addFrame(image: string): void {
    if (this.ended) return
    this.conn.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_image', image_url: image }] } })
  }

  /** Sharing started or stopped: nothing to keep here (frames already sent stay in the conversation). */
  setSharing(_sharing: boolean): void {}

  setMuted(muted: boolean): void {
    this.muted = muted
  }

  /** Push-to-talk: pressed interrupts the assistant and starts a turn; released ends it. */
  async pushToTalk(pressed: boolean): Promise<void> {
    if (pressed) {
      await this.bargeIn()
      this.conn.send({ type: 'input_audio_buffer.clear' })
      this.setPhase('user-speaking')
    } else {
      this.conn.send({ type: 'input_audio_buffer.commit' })
      this.conn.send({ type: 'response.create' })
      this.setPhase('thinking')
    }
  }

  stop(): void {
    this.end('user')
  }

  private end(reason: 'user' | 'network' | 'error'): void {
    if (this.ended) return
    this.ended = true
    this.deps.link.send({ t: 'stop', at: this.now() })
    this.conn.close()
    this.deps.link.close()
    // Whatever was said so far stays in the conversation, final.
    for (const id of this.state.order) {
      const item = this.state.items[id]
      if (!item.final && item.text) void this.persist(id, true)
    }
    this.setPhase('ended')
    this.deps.emit({
      kind: 'ended',
      sessionId: this.deps.sessionId,
      conversationId: this.deps.conversationId,
      reason,
      ...(reason === 'network' ? { error: { code: 'connection' as const, detail: 'The connection to the realtime endpoint was lost.' } } : {})
    })
    this.onEndedListener?.(reason)
  }

  private onLinkMessage(msg: UpMessage): void {
    if (this.ended) return
    switch (msg.t) {
      case 'mic': {
        if (this.muted) return
        this.conn.send({ type: 'input_audio_buffer.append', audio: Buffer.from(msg.pcm).toString('base64') })
        const sentAt = this.conn.lastSendAt || this.now()
        this.sentAudioMs += msg.pcm.byteLength / LINK_BYTES_PER_MS
        this.deps.probe?.micSent(msg.capturedAt, sentAt, this.sentAudioMs)
        return
      }
      case 'scheduled':
        this.deps.probe?.chunkScheduled(msg.receivedAt, msg.at)
        return
      case 'played':
        this.deps.probe?.played(msg.itemId, msg.ms, this.now())
        this.played.set(msg.itemId, msg.ms)
        if (this.audioDone.has(msg.itemId) && msg.ms >= (this.state.items[msg.itemId]?.audioMs ?? 0) - 1) {
          const next = playbackFinished(this.state)
          if (next !== this.state) {
            this.state = next
            this.setPhase(next.phase, true)
          }
        }
        return
      case 'stopped':
        this.deps.probe?.stopped(msg.at)
        if (msg.itemId) this.played.set(msg.itemId, msg.ms)
        this.stoppedWaiter?.(msg)
        return
      case 'vad':
        // The renderer heard the user talk over the assistant and already silenced playback.
        if (msg.speaking && this.state.audioItemId && !this.config.pushToTalk) {
          this.deps.probe?.clientBargeIn(msg.at)
          void this.bargeIn()
        }
        return
    }
  }

  private onServerEvent(event: ServerEventLike): void {
    if (this.ended) return
    const before = this.state
    this.state = reduceVoiceEvent(before, event)
    switch (event.type) {
      case 'input_audio_buffer.speech_started':
        this.deps.probe?.speechStarted(this.now(), Number(event.audio_start_ms))
        void this.bargeIn(before)
        break
      case 'input_audio_buffer.speech_stopped':
        this.deps.probe?.speechStopped(Number(event.audio_end_ms))
        break
      case 'response.output_audio.delta': {
        // Audio still in flight from a response the user talked over is not played.
        if (this.cancelledResponses.has(String(event.response_id)) || this.truncatedItems.has(String(event.item_id))) break
        const b64 = String(event.delta ?? '')
        const buf = Buffer.from(b64, 'base64')
        const pcm = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
        this.deps.link.send({ t: 'audio', itemId: String(event.item_id), pcm, receivedAt: this.now() })
        break
      }
      case 'response.output_audio.done':
        this.audioDone.add(String(event.item_id))
        this.deps.link.send({ t: 'end', itemId: String(event.item_id) })
        break
      case 'conversation.item.created':
      case 'conversation.item.added': {
        const item = (event.item ?? {}) as { id?: string; role?: string; type?: string; content?: Array<{ type?: string }> }
        // Context items we sent ourselves (text) are already in the conversation.
        const isAudioTurn = item.role === 'assistant' ? (item.content ?? []).every((c) => c.type !== 'output_text') : (item.content ?? []).some((c) => c.type === 'input_audio')
        if (item.id && item.type === 'message' && (item.role === 'user' || item.role === 'assistant') && isAudioTurn && !this.messageIds.has(item.id)) {
          this.messageIds.set(item.id, this.createMessage(item.role))
        }
        break
      }
      case 'conversation.item.input_audio_transcription.delta':
      case 'conversation.item.input_audio_transcription.completed':
      case 'conversation.item.input_audio_transcription.failed':
      case 'response.output_audio_transcript.delta':
      case 'response.output_audio_transcript.done':
      case 'conversation.item.truncated': {
        const itemId = String(event.item_id ?? '')
        const item = this.state.items[itemId]
        if (!item) break
        this.emitTranscript(itemId)
        if (item.final && (event.type.endsWith('.completed') || event.type.endsWith('.done') || event.type.endsWith('.failed') || event.type === 'conversation.item.truncated')) {
          void this.persist(itemId, false)
        }
        break
      }
      case 'response.done':
        for (const id of this.state.order) if (this.state.items[id].final && !before.items[id]?.final) void this.persist(id, false)
        break
      case 'error': {
        const code = (event.error as { code?: string } | undefined)?.code
        // Expected races (cancel after the server already finished), not failures.
        if (code !== 'response_cancel_not_active') this.deps.log(`realtime error: ${(event.error as { message?: string } | undefined)?.message ?? ''}`)
        break
      }
    }
    if (this.state.phase !== before.phase) this.setPhase(this.state.phase, true)
  }

  /**
   * Barge-in: stop playback at once, cancel a running response, truncate what was not heard.
   * `before`: the state before speech_started was reduced (the response may have been running).
   */
  private async bargeIn(before: VoiceState = this.state): Promise<void> {
    const at = this.now()
    this.deps.link.send({ t: 'stop', at })
    this.deps.probe?.stopSent(at)
    if (before.responseActive && before.responseId && !this.cancelledResponses.has(before.responseId)) {
      this.cancelledResponses.add(before.responseId)
      this.conn.send({ type: 'response.cancel' })
    }
    const itemId = before.audioItemId
    if (!itemId || this.truncatedItems.has(itemId)) return
    const item = before.items[itemId]
    if (!item || item.truncatedAtMs !== undefined) return
    this.truncatedItems.add(itemId)
    const reply = await new Promise<Extract<UpMessage, { t: 'stopped' }> | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.stoppedWaiter = undefined
        resolve(undefined)
      }, VOICE_MAIN_CONFIG.stoppedReplyTimeoutMs)
      this.stoppedWaiter = (msg) => {
        clearTimeout(timer)
        this.stoppedWaiter = undefined
        resolve(msg)
      }
    })
    if (this.ended) return
    const playedMs = reply && reply.itemId === itemId ? reply.ms : (this.played.get(itemId) ?? 0)
    const receivedMs = this.state.items[itemId]?.audioMs ?? item.audioMs
    const done = this.audioDone.has(itemId) && !before.responseActive
    if (!needsTruncate(playedMs, receivedMs, done)) {
      this.truncatedItems.delete(itemId)
      return
    }
    this.conn.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: truncateAudioEndMs(playedMs, receivedMs) })
  }

  /** Session audio time (what the server counts) → the wall time that audio was captured. */
  private setPhase(phase: VoicePhase, alreadyReduced = false): void {
    if (!alreadyReduced) this.state = { ...this.state, phase }
    this.deps.emit({ kind: 'phase', sessionId: this.deps.sessionId, phase })
  }

  private emitTranscript(itemId: string, messageId?: string): void {
    const item = this.state.items[itemId]
    if (!item) return
    this.deps.emit({
      kind: 'transcript',
      sessionId: this.deps.sessionId,
      conversationId: this.deps.conversationId,
      itemId,
      role: item.role,
      text: this.shownText(itemId),
      final: item.final,
      ...(item.truncatedAtMs !== undefined ? { truncated: true } : {}),
      ...(messageId ? { messageId } : {})
    })
  }

  /** The transcript as heard: cut where playback stopped, marked with an ellipsis. */
  private shownText(itemId: string): string {
    const item = this.state.items[itemId]
    if (item.truncatedAtMs === undefined) return item.text
    return `${heardTranscript(item.text, item.truncatedAtMs, item.audioMs)}…`
  }

  private async createMessage(role: 'user' | 'assistant'): Promise<string> {
    const message = await this.deps.store.addMessage({
      conversationId: this.deps.conversationId,
      role,
      parts: [{ type: 'text', text: '', voice: {} }],
      status: 'streaming'
    })
    return message.id
  }

  private async persist(itemId: string, interrupted: boolean): Promise<void> {
    const item = this.state.items[itemId]
    let pending = this.messageIds.get(itemId)
    if (!pending) {
      pending = this.createMessage(item.role)
      this.messageIds.set(itemId, pending)
    }
    try {
      const id = await pending
      const text = this.shownText(itemId)
      await this.deps.store.updateMessage(id, {
        parts: [{ type: 'text', text, voice: item.truncatedAtMs !== undefined ? { truncatedAtMs: item.truncatedAtMs } : {} }],
        status: interrupted || item.truncatedAtMs !== undefined ? 'stopped' : 'complete'
      })
      this.emitTranscript(itemId, id)
    } catch (error) {
      this.deps.log('could not store a voice transcript', error)
    }
  }
}
