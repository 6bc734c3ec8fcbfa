/**
 * The assistant file: one assistant, its knowledge files included, as one versioned JSON file that
 * another Omnidesk imports. Pure TypeScript (no Node Buffer, no DOM): main writes and reads it,
 * and the renderer may parse a dropped file before anything is sent across IPC.
 *
 * Version 1:
 *
 * ```json
 * {
 *   "format": "omnidesk-assistant",
 *   "version": 1,
 *   "assistant": {
 *     "name": "Translator",
 *     "emoji": "🌐",
 *     "description": "Translates between Chinese and English.",
 *     "instructions": "You are a professional Chinese–English translator…",
 *     "model": "gpt-4.1",
 *     "starters": ["Translate into Chinese: \"We're on track.\""],
 *     "capabilities": { "web": false, "data": false, "memory": false, "mcpServers": [] },
 *     "voice": "alloy",
 *     "voiceInstructions": "…"
 *   },
 *   "knowledge": [
 *     { "name": "glossary.csv", "mime": "text/csv", "data": "dGVybSxjb250ZXh0Cg==" }
 *   ]
 * }
 * ```
 *
 * - `assistant` holds the AssistantDraft fields (schemas.ts, same bounds) except:
 *   `providerId` (a provider is the user's own: the importer picks theirs), `knowledge` (the files
 *   travel in the top-level `knowledge`, the importer stores them and gets its own attachment ids)
 *   and `builtinId` (an imported copy is the user's own assistant, not a library entry).
 *   `model` is kept as a hint: the importer keeps it only if its provider offers it.
 *   `capabilities.memoryScope` ('shared' or 'own', optional: absent is 'shared') says whether the
 *   assistant shares the user's memory or keeps its own; its memories themselves never travel.
 *   `capabilities.mcpServers` are ids of the exporter's MCP servers: the importer should show them
 *   and keep only the ones the user has and agrees to.
 *   Optional fields are omitted when absent; `emoji` and `image` are never both present.
 * - `knowledge`: each file's name, its MIME type (a hint: the importer recognises the content
 *   itself) and its bytes in standard base64 (RFC 4648 §4, padded, no line breaks). At most 20
 *   files, 50 MB each, 200 MB together.
 * - Every object is closed: a field this version does not define is refused, never ignored
 *   (silently dropping "temperature" would import something other than what was exported).
 * - A later format raises `version`; this reader refuses a higher one and says to update.
 */
import { z } from 'zod'
import type { FileFormat } from '../files/schemas'
import { ASSISTANT_LIMITS, AssistantCapabilities, AssistantDraft, AssistantDraftFields, withOneAvatar } from './schemas'

export const ASSISTANT_FILE_FORMAT = 'omnidesk-assistant'
export const ASSISTANT_FILE_VERSION = 1
/** Largest knowledge file in an assistant file (decoded). */
export const MAX_KNOWLEDGE_FILE_BYTES = 50 * 1024 * 1024
/** All knowledge files of an assistant file together (decoded). */
export const MAX_KNOWLEDGE_TOTAL_BYTES = 200 * 1024 * 1024
/** What the file holds besides the base64 (the assistant, JSON punctuation, pretty-printing). */
const TEXT_OVERHEAD_CHARS = 4 * 1024 * 1024

// ---------------------------------------------------------------------------------------------
// The schema
// ---------------------------------------------------------------------------------------------

const fields = AssistantDraftFields.shape

const FileAssistant = withOneAvatar(
  z.strictObject({
    name: fields.name,
    emoji: fields.emoji,
    image: fields.image,
    description: fields.description,
    instructions: fields.instructions,
    model: fields.model,
    starters: fields.starters,
    capabilities: z.strictObject(AssistantCapabilities.shape),
    voice: fields.voice,
    voiceInstructions: fields.voiceInstructions
  })
)

/** A name to show, never a path: the importer may offer it in a save dialog. */
const KnowledgeName = z
  .string()
  .trim()
  .min(1)
  .max(ASSISTANT_LIMITS.knowledgeName)
  .regex(/^[^/\\\p{Cc}]+$/u, 'a file name (without folders or control characters)')

const KnowledgeEntry = z.strictObject({
  name: KnowledgeName,
  mime: z
    .string()
    .max(100)
    .regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i, 'a MIME type such as "application/pdf"')
    .optional(),
  /** Checked apart (size from the length before decoding, then the alphabet), to say which file. */
  data: z.string()
})

const AssistantFile = z.strictObject({
  format: z.literal(ASSISTANT_FILE_FORMAT),
  version: z.literal(ASSISTANT_FILE_VERSION),
  assistant: FileAssistant,
  knowledge: z.array(KnowledgeEntry).max(ASSISTANT_LIMITS.knowledgeFiles)
})
type AssistantFile = z.infer<typeof AssistantFile>

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/** The MIME type a knowledge file's recognised format is written with (a hint for the importer). */
export const KNOWLEDGE_MIME: Readonly<Record<FileFormat, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  markdown: 'text/markdown',
  text: 'text/plain',
  code: 'text/plain',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
}

export interface KnowledgeBytes {
  name: string
  /** Absent: taken from the assistant's knowledge entry of the same name, if any. */
  mime?: string
  bytes: Uint8Array
}

/**
 * The assistant file (pretty JSON) of an assistant and the bytes of its knowledge files. Throws
 * an Error with a sentence for the user when the result could not be imported (a file over the
 * caps, an assistant outside the bounds): better refused at export than at the other end.
 */
export function exportAssistant(assistant: AssistantDraft, files: readonly KnowledgeBytes[]): string {
  const file: AssistantFile = {
    format: ASSISTANT_FILE_FORMAT,
    version: ASSISTANT_FILE_VERSION,
    // Field by field, never spread: an Assistant's id, dates, providerId, knowledge and builtinId stay home.
    assistant: {
      name: assistant.name,
      emoji: assistant.emoji,
      image: assistant.image,
      description: assistant.description,
      instructions: assistant.instructions,
      model: assistant.model,
      starters: [...assistant.starters],
      capabilities: {
        web: assistant.capabilities.web,
        data: assistant.capabilities.data,
        memory: assistant.capabilities.memory,
        ...(assistant.capabilities.memoryScope ? { memoryScope: assistant.capabilities.memoryScope } : {}),
        mcpServers: [...assistant.capabilities.mcpServers]
      },
      voice: assistant.voice,
      voiceInstructions: assistant.voiceInstructions
    },
    knowledge: []
  }
  let total = 0
  for (const f of files) {
    if (f.bytes.length > MAX_KNOWLEDGE_FILE_BYTES) throw new Error(tooLargeFile(f.name, f.bytes.length))
    total += f.bytes.length
    if (total > MAX_KNOWLEDGE_TOTAL_BYTES) throw new Error(tooLargeTotal())
    const format = assistant.knowledge.find((k) => k.name === f.name)?.format
    const mime = f.mime ?? (format ? KNOWLEDGE_MIME[format] : undefined)
    file.knowledge.push({ name: f.name, ...(mime ? { mime } : {}), data: encodeBase64(f.bytes) })
  }
  const checked = AssistantFile.safeParse(file)
  if (!checked.success) throw new Error(`This assistant cannot be exported: ${describeIssues(checked.error.issues, file)}`)
  // JSON.stringify drops the undefined optionals, so absent fields are omitted as documented.
  return JSON.stringify(file, null, 2) + '\n'
}

/** A file name for the saved file: the assistant's name without characters file systems refuse. */
export function assistantFileName(name: string): string {
  const safe = name
    .replace(/[\p{Cc}<>:"/\\|?*]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim()
  return `${safe || 'Assistant'}.assistant.json`
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

export type ParseRefusal = 'not_json' | 'not_assistant' | 'newer_version' | 'invalid'

export type ParsedAssistantFile =
  | { ok: true; draft: AssistantDraft; knowledge: Array<{ name: string; mime?: string; bytes: Uint8Array }> }
  | { ok: false; reason: ParseRefusal; detail: string }

export interface ParseOptions {
  /** All knowledge files together, decoded (default and most: MAX_KNOWLEDGE_TOTAL_BYTES). */
  maxBytes?: number
  /** One knowledge file, decoded (default and most: MAX_KNOWLEDGE_FILE_BYTES). */
  maxFileBytes?: number
}

/**
 * Reads an assistant file. Refuses, with an English sentence the user can act on: text that is
 * not JSON; JSON that is not an assistant file; a newer version; anything else outside the format
 * (an unknown field, a wrong type, a bound, knowledge that is not base64 or is too large). The
 * draft has no knowledge entries yet: the app stores `knowledge` and adds them with their ids.
 */
export function parseAssistantFile(text: string, options: ParseOptions = {}): ParsedAssistantFile {
  const maxTotal = Math.min(options.maxBytes ?? MAX_KNOWLEDGE_TOTAL_BYTES, MAX_KNOWLEDGE_TOTAL_BYTES)
  const maxFile = Math.min(options.maxFileBytes ?? MAX_KNOWLEDGE_FILE_BYTES, MAX_KNOWLEDGE_FILE_BYTES, maxTotal)
  // Refused before JSON.parse: parsing a huge file only to refuse its knowledge costs its size again in memory.
  if (text.length > base64Chars(maxTotal) + TEXT_OVERHEAD_CHARS) {
    return invalid(`This file is too large to import: an assistant file may hold at most ${formatBytes(maxTotal)} of knowledge files.`)
  }

  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return { ok: false, reason: 'not_json', detail: 'This file is not an Omnidesk assistant: it is not valid JSON.' }
  }

  if (!isPlainObject(json) || json.format !== ASSISTANT_FILE_FORMAT) {
    return { ok: false, reason: 'not_assistant', detail: notAssistantDetail(json) }
  }
  const version = json.version
  if (typeof version === 'number' && Number.isInteger(version) && version > ASSISTANT_FILE_VERSION) {
    return {
      ok: false,
      reason: 'newer_version',
      detail: `This assistant was made by a newer Omnidesk (file version ${version}): update Omnidesk to import it.`
    }
  }

  const parsed = AssistantFile.safeParse(json)
  if (!parsed.success) return invalid(describeIssues(parsed.error.issues, json))
  const file = parsed.data

  // Sizes from the base64 length first: a file over the cap is refused before it is decoded.
  let total = 0
  for (const entry of file.knowledge) {
    const bytes = base64Bytes(entry.data)
    if (bytes > maxFile) return invalid(tooLargeFile(entry.name, bytes, maxFile))
    total += bytes
    if (total > maxTotal) return invalid(tooLargeTotal(maxTotal))
  }
  const knowledge: Array<{ name: string; mime?: string; bytes: Uint8Array }> = []
  for (const entry of file.knowledge) {
    const bytes = decodeBase64(entry.data)
    if (!bytes) return invalid(`The knowledge file "${entry.name}" is damaged: its "data" is not valid base64.`)
    knowledge.push({ name: entry.name, ...(entry.mime ? { mime: entry.mime } : {}), bytes })
  }

  const a = file.assistant
  const draft = AssistantDraft.safeParse({
    name: a.name,
    ...(a.emoji !== undefined ? { emoji: a.emoji } : {}),
    ...(a.image !== undefined ? { image: a.image } : {}),
    description: a.description,
    instructions: a.instructions,
    ...(a.model !== undefined ? { model: a.model } : {}),
    starters: a.starters,
    knowledge: [],
    capabilities: a.capabilities,
    ...(a.voice !== undefined ? { voice: a.voice } : {}),
    ...(a.voiceInstructions !== undefined ? { voiceInstructions: a.voiceInstructions } : {})
  })
  // The file's schema is built from the draft's fields, so this holds; checked rather than assumed.
  if (!draft.success) return invalid(describeIssues(draft.error.issues, a, 'assistant'))
  return { ok: true, draft: draft.data, knowledge }
}

function invalid(detail: string): ParsedAssistantFile {
  return { ok: false, reason: 'invalid', detail }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Names what the file seems to be when it is recognisable, so the user knows why. */
function notAssistantDetail(json: unknown): string {
  const generic = 'This file is not an Omnidesk assistant (it has no "format": "omnidesk-assistant").'
  if (!isPlainObject(json)) return generic
  if (typeof json.format === 'string') {
    return `This file is not an Omnidesk assistant: its format is "${clip(json.format, 60)}", not "omnidesk-assistant".`
  }
  const keys = Object.keys(json)
  const looksLikeAssistant = ['instructions', 'gizmo', 'conversation_starters', 'prompt_starters', 'system_prompt'].some((k) => keys.includes(k))
  if (looksLikeAssistant || isPlainObject(json.gizmo)) {
    return 'This looks like an assistant exported from another app. Omnidesk imports only its own assistant files: create a new assistant and paste the instructions instead.'
  }
  return generic
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

type Issue = z.core.$ZodIssue

/** One sentence about the most telling problem: an unknown field first (it usually means another schema). */
function describeIssues(issues: readonly Issue[], root: unknown, prefix?: string): string {
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]
  if (!issue) return 'This assistant file is not valid.'
  const path = prefix ? [prefix, ...issue.path] : issue.path
  const value = valueAt(root, issue.path)
  const field = fieldName(path)
  switch (issue.code) {
    case 'unrecognized_keys': {
      const names = issue.keys.map((k) => `"${fieldName([...path, k])}"`)
      return names.length === 1
        ? `The file has a field Omnidesk does not know: ${names[0]}.`
        : `The file has fields Omnidesk does not know: ${names.join(', ')}.`
    }
    case 'invalid_type':
      if (value === undefined) return `The file is missing "${field}" (${expected(issue.expected)}).`
      return `"${field}" should be ${expected(issue.expected)}, but it is ${actual(value)}.`
    case 'too_big':
      if (issue.origin === 'string') return `"${field}" is too long: at most ${issue.maximum.toLocaleString('en')} characters.`
      if (issue.origin === 'array') return `"${field}" has too many entries: at most ${issue.maximum.toLocaleString('en')}.`
      return `"${field}" is too large: at most ${issue.maximum.toLocaleString('en')}.`
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? `"${field}" is empty.` : `"${field}" is too short.`
      if (issue.origin === 'array') return `"${field}" needs at least ${issue.minimum.toLocaleString('en')} entries.`
      return `"${field}" is too small: at least ${issue.minimum.toLocaleString('en')}.`
    case 'invalid_value':
      if (value === undefined) return `The file is missing "${field}".`
      return `"${field}" should be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, but it is ${actual(value)}.`
    case 'invalid_format':
    case 'custom':
      // Our own checks carry what they expect ("a single emoji"); zod's defaults ("Invalid string: …") are not for users.
      return /^invalid\b/i.test(issue.message) ? `"${field}" is not in the expected form.` : `"${field}" should be ${issue.message}.`
    default:
      return `"${field}" is not valid.`
  }
}

function fieldName(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out || 'the file'
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = root
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined
    at = (at as Record<PropertyKey, unknown>)[key]
  }
  return at
}

function expected(type: string): string {
  switch (type) {
    case 'string':
      return 'text'
    case 'number':
      return 'a number'
    case 'int':
      return 'a whole number'
    case 'boolean':
      return 'true or false'
    case 'array':
      return 'a list'
    case 'object':
      return 'an object'
    default:
      return type
  }
}

function actual(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? 'other text' : JSON.stringify(value)
    case 'number':
      return `the number ${value}`
    case 'boolean':
      return String(value)
    case 'object':
      return 'an object'
    default:
      return 'missing'
  }
}

function tooLargeFile(name: string, bytes: number, max = MAX_KNOWLEDGE_FILE_BYTES): string {
  return `The knowledge file "${clip(name, 80)}" is ${formatBytes(bytes)}: a knowledge file in an assistant file may be at most ${formatBytes(max)}.`
}

/** Counting stops at the file that crosses the cap, so the sentence names the cap, not a total. */
function tooLargeTotal(max = MAX_KNOWLEDGE_TOTAL_BYTES): string {
  return `The knowledge files together are larger than ${formatBytes(max)}, the most an assistant file may hold.`
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toLocaleString('en', { maximumFractionDigits: 1 })} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} KB`
  return `${bytes} bytes`
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

// ---------------------------------------------------------------------------------------------
// Base64 (RFC 4648 §4). Own codec: Buffer is Node-only, and atob/btoa go through a "binary
// string" (two copies of a 50 MB file) and accept spaces and missing padding.
// ---------------------------------------------------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const ENCODE = new Uint8Array(64).map((_, i) => ALPHABET.charCodeAt(i))
const DECODE = new Int16Array(128).fill(-1)
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i
const PAD = 61 // '='

/** Characters of the padded base64 of `bytes` bytes. */
export function base64Chars(bytes: number): number {
  return 4 * Math.ceil(bytes / 3)
}

/** Bytes a padded base64 text decodes to (its length is checked by decodeBase64). */
function base64Bytes(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  return Math.max(0, Math.floor(text.length / 4) * 3 - padding)
}

export function encodeBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(base64Chars(bytes.length))
  let o = 0
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]
    out[o++] = ENCODE[n >> 18]
    out[o++] = ENCODE[(n >> 12) & 63]
    out[o++] = ENCODE[(n >> 6) & 63]
    out[o++] = ENCODE[n & 63]
  }
  const rest = bytes.length - i
  if (rest > 0) {
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0)
    out[o++] = ENCODE[n >> 18]
    out[o++] = ENCODE[(n >> 12) & 63]
    out[o++] = rest === 2 ? ENCODE[(n >> 6) & 63] : PAD
    out[o++] = PAD
  }
  // The output is ASCII, so any UTF-8 decoder turns it into the string in one native pass.
  return new TextDecoder().decode(out)
}

/** The bytes of a padded base64 text, or undefined when it is not one (bad length, character or padding). */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  const out = new Uint8Array((text.length / 4) * 3 - padding)
  let o = 0
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length
    const a = sextet(text, i)
    const b = sextet(text, i + 1)
    const c = last && padding === 2 ? 0 : sextet(text, i + 2)
    const d = last && padding >= 1 ? 0 : sextet(text, i + 3)
    if ((a | b | c | d) < 0) return undefined
    const n = (a << 18) | (b << 12) | (c << 6) | d
    out[o++] = n >> 16
    if (o < out.length) out[o++] = (n >> 8) & 255
    if (o < out.length) out[o++] = n & 255
  }
  return out
}

function sextet(text: string, at: number): number {
  const code = text.charCodeAt(at)
  return code < 128 ? DECODE[code] : -1
}
