/**
 * Silero speech-onset detection in a dedicated worker. Loading the model compiles onnxruntime's
 * WebAssembly and initialises a session: seconds of CPU on a slow machine. On the page's main
 * thread that stalled the microphone frames on their way to main (the user's first words reached
 * the provider seconds late, in bursts) and the UI. Here it stalls nothing; inference of a 32-ms
 * frame (~1 ms) runs here too.
 *
 * Protocol (onsetProtocol.ts): the page posts `frame`s (24 kHz pcm16 and their audio-clock time)
 * and `close`; the worker answers `ready` or `unavailable` once, then `speech` per confirmed
 * speech frame.
 */
/// <reference lib="webworker" />
import { loadSileroModel } from './sileroVad'
import { SpeechOnsetDetector } from './speechOnset'
import { parseOnsetWorkerRequest, type OnsetWorkerReply } from './onsetProtocol'

declare const self: DedicatedWorkerGlobalScope

const reply = (msg: OnsetWorkerReply): void => self.postMessage(msg)

let detector: SpeechOnsetDetector | undefined
const loading = loadSileroModel().then(
  (model) => {
    detector = new SpeechOnsetDetector(model, { onSpeech: (time) => reply({ t: 'speech', time }) })
    reply({ t: 'ready' })
  },
  (error: unknown) => reply({ t: 'unavailable', reason: error instanceof Error ? error.message : String(error) })
)

self.onmessage = (ev: MessageEvent<unknown>) => {
  const msg = parseOnsetWorkerRequest(ev.data)
  if (!msg) return
  if (msg.t === 'frame') detector?.push(new Int16Array(msg.pcm), msg.time)
  else
    void loading
      .then(() => detector?.close())
      .finally(() => self.close())
}
