/**
 * The audio link between the renderer and main for one voice session: microphone frames up,
 * assistant audio down, playback control both ways. In Electron it is a MessagePort (from
 * MessageChannelMain, structured clone); in the web harness a binary WebSocket carries the same
 * messages framed by ./audioLinkWire.ts. The renderer sees a MessagePort either way.
 * Every message is checked with the schemas below where it arrives (main: parseUpMessage; the
 * page: parseDownMessage). Pure TypeScript: no Node, no DOM.
 */
import { z } from 'zod'
import { AUDIO_PORT_MESSAGE, decodeLinkFrame } from './audioLinkWire'

/** pcm16 LE, 24 kHz, mono, as an ArrayBuffer (transferred, never copied on a MessagePort). */
export const Pcm = z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer || Object.prototype.toString.call(v) === '[object ArrayBuffer]', 'pcm must be an ArrayBuffer')
const Ms = z.number().finite()
const ItemId = z.string().min(1).max(200)

/** Renderer → main. */
export const UpMessage = z.discriminatedUnion('t', [
  /** One microphone frame. `capturedAt`: epoch ms when the page took it from the worklet. */
  z.object({ t: z.literal('mic'), seq: z.number().int().nonnegative(), capturedAt: Ms, pcm: Pcm }),
  /** Playback progress of an assistant item (ms of its audio actually played). */
  z.object({ t: z.literal('played'), itemId: ItemId, ms: Ms.nonnegative() }),
  /** Answer to `stop`: what had been played of the item that was cut. */
  z.object({ t: z.literal('stopped'), itemId: ItemId.nullable(), ms: Ms.nonnegative(), at: Ms }),
  /** Client-side speech detection (pipeline end-of-speech, or early barge-in). */
  z.object({ t: z.literal('vad'), speaking: z.boolean(), at: Ms }),
  /** An assistant audio chunk was handed to the playback worklet (`receivedAt` from its `audio`). */
  z.object({ t: z.literal('scheduled'), receivedAt: Ms, at: Ms })
])
export type UpMessage = z.infer<typeof UpMessage>

/** Main → renderer. */
export const DownMessage = z.discriminatedUnion('t', [
  /** Assistant audio. `receivedAt`: epoch ms when main received it. */
  z.object({ t: z.literal('audio'), itemId: ItemId, pcm: Pcm, receivedAt: Ms }),
  /** Stop playback now and drop what is buffered (barge-in, end). */
  z.object({ t: z.literal('stop'), at: Ms }),
  /** No more audio for this item (lets the player report the end). */
  z.object({ t: z.literal('end'), itemId: ItemId }),
  /**
   * The link is gone (said by the harness bridge when its socket closes; Electron's port has no
   * close event in the page, and main ends the session through voice:onEvent anyway).
   */
  z.object({ t: z.literal('closed') })
])
export type DownMessage = z.infer<typeof DownMessage>

export type LinkMessage = UpMessage | DownMessage

/**
 * A message from the other end of the link, checked: the message or undefined (a malformed one is
 * dropped, never trusted; the caller counts or logs it).
 */
export function parseUpMessage(data: unknown): UpMessage | undefined {
  const parsed = UpMessage.safeParse(data)
  return parsed.success ? parsed.data : undefined
}
export function parseDownMessage(data: unknown): DownMessage | undefined {
  const parsed = DownMessage.safeParse(data)
  return parsed.success ? parsed.data : undefined
}

/** Decodes a frame (./audioLinkWire.ts) and checks it with `parse` (parseUpMessage or parseDownMessage); undefined when either fails. */
export function decodeLinkMessage<M extends LinkMessage>(data: ArrayBuffer | Uint8Array, parse: (data: unknown) => M | undefined): M | undefined {
  const frame = decodeLinkFrame(data)
  return frame === undefined ? undefined : parse(frame)
}

/** That message's data (the port itself is the event's one transferred port). */
export const AudioPortAnnouncement = z.object({ type: z.literal(AUDIO_PORT_MESSAGE), sessionId: ItemId })
