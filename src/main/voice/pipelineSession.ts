/**
 * The pipeline voice session, for providers without realtime (and as a user choice):
 * end of speech detected in the renderer (its VAD sends `vad` on the audio link) →
 * /v1/audio/transcriptions → streamed chat → /v1/audio/speech for each sentence as soon as it is
 * complete (markdown stripped, code not read aloud), played in order. Speech during an answer
 * (barge-in) stops playback and cancels the chat stream and pending speech.
 */
import { StreamParser } from '../chat/streamParser'
import { LINK_BYTES_PER_MS } from '../../shared/voice/linkFormat'
import { VOICE_MAIN_CONFIG } from './config'
import type OpenAI from 'openai'
import { toFile } from 'openai'
import type { Message } from '../../shared/domain'
import type { UpMessage } from '../../shared/voice/audioLink'
import type { VoiceEvent, VoicePhase } from '../../shared/voice/schemas'
import { toChatMessages } from '../chat/buildRequest'
import { sentContext } from '../chat/contextLimit'
import type { ConversationStore } from '../store/types'
import type { AudioLink } from './audioLink'
import { SpeechSentenceSplitter } from './sentences'
import { spokenSystemPrompt } from './prompts'

export interface PipelineConfig {
  chatModel: string
  transcribeModel: string
  speechModel: string
  voice: string
  instructions: string
}

export interface PipelineDeps {
  sessionId: string
  conversationId: string
  client: OpenAI
  link: AudioLink
  store: ConversationStore
  emit: (event: VoiceEvent) => void
  log: (message: string, error?: unknown) => void
  now?: () => number
}


export class PipelineVoiceSession {
  private frames: ArrayBuffer[] = []
  private preRoll: ArrayBuffer[] = []
  private speaking = false
  private muted = false
  private ended = false
  private turn: AbortController | undefined
  private turnSeq = 0
  private phase: VoicePhase = 'listening'
  private onEndedListener: (() => void) | undefined
  /** The latest shared frame (screen or camera): it goes with the next turn's question. */
  private frame: string | undefined

  constructor(
    private readonly deps: PipelineDeps,
    private readonly config: PipelineConfig
  ) {}

  onEnded(listener: () => void): void {
    this.onEndedListener = listener
  }

  start(): void {
    this.deps.link.onMessage((msg) => this.onLinkMessage(msg))
    this.deps.link.onClose(() => this.stop())
    this.setPhase('listening')
  }

  setMuted(muted: boolean): void {
    this.muted = muted
  }

  addFrame(image: string): void {
    this.frame = image
  }

  /** Sharing stopped: the last frame no longer goes with the questions. */
  setSharing(sharing: boolean): void {
    if (!sharing) this.frame = undefined
  }

  async pushToTalk(pressed: boolean): Promise<void> {
    this.onVad(pressed)
  }

  stop(): void {
    if (this.ended) return
    this.ended = true
    this.turn?.abort()
    this.deps.link.send({ t: 'stop', at: Date.now() })
    this.deps.link.close()
    this.setPhase('ended')
    this.deps.emit({ kind: 'ended', sessionId: this.deps.sessionId, conversationId: this.deps.conversationId, reason: 'user' })
    this.onEndedListener?.()
  }

  private setPhase(phase: VoicePhase): void {
    if (this.phase === phase && phase !== 'listening') return
    this.phase = phase
    this.deps.emit({ kind: 'phase', sessionId: this.deps.sessionId, phase })
  }

  private onLinkMessage(msg: UpMessage): void {
    if (this.ended) return
    if (msg.t === 'mic') {
      if (this.muted) return
      if (this.speaking) this.frames.push(msg.pcm)
      else {
        this.preRoll.push(msg.pcm)
        let bytes = this.preRoll.reduce((n, f) => n + f.byteLength, 0)
        while (bytes > VOICE_MAIN_CONFIG.pipelinePreRollMs * LINK_BYTES_PER_MS && this.preRoll.length > 1) bytes -= (this.preRoll.shift() as ArrayBuffer).byteLength
      }
    } else if (msg.t === 'vad') {
      this.onVad(msg.speaking)
    } else if (msg.t === 'played' && this.phase === 'assistant-speaking' && !this.turn) {
      // nothing: playback end is reported by the renderer's own state
    }
  }

  private onVad(speaking: boolean): void {
    if (speaking === this.speaking) return
    this.speaking = speaking
    if (speaking) {
      // Barge-in: the user talks over the answer.
      if (this.turn) {
        this.turn.abort()
        this.turn = undefined
      }
      this.deps.link.send({ t: 'stop', at: Date.now() })
      this.frames = [...this.preRoll]
      this.preRoll = []
      this.setPhase('user-speaking')
      return
    }
    const audio = concat(this.frames)
    this.frames = []
    if (audio.byteLength < VOICE_MAIN_CONFIG.pipelineMinTurnMs * LINK_BYTES_PER_MS) {
      this.setPhase('listening')
      return
    }
    const controller = new AbortController()
    this.turn = controller
    const seq = ++this.turnSeq
    this.setPhase('thinking')
    this.runTurn(audio, controller.signal, seq).catch((error: unknown) => {
      if (!controller.signal.aborted) this.deps.log('voice pipeline turn failed', error)
    }).finally(() => {
      if (this.turn === controller) this.turn = undefined
      if (!this.ended && seq === this.turnSeq && !this.speaking) this.setPhase('listening')
    })
  }

  private async runTurn(pcm: Uint8Array, signal: AbortSignal, seq: number): Promise<void> {
    const { client, store, conversationId, sessionId } = this.deps
    const transcription = await client.audio.transcriptions.create(
      { file: await toFile(wavFromPcm16(pcm), 'speech.wav', { type: 'audio/wav' }), model: this.config.transcribeModel },
      { signal }
    )
    const userText = transcription.text.trim()
    if (!userText || signal.aborted) return
    const history = sentContext(await store.listMessages(conversationId), (await store.getConversation(conversationId))?.contextFrom)
    const user = await store.addMessage({ conversationId, role: 'user', parts: [{ type: 'text', text: userText, voice: {} }], status: 'complete' })
    this.deps.emit({ kind: 'transcript', sessionId, conversationId, itemId: `user-${seq}`, role: 'user', text: userText, final: true, messageId: user.id })
    const assistant = await store.addMessage({ conversationId, role: 'assistant', parts: [{ type: 'text', text: '', voice: {} }], status: 'streaming', model: this.config.chatModel })

    const messages = toChatMessages([...history, user], new Date())
    messages[0] = { role: 'system', content: spokenSystemPrompt(String(messages[0].content), this.config.instructions) }
    // What the user shares is seen with the question: the latest frame, after its words.
    if (this.frame) messages[messages.length - 1] = { role: 'user', content: [{ type: 'text', text: userText }, { type: 'image_url', image_url: { url: this.frame, detail: 'high' } }] }
    const itemId = `assistant-${seq}`
    let text = ''
    let status: 'complete' | 'stopped' = 'stopped'
    // Speech requests start as soon as a sentence is complete; audio is sent in sentence order.
    let playChain: Promise<void> = Promise.resolve()
    const speak = (sentence: string): void => {
      const audio = client.audio.speech
        .create({ model: this.config.speechModel, voice: this.config.voice, input: sentence, response_format: 'pcm' }, { signal })
        .then((res) => res.arrayBuffer())
      audio.catch(() => undefined)
      playChain = playChain.then(async () => {
        const pcm = await audio
        if (signal.aborted) return
        this.setPhase('assistant-speaking')
        this.deps.link.send({ t: 'audio', itemId, pcm, receivedAt: Date.now() })
      })
    }
    const splitter = new SpeechSentenceSplitter()
    try {
      const stream = await client.chat.completions.create({ model: this.config.chatModel, messages, stream: true }, { signal })
      // Only the answer is spoken: a reasoning model's thinking (its own field or inline
      // <think> tags) is read past, never said.
      const parser = new StreamParser()
      const onText = (delta: string): void => {
        if (!delta) return
        text += delta
        this.deps.emit({ kind: 'transcript', sessionId, conversationId, itemId, role: 'assistant', text, final: false })
        for (const sentence of splitter.push(delta)) speak(sentence)
      }
      for await (const chunk of stream) {
        const delta = chunk.choices?.[0]?.delta
        if (delta) onText(parser.push(delta).text)
      }
      // The SDK ends the iteration quietly when the signal aborts: a barge-in is not an answer.
      if (signal.aborted) return
      onText(parser.end().text)
      for (const sentence of splitter.flush()) speak(sentence)
      await playChain
      if (signal.aborted) return
      this.deps.link.send({ t: 'end', itemId })
      status = 'complete'
    } finally {
      const shown = status === 'complete' ? text : `${text}…`
      await store.updateMessage(assistant.id, { parts: [{ type: 'text', text: shown, voice: {} }], status })
      this.deps.emit({ kind: 'transcript', sessionId, conversationId, itemId, role: 'assistant', text: shown, final: true, truncated: status !== 'complete', messageId: assistant.id })
    }
  }
}

function concat(frames: ArrayBuffer[]): Uint8Array {
  const out = new Uint8Array(frames.reduce((n, f) => n + f.byteLength, 0))
  let offset = 0
  for (const f of frames) {
    out.set(new Uint8Array(f), offset)
    offset += f.byteLength
  }
  return out
}

export function wavFromPcm16(pcm: Uint8Array, rate = 24_000): Uint8Array {
  const out = new Uint8Array(44 + pcm.byteLength)
  const v = new DataView(out.buffer)
  const ascii = (offset: number, s: string) => [...s].forEach((c, i) => v.setUint8(offset + i, c.charCodeAt(0)))
  ascii(0, 'RIFF')
  v.setUint32(4, 36 + pcm.byteLength, true)
  ascii(8, 'WAVE')
  ascii(12, 'fmt ')
  v.setUint32(16, 16, true)
  v.setUint16(20, 1, true)
  v.setUint16(22, 1, true)
  v.setUint32(24, rate, true)
  v.setUint32(28, rate * 2, true)
  v.setUint16(32, 2, true)
  v.setUint16(34, 16, true)
  ascii(36, 'data')
  v.setUint32(40, pcm.byteLength, true)
  out.set(pcm, 44)
  return out
}
