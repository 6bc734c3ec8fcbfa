/**
 * Bytes of a text file to a string, whatever its encoding: a BOM decides first (UTF-8, UTF-16
 * LE/BE), then BOM-less UTF-16 by its NUL pattern, then strict UTF-8, then chardet's best guess
 * (GB18030 for Chinese files saved as GBK: GB18030 is its superset), decoded by iconv-lite.
 * The same look at a sample says whether the bytes are text at all.
 */
import { analyse } from 'chardet'
import iconv from 'iconv-lite'
import { BINARY_CONTROL_SHARE, UTF16_NUL_SHARE } from './config'
import { DocumentError } from './errors'

export type TextEncodingGuess = { binary: false; encoding: string; bomLength: number } | { binary: true; reason: string }

/** Encodings chardet names that iconv-lite decodes; UTF-16/32 are left to the BOM and NUL checks. */
const usable = (name: string): boolean => !/^UTF-(16|32)/i.test(name) && iconv.encodingExists(name)

/** Share of bytes that are C0 controls no text file uses (tab, LF, CR, FF and ESC are fine). */
function controlShare(sample: Uint8Array): number {
  if (sample.length === 0) return 0
  let controls = 0
  for (const byte of sample) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) controls++
  return controls / sample.length
}

function utf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(sample.length / 2)
  if (pairs < 2) return null
  let evenNul = 0
  let oddNul = 0
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenNul++
    if (sample[i + 1] === 0) oddNul++
  }
  const almostNone = 0.02
  if (oddNul / pairs >= UTF16_NUL_SHARE && evenNul / pairs <= almostNone) return 'utf-16le'
  if (evenNul / pairs >= UTF16_NUL_SHARE && oddNul / pairs <= almostNone) return 'utf-16be'
  return null
}

function isUtf8(sample: Uint8Array, whole: boolean): boolean {
  try {
    // stream: a sample cut inside a multi-byte character is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !whole })
    return true
  } catch {
    return false
  }
}

/** What a sample of a file is: text in some encoding (and its BOM's length), or binary. */
export function guessTextEncoding(sample: Uint8Array, whole: boolean): TextEncodingGuess {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { binary: false, encoding: 'utf-8', bomLength: 3 }
  if (sample[0] === 0xff && sample[1] === 0xfe) return { binary: false, encoding: 'utf-16le', bomLength: 2 }
  if (sample[0] === 0xfe && sample[1] === 0xff) return { binary: false, encoding: 'utf-16be', bomLength: 2 }
  const utf16 = utf16WithoutBom(sample)
  if (utf16) return { binary: false, encoding: utf16, bomLength: 0 }
  if (sample.includes(0)) return { binary: true, reason: 'it contains NUL bytes' }
  if (controlShare(sample) > BINARY_CONTROL_SHARE) return { binary: true, reason: 'it is mostly control characters' }
  if (isUtf8(sample, whole)) return { binary: false, encoding: 'utf-8', bomLength: 0 }
  const encoding = analyse(sample).find((match) => usable(match.name))?.name ?? 'windows-1252'
  const decoded = iconv.decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), encoding)
  const replaced = decoded.length === 0 ? 0 : (decoded.match(/\uFFFD/g)?.length ?? 0) / decoded.length
  if (replaced > BINARY_CONTROL_SHARE) return { binary: true, reason: `it does not decode as text (${encoding})` }
  return { binary: false, encoding: encoding.toLowerCase(), bomLength: 0 }
}

export interface DecodedText {
  text: string
  /** The encoding used, lower case as iconv-lite names it: utf-8, utf-16le, gb18030, shift_jis… */
  encoding: string
}

/** The whole file as text; a DocumentError `binary` when it is not text. */
export function decodeText(bytes: Uint8Array, sampleBytes: number, name: string): DecodedText {
  const whole = bytes.byteLength <= sampleBytes
  const guess = guessTextEncoding(whole ? bytes : bytes.subarray(0, sampleBytes), whole)
  if (guess.binary) throw new DocumentError('binary', `${name} is not a text file (${guess.reason}), so it cannot be read as text.`)
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + guess.bomLength, bytes.byteLength - guess.bomLength)
  return { text: iconv.decode(body, guess.encoding, { stripBOM: true }), encoding: guess.encoding }
}
