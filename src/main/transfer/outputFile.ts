/**
 * Writing an export: into a temporary file beside the target, renamed over it only when complete.
 * A failure (a full disk, a removed drive) removes the partial file, so the user never finds a
 * truncated export that looks whole, and an existing file of that name is left as it was.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'

/** The part of fs.promises.FileHandle an export uses (tests inject one that fails). */
export interface WritableFile {
  write(data: Uint8Array): Promise<unknown>
  close(): Promise<void>
}

export type OpenForWrite = (filePath: string) => Promise<WritableFile>

export const openForWrite: OpenForWrite = (filePath) => fsp.open(filePath, 'wx', 0o600)

/** Buffers small writes: one disk write per ~1 MB rather than one per message. */
export interface OutputWriter {
  write(text: string | Uint8Array): Promise<void>
  readonly bytes: number
}

const FLUSH_AT = 1024 * 1024

export async function writeAtomically(
  target: string,
  open: OpenForWrite,
  body: (out: OutputWriter) => Promise<void>
): Promise<{ bytes: number }> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID().slice(0, 8)}.partial`)
  const handle = await open(temp)
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  let bytes = 0
  const flush = async (): Promise<void> => {
    if (!pendingBytes) return
    const chunk = Buffer.concat(pending, pendingBytes)
    pending = []
    pendingBytes = 0
    await handle.write(chunk)
  }
  const out: OutputWriter = {
    async write(text) {
      const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text
      pending.push(data)
      pendingBytes += data.byteLength
      bytes += data.byteLength
      if (pendingBytes >= FLUSH_AT) await flush()
    },
    get bytes() {
      return bytes
    }
  }
  try {
    await body(out)
    await flush()
    await handle.close()
  } catch (error) {
    await handle.close().catch(() => undefined)
    await fsp.rm(temp, { force: true })
    throw error
  }
  try {
    await fsp.rename(temp, target)
  } catch (error) {
    await fsp.rm(temp, { force: true })
    throw error
  }
  return { bytes }
}
