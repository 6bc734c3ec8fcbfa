/**
 * The audio link's names and its binary framing, without the message schemas (./audioLink.ts):
 * what the preload and the harness bridge need to hand the link to the page or carry it over a
 * WebSocket. Both ends check every message with the schemas (main: parseUpMessage; the page:
 * parseDownMessage); the carriers in between only carry it. Pure TypeScript: no zod, no Node, no DOM.
 */

/** The message the renderer receives on `window` with the port (Electron preload and harness bridge). */
export const AUDIO_PORT_MESSAGE = 'omnidesk:voice-port'
/** The IPC channel main uses to hand the port to the preload (Electron only). */
export const AUDIO_PORT_IPC_CHANNEL = 'voice:port'
/** The harness's WebSocket path for the audio link. */
export const HARNESS_AUDIO_PATH = '/__harness/audio'

/** A link message as framed: its kind `t`, other fields, and pcm bytes for audio. */
export type LinkFrame = { t: string; pcm?: ArrayBuffer } & Record<string, unknown>

/** Frame: u32 LE header length, header JSON (utf-8), then the pcm bytes if any. */
export function encodeLinkMessage(msg: LinkFrame): Uint8Array {
  const { pcm, ...header } = msg
  const head = new TextEncoder().encode(JSON.stringify(header))
  const body = pcm ? new Uint8Array(pcm) : new Uint8Array(0)
  const out = new Uint8Array(4 + head.length + body.length)
  new DataView(out.buffer).setUint32(0, head.length, true)
  out.set(head, 4)
  out.set(body, 4 + head.length)
  return out
}

/** A frame's message, not yet checked (decodeLinkMessage in ./audioLink.ts checks it); undefined when the frame is malformed. */
export function decodeLinkFrame(data: ArrayBuffer | Uint8Array): LinkFrame | undefined {
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
  if (!header || typeof header !== 'object' || typeof header.t !== 'string') return undefined
  if (header.t === 'mic' || header.t === 'audio') {
    // A copy into a fresh buffer: `bytes` may be a view of a larger (pooled) buffer, and
    // Node's Buffer#slice shares memory rather than copying.
    const body = new Uint8Array(bytes.subarray(4 + headLen))
    header.pcm = body.buffer
  }
  return header as LinkFrame
}
