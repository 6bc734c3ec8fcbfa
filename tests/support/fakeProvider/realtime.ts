/**
 * The local provider's Realtime API (`wss://HOST/v1/realtime?model=...`), faithful enough for the
 * openai SDK's `OpenAIRealtimeWS` and for the app's voice session. Current (GA) event names, as in
 * node_modules/openai/resources/realtime/realtime.d.ts.
 *
 *   const rt = createRealtimeFake({ apiKey: 'sk-test' })
 *   const provider = await startFakeProvider({ tls, onUpgrade: rt.onUpgrade })
 *   rt.script({ userTranscript: 'hello', answer: 'Hi there!' })
 *   ... rt.received (client events, audio as byte counts), rt.sent, rt.truncates
 *
 * Behaviour: session.created on connect; session.update → session.updated (turn detection,
 * voice, instructions kept); input_audio_buffer.append feeds an energy VAD (server_vad /
 * semantic_vad alike) that needs `minSpeechMs` of speech before speech_started; after
 * `silence_duration_ms` of silence: speech_stopped, committed, conversation.item.created,
 * input transcription delta/completed, and (create_response) a response: response.created,
 * output item / content part, paced output_audio.delta (synthetic voice) interleaved with
 * output_audio_transcript.delta, the .done events, response.done. A speech_started during a
 * response cancels it (interrupt_response). conversation.item.truncate → truncated (or an error
 * when the item or the time is wrong). Errors for unknown events, bad JSON, response.cancel with
 * nothing running. `latencyMs` delays every message each way (a scripted network).
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, WebSocket, type RawData } from 'ws'
import {
  EnergyVad,
  pcm16FromBase64,
  pcm16ToBuffer,
  REALTIME_SAMPLE_RATE,
  samplesToMs,
  syntheticVoice
} from './realtimeAudio'
import type { UpgradeHandler } from './types'

export interface RealtimeTurnScript {
  /** What the input transcription says the user said. Default "Hello from the microphone." */
  userTranscript?: string
  /** The assistant's answer text (its audio transcript). Default `Echo: <userTranscript>`. */
  answer?: string
  /** Length of the answer audio. Default 90 ms per character, at least 800 ms. */
  audioMs?: number
  /** Think time before response.created. Default 0. */
  responseDelayMs?: number
  /** Close the socket abruptly after this many audio deltas of this answer (a network drop). */
  dropAfterDeltas?: number
}

export interface RealtimeFakeOptions {
  /** Require `Authorization: Bearer <apiKey>` at the upgrade (401 otherwise). */
  apiKey?: string
  /** Scripted network delay, each way, for every message. Default 0. */
  latencyMs?: number
  /** Speech the VAD needs before speech_started. Default 150 ms. */
  minSpeechMs?: number
  /** Audio per output_audio.delta. Default 100 ms. */
  deltaMs?: number
  /** How much faster than real time audio deltas are sent. Default 4. */
  audioSpeed?: number
  /** Voices the session accepts. */
  voices?: string[]
}

export interface RecordedRealtimeEvent {
  type: string
  /** Date.now() when the provider processed it. */
  time: number
  /** The event without audio payloads (append: `audioBytes` instead). */
  event: Record<string, unknown>
  audioBytes?: number
}

export interface RealtimeFake {
  onUpgrade: UpgradeHandler
  /** Queue the next turns (consumed one per response). */
  script(turn: RealtimeTurnScript): void
  setLatency(ms: number): void
  /** Client events received, oldest first (live array). */
  readonly received: RecordedRealtimeEvent[]
  /** Server events sent (audio deltas without their payload). */
  readonly sent: RecordedRealtimeEvent[]
  /** Total pcm16 bytes appended over every session. */
  audioBytesReceived(): number
  /** Open sessions. */
  connectionCount(): number
  /** Drops every session socket at once (a network failure). */
  dropAll(): void
  /** Every open session starts a response now, without user speech (like a greeting). */
  respondNow(): void
  /**
   * While held, a user turn the VAD ends is committed and transcribed but not answered (as with
   * `create_response: false`); the scripted turns wait. Lets a test choose which turn is answered.
   */
  holdResponses(hold: boolean): void
  /**
   * While held, new sessions wait before their upgrade is answered (a slow network or a busy
   * provider: the client's connect takes as long as the test wants); releasing lets them in.
   */
  holdConnections(hold: boolean): void
  /** Upgrade requests waiting on holdConnections. */
  connectionsWaiting(): number
  reset(): void
  close(): void
}

export const DEFAULT_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar']
const DEFAULT_USER_TRANSCRIPT = 'Hello from the microphone.'

interface ItemInfo {
  id: string
  role: 'user' | 'assistant' | 'system'
  audioMs: number
}

interface ActiveResponse {
  id: string
  itemId: string
  cancelled: boolean
  done: Promise<void>
}

export function createRealtimeFake(opts: RealtimeFakeOptions = {}): RealtimeFake {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 })
  const turns: RealtimeTurnScript[] = []
  const received: RecordedRealtimeEvent[] = []
  const sent: RecordedRealtimeEvent[] = []
  const sockets = new Set<WebSocket>()
  const responders = new Set<() => void>()
  let latencyMs = opts.latencyMs ?? 0
  let responsesHeld = false
  let connectionsHeld = false
  const waitingUpgrades: Array<() => void> = []
  let audioBytes = 0
  let lastId = 0
  const id = (prefix: string) => `${prefix}_fake${++lastId}`

  const onUpgrade: UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    if (url.pathname !== '/v1/realtime') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const model = url.searchParams.get('model') ?? 'gpt-realtime'
    const accept = (): void => wss.handleUpgrade(req, socket, head, (ws) => runSession(ws, model))
    if (connectionsHeld) waitingUpgrades.push(accept)
    else accept()
  }

  function runSession(ws: WebSocket, model: string): void {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('error', () => sockets.delete(ws))
    const session: Record<string, unknown> = {
      type: 'realtime',
      object: 'realtime.session',
      id: id('sess'),
      model,
      output_modalities: ['audio'],
      instructions: '',
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: REALTIME_SAMPLE_RATE },
          transcription: null,
          turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, create_response: true, interrupt_response: true }
        },
        output: { format: { type: 'audio/pcm', rate: REALTIME_SAMPLE_RATE }, voice: 'alloy', speed: 1 }
      }
    }
    const vad = new EnergyVad({ minSpeechMs: opts.minSpeechMs })
    const respond = (): void => startResponse()
    responders.add(respond)
    ws.on('close', () => responders.delete(respond))
    const items = new Map<string, ItemInfo>()
    let lastItemId: string | null = null
    let bufferSamples = 0
    let speechItemId: string | undefined
    let active: ActiveResponse | undefined

    const send = (event: Record<string, unknown>): void => {
      const full = { event_id: id('event'), ...event }
      const record: Record<string, unknown> = { ...full }
      if (event.type === 'response.output_audio.delta') record.delta = `<${String(event.delta).length} b64 chars>`
      sent.push({ type: String(event.type), time: Date.now(), event: record })
      const text = JSON.stringify(full)
      const deliver = () => {
        if (ws.readyState === WebSocket.OPEN) ws.send(text)
      }
      if (latencyMs > 0) setTimeout(deliver, latencyMs)
      else deliver()
    }
    const error = (message: string, code: string | null, eventId?: unknown, type = 'invalid_request_error'): void =>
      send({ type: 'error', error: { type, code, message, param: null, event_id: typeof eventId === 'string' ? eventId : null } })
    const turnDetection = (): Record<string, unknown> | null =>
      ((session.audio as { input: { turn_detection: Record<string, unknown> | null } }).input.turn_detection ?? null)
    const transcriptionOn = (): boolean => !!(session.audio as { input: { transcription: unknown } }).input.transcription

    const addItem = (item: ItemInfo, full: Record<string, unknown>): void => {
      items.set(item.id, item)
      send({ type: 'conversation.item.created', previous_item_id: lastItemId, item: full })
      lastItemId = item.id
    }

    const commitUserTurn = (): string => {
      const itemId = speechItemId ?? id('item')
      speechItemId = undefined
      const audioMs = samplesToMs(bufferSamples)
      bufferSamples = 0
      send({ type: 'input_audio_buffer.committed', previous_item_id: lastItemId, item_id: itemId })
      addItem(
        { id: itemId, role: 'user', audioMs },
        { id: itemId, object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_audio', transcript: null }] }
      )
      if (transcriptionOn()) {
        const transcript = turns[0]?.userTranscript ?? DEFAULT_USER_TRANSCRIPT
        send({ type: 'conversation.item.input_audio_transcription.delta', item_id: itemId, content_index: 0, delta: transcript })
        send({
          type: 'conversation.item.input_audio_transcription.completed',
          item_id: itemId,
          content_index: 0,
          transcript,
          usage: { type: 'duration', seconds: Math.round(audioMs / 100) / 10 }
        })
      }
      return itemId
    }

    const cancelActive = (): boolean => {
      if (!active || active.cancelled) return false
      active.cancelled = true
      return true
    }

    const startResponse = (): void => {
      if (active && !active.cancelled) {
        error('Conversation already has an active response in progress', 'conversation_already_has_active_response')
        return
      }
      const turn = turns.shift() ?? {}
      const userTranscript = turn.userTranscript ?? DEFAULT_USER_TRANSCRIPT
      const answer = turn.answer ?? `Echo: ${userTranscript}`
      const audioMs = turn.audioMs ?? Math.max(800, answer.length * 90)
      const responseId = id('resp')
      const itemId = id('item')
      const response: ActiveResponse = { id: responseId, itemId, cancelled: false, done: Promise.resolve() }
      active = response
      response.done = playResponse(response, turn, answer, audioMs)
    }

    const playResponse = async (response: ActiveResponse, turn: RealtimeTurnScript, answer: string, audioMs: number): Promise<void> => {
      const { id: responseId, itemId } = response
      const base = { object: 'realtime.response', id: responseId, conversation_id: 'conv_fake', output_modalities: ['audio'] }
      if (turn.responseDelayMs) await sleep(turn.responseDelayMs)
      send({ type: 'response.created', response: { ...base, status: 'in_progress', output: [] } })
      const item = { id: itemId, object: 'realtime.item', type: 'message', status: 'in_progress', role: 'assistant', content: [] }
      send({ type: 'response.output_item.added', response_id: responseId, output_index: 0, item })
      addItem({ id: itemId, role: 'assistant', audioMs: 0 }, item)
      const part = { type: 'audio', transcript: '' }
      send({ type: 'response.content_part.added', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0, part })

      const seed = lastId
      const totalSamples = Math.round((audioMs * REALTIME_SAMPLE_RATE) / 1000)
      const deltaSamples = Math.round(((opts.deltaMs ?? 100) * REALTIME_SAMPLE_RATE) / 1000)
      const deltaCount = Math.ceil(totalSamples / deltaSamples)
      const words = answer.match(/\S+\s*/g) ?? []
      let wordsSent = 0
      let transcriptSent = ''
      const info = items.get(itemId) as ItemInfo
      for (let k = 0; k < deltaCount; k++) {
        if (response.cancelled || ws.readyState !== WebSocket.OPEN) break
        if (turn.dropAfterDeltas !== undefined && k >= turn.dropAfterDeltas) {
          ws.terminate()
          return
        }
        const chunk = syntheticVoice(audioMs, REALTIME_SAMPLE_RATE, seed, k * deltaSamples, (k + 1) * deltaSamples)
        send({ type: 'response.output_audio.delta', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0, delta: pcm16ToBuffer(chunk).toString('base64') })
        info.audioMs += samplesToMs(chunk.length)
        const wordsDue = Math.ceil(((k + 1) / deltaCount) * words.length)
        while (wordsSent < wordsDue) {
          const delta = words[wordsSent++]
          transcriptSent += delta
          send({ type: 'response.output_audio_transcript.delta', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0, delta })
        }
        await sleep((opts.deltaMs ?? 100) / (opts.audioSpeed ?? 4))
      }
      const status = response.cancelled ? 'cancelled' : 'completed'
      if (!response.cancelled) {
        send({ type: 'response.output_audio.done', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 })
      }
      send({ type: 'response.output_audio_transcript.done', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0, transcript: transcriptSent })
      const doneItem = { ...item, status: response.cancelled ? 'incomplete' : 'completed', content: [{ type: 'output_audio', transcript: transcriptSent }] }
      send({ type: 'response.content_part.done', response_id: responseId, item_id: itemId, output_index: 0, content_index: 0, part: { type: 'audio', transcript: transcriptSent } })
      send({ type: 'response.output_item.done', response_id: responseId, output_index: 0, item: doneItem })
      send({
        type: 'response.done',
        response: {
          ...base,
          status,
          ...(response.cancelled ? { status_details: { type: 'cancelled', reason: 'turn_detected' } } : {}),
          output: [doneItem],
          usage: { total_tokens: 0, input_tokens: 0, output_tokens: 0 }
        }
      })
      if (active === response) active = undefined
    }

    const onVad = (decision: ReturnType<EnergyVad['push']>[number]): void => {
      const td = turnDetection()
      if (!td) return
      if (decision.kind === 'speech_started') {
        speechItemId = id('item')
        send({ type: 'input_audio_buffer.speech_started', audio_start_ms: decision.audioStartMs, item_id: speechItemId })
        if (td.interrupt_response !== false) cancelActive()
      } else {
        send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: decision.audioEndMs, item_id: speechItemId ?? id('item') })
        commitUserTurn()
        if (td.create_response !== false && !responsesHeld) startResponse()
      }
    }

    const handle = (raw: string): void => {
      let event: Record<string, unknown>
      try {
        event = JSON.parse(raw) as Record<string, unknown>
      } catch {
        error('Invalid JSON', 'invalid_json')
        return
      }
      const record: RecordedRealtimeEvent = { type: String(event.type), time: Date.now(), event: { ...event } }
      if (event.type === 'input_audio_buffer.append') {
        const bytes = Buffer.byteLength(String(event.audio ?? ''), 'base64')
        record.audioBytes = bytes
        delete record.event.audio
      }
      received.push(record)
      switch (event.type) {
        case 'session.update': {
          const update = (event.session ?? {}) as Record<string, unknown>
          if (update.type !== undefined && update.type !== 'realtime') {
            error(`Unsupported session type ${String(update.type)}`, 'invalid_value', event.event_id)
            return
          }
          const audio = (update.audio ?? {}) as { input?: Record<string, unknown>; output?: Record<string, unknown> }
          const current = session.audio as { input: Record<string, unknown>; output: Record<string, unknown> }
          const voice = audio.output?.voice
          const voices = opts.voices ?? DEFAULT_VOICES
          if (typeof voice === 'string' && !voices.includes(voice)) {
            error(`Invalid value: '${voice}'. Supported values are: ${voices.map((v) => `'${v}'`).join(', ')}.`, 'invalid_value', event.event_id)
            return
          }
          Object.assign(session, { ...update, audio: { input: { ...current.input, ...audio.input }, output: { ...current.output, ...audio.output } } })
          const td = turnDetection()
          if (td) vad.configure({ threshold: typeof td.threshold === 'number' ? td.threshold : undefined, silenceMs: typeof td.silence_duration_ms === 'number' ? td.silence_duration_ms : td.type === 'semantic_vad' ? 500 : undefined })
          send({ type: 'session.updated', session })
          return
        }
        case 'input_audio_buffer.append': {
          if (typeof event.audio !== 'string') return error("Missing required parameter: 'audio'.", 'missing_required_parameter', event.event_id)
          const samples = pcm16FromBase64(event.audio)
          audioBytes += samples.length * 2
          bufferSamples += samples.length
          for (const decision of vad.push(samples)) onVad(decision)
          return
        }
        case 'input_audio_buffer.commit':
          if (samplesToMs(bufferSamples) < 100) {
            error(`Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has ${samplesToMs(bufferSamples).toFixed(2)}ms of audio.`, 'input_audio_buffer_commit_empty', event.event_id)
            return
          }
          commitUserTurn()
          vad.reset()
          return
        case 'input_audio_buffer.clear':
          bufferSamples = 0
          speechItemId = undefined
          vad.reset()
          send({ type: 'input_audio_buffer.cleared' })
          return
        case 'conversation.item.create': {
          const item = (event.item ?? {}) as Record<string, unknown>
          const itemId = typeof item.id === 'string' ? item.id : id('item')
          const role = item.role === 'assistant' || item.role === 'system' ? item.role : 'user'
          addItem({ id: itemId, role, audioMs: 0 }, { ...item, id: itemId, object: 'realtime.item', status: 'completed' })
          return
        }
        case 'response.create':
          startResponse()
          return
        case 'response.cancel':
          if (!cancelActive()) error('Cancellation failed: no active response found', 'response_cancel_not_active', event.event_id)
          return
        case 'conversation.item.truncate': {
          const item = items.get(String(event.item_id))
          const endMs = Number(event.audio_end_ms)
          if (!item) return error(`Conversation item '${String(event.item_id)}' not found`, 'item_not_found', event.event_id)
          if (item.role !== 'assistant') return error('Only assistant messages can be truncated', 'invalid_value', event.event_id)
          if (!Number.isFinite(endMs) || endMs < 0 || endMs > item.audioMs + 1) {
            return error(`Audio content of ${Math.round(item.audioMs)}ms is already shorter than ${endMs}ms`, 'invalid_value', event.event_id)
          }
          item.audioMs = endMs
          send({ type: 'conversation.item.truncated', item_id: item.id, content_index: Number(event.content_index ?? 0), audio_end_ms: endMs })
          return
        }
        case 'output_audio_buffer.clear':
          send({ type: 'output_audio_buffer.cleared', response_id: active?.id ?? null })
          return
        default:
          error(`Invalid value: '${String(event.type)}'. Supported values are: 'session.update', 'input_audio_buffer.append', ...`, 'invalid_value', event.event_id)
      }
    }

    ws.on('message', (data: RawData) => {
      const text = data.toString()
      if (latencyMs > 0) setTimeout(() => handle(text), latencyMs)
      else handle(text)
    })
    send({ type: 'session.created', session })
  }

  return {
    onUpgrade,
    script: (turn) => turns.push(turn),
    setLatency: (ms) => {
      latencyMs = ms
    },
    received,
    sent,
    audioBytesReceived: () => audioBytes,
    connectionCount: () => sockets.size,
    dropAll: () => {
      for (const ws of sockets) ws.terminate()
    },
    holdConnections: (hold) => {
      connectionsHeld = hold
      if (!hold) for (const accept of waitingUpgrades.splice(0)) accept()
    },
    connectionsWaiting: () => waitingUpgrades.length,
    holdResponses: (hold) => {
      responsesHeld = hold
    },
    respondNow: () => {
      for (const respond of responders) respond()
    },
    reset: () => {
      turns.length = 0
      received.length = 0
      sent.length = 0
      responsesHeld = false
      connectionsHeld = false
      for (const accept of waitingUpgrades.splice(0)) accept()
      audioBytes = 0
    },
    close: () => {
      for (const ws of sockets) ws.terminate()
      wss.close()
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
