/**
 * A long document cut into chunks of about `targetTokens` for retrieval. Paragraphs stay whole
 * when they fit; longer ones are cut at sentence ends (Latin and CJK punctuation), and a sentence
 * longer than a chunk at the token budget itself. A chunk may run from the end of one page onto
 * the next: `pageFrom`/`pageTo` then name both, so a citation can point at either.
 */
import { estimateTokens } from '../../chat/contextLimit'
import { CHUNK_TARGET_TOKENS } from './config'
import type { DocumentPage } from './pdf'

export interface DocumentChunk {
  index: number
  pageFrom: number
  pageTo: number
  text: string
  /** Estimated tokens (the chat's own estimate: a CJK character ~1, else ~4 characters). */
  tokens: number
}

export interface ChunkOptions {
  targetTokens?: number
}

interface Piece {
  page: number
  text: string
  tokens: number
  /** What goes before it when it follows another piece in a chunk. */
  gap: string
}

const CJK_CHAR = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/

/** Cuts a text with no usable break into runs of at most `target` estimated tokens. */
function cutByBudget(text: string, target: number): string[] {
  const out: string[] = []
  let current = ''
  let budget = 0
  for (const ch of text) {
    const cost = CJK_CHAR.test(ch) ? 1 : 0.25
    if (budget + cost > target && current !== '') {
      out.push(current)
      current = ''
      budget = 0
    }
    current += ch
    budget += cost
  }
  out.push(current)
  return out.filter((s) => s.trim() !== '')
}

/**
 * A paragraph cut after each sentence end (. ! ? before a space, and the CJK 。！？；), keeping
 * every character: the sentences joined again are the paragraph.
 */
const sentences = (paragraph: string): string[] => paragraph.split(/(?<=[。！？；])|(?<=[.!?])(?=\s)/).filter((s) => s !== '')

function piecesOf(page: DocumentPage, target: number): Piece[] {
  const pieces: Piece[] = []
  for (const paragraph of page.text.split(/\n\s*\n/)) {
    if (paragraph.trim() === '') continue
    const parts = estimateTokens(paragraph) <= target ? [paragraph.trim()] : sentences(paragraph).flatMap((s) => (estimateTokens(s) <= target ? [s] : cutByBudget(s, target)))
    // Pieces of one paragraph are joined as they were; paragraphs (and pages) with a blank line.
    parts.forEach((text, i) => pieces.push({ page: page.number, text, tokens: estimateTokens(text), gap: i === 0 ? '\n\n' : '' }))
  }
  return pieces
}

/** The pages' text as chunks of about `targetTokens` (default CHUNK_TARGET_TOKENS), in order. */
export function chunkDocument(pages: readonly DocumentPage[], opts: ChunkOptions = {}): DocumentChunk[] {
  const target = Math.max(1, opts.targetTokens ?? CHUNK_TARGET_TOKENS)
  const chunks: DocumentChunk[] = []
  let open: Piece[] = []
  let openTokens = 0
  const flush = (): void => {
    if (open.length === 0) return
    const text = open.map((p, i) => (i === 0 ? p.text : p.gap + p.text)).join('').trim()
    chunks.push({ index: chunks.length, pageFrom: open[0].page, pageTo: open[open.length - 1].page, text, tokens: estimateTokens(text) })
    open = []
    openTokens = 0
  }
  for (const page of pages) {
    for (const piece of piecesOf(page, target)) {
      if (openTokens + piece.tokens > target) flush()
      open.push(piece)
      openTokens += piece.tokens
    }
  }
  flush()
  return chunks
}
