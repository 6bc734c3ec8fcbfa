/**
 * Encodes a shared frame for the model off the page's main thread (the page also carries the
 * voice session's audio: a 1229×768 JPEG and its base64 there held the assistant's audio back).
 * In: a VideoFrame (transferred) and the size the model reads; out: the JPEG as a data: URL.
 */
import { blobToDataUrl } from '../../logic/base64'

export interface EncodeRequest {
  id: number
  frame: VideoFrame
  width: number
  height: number
  quality: number
}

export type EncodeReply = { id: number; image: string } | { id: number; error: string }

let canvas: OffscreenCanvas | undefined

self.onmessage = async (ev: MessageEvent<EncodeRequest>) => {
  const { id, frame, width, height, quality } = ev.data
  try {
    if (!canvas || canvas.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height)
    const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D
    // 'medium': the model's size is at most 2× smaller than a screen's (the bilinear-with-mipmaps
    // path is exact enough there and much cheaper than 'high' without a GPU).
    ctx.imageSmoothingQuality = 'medium'
    ctx.drawImage(frame, 0, 0, width, height)
    frame.close()
    const image = await blobToDataUrl(await canvas.convertToBlob({ type: 'image/jpeg', quality }))
    ;(self as unknown as Worker).postMessage({ id, image } satisfies EncodeReply)
  } catch (error) {
    frame.close()
    ;(self as unknown as Worker).postMessage({ id, error: String(error) } satisfies EncodeReply)
  }
}
