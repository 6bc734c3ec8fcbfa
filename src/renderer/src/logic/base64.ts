/**
 * Bytes ⇄ base64 and data: URLs in the page (attachments, voice). One implementation: the
 * native Uint8Array.prototype.toBase64 where the engine has it, else btoa over a binary string
 * built in pieces.
 */

/**
 * Bytes per String.fromCharCode call: V8 slows down sharply with long argument lists (4 MiB in
 * 32 KiB calls takes ~5× as long as in 8 KiB ones).
 */
const FROM_CHAR_CODE_CHUNK = 0x2000

/** Uint8Array.prototype.toBase64 (Chromium 140+, so Electron's renderer): native, no binary string. */
type MaybeNativeBase64 = Uint8Array & { toBase64?: () => string }

/** Base64 of bytes: the native encoder where there is one, else btoa over a binary string built in pieces. */
export function bytesToBase64(bytes: Uint8Array): string {
  const native = (bytes as MaybeNativeBase64).toBase64
  if (typeof native === 'function') return native.call(bytes)
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += FROM_CHAR_CODE_CHUNK) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + FROM_CHAR_CODE_CHUNK) as unknown as number[]))
  }
  return btoa(parts.join(''))
}

export function base64ToBytes(base64: string): Uint8Array {
  const bin = atob(base64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return bytes
}

export function bytesToDataUrl(bytes: Uint8Array, mime: string): string {
  return `data:${mime};base64,${bytesToBase64(bytes)}`
}

export async function blobToDataUrl(blob: Blob): Promise<string> {
  return bytesToDataUrl(new Uint8Array(await blob.arrayBuffer()), blob.type)
}

/** data: URL → bytes (captures arrive from main as data: URLs). */
export function dataUrlBytes(url: string): { bytes: Uint8Array; mime: string } {
  const mime = /^data:([^;,]+)/.exec(url)?.[1] ?? 'application/octet-stream'
  return { bytes: base64ToBytes(url.slice(url.indexOf(',') + 1)), mime }
}
