/**
 * What a key press in the composer means. Pure, so the Enter / Shift+Enter / Cmd+Enter / IME
 * rules are unit-tested rather than hoped for.
 */

export interface ComposerKey {
  key: string
  shiftKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  /** KeyboardEvent.isComposing: an IME (Chinese, Japanese…) composition is in progress. */
  isComposing: boolean
  /** 229 is what browsers report for keys an IME consumes (Safari ends compositions this way). */
  keyCode: number
}

/** 'send': submit the message; 'default': let the textarea do what it normally does. */
export type ComposerKeyAction = 'send' | 'default'

export function composerKeyAction(k: ComposerKey, enterToSend: boolean): ComposerKeyAction {
  if (k.key !== 'Enter') return 'default'
  // Enter that confirms an IME candidate must never send.
  if (k.isComposing || k.keyCode === 229) return 'default'
  const mod = k.metaKey || k.ctrlKey
  if (enterToSend) {
    if (k.shiftKey || k.altKey) return 'default' // Shift+Enter: a new line
    return 'send' // Enter, and also Cmd/Ctrl+Enter
  }
  return mod && !k.shiftKey && !k.altKey ? 'send' : 'default'
}

/** How the send shortcut's modifier is written on this platform. */
/**
 * A React (or DOM) keydown in a message box, read as a ComposerKey. `composing`: the box's own
 * record of an IME composition (compositionstart/end), which some browsers report late.
 */
export function composerKeyOf(
  e: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean; keyCode: number; nativeEvent: { isComposing: boolean; keyCode: number } },
  composing = false
): ComposerKey {
  return {
    key: e.key,
    shiftKey: e.shiftKey,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    altKey: e.altKey,
    isComposing: e.nativeEvent.isComposing || composing,
    keyCode: e.nativeEvent.keyCode || e.keyCode
  }
}

export function modKeyLabel(platform: string | undefined): string {
  return platform === 'darwin' ? '⌘' : 'Ctrl'
}
