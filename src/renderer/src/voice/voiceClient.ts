/**
 * The renderer's half of a voice session: microphone → capture worklet → audio link (to main);
 * audio link → playback worklet → speakers. The same code runs in Electron (the port comes from
 * the preload) and in the web harness (the port comes from the bridge): both post it to the page
 * as a `omnidesk:voice-port` window message.
 */
import { LINK_FRAME_MS } from '../../../shared/voice/linkFormat'
import { VOICE_PAGE_CONFIG } from './config'
import type { OmnideskApi } from '../../../shared/ipc/contract'
import { AudioPortAnnouncement, parseDownMessage, type UpMessage } from '../../../shared/voice/audioLink'
import { CaptureFrame, parseWorkletMessage, PlaybackReport, type PlaybackCommand } from './workletMessages'
import type { VoiceBuiltinAssistant, VoiceMode, VoiceStarted, VoiceWindow } from '../../../shared/voice/schemas'
import { FrameEnergyVad } from './energyVad'
import { captureNode, MicrophoneError, openMicrophone } from './microphone'
import { EchoGate, HISTORY_MS } from './echoGate'
import { startOnsetWorker, type OnsetDetection } from './onsetProtocol'
import captureWorkletUrl from './capture.worklet.ts?worker&url'
import playbackWorkletUrl from './playback.worklet.ts?worker&url'

export type VoiceFailure = 'mic-denied' | 'no-device' | 'start-failed'

export class VoiceStartError extends Error {
  constructor(
    readonly failure: VoiceFailure,
    message: string
  ) {
    super(message)
  }
}

export interface VoiceClientCallbacks {
  /** Microphone level (dBFS) per frame. */
  onInputLevel(dbfs: number): void
  /** Output level and whether assistant audio is playing. */
  onOutput(dbfs: number, playing: boolean): void
  /** The link closed under us (main ended the session or the window's socket dropped). */
  onLinkClosed(): void
  /** Client-side barge-in detection: 'off' (pipeline, push-to-talk), loading, ready, or unavailable (server VAD only). */
  onClientVad?(state: ClientVadState, counts: ClientVadCounts): void
}

export interface ClientVadCounts {
  /** Onsets acted on: playback stopped here, main told. */
  bargeIns: number
  /** Speech frames the echo gate held back (too quiet next to what was playing: the assistant's own echo). */
  heldAsEcho: number
}

export type ClientVadState = 'off' | 'loading' | 'silero' | 'unavailable'


export interface VoiceClientOptions {
  /** The window this page is (main gives the session's audio link to it). */
  window: VoiceWindow
  conversationId?: string
  /** A new conversation's assistant (ignored when the conversation exists: it keeps its own). */
  assistantId?: string
  /** Talk with this library assistant ("Live translation": the live interpreter). */
  builtinAssistantId?: VoiceBuiltinAssistant
  mode?: VoiceMode
  voice?: string
  pushToTalk?: boolean
  /** Echo cancellation, noise suppression, AGC. */
  audioProcessing: boolean
  /** Turn silence for the renderer's VAD (pipeline). */
  silenceMs: number
}

/** Ports that arrived before we knew our session id (the harness may be faster than the invoke's answer). */
const arrivedPorts = new Map<string, MessagePort>()
const portWaiters = new Map<string, (port: MessagePort) => void>()
let portListenerInstalled = false

function installPortListener(): void {
  if (portListenerInstalled) return
  portListenerInstalled = true
  window.addEventListener('message', (ev: MessageEvent) => {
    // Only our own window's messages (the preload / bridge), carrying exactly one port.
    if (ev.source !== window || ev.origin !== window.location.origin) return
    const announced = AudioPortAnnouncement.safeParse(ev.data)
    if (!announced.success || ev.ports.length !== 1) return
    const data = announced.data
    const waiter = portWaiters.get(data.sessionId)
    if (waiter) {
      portWaiters.delete(data.sessionId)
      waiter(ev.ports[0])
    } else arrivedPorts.set(data.sessionId, ev.ports[0])
  })
}

function portFor(sessionId: string, timeoutMs = 10_000): Promise<MessagePort> {
  const ready = arrivedPorts.get(sessionId)
  if (ready) {
    arrivedPorts.delete(sessionId)
    return Promise.resolve(ready)
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      portWaiters.delete(sessionId)
      reject(new Error('The audio link did not arrive.'))
    }, timeoutMs)
    portWaiters.set(sessionId, (port) => {
      clearTimeout(timer)
      resolve(port)
    })
  })
}

const FRAME_MS = LINK_FRAME_MS
const MAX_EARLY_FRAMES = VOICE_PAGE_CONFIG.maxEarlyFrames
/**
 * The echo gate judges Silero's speech as of the frame's capture plus at most this much. On a
 * busy machine the answer comes late, and is still judged as of its own moment (within the
 * gate's HISTORY_MS; older speech is left to the server's VAD).
 */
const ECHO_JUDGE_AFTER_MS = VOICE_PAGE_CONFIG.echoGate.judgeAfterMs
/** Capture times kept (one per microphone frame: the gate's history). */
const FRAME_TIMES_KEPT = Math.ceil(HISTORY_MS / FRAME_MS)

/** Said once per page: without the model, barge-in waits for the server's VAD (still works). */
let sileroWarned = false

/**
 * Silero for barge-in, in its worker, or undefined when it cannot load here (then the server's
 * VAD alone decides, as it always does for turns).
 */
async function startOnsetDetection(onSpeech: (time: number) => void, signal: AbortSignal): Promise<OnsetDetection | undefined> {
  try {
    return await startOnsetWorker(onSpeech, signal)
  } catch (error) {
    if (!sileroWarned && !signal.aborted) {
      sileroWarned = true
      console.warn('[voice] Client-side speech detection (Silero) is unavailable; barge-in waits for the server.', error)
    }
    return undefined
  }
}

export class VoiceClient {
  private ctx: AudioContext | undefined
  private stream: MediaStream | undefined
  private port: MessagePort | undefined
  private capture: AudioWorkletNode | undefined
  private playback: AudioWorkletNode | undefined
  private muted = false
  private seq = 0
  private closed = false
  private lastPlayedReport = 0
  private wasPlaying = false
  /** The assistant item playing now, and the last one a client barge-in stopped (once per item). */
  private playingItem: string | null = null
  private bargedItem: string | null | undefined = undefined
  /** Audio-clock time the assistant's audio started playing (Infinity while silent). */
  private playingSince = Infinity
  private onset: OnsetDetection | undefined
  /** Stops a speech-detection worker still loading when the session closes. */
  private readonly onsetAbort = new AbortController()
  private readonly clientCounts: ClientVadCounts = { bargeIns: 0, heldAsEcho: 0 }
  private readonly echoGate = new EchoGate()
  /** When each recent microphone frame reached the page (performance.now()), by its capture time on the audio clock; oldest first. */
  private readonly frameWallTimes = new Map<number, number>()
  session: VoiceStarted | undefined

  constructor(
    private readonly api: OmnideskApi,
    private readonly cb: VoiceClientCallbacks
  ) {}

  async start(opts: VoiceClientOptions): Promise<VoiceStarted> {
    installPortListener()
    try {
      this.stream = await openMicrophone(this.api, opts.audioProcessing)
    } catch (error) {
      if (error instanceof MicrophoneError) throw new VoiceStartError(error.failure, error.message)
      throw error
    }
    // Realtime, hands free: Silero hears the user start talking over the assistant. Its worker
    // loads while the session starts (voice never waits for it); until it is ready, or if it
    // cannot load, barge-in is the server VAD's speech_started alone.
    const onsetLoading = opts.mode !== 'pipeline' && !opts.pushToTalk ? startOnsetDetection((time) => this.bargeIn(time), this.onsetAbort.signal) : undefined
    if (onsetLoading) this.cb.onClientVad?.('loading', { ...this.clientCounts })
    try {
      const ctx = new AudioContext({ latencyHint: 'interactive' })
      this.ctx = ctx
      await Promise.all([ctx.audioWorklet.addModule(captureWorkletUrl), ctx.audioWorklet.addModule(playbackWorkletUrl)])
      if (ctx.state === 'suspended') await ctx.resume().catch(() => undefined)
      // The microphone is heard from now on: what the user says while the session connects (they
      // often start right after pressing the headphone) is kept and sent once the link is up.
      const capture = this.listen(ctx)
      const started = await this.api.voice.start({
        conversationId: opts.conversationId,
        assistantId: opts.assistantId,
        builtinAssistantId: opts.builtinAssistantId,
        mode: opts.mode,
        voice: opts.voice,
        pushToTalk: opts.pushToTalk,
        window: opts.window
      })
      this.session = started
      const port = await portFor(started.sessionId)
      this.port = port
      const pipeline = started.mode === 'pipeline'
      // Pipeline turns: the renderer decides the end of speech (there is no server VAD), with the
      // dependency-free energy VAD, so turns work even where the Silero model cannot load.
      this.wire(ctx, capture, port, pipeline ? new FrameEnergyVad({ silenceMs: opts.silenceMs }) : undefined, !!opts.pushToTalk, started.measure)
      if (onsetLoading && !pipeline) void this.useClientVad(onsetLoading)
      else {
        // The provider has no realtime endpoint: the pipeline's turns need no onset detection.
        void onsetLoading?.then((onset) => onset?.close())
        this.cb.onClientVad?.('off', { ...this.clientCounts })
      }
      return started
    } catch (error) {
      void onsetLoading?.then((onset) => onset?.close())
      await this.close()
      if (error instanceof VoiceStartError) throw error
      throw new VoiceStartError('start-failed', error instanceof Error ? error.message : String(error))
    }
  }

  /** Connects the microphone to the capture worklet and keeps its frames until `wire` takes over. */
  private listen(ctx: AudioContext): { node: AudioWorkletNode; early: CaptureFrame[] } {
    const node = captureNode(ctx, this.stream as MediaStream)
    this.capture = node
    const early: CaptureFrame[] = []
    node.port.onmessage = (ev: MessageEvent) => {
      const frame = parseWorkletMessage(CaptureFrame, ev.data)
      if (!frame) return
      // The meter moves at once: the user sees they are heard while the session connects.
      this.cb.onInputLevel(this.muted ? -Infinity : frame.level)
      if (this.muted) return
      early.push(frame)
      if (early.length > MAX_EARLY_FRAMES) early.shift()
    }
    return { node, early }
  }

  private wire(ctx: AudioContext, listening: { node: AudioWorkletNode; early: CaptureFrame[] }, port: MessagePort, vad: FrameEnergyVad | undefined, pushToTalk: boolean, measure: boolean): void {
    const capture = listening.node
    const playback = new AudioWorkletNode(ctx, 'omnidesk-playback', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [2] })
    playback.connect(ctx.destination)
    this.playback = playback
    const send = (msg: UpMessage, transfer: Transferable[] = []) => {
      if (!this.closed) port.postMessage(msg, transfer)
    }

    const onFrame = ({ pcm, level, time }: CaptureFrame): void => {
      this.cb.onInputLevel(this.muted ? -Infinity : level)
      if (this.muted) return
      // Read before the frame is transferred to main.
      if (this.onset) {
        const now = performance.now()
        this.echoGate.input(level, now)
        this.frameWallTimes.set(time, now)
        if (this.frameWallTimes.size > FRAME_TIMES_KEPT) this.frameWallTimes.delete(this.frameWallTimes.keys().next().value as number)
        this.onset.push(new Int16Array(pcm), time)
      }
      send({ t: 'mic', seq: this.seq++, capturedAt: Date.now(), pcm }, [pcm])
      if (vad && !pushToTalk) {
        const decision = vad.push(level, FRAME_MS)
        if (decision !== undefined) send({ t: 'vad', speaking: decision, at: Date.now() })
      }
    }
    // What was said while the session connected goes first, in order, then the live frames.
    capture.port.onmessage = (ev: MessageEvent) => {
      const frame = parseWorkletMessage(CaptureFrame, ev.data)
      if (frame) onFrame(frame)
    }
    const command = (msg: PlaybackCommand, transfer: Transferable[] = []): void => playback.port.postMessage(msg, transfer)
    for (const frame of listening.early.splice(0)) onFrame(frame)
    this.bargeIn = (frameTime) => {
      // Early barge-in: the user talks over the assistant. Silence now rather than after the
      // server's VAD and a network round trip; main cancels and truncates (see realtimeSession).
      if (this.closed || this.muted || !this.wasPlaying || this.playingItem === this.bargedItem) return
      // Judged as of when the speech was captured, not when the model got to it: frames held up
      // by a stall of the page or the worker may carry the end of the user's own turn — from
      // before this answer was audible — and the echo gate judges the moment of the speech.
      const capturedAt = this.frameWallTimes.get(frameTime)
      if (capturedAt === undefined || frameTime < this.playingSince) return
      if (!this.echoGate.isUser(Math.min(performance.now(), capturedAt + ECHO_JUDGE_AFTER_MS))) {
        this.clientCounts.heldAsEcho++
        this.cb.onClientVad?.('silero', { ...this.clientCounts })
        return
      }
      this.bargedItem = this.playingItem
      command({ type: 'stop' })
      send({ t: 'vad', speaking: true, at: Date.now() })
      this.clientCounts.bargeIns++
      this.cb.onClientVad?.('silero', { ...this.clientCounts })
    }
    playback.port.onmessage = (ev: MessageEvent) => {
      const msg = parseWorkletMessage(PlaybackReport, ev.data)
      if (!msg) return
      if (msg.type === 'stopped') {
        send({ t: 'stopped', itemId: msg.itemId, ms: msg.ms, at: Date.now() })
      } else if (msg.type === 'level') {
        this.cb.onOutput(msg.dbfs, msg.playing)
        this.echoGate.output(msg.dbfs, performance.now(), msg.playing)
        this.playingItem = msg.playing ? msg.itemId : null
        if (!msg.playing) this.playingSince = Infinity
        else if (!this.wasPlaying) this.playingSince = msg.time
        // Progress for truncation: at once when playback starts or stops, every 100 ms while it plays.
        const now = Date.now()
        const flipped = msg.playing !== this.wasPlaying
        this.wasPlaying = msg.playing
        if (msg.itemId && (flipped || (msg.playing && now - this.lastPlayedReport >= 100))) {
          this.lastPlayedReport = now
          send({ t: 'played', itemId: msg.itemId, ms: msg.playedMs })
        }
      }
    }
    port.onmessage = (ev: MessageEvent) => {
      // Main's messages are checked too: a malformed one is dropped (see audioLink.ts).
      const msg = parseDownMessage(ev.data)
      if (!msg) return
      if (msg.t === 'audio') {
        command({ type: 'audio', itemId: msg.itemId, pcm: msg.pcm }, [msg.pcm])
        // Only when main observes timings (the voice bench): one more message per chunk otherwise.
        if (measure) send({ t: 'scheduled', receivedAt: msg.receivedAt, at: Date.now() })
      }
      else if (msg.t === 'stop') command({ type: 'stop' })
      else if (msg.t === 'end') command({ type: 'end', itemId: msg.itemId })
      else if (msg.t === 'closed') {
        this.closed = true
        this.cb.onLinkClosed()
      }
    }
    port.start()
  }

  private bargeIn: (frameTime: number) => void = () => undefined

  private async useClientVad(loading: Promise<OnsetDetection | undefined>): Promise<void> {
    const onset = await loading
    if (!onset) {
      this.cb.onClientVad?.('unavailable', { ...this.clientCounts })
      return
    }
    if (this.closed) {
      onset.close()
      return
    }
    this.onset = onset
    this.cb.onClientVad?.('silero', { ...this.clientCounts })
  }

  setMuted(muted: boolean): void {
    this.muted = muted
    if (this.session) void this.api.voice.setMuted({ sessionId: this.session.sessionId, muted }).catch(() => undefined)
  }

  pushToTalk(pressed: boolean): void {
    if (this.session) void this.api.voice.pushToTalk({ sessionId: this.session.sessionId, pressed }).catch(() => undefined)
  }

  /** Ends the session (main keeps the transcript) and releases the microphone and audio. */
  async stop(): Promise<void> {
    const session = this.session
    this.session = undefined
    if (session) await this.api.voice.stop({ sessionId: session.sessionId }).catch(() => undefined)
    await this.close()
  }

  async close(): Promise<void> {
    this.closed = true
    this.onsetAbort.abort()
    this.onset?.close()
    this.onset = undefined
    this.port?.close()
    this.capture?.disconnect()
    this.playback?.disconnect()
    for (const track of this.stream?.getTracks() ?? []) track.stop()
    this.stream = undefined
    await this.ctx?.close().catch(() => undefined)
    this.ctx = undefined
  }
}
