/**
 * Answers being streamed: main's chat events overlaid on the open conversation's messages.
 * Deltas are batched (one state update per frame); a stream is tracked from the first thing we
 * hear of it (the invoke's answer or an event) until it is done. When the shown text cannot be
 * trusted (a stream joined mid-way, an answer not in the list yet, a stream that finished), the
 * conversation domain re-reads the stored truth through the hooks given here.
 */
import type { ChatEvent, StreamStarted } from '../../../shared/ipc/contract'
import type { AppStore, StreamInfo } from './appState'
import { DeltaBatcher, type Scheduler } from './deltaBatcher'
import { applyLive, upsertStep, type LiveEntry, type ViewMessage, type ViewToolStep } from './messages'

export interface StreamHooks {
  /** A stream finished in this conversation: its stored message is the truth now. */
  finished(conversationId: string): void
  /** What is shown for a stream is incomplete: re-read the open conversation soon. */
  incomplete(): void
}

export class Streams {
  /** Text received per assistant message id, while its stream runs. */
  readonly live = new Map<string, LiveEntry>()
  private readonly finishedIds = new Set<string>()
  private readonly batcher: DeltaBatcher
  /** Reasoning deltas, paced like the answer's. */
  private readonly reasoningBatcher: DeltaBatcher
  /** Sends whose StreamStarted has not come back yet: reloads would drop their placeholders. */
  private startsInFlight = 0

  constructor(
    private readonly store: AppStore,
    schedule: Scheduler,
    private readonly hooks: StreamHooks
  ) {
    this.batcher = new DeltaBatcher(schedule, (chunks) => this.applyChunks(chunks))
    this.reasoningBatcher = new DeltaBatcher(schedule, (chunks) => this.applyReasoning(chunks))
  }

  /** Whether a send is waiting for main to start its stream. */
  get starting(): boolean {
    return this.startsInFlight > 0
  }

  /** Runs a request that starts a stream, counted as in flight until it answers. */
  async whileStarting<T>(start: () => Promise<T>): Promise<T> {
    this.startsInFlight++
    try {
      return await start()
    } finally {
      this.startsInFlight--
    }
  }

  /** The stream answering in the open conversation, if any. */
  active(): StreamInfo | undefined {
    const { streams, activeId } = this.store.get()
    if (!activeId) return undefined
    return Object.values(streams).find((st) => st.conversationId === activeId)
  }

  /** The streams answering in the open conversation (a send and a regenerate can overlap). */
  activeAll(): StreamInfo[] {
    const { streams, activeId } = this.store.get()
    return Object.values(streams).filter((st) => st.conversationId === activeId)
  }

  onEvent(ev: ChatEvent): void {
    switch (ev.kind) {
      case 'started': {
        this.flushAll()
        // Continuing a cut answer: the deltas append to what it already says.
        const shown = ev.continues ? this.store.get().messages.find((m) => m.id === ev.messageId) : undefined
        this.live.set(ev.messageId, {
          conversationId: ev.conversationId,
          streamId: ev.streamId,
          text: shown?.text ?? '',
          fromStart: !ev.continues || shown !== undefined,
          model: ev.model,
          ...(shown?.reasoning ? { reasoning: shown.reasoning } : {})
        })
        this.track(ev)
        this.patchMessage(ev.messageId, (m) => ({ ...m, text: shown?.text ?? '', model: ev.model, status: 'streaming' }))
        break
      }
      case 'delta': {
        if (!this.live.has(ev.messageId)) {
          // We subscribed mid-stream (page reloaded): the tail alone is not the answer.
          this.live.set(ev.messageId, { conversationId: ev.conversationId, streamId: ev.streamId, text: '', fromStart: false })
        }
        this.track(ev)
        // The thinking that came before this text is shown first (the block then folds).
        this.reasoningBatcher.flush()
        this.batcher.push(ev.messageId, ev.text)
        break
      }
      case 'reasoning': {
        // Reasoning goes first: answer text that came before it is shown before it changes.
        this.batcher.flush()
        let e = this.live.get(ev.messageId)
        if (!e) {
          e = { conversationId: ev.conversationId, streamId: ev.streamId, text: '', fromStart: false }
          this.live.set(ev.messageId, e)
        }
        e.thinkingSince ??= Date.now()
        this.track(ev)
        this.reasoningBatcher.push(ev.messageId, ev.text)
        break
      }
      case 'textToReasoning': {
        // A lone </think>: the answer shown so far was thinking. Shown text and pending deltas
        // (all sent before this event) move to the thinking block; the answer starts again.
        this.flushAll()
        const e = this.live.get(ev.messageId)
        this.track(ev)
        if (!e) break
        e.reasoning = (e.reasoning ?? '') + e.text
        e.text = ''
        e.thinkingSince ??= Date.now()
        if (!e.fromStart) break
        const { reasoning, thinkingSince } = e
        this.patchMessage(ev.messageId, (m) => ({ ...m, text: '', reasoning, thinkingSince }))
        break
      }
      case 'tool': {
        // A step began or changed: shown in place (its text before it is flushed first).
        this.flushAll()
        let e = this.live.get(ev.messageId)
        if (!e) {
          e = { conversationId: ev.conversationId, streamId: ev.streamId, text: '', fromStart: false }
          this.live.set(ev.messageId, e)
        }
        const step: ViewToolStep = ev.approvalId ? { ...ev.step, approvalId: ev.approvalId } : ev.step
        e.steps = upsertStep(e.steps, step)
        this.track(ev)
        const steps = e.steps
        this.patchMessage(ev.messageId, (m) => ({ ...m, steps }))
        break
      }
      case 'passages': {
        // Long documents read in part: the notice shows before the answer (the stored message
        // carries it too, as its first part).
        this.track(ev)
        const files = ev.files
        this.patchMessage(ev.messageId, (m) => ({ ...m, passages: files }))
        break
      }
      case 'imagesRead': {
        // The question's images went as text (a model that takes no images): said before the answer.
        this.track(ev)
        const images = ev.images
        this.patchMessage(ev.messageId, (m) => ({ ...m, imagesRead: images }))
        break
      }
      case 'history': {
        // Past chats this answer draws on: named before the answer (stored as its first part too).
        this.track(ev)
        const conversations = ev.conversations
        this.patchMessage(ev.messageId, (m) => ({ ...m, history: conversations }))
        break
      }
      case 'fallback': {
        this.flushAll()
        const e = this.live.get(ev.messageId)
        if (e) {
          e.model = ev.model
          e.fallback = ev.fallback
        } else {
          this.live.set(ev.messageId, {
            conversationId: ev.conversationId,
            streamId: ev.streamId,
            text: '',
            fromStart: false,
            model: ev.model,
            fallback: ev.fallback
          })
        }
        this.track(ev)
        this.patchMessage(ev.messageId, (m) => ({ ...m, model: ev.model, fallback: ev.fallback }))
        break
      }
      case 'done': {
        this.flushAll()
        this.finishedIds.add(ev.streamId)
        const e = this.live.get(ev.messageId)
        this.live.delete(ev.messageId)
        const { streams } = this.store.get()
        if (streams[ev.streamId]) {
          const rest = { ...streams }
          delete rest[ev.streamId]
          this.store.set({ streams: rest })
        }
        this.patchMessage(ev.messageId, (m) => {
          const text = e && e.fromStart && e.text.length >= m.text.length ? e.text : m.text
          const next: ViewMessage = { ...m, text, status: ev.status }
          if (e?.fromStart && e.reasoning) next.reasoning = e.reasoning
          if (ev.finish) next.finish = ev.finish
          if (ev.error) next.error = ev.error
          if (e?.model) next.model = e.model
          if (e?.fallback) next.fallback = e.fallback
          return next
        })
        this.hooks.finished(ev.conversationId)
        break
      }
    }
  }

  /**
   * Main accepted a send: the placeholders (local id → real id) take their real ids and whatever
   * live text already arrived. Returns false when the user went elsewhere meanwhile (the stream
   * goes on in the background).
   */
  adopt(started: StreamStarted, origin: string | null, ids: Record<string, string>): boolean {
    this.track({ streamId: started.streamId, conversationId: started.conversationId, messageId: started.assistantMessageId })
    const { activeId, messages } = this.store.get()
    if (activeId !== origin) return false
    this.store.set({
      activeId: started.conversationId,
      messages: messages.map((m) => {
        const real = ids[m.id]
        if (!real) return m
        const renamed: ViewMessage = { ...m, id: real, conversationId: started.conversationId }
        delete renamed.local
        return applyLive(renamed, this.live.get(real))
      })
    })
    return true
  }

  /**
   * A step changed outside the stream (a memory change undone): shown in place, in the live
   * entry too while the answer streams, so the next tool event does not bring the old state back.
   */
  replaceStep(messageId: string, step: ViewToolStep): void {
    const e = this.live.get(messageId)
    if (e?.steps?.some((s) => s.callId === step.callId)) e.steps = upsertStep(e.steps, step)
    this.patchMessage(messageId, (m) => ({ ...m, steps: upsertStep(m.steps, step) }))
  }

  private flushAll(): void {
    this.reasoningBatcher.flush()
    this.batcher.flush()
  }

  private applyReasoning(chunks: Map<string, string>): void {
    for (const [id, chunk] of chunks) {
      const e = this.live.get(id)
      if (e) e.reasoning = (e.reasoning ?? '') + chunk
    }
    const { messages } = this.store.get()
    let changed = false
    const next = messages.map((m) => {
      const e = chunks.has(m.id) ? this.live.get(m.id) : undefined
      // A tail of the reasoning (joined mid-stream) is not shown; the stored part comes with the re-read.
      if (!e || !e.fromStart) return m
      changed = true
      return { ...m, reasoning: e.reasoning, thinkingSince: e.thinkingSince }
    })
    if (changed) this.store.set({ messages: next })
  }

  private track(ev: StreamInfo): void {
    const { streams } = this.store.get()
    if (this.finishedIds.has(ev.streamId) || streams[ev.streamId]) return
    this.store.set({
      streams: { ...streams, [ev.streamId]: { streamId: ev.streamId, conversationId: ev.conversationId, messageId: ev.messageId } }
    })
  }

  private applyChunks(chunks: Map<string, string>): void {
    for (const [id, chunk] of chunks) {
      const e = this.live.get(id)
      if (e) e.text += chunk
    }
    const { messages, activeId } = this.store.get()
    let changed = false
    let incomplete = false
    const next = messages.map((m) => {
      if (!chunks.has(m.id)) return m
      const e = this.live.get(m.id)
      if (!e) return m
      if (!e.fromStart) {
        incomplete = true
        return m
      }
      changed = true
      return { ...m, text: e.text, model: e.model ?? m.model }
    })
    if (changed) this.store.set({ messages: next })
    if (!incomplete && activeId) {
      // An answer for the open conversation that is not in the list yet: read it from main.
      for (const id of chunks.keys()) {
        const e = this.live.get(id)
        if (e && e.conversationId === activeId && !messages.some((m) => m.id === id)) incomplete = true
      }
    }
    if (incomplete && !this.starting) this.hooks.incomplete()
  }

  private patchMessage(id: string, fn: (m: ViewMessage) => ViewMessage): void {
    const { messages } = this.store.get()
    const i = messages.findIndex((m) => m.id === id)
    if (i === -1) return
    const next = messages.slice()
    next[i] = fn(messages[i])
    this.store.set({ messages: next })
  }
}
