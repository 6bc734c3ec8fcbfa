/**
 * The renderer's half of a voice session: microphone → capture worklet → audio link (to main);
 * audio link → playback worklet → speakers. The same code runs in Electron (the port comes from
 * the preload) and in the web harness (the port comes from the bridge): both post it to the page
 * as a `omnidesk:voice-port` window message.
 */
import type { OmnideskApi } from '../../../shared/ipc/contract'
import { AUDIO_PORT_MESSAGE, type DownMessage, type UpMessage } from '../../../shared/voice/audioLink'
import type { VoiceMode, VoicePreset, VoiceStarted } from '../../../shared/voice/schemas'
import { FrameEnergyVad } from './energyVad'
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
}

export interface VoiceClientOptions {
  conversationId?: string
  mode?: VoiceMode
  preset?: VoicePreset
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
    const data = ev.data as { type?: unknown; sessionId?: unknown } | null
    if (!data || data.type !== AUDIO_PORT_MESSAGE || typeof data.sessionId !== 'string' || ev.ports.length !== 1) return
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

const FRAME_MS = 20

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
  session: VoiceStarted | undefined

  constructor(
    private readonly api: OmnideskApi,
    private readonly cb: VoiceClientCallbacks
  ) {}

  async start(opts: VoiceClientOptions): Promise<VoiceStarted> {
    installPortListener()
    if (!navigator.mediaDevices?.getUserMedia) throw new VoiceStartError('no-device', 'No microphone API')
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          channelCount: 1,
          echoCancellation: opts.audioProcessing,
          noiseSuppression: opts.audioProcessing,
          autoGainControl: opts.audioProcessing
        }
      })
    } catch (error) {
      const name = (error as { name?: string }).name
      if (name === 'NotAllowedError' || name === 'SecurityError') throw new VoiceStartError('mic-denied', String(error))
      throw new VoiceStartError('no-device', String(error))
    }
    try {
      const ctx = new AudioContext({ latencyHint: 'interactive' })
      this.ctx = ctx
      await Promise.all([ctx.audioWorklet.addModule(captureWorkletUrl), ctx.audioWorklet.addModule(playbackWorkletUrl)])
      if (ctx.state === 'suspended') await ctx.resume().catch(() => undefined)
      const started = await this.api.voice.start({
        conversationId: opts.conversationId,
        mode: opts.mode,
        preset: opts.preset,
        voice: opts.voice,
        pushToTalk: opts.pushToTalk
      })
      this.session = started
      const port = await portFor(started.sessionId)
      this.port = port
      this.wire(ctx, port, started.mode === 'pipeline' ? new FrameEnergyVad({ silenceMs: opts.silenceMs }) : undefined, !!opts.pushToTalk)
      return started
    } catch (error) {
      await this.close()
      if (error instanceof VoiceStartError) throw error
      throw new VoiceStartError('start-failed', error instanceof Error ? error.message : String(error))
    }
  }

  private wire(ctx: AudioContext, port: MessagePort, vad: FrameEnergyVad | undefined, pushToTalk: boolean): void {
    const source = ctx.createMediaStreamSource(this.stream as MediaStream)
    const capture = new AudioWorkletNode(ctx, 'omnidesk-capture', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit' })
    const playback = new AudioWorkletNode(ctx, 'omnidesk-playback', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [2] })
    source.connect(capture)
    playback.connect(ctx.destination)
    this.capture = capture
    this.playback = playback
    // Realtime: a stricter energy VAD than the pipeline's, only for talking over the assistant
    // (echo cancellation is on in the product; the server's VAD still decides the turn).
    const bargeInVad = vad ? undefined : new FrameEnergyVad({ thresholdDbfs: -35, minSpeechMs: 100, silenceMs: 300 })
    const send = (msg: UpMessage, transfer: Transferable[] = []) => {
      if (!this.closed) port.postMessage(msg, transfer)
    }

    capture.port.onmessage = (ev: MessageEvent<{ pcm: ArrayBuffer; level: number }>) => {
      const { pcm, level } = ev.data
      this.cb.onInputLevel(this.muted ? -Infinity : level)
      if (this.muted) return
      send({ t: 'mic', seq: this.seq++, capturedAt: Date.now(), pcm }, [pcm])
      if (vad && !pushToTalk) {
        const decision = vad.push(level, FRAME_MS)
        if (decision !== undefined) send({ t: 'vad', speaking: decision, at: Date.now() })
      } else if (bargeInVad && !pushToTalk && bargeInVad.push(level, FRAME_MS) === true && this.wasPlaying) {
        // Early barge-in: the user talks over the assistant. Silence now rather than after the
        // server's VAD and a network round trip; main cancels and truncates (see realtimeSession).
        playback.port.postMessage({ type: 'stop' })
        send({ t: 'vad', speaking: true, at: Date.now() })
      }
    }
    playback.port.onmessage = (ev: MessageEvent) => {
      const msg = ev.data as { type: string; itemId: string | null; ms: number; dbfs: number; playing: boolean; playedMs: number }
      if (msg.type === 'stopped') {
        send({ t: 'stopped', itemId: msg.itemId, ms: msg.ms, at: Date.now() })
      } else if (msg.type === 'level') {
        this.cb.onOutput(msg.dbfs, msg.playing)
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
    port.onmessage = (ev: MessageEvent<DownMessage | { t: 'closed' }>) => {
      const msg = ev.data
      if (msg.t === 'audio') {
        playback.port.postMessage({ type: 'audio', itemId: msg.itemId, pcm: msg.pcm }, [msg.pcm])
        send({ t: 'scheduled', receivedAt: msg.receivedAt, at: Date.now() })
      }
      else if (msg.t === 'stop') playback.port.postMessage({ type: 'stop' })
      else if (msg.t === 'end') playback.port.postMessage({ type: 'end', itemId: msg.itemId })
      else if (msg.t === 'closed') {
        this.closed = true
        this.cb.onLinkClosed()
      }
    }
    port.start()
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
    this.port?.close()
    this.capture?.disconnect()
    this.playback?.disconnect()
    for (const track of this.stream?.getTracks() ?? []) track.stop()
    this.stream = undefined
    await this.ctx?.close().catch(() => undefined)
    this.ctx = undefined
  }
}
