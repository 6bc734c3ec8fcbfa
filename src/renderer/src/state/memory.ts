/**
 * Saved memories (main keeps them, src/main/memory): what Settings → Memory lists and changes,
 * and Undo of a change the model made in an answer. The list lives in its settings section, not
 * in the app state: only that section shows it, and main sends the whole list on every change.
 * list / update / remove / clear / onChanged exist in the main window only; undo in both.
 */
import type { OmnideskApi } from '../../../shared/ipc/contract'
import type { ErrorInfo } from '../../../shared/errors'
import { errorFromUnknown } from '../logic/errors'
import type { Streams } from './streams'

export type MemoryItem = Awaited<ReturnType<OmnideskApi['memory']['list']>>[number]

/**
 * A memory's scope (defined in src/shared/memory/schemas.ts, which the renderer does not import):
 * 'global' for every chat, `assistant:<id>` for an assistant's own memory.
 */
export const GLOBAL_MEMORY_SCOPE = 'global'
const ASSISTANT_SCOPE_PREFIX = 'assistant:'

/** The scope of an assistant's own memory. */
export function assistantMemoryScope(assistantId: string): string {
  return `${ASSISTANT_SCOPE_PREFIX}${assistantId}`
}

/** The assistant whose own memory this scope is; undefined for the global one. */
export function memoryScopeAssistant(scope: string): string | undefined {
  return scope.startsWith(ASSISTANT_SCOPE_PREFIX) ? scope.slice(ASSISTANT_SCOPE_PREFIX.length) : undefined
}

export class Memories {
  constructor(
    private readonly api: OmnideskApi,
    private readonly streams: Streams
  ) {}

  list(): Promise<MemoryItem[]> {
    return this.api.memory.list({})
  }

  /** Every change main makes (the model's tool, another window, an Undo): the whole list. */
  onChanged(listener: (items: MemoryItem[]) => void): () => void {
    return this.api.memory.onChanged(listener)
  }

  /** The user's edit; main's refusal (a secret, too long) comes back as the error to show. */
  async update(id: string, text: string): Promise<{ item: MemoryItem } | { error: ErrorInfo }> {
    try {
      return { item: await this.api.memory.update({ id, text }) }
    } catch (error) {
      return { error: errorFromUnknown(error) }
    }
  }

  async remove(id: string): Promise<ErrorInfo | null> {
    try {
      await this.api.memory.remove({ id })
      return null
    } catch (error) {
      return errorFromUnknown(error)
    }
  }

  /** Deletes the memories of these scopes (all memories when absent). */
  async clear(scopes?: readonly string[]): Promise<ErrorInfo | null> {
    try {
      await this.api.memory.clear(scopes ? { scopes: [...scopes] } : {})
      return null
    } catch (error) {
      return errorFromUnknown(error)
    }
  }

  /**
   * Undoes what a memory step of an answer changed. The step main returns (marked undone) takes
   * the shown one's place, so the chip says "Undone" without re-reading the conversation.
   */
  async undo(messageId: string, callId: string): Promise<ErrorInfo | null> {
    try {
      const step = await this.api.memory.undo({ messageId, callId })
      this.streams.replaceStep(messageId, step)
      return null
    } catch (error) {
      return errorFromUnknown(error)
    }
  }
}
