/**
 * Builds whole tool calls from the `delta.tool_calls` pieces of a streamed chat completion, the
 * way real providers send them:
 *
 * - a call's `arguments` split over many chunks (OpenAI, most servers);
 * - several calls in parallel, told apart by `index`;
 * - a whole call in one chunk (Gemini's and Ollama's OpenAI endpoints);
 * - `id`, `type` and `name` only in a call's first chunk, later chunks with `id: ""` (or a null
 *   name) that must not overwrite them;
 * - no `index` at all (some servers): a chunk with a new id starts a new call, one without an id
 *   continues the last call.
 *
 * Pure: no SDK types.
 */

export interface AccumulatedToolCall {
  /** The provider's id (generated when the provider sent none: `call_<n>`). */
  id: string
  name: string
  /** The arguments' JSON text, as sent. */
  arguments: string
}

interface Slot {
  id: string
  name: string
  arguments: string
}

export class ToolCallAccumulator {
  private readonly slots = new Map<number, Slot>()
  private lastIndex = -1

  /** One `delta.tool_calls` array (or anything else, ignored). */
  push(toolCalls: unknown): void {
    if (!Array.isArray(toolCalls)) return
    for (const raw of toolCalls) {
      if (typeof raw !== 'object' || raw === null) continue
      const piece = raw as { index?: unknown; id?: unknown; function?: { name?: unknown; arguments?: unknown } }
      const id = typeof piece.id === 'string' ? piece.id : ''
      const index = this.indexOf(piece.index, id)
      let slot = this.slots.get(index)
      if (!slot) {
        slot = { id: '', name: '', arguments: '' }
        this.slots.set(index, slot)
      }
      this.lastIndex = index
      if (id && !slot.id) slot.id = id
      const name = piece.function?.name
      if (typeof name === 'string' && name && !slot.name) slot.name = name
      const args = piece.function?.arguments
      if (typeof args === 'string') slot.arguments += args
      else if (args && typeof args === 'object') slot.arguments += JSON.stringify(args)
    }
  }

  /** Whether any call has begun. */
  get any(): boolean {
    return this.slots.size > 0
  }

  /** The calls in index order; calls without a name are dropped (nothing to run). */
  calls(): AccumulatedToolCall[] {
    return [...this.slots.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, s]) => s.name)
      .map(([index, s]) => ({ id: s.id || `call_${index}`, name: s.name, arguments: s.arguments }))
  }

  private indexOf(index: unknown, id: string): number {
    if (typeof index === 'number' && Number.isInteger(index) && index >= 0) return index
    // No index: a new id is a new call; no id continues the last one.
    if (id) {
      for (const [i, slot] of this.slots) if (slot.id === id) return i
      return this.slots.size === 0 ? 0 : Math.max(...this.slots.keys()) + 1
    }
    return this.lastIndex >= 0 ? this.lastIndex : 0
  }
}

/**
 * The arguments the model sent, parsed: an object, or why they are not one (the loop sends that
 * back to the model as the tool's error; it never crashes on them). Empty text is `{}`.
 */
export function parseToolArguments(text: string): { ok: true; args: Record<string, unknown> } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, args: {} }
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ok: true, args: value as Record<string, unknown> }
    return { ok: false, error: 'The arguments must be a JSON object.' }
  } catch (error) {
    return { ok: false, error: `The arguments are not valid JSON (${(error as Error).message}).` }
  }
}
