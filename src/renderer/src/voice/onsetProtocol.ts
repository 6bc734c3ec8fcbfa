/**
 * The page's side of the speech-onset worker (onsetWorker.ts) and the messages both sides
 * exchange. Messages from the other side are checked before use (a worker is another realm).
 */

/** Page → worker. `pcm`: one link frame, 24 kHz pcm16 (transferred); `time`: its audio-clock time (s). */
export type OnsetWorkerRequest = { t: 'frame'; pcm: ArrayBuffer; time: number } | { t: 'close' }

/** Worker → page. */
export type OnsetWorkerReply = { t: 'ready' } | { t: 'unavailable'; reason: string } | { t: 'speech'; time: number }

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

export function parseOnsetWorkerRequest(v: unknown): OnsetWorkerRequest | undefined {
  if (!isRecord(v)) return undefined
  if (v.t === 'frame' && v.pcm instanceof ArrayBuffer && typeof v.time === 'number') return { t: 'frame', pcm: v.pcm, time: v.time }
  if (v.t === 'close') return { t: 'close' }
  return undefined
}

export function parseOnsetWorkerReply(v: unknown): OnsetWorkerReply | undefined {
  if (!isRecord(v)) return undefined
  if (v.t === 'ready') return { t: 'ready' }
  if (v.t === 'unavailable') return { t: 'unavailable', reason: typeof v.reason === 'string' ? v.reason : 'unknown' }
  if (v.t === 'speech' && typeof v.time === 'number') return { t: 'speech', time: v.time }
  return undefined
}

/** Speech-onset detection running in its worker. */
export interface OnsetDetection {
  /** One microphone frame; read synchronously (copied), so the caller may transfer its own buffer after. */
  push(pcm: Int16Array, time: number): void
  close(): void
}

/**
 * Starts the worker and waits until its model is loaded. Rejects (and ends the worker) when the
 * model or the worker cannot load, or when `signal` aborts first (voice ended meanwhile: the
 * load stops at once); `onSpeech` gets the audio-clock time of each confirmed speech frame.
 */
export function startOnsetWorker(onSpeech: (time: number) => void, signal?: AbortSignal): Promise<OnsetDetection> {
  const worker = new Worker(new URL('./onsetWorker.ts', import.meta.url), { type: 'module', name: 'omnidesk-speech-onset' })
  let closed = false
  const detection: OnsetDetection = {
    push(pcm, time) {
      if (closed) return
      const copy = pcm.slice()
      worker.postMessage({ t: 'frame', pcm: copy.buffer, time } satisfies OnsetWorkerRequest, [copy.buffer])
    },
    close() {
      if (closed) return
      closed = true
      // The worker releases its model and ends itself.
      worker.postMessage({ t: 'close' } satisfies OnsetWorkerRequest)
    }
  }
  return new Promise((resolve, reject) => {
    const abort = () => {
      closed = true
      worker.terminate()
      reject(new Error('Voice ended before speech detection was ready.'))
    }
    if (signal?.aborted) return abort()
    signal?.addEventListener('abort', abort, { once: true })
    worker.onerror = (ev) => {
      closed = true
      worker.terminate()
      reject(new Error(ev.message || 'The speech detection worker could not start.'))
    }
    worker.onmessage = (ev: MessageEvent<unknown>) => {
      const msg = parseOnsetWorkerReply(ev.data)
      if (!msg) return
      if (msg.t === 'ready') {
        signal?.removeEventListener('abort', abort)
        resolve(detection)
      }
      else if (msg.t === 'unavailable') {
        closed = true
        worker.terminate()
        reject(new Error(msg.reason))
      } else if (!closed) onSpeech(msg.time)
    }
  })
}
