/**
 * What a chosen file is: a zip (ChatGPT's data export: its conversations.json, and the images
 * beside it) or a JSON file, recognised by its shape: Omnidesk's export (`format`), ChatGPT's
 * conversations.json (a list of message trees) or Chatbox's export (its storage keys). Anything
 * else is refused with a sentence that says what to choose instead.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import type { ImportSource } from '../../shared/ipc/contract'
import { isRecord } from './foreign'
import { isChatboxExport } from './importChatbox'
import { isChatGptExport } from './importChatGpt'
import { isOmnideskExport } from './importOmnidesk'
import type { Sentences } from './messages'
import { TransferRefusal } from './refusal'
import { looksLikeZip, openZip, ZipDamagedError, type ZipArchive } from './zipFiles'

export interface DetectedFile {
  source: ImportSource
  data: unknown
  /** The zip the JSON came from (its images are read from it); close it when done. */
  zip?: ZipArchive
}

function parseJson(bytes: Buffer, words: Sentences): unknown {
  // Windows editors may put a byte order mark first.
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
  try {
    return JSON.parse(text)
  } catch {
    throw new TransferRefusal(/^\s*[[{]/.test(text) ? words.unreadable('the JSON is cut short or damaged') : words.notJson)
  }
}

function sourceOf(data: unknown, words: Sentences): ImportSource {
  if (isOmnideskExport(data)) return 'omnidesk'
  if (isChatGptExport(data)) return 'chatgpt'
  if (isChatboxExport(data)) return 'chatbox'
  if (isRecord(data) && typeof data.format === 'string' && /assistant/i.test(data.format)) throw new TransferRefusal(words.assistantFile)
  if (Array.isArray(data) && data.length === 0) throw new TransferRefusal(words.emptyExport)
  throw new TransferRefusal(words.wrongKind)
}

/** The shortest path named conversations.json (the export's own, not one nested deeper). */
const conversationsEntry = (names: readonly string[]): string | undefined =>
  names.filter((n) => path.posix.basename(n) === 'conversations.json').sort((a, b) => a.length - b.length)[0]

export async function detectImportFile(filePath: string, words: Sentences): Promise<DetectedFile> {
  let head: Buffer
  try {
    const handle = await fsp.open(filePath, 'r')
    try {
      head = Buffer.alloc(4)
      await handle.read(head, 0, 4, 0)
    } finally {
      await handle.close()
    }
  } catch (error) {
    throw new TransferRefusal(words.unreadable((error as NodeJS.ErrnoException).code ?? String(error)))
  }
  if (!looksLikeZip(head)) {
    const data = parseJson(await fsp.readFile(filePath), words)
    return { source: sourceOf(data, words), data }
  }
  let zip: ZipArchive
  try {
    zip = await openZip(filePath)
  } catch (error) {
    if (error instanceof ZipDamagedError) throw new TransferRefusal(words.truncatedZip)
    throw error
  }
  try {
    const entry = conversationsEntry(zip.names)
    if (!entry) throw new TransferRefusal(words.zipWithoutConversations)
    const data = parseJson(await zip.read(entry), words)
    if (!isChatGptExport(data)) throw new TransferRefusal(Array.isArray(data) && data.length === 0 ? words.emptyExport : words.brokenChatGpt)
    return { source: 'chatgpt', data, zip }
  } catch (error) {
    zip.close()
    if (error instanceof ZipDamagedError) throw new TransferRefusal(words.truncatedZip)
    throw error
  }
}
