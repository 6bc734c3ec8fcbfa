/**
 * The companion page's pure rules (no DOM types, so they run under vitest in plain Node):
 * what a key press means there, how the clipboard context is put into the message, and which
 * prompt Up recalls. (The Settings key recorder is shortcutRecorder.ts.)
 */
import type { CompanionContext } from '../../../shared/companion/schemas'

export interface KeyLike {
  key: string
  code: string
  shiftKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  /** KeyboardEvent.isComposing (an IME composition is in progress). */
  isComposing?: boolean
  /** 229: the key went to an IME. */
  keyCode?: number
}

export type CompanionKeyAction = 'hide' | 'new-chat' | 'recall' | null

/**
 * - Esc hides the companion, except while an IME composes (Esc then cancels the composition).
 * - Cmd+N (macOS) / Ctrl+N starts a new conversation.
 * - Up in the empty composer recalls the last prompt.
 */
export function companionKeyAction(
  k: KeyLike,
  ctx: { platform: string | undefined; inComposer: boolean; composerEmpty: boolean }
): CompanionKeyAction {
  const composing = !!k.isComposing || k.keyCode === 229
  if (composing) return null
  const mod = ctx.platform === 'darwin' ? k.metaKey && !k.ctrlKey : k.ctrlKey && !k.metaKey
  if (k.key === 'Escape' && !k.shiftKey && !k.ctrlKey && !k.metaKey && !k.altKey) return 'hide'
  if (mod && !k.shiftKey && !k.altKey && (k.code === 'KeyN' || k.key.toLowerCase() === 'n')) return 'new-chat'
  if (k.key === 'ArrowUp' && !k.shiftKey && !k.ctrlKey && !k.metaKey && !k.altKey && ctx.inComposer && ctx.composerEmpty) {
    return 'recall'
  }
  return null
}

/** A Markdown code fence longer than any run of backticks inside the text. */
export function fenceFor(text: string): string {
  let longest = 0
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length)
  return '`'.repeat(Math.max(3, longest + 1))
}

export const CONTEXT_HEADINGS = { clipboard: 'Clipboard:', selection: 'Selected text:' } as const

/**
 * The message sent when a context chip was kept: the question, then the context in a fenced
 * block under a plain heading. It is stored like that in history (what was asked is what is
 * shown), and the model reads it as quoted material rather than as instructions.
 */
export function withClipboardContext(question: string, clipboard: CompanionContext['clipboard']): string {
  if (!clipboard || !clipboard.text.trim()) return question
  const fence = fenceFor(clipboard.text)
  const block = `${CONTEXT_HEADINGS[clipboard.source]}\n${fence}text\n${clipboard.text}\n${fence}`
  return question.trim() ? `${question.trimEnd()}\n\n${block}` : block
}

/** What Up brings back: the companion's last prompt, else the conversation's last question. */
export function promptToRecall(history: readonly string[], lastUserText: string | undefined): string | undefined {
  const fromHistory = history.length ? history[history.length - 1] : undefined
  return fromHistory ?? (lastUserText?.trim() ? lastUserText : undefined)
}
