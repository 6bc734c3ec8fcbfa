/**
 * The optional clipboard context: what is read, and how much of it is kept. Pure.
 */
import type { CompanionContext } from '../../shared/companion/schemas'

/** More than this is cut (with the chip saying so): a whole log file is not a "context". */
export const MAX_CONTEXT_CHARS = 20_000

export interface ClipboardReading {
  /** The clipboard's text. */
  clipboard: string
  /** The primary selection (Linux only; empty elsewhere or when nothing is selected). */
  selection?: string
}

export function clipboardContext(enabled: boolean, reading: ClipboardReading | null): CompanionContext {
  if (!enabled || !reading) return { clipboard: null }
  const selection = reading.selection ?? ''
  const useSelection = selection.trim().length > 0
  const text = useSelection ? selection : reading.clipboard
  if (!text.trim()) return { clipboard: null }
  const truncated = text.length > MAX_CONTEXT_CHARS
  return {
    clipboard: {
      text: truncated ? text.slice(0, MAX_CONTEXT_CHARS) : text,
      source: useSelection ? 'selection' : 'clipboard',
      truncated,
      originalLength: text.length
    }
  }
}
