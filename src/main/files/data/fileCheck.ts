/**
 * What a file is before DuckDB or exceljs opens it: not there, empty, too large, binary, or text
 * in which encoding. These checks exist to turn "a PNG renamed .csv" or "a 0-byte export" into a
 * sentence the user understands, instead of DuckDB's sniffer error about delimiters.
 */
import { open, stat } from 'node:fs/promises'
import { BINARY_SNIFF_BYTES, MAX_FILE_BYTES, MAX_XLSX_BYTES } from './config'
import { DataError } from './errors'

export type DataFileKind = 'csv' | 'tsv' | 'json' | 'ndjson' | 'parquet' | 'xlsx'

/** The encodings read_csv knows in DuckDB 1.5 (`encoding` option), in its spelling. */
export type TextEncoding = 'utf-8' | 'utf-16' | 'latin-1'

/** Size check, then the magic bytes the binary formats must start with, or a text check. */
export async function checkFile(path: string, name: string, kind: DataFileKind): Promise<{ bytes: number; encoding?: TextEncoding }> {
  let bytes: number
  try {
    bytes = (await stat(path)).size
  } catch (error) {
    throw new DataError('load_error', `Cannot open "${name}": ${(error as Error).message}`)
  }
  if (bytes === 0) throw new DataError('load_error', `"${name}" is empty (0 bytes): there is no data to load.`)
  const cap = kind === 'xlsx' ? MAX_XLSX_BYTES : MAX_FILE_BYTES
  if (bytes > cap)
    throw new DataError('too_large', `"${name}" is ${megabytes(bytes)}; files over ${megabytes(cap)} are not loaded${kind === 'xlsx' ? ' (save the sheet as CSV to load a larger one)' : ''}.`)

  const head = await readHead(path, Math.min(bytes, BINARY_SNIFF_BYTES))
  if (kind === 'parquet') {
    if (!startsWith(head, 'PAR1')) throw new DataError('binary', `"${name}" is not a Parquet file (it does not start with PAR1).`)
    return { bytes }
  }
  if (kind === 'xlsx') {
    // XLSX is a ZIP; an old binary .xls (OLE2, D0 CF 11 E0) is the usual mistake.
    if (head[0] === 0xd0 && head[1] === 0xcf) throw new DataError('binary', `"${name}" is an old Excel .xls file; only .xlsx can be read (save it as .xlsx or CSV).`)
    if (!startsWith(head, 'PK')) throw new DataError('binary', `"${name}" is not an .xlsx workbook.`)
    return { bytes }
  }
  if (bom(head) === 'utf-16') return { bytes, encoding: 'utf-16' }
  if (head.includes(0)) throw new DataError('binary', `"${name}" is a binary file, not ${kind.toUpperCase()} text.`)
  return { bytes, encoding: (await isUtf8File(path)) ? 'utf-8' : 'latin-1' }
}

function bom(head: Uint8Array): TextEncoding | undefined {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'utf-16'
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8'
  return undefined
}

/**
 * Whether the whole file is valid UTF-8, read in chunks through a fatal streaming decoder (which
 * keeps a sequence cut between chunks). The whole file, not a head: a Latin-1 "é" on line 90 000
 * would otherwise make DuckDB reject that line instead of reading the file as Latin-1. It costs a
 * fraction of the load itself (measured in the data engine's slow test).
 */
async function isUtf8File(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.allocUnsafe(1024 * 1024)
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      decoder.decode(buffer.subarray(0, bytesRead), { stream: true })
    }
    decoder.decode()
    return true
  } catch {
    return false
  } finally {
    await handle.close()
  }
}

async function readHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

function startsWith(head: Uint8Array, magic: string): boolean {
  return [...magic].every((char, i) => head[i] === char.charCodeAt(0))
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`
}
