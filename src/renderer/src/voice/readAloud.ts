/**
 * Read aloud (issue 18): one answer at a time, spoken through the voice player (the playback
 * worklet: the same resampling, jitter buffer and level reports as a voice session). Main
 * splits the answer into spoken sentences and synthesises a few ahead (src/main/voice/
 * readAloud.ts); this asks for them in order and queues each as it arrives, so the first plays
 * while the rest are still being made. Pause suspends the audio clock (nothing is lost), Stop
 * ends the reading. The state is a tiny store the answers' buttons subscribe to.
 */
import type { OmnideskApi } from '../../../shared/ipc/contract'
import { errorInfoOf, type ErrorInfo } from '../../../shared/errors'
import { parseWorkletMessage, PlaybackReport, type PlaybackCommand } from './workletMessages'
import playbackWorkletUrl from './playback.worklet.ts?worker&url'
import { requirePageApi } from '../api'
import { base64ToBytes } from '../logic/base64'

export type ReadAloudStatus = 'loading' | 'playing' | 'paused'

export interface ReadAloudState {
  messageId: string
  status: ReadAloudStatus
}

export interface ReadAloudFailure {
  messageId: string
  error: ErrorInfo
}

interface Reading {
  messageId: string
  readingId?: string
  ctx?: AudioContext
  player?: AudioWorkletNode
  stopped: boolean
  ended: boolean
}

export class ReadAloudPlayer {
  private reading: Reading | undefined
  private state: ReadAloudState | null = null
  private failure: ReadAloudFailure | null = null
  private readonly listeners = new Set<() => void>()

  constructor(private readonly api: () => OmnideskApi) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  snapshot = (): ReadAloudState | null => this.state

  failureSnapshot = (): ReadAloudFailure | null => this.failure

  private set(state: ReadAloudState | null, failure: ReadAloudFailure | null = this.failure): void {
    this.state = state
    this.failure = failure
    for (const listener of this.listeners) listener()
  }

  /** Reads an answer from its start (stopping any other reading). */
  async start(messageId: string): Promise<void> {
    this.stop()
    const reading: Reading = { messageId, stopped: false, ended: false }
    this.reading = reading
    this.set({ messageId, status: 'loading' }, null)
    try {
      // The context starts inside the click (a user gesture), so it may play at once.
      const ctx = new AudioContext({ latencyHint: 'interactive' })
      reading.ctx = ctx
      const [started] = await Promise.all([this.api().voice.readAloud({ messageId }), ctx.audioWorklet.addModule(playbackWorkletUrl)])
      reading.readingId = started.readingId
      if (reading.stopped) return void this.api().voice.stopReading({ readingId: started.readingId }).catch(() => undefined)
      const player = new AudioWorkletNode(ctx, 'omnidesk-playback', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [2] })
      player.connect(ctx.destination)
      reading.player = player
      const command = (msg: PlaybackCommand, transfer: Transferable[] = []): void => player.port.postMessage(msg, transfer)
      const itemId = `read-${started.readingId}`
      player.port.onmessage = (ev: MessageEvent) => {
        const report = parseWorkletMessage(PlaybackReport, ev.data)
        if (!report || report.type !== 'level' || reading.stopped) return
        if (report.playing && this.state?.status === 'loading') this.set({ messageId, status: 'playing' })
        // All sentences queued and the player has run dry: the reading is over.
        if (reading.ended && !report.playing && report.queuedMs === 0) this.finish(reading)
      }
      if (ctx.state === 'suspended') await ctx.resume().catch(() => undefined)
      for (let index = 0; index < started.sentences.length; index++) {
        const { pcm } = await this.api().voice.readAloudAudio({ readingId: started.readingId, index })
        if (reading.stopped) return
        const buffer = base64ToBytes(pcm).buffer as ArrayBuffer
        command({ type: 'audio', itemId, pcm: buffer }, [buffer])
      }
      command({ type: 'end', itemId })
      reading.ended = true
    } catch (error) {
      if (reading.stopped) return
      this.finish(reading, { messageId, error: errorInfoOf(error) })
    }
  }

  pause(): void {
    const reading = this.reading
    if (!reading?.ctx || this.state?.status !== 'playing') return
    void reading.ctx.suspend()
    this.set({ messageId: reading.messageId, status: 'paused' })
  }

  resume(): void {
    const reading = this.reading
    if (!reading?.ctx || this.state?.status !== 'paused') return
    void reading.ctx.resume()
    this.set({ messageId: reading.messageId, status: 'playing' })
  }

  stop(): void {
    const reading = this.reading
    if (!reading) return
    if (reading.readingId) void this.api().voice.stopReading({ readingId: reading.readingId }).catch(() => undefined)
    this.finish(reading)
  }

  dismissFailure(): void {
    if (this.failure) this.set(this.state, null)
  }

  private finish(reading: Reading, failure: ReadAloudFailure | null = null): void {
    reading.stopped = true
    reading.player?.port.postMessage({ type: 'stop' } satisfies PlaybackCommand)
    reading.player?.disconnect()
    void reading.ctx?.close().catch(() => undefined)
    if (this.reading !== reading) return
    this.reading = undefined
    this.set(null, failure)
  }
}

/** The window's one player: a reading started anywhere stops the one before it. */
let windowPlayer: ReadAloudPlayer | undefined
export function readAloudPlayer(): ReadAloudPlayer {
  windowPlayer ??= new ReadAloudPlayer(requirePageApi)
  return windowPlayer
}
