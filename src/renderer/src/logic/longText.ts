/** Long user messages are shown collapsed, with "Show more". */

export const LONG_MESSAGE_CHARS = 4_000
export const LONG_MESSAGE_LINES = 40
/** How much of a collapsed message is rendered. */
export const COLLAPSED_CHARS = 1_500
export const COLLAPSED_LINES = 12

export function isLongMessage(text: string): boolean {
  if (text.length > LONG_MESSAGE_CHARS) return true
  let lines = 1
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (++lines > LONG_MESSAGE_LINES) return true
  }
  return false
}

/** The start of a long message: at most COLLAPSED_LINES lines and COLLAPSED_CHARS characters. */
export function collapsedPreview(text: string): string {
  let end = Math.min(text.length, COLLAPSED_CHARS)
  let lines = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    if (++lines >= COLLAPSED_LINES) {
      end = i
      break
    }
  }
  return text.slice(0, end).trimEnd() + '…'
}
