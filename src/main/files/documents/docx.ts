/**
 * The text of a Word document (.docx) with mammoth: paragraphs separated by blank lines. Word
 * files have no fixed pages, so the text is one page (number 1) for chunking.
 */
import { DocumentError } from './errors'

type Mammoth = typeof import('mammoth')
let mammoth: Promise<Mammoth> | undefined
/** Loaded on first use: most attachments are not Word files. */
const loadMammoth = (): Promise<Mammoth> => (mammoth ??= import('mammoth'))

export async function extractDocx(bytes: Uint8Array, name: string): Promise<{ text: string; warnings: string[] }> {
  const mod = await loadMammoth()
  const { extractRawText } = (mod as Mammoth & { default?: Mammoth }).default ?? mod
  try {
    const result = await extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })
    const text = result.value.replace(/\n{3,}/g, '\n\n').trim()
    return { text, warnings: result.messages.map((m) => m.message) }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new DocumentError('corrupt', `${name} is damaged or not a valid Word document (${detail}).`)
  }
}
