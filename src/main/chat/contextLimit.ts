/**
 * A conversation longer than the model can read: what is sent, which oldest turns to leave out
 * ("Retry without the oldest turns"), and what of it a summary request can carry ("New chat with
 * a summary"). Pure: token counts are estimates (no tokenizer ships with every provider), scaled
 * by the provider's own count when its error gave one.
 */
import { messageText, type Message } from '../../shared/domain'

export const CONTEXT_TUNING = {
  /** Share of the model's limit a trimmed conversation may fill (the answer needs room too). */
  fitShare: 0.75,
  /** Share of the model's limit the transcript sent for a summary may fill. */
  summaryShare: 0.5,
  /** Without the provider's sizes: the share of the too-long estimate tried for a summary. */
  unknownLimitSummaryShare: 0.5,
  /** An image as most vision models count one at high detail (a 1024-px tile set). */
  imageTokens: 800,
  /** Per-message overhead of the chat format (role, separators). */
  messageOverheadTokens: 4
} as const

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/g

/**
 * Tokens in a text, estimated: a CJK character is about one token, other text about four
 * characters per token (OpenAI's rule of thumb for English).
 */
export function estimateTokens(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0
  return cjk + Math.ceil((text.length - cjk) / 4)
}

export function estimateMessageTokens(message: Message): number {
  let tokens = CONTEXT_TUNING.messageOverheadTokens
  for (const part of message.parts) {
    if (part.type === 'text' || part.type === 'summary') tokens += estimateTokens(part.text)
    else if (part.type === 'image') tokens += CONTEXT_TUNING.imageTokens
    // A file at most as much as it could send whole (a long one sends passages, fewer).
    else if (part.type === 'file') tokens += part.tokens ?? 0
  }
  return tokens
}

/**
 * The messages sent to the model: from the conversation's `contextFrom` on (when that message
 * still exists), plus any carried summary (a system message), which always goes.
 */
export function sentContext(history: readonly Message[], contextFrom: string | undefined): Message[] {
  const from = contextFrom ? history.findIndex((m) => m.id === contextFrom) : -1
  if (from <= 0) return history.slice()
  return history.filter((m, i) => i >= from || m.role === 'system')
}

/**
 * Where to start sending so the conversation fits: the index in `messages` (what was sent, up to
 * and including the last user message) of the first message to keep, always at the start of a
 * turn (a user message). With the provider's sizes, the oldest turns go until the rest fits in
 * `fitShare` of the limit (our estimate scaled to the provider's count); without them, the oldest
 * half of the turns goes. Undefined when only the last turn is left (nothing can be dropped).
 */
export function firstKeptIndex(messages: readonly Message[], tokens?: { used: number; limit: number }): number | undefined {
  const turnStarts = messages.flatMap((m, i) => (m.role === 'user' ? [i] : []))
  if (turnStarts.length < 2) return undefined
  const candidates = turnStarts.slice(1)
  if (!tokens) return turnStarts[Math.max(1, Math.floor(turnStarts.length / 2))]
  const sizes = messages.map(estimateMessageTokens)
  const estimated = sizes.reduce((a, b) => a + b, 0)
  const scale = estimated > 0 ? Math.max(1, tokens.used / estimated) : 1
  const target = tokens.limit * CONTEXT_TUNING.fitShare
  for (const start of candidates) {
    const rest = sizes.slice(start).reduce((a, b) => a + b, 0) * scale
    if (rest <= target) return start
  }
  return candidates[candidates.length - 1]
}

/**
 * The conversation as a transcript for a summary, within `budgetTokens`: its first question (what
 * it is about) and then the newest messages that fit, the gap between them marked. Only text is
 * carried (an image is named); a message longer than what is left is cut at the end.
 */
export function summaryTranscript(messages: readonly Message[], budgetTokens: number): string {
  const lines = messages
    .filter((m) => m.role !== 'system' || m.parts.some((p) => p.type === 'summary'))
    .map((m) => transcriptLine(m))
    .filter((line): line is string => line !== undefined)
  if (!lines.length) return ''
  let left = budgetTokens
  const take = (line: string): string => {
    const size = estimateTokens(line)
    if (size <= left) {
      left -= size
      return line
    }
    // Cut to what is left: characters per token as measured on this line.
    const chars = Math.max(0, Math.floor((line.length * left) / size))
    left = 0
    return `${Array.from(line).slice(0, chars).join('')} […]`
  }
  const head = take(lines[0])
  const tail: string[] = []
  for (let i = lines.length - 1; i > 0 && left > 0; i--) tail.unshift(take(lines[i]))
  const omitted = lines.length - 1 - tail.length
  return [head, ...(omitted > 0 ? [`[… ${omitted} earlier messages left out …]`] : []), ...tail].join('\n\n')
}

function transcriptLine(m: Message): string | undefined {
  const summary = m.parts.find((p) => p.type === 'summary')
  if (summary?.type === 'summary') return `Summary of an earlier part: ${summary.text}`
  const text = messageText(m.parts).trim()
  const images = m.parts.filter((p) => p.type === 'image').length
  if (!text && !images) return undefined
  const who = m.role === 'user' ? 'User' : 'Assistant'
  return `${who}: ${text}${images ? ` [${images} image${images > 1 ? 's' : ''}]` : ''}`
}

/** The summary request's budget: a share of the model's limit, or of what was too long. */
export function summaryBudget(messages: readonly Message[], tokens?: { used: number; limit: number }): number {
  if (tokens) return Math.floor(tokens.limit * CONTEXT_TUNING.summaryShare)
  const estimated = messages.reduce((a, m) => a + estimateMessageTokens(m), 0)
  return Math.floor(estimated * CONTEXT_TUNING.unknownLimitSummaryShare)
}
