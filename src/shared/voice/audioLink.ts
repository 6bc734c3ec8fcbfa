/**
 * The audio link between the renderer and main for one voice session: microphone frames up,
 * assistant audio down, playback control both ways. In Electron it is a MessagePort (from
 * MessageChannelMain, structured clone); in the web harness a binary WebSocket carries the same
 * messages encoded with `encodeLinkMessage`. The renderer sees a MessagePort either way.
 * Pure TypeScript: no Node, no DOM.
 */

/** Renderer → main. */
export type UpMessage =
  /** One microphone frame: pcm16 LE, 24 kHz, mono. `capturedAt`: epoch ms when the worklet posted it. */
  | { t: 'mic'; seq: number; capturedAt: number; pcm: ArrayBuffer }
  /** Playback progress of an assistant item (ms of its audio actually played). */
  | { t: 'played'; itemId: string; ms: number }
  /** Answer to `stop`: what had been played of the item that was cut. */
  | { t: 'stopped'; itemId: string | null; ms: number; at: number }
  /** Client-side speech detection (pipeline end-of-speech, or early barge-in). */
  | { t: 'vad'; speaking: boolean; at: number }
  /** An assistant audio chunk was handed to the playback worklet (`receivedAt` from its `audio`). */
  | { t: 'scheduled'; receivedAt: number; at: number }

/** Main → renderer. */
export type DownMessage =
  /** Assistant audio: pcm16 LE, 24 kHz, mono. `receivedAt`: epoch ms when main received it. */
  | { t: 'audio'; itemId: string; pcm: ArrayBuffer; receivedAt: number }
  /** Stop playback now and drop what is buffered (barge-in, end). */
  | { t: 'stop'; at: number }
  /** No more audio for this item (lets the player report the end). */
  | { t: 'end'; itemId: string }

export type LinkMessage = UpMessage | DownMessage

/** Frame: u32 LE header length, header JSON (utf-8), then the pcm bytes if any. */
export function encodeLinkMessage(msg: LinkMessage): Uint8Array {
  const { pcm, ...header } = msg as LinkMessage & { pcm?: ArrayBuffer }
  const head = new TextEncoder().encode(JSON.stringify(header))
  const body = pcm ? new Uint8Array(pcm) : new Uint8Array(0)
  const out = new Uint8Array(4 + head.length + body.length)
  new DataView(out.buffer).setUint32(0, head.length, true)
  out.set(head, 4)
  out.set(body, 4 + head.length)
  return out
}

export function decodeLinkMessage(data: ArrayBuffer | Uint8Array): LinkMessage | undefined {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data)
  if (bytes.length < 4) return undefined
  const headLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true)
  if (4 + headLen > bytes.length) return undefined
  let header: Record<string, unknown>
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headLen))) as Record<string, unknown>
  } catch {
    return undefined
  }
  if (typeof header.t !== 'string') return undefined
  if (header.t === 'mic' || header.t === 'audio') {
    // A copy into a fresh buffer: `bytes` may be a view of a larger (pooled) buffer, and
    // Node's Buffer#slice shares memory rather than copying.
    const body = new Uint8Array(bytes.subarray(4 + headLen))
    header.pcm = body.buffer
  }
  return header as unknown as LinkMessage
}

/** The message the renderer receives on `window` with the port (Electron preload and harness bridge). */
export const AUDIO_PORT_MESSAGE = 'omnidesk:voice-port'
/** The IPC channel main uses to hand the port to the preload (Electron only). */
export const AUDIO_PORT_IPC_CHANNEL = 'voice:port'
/** The harness's WebSocket path for the audio link. */
export const HARNESS_AUDIO_PATH = '/__harness/audio'
