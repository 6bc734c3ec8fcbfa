/**
 * What a file is, from its bytes: the name only breaks ties the content cannot (code vs plain
 * text, Markdown, a one-column CSV). A PDF named .txt is a PDF; a binary named .csv is binary.
 */
import iconv from 'iconv-lite'
import { SNIFF_SAMPLE_BYTES } from './config'
import { guessTextEncoding } from './textDecode'
import { zipEntryNames } from './zipDirectory'

export type DocumentKind = 'pdf' | 'docx' | 'pptx' | 'xlsx' | 'csv' | 'tsv' | 'json' | 'ndjson' | 'parquet' | 'markdown' | 'text' | 'code' | 'binary'

export interface SniffResult {
  kind: DocumentKind
  /** Text kinds: the encoding the sample decodes with. */
  encoding?: string
  /** csv/tsv: the field separator found. */
  delimiter?: ',' | ';' | '\t'
  /** binary: why, in words ("it contains NUL bytes", "a ZIP archive that is not an Office file"). */
  reason?: string
}

const CODE_EXTENSIONS = new Set([
  'ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'py', 'rb', 'go', 'rs', 'java', 'kt', 'kts', 'swift', 'c', 'h', 'cc', 'cpp', 'hpp', 'cs', 'php', 'sh', 'bash', 'zsh', 'ps1',
  'sql', 'r', 'scala', 'lua', 'pl', 'dart', 'vue', 'svelte', 'html', 'htm', 'css', 'scss', 'less', 'xml', 'yaml', 'yml', 'toml', 'ini', 'gradle', 'makefile', 'dockerfile'
])
const MARKDOWN_EXTENSIONS = new Set(['md', 'markdown', 'mdx', 'mdown'])

const extensionOf = (name: string): string => {
  const base = name.split(/[\\/]/).pop() ?? name
  const dot = base.lastIndexOf('.')
  return (dot >= 0 ? base.slice(dot + 1) : base).toLowerCase()
}

const startsWith = (bytes: Uint8Array, magic: string, at = 0): boolean => {
  if (bytes.length < at + magic.length) return false
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic.charCodeAt(i)) return false
  return true
}

/** PDF readers accept the header anywhere in the first 1 KB (some generators put junk first). */
function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024)
  for (let i = 0; i + 5 <= head.length; i++) if (head[i] === 0x25 && startsWith(head, '%PDF-', i)) return true
  return false
}

function officeKind(bytes: Uint8Array): SniffResult {
  const names = zipEntryNames(bytes)
  if (!names) return { kind: 'binary', reason: 'a damaged or truncated ZIP archive' }
  if (names.some((n) => n.startsWith('word/'))) return { kind: 'docx' }
  if (names.some((n) => n.startsWith('ppt/'))) return { kind: 'pptx' }
  if (names.some((n) => n.startsWith('xl/'))) return { kind: 'xlsx' }
  return { kind: 'binary', reason: 'a ZIP archive that is not a Word, PowerPoint or Excel file' }
}

/** The lines of a sample, without a last line the sample may have cut. */
function sampleLines(text: string, whole: boolean): string[] {
  const lines = text.split(/\r?\n/)
  if (!whole && lines.length > 1) lines.pop()
  return lines.filter((line) => line.trim() !== '')
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** Fields separated by `delimiter` outside double quotes (RFC 4180 quoting, one line). */
function fieldCount(line: string, delimiter: string): number {
  let count = 1
  let quoted = false
  for (const ch of line) {
    if (ch === '"') quoted = !quoted
    else if (ch === delimiter && !quoted) count++
  }
  return count
}

/** The delimiter that splits every sampled line into the same number (≥ 2) of fields. */
function tableDelimiter(lines: string[]): SniffResult['delimiter'] | undefined {
  if (lines.length < 2) return undefined
  const rows = lines.slice(0, 200)
  for (const delimiter of ['\t', ',', ';'] as const) {
    const first = fieldCount(rows[0], delimiter)
    if (first >= 2 && rows.every((line) => fieldCount(line, delimiter) === first)) return delimiter
  }
  return undefined
}

function textKind(text: string, whole: boolean, ext: string): Pick<SniffResult, 'kind' | 'delimiter'> {
  const trimmed = text.trimStart()
  const lines = sampleLines(text, whole)
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (whole && parses(trimmed)) return { kind: 'json' }
    // NDJSON: every (complete) line is a JSON value on its own.
    if (lines.length >= 2 && lines.every((line) => /^\s*[[{]/.test(line) && parses(line))) return { kind: 'ndjson' }
    // A long JSON document the sample cut: no line parses alone, but it opens like JSON.
    if (!whole && !parses(lines[0] ?? '')) return { kind: 'json' }
  }
  const delimiter = tableDelimiter(lines)
  if (delimiter && !CODE_EXTENSIONS.has(ext) && !MARKDOWN_EXTENSIONS.has(ext)) return { kind: delimiter === '\t' ? 'tsv' : 'csv', delimiter }
  // Ties the content cannot break: a one-column table, a .md that is plain prose, code.
  if (ext === 'csv') return { kind: 'csv', delimiter: ',' }
  if (ext === 'tsv' || ext === 'tab') return { kind: 'tsv', delimiter: '\t' }
  if (MARKDOWN_EXTENSIONS.has(ext)) return { kind: 'markdown' }
  if (CODE_EXTENSIONS.has(ext)) return { kind: 'code' }
  return { kind: 'text' }
}

/** What `bytes` (the file called `name`) is; reads at most the sample and the ZIP directory. */
export function sniffDocument(bytes: Uint8Array, name: string): SniffResult {
  if (hasPdfHeader(bytes)) return { kind: 'pdf' }
  if (startsWith(bytes, 'PK\x03\x04')) return officeKind(bytes)
  if (bytes.length >= 12 && startsWith(bytes, 'PAR1') && startsWith(bytes, 'PAR1', bytes.length - 4)) return { kind: 'parquet' }
  const whole = bytes.byteLength <= SNIFF_SAMPLE_BYTES
  const sample = whole ? bytes : bytes.subarray(0, SNIFF_SAMPLE_BYTES)
  const guess = guessTextEncoding(sample, whole)
  if (guess.binary) return { kind: 'binary', reason: guess.reason }
  const body = sample.subarray(guess.bomLength)
  const text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), guess.encoding)
  return { ...textKind(text, whole, extensionOf(name)), encoding: guess.encoding }
}
