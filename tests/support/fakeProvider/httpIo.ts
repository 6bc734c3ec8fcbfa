import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as delay } from 'node:timers/promises'

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of req) parts.push(part as Buffer)
  return Buffer.concat(parts)
}

export function parseJsonOrUndefined(raw: Buffer): unknown {
  if (raw.length === 0) return undefined
  try {
    return JSON.parse(raw.toString('utf8'))
  } catch {
    return undefined
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  if (res.headersSent || res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

/** An AbortSignal that fires when the client goes away (or close() destroys the socket) before we finished. */
export function clientGoneSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController()
  res.once('close', () => {
    if (!res.writableFinished) controller.abort()
  })
  return controller.signal
}

/** Sleeps unless the signal fires; returns false when the client is gone and nothing more should be sent. */
export async function sleepUnlessGone(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false
  if (ms <= 0) return true
  try {
    await delay(ms, undefined, { signal })
    return true
  } catch {
    return false
  }
}

export function waitUntilGone(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}

/** Writes and waits until the bytes are handed to the socket, so a following destroy() cannot discard them. */
export function writeFlushed(res: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed || res.socket?.destroyed) return resolve()
    // The write callback may never run once the socket dies under it, so 'close' also settles.
    const done = () => {
      res.off('close', done)
      resolve()
    }
    res.once('close', done)
    res.write(data, done)
  })
}
