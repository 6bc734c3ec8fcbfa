/**
 * Saved memories: short facts about the user the model keeps across conversations ("prefers
 * Python", "lives in Shanghai"), which the user can see, edit and delete (Settings → Memory), and
 * every change the model makes shows in its answer with Undo. Pure: no Node, no DOM.
 */
import { z } from 'zod'

/** Longest memory: a fact, not a document. */
export const MAX_MEMORY_CHARS = 500

/**
 * Where a memory belongs. `global`: every plain chat and every assistant that shares the user's
 * memory. `assistant:<id>`: the notebook of an assistant with its own memory, read and written
 * only in its chats (deleted with it).
 */
export const GLOBAL_SCOPE = 'global'

export function assistantScope(assistantId: string): string {
  return `assistant:${assistantId}`
}

export const MemoryItem = z.object({
  id: z.string().min(1).max(100),
  text: z.string().min(1).max(MAX_MEMORY_CHARS),
  /** 'global' (every conversation), or `assistant:<id>` (only that assistant's). */
  scope: z.string().max(200),
  /** Who wrote it: the model through its memory tool, or the user in Settings. */
  source: z.enum(['model', 'user']),
  /** Where the model saved it. */
  conversationId: z.string().max(200).optional(),
  createdAt: z.number(),
  updatedAt: z.number()
})
export type MemoryItem = z.infer<typeof MemoryItem>

/**
 * A change the model made through the memory tool, kept on its tool step so the answer shows
 * "Memory updated" and Undo can put things back (`undone` once it did).
 */
export const MemoryChange = z.object({
  action: z.enum(['save', 'update', 'forget']),
  id: z.string().max(100),
  text: z.string().max(MAX_MEMORY_CHARS),
  /** update / forget: the text before. */
  previousText: z.string().max(MAX_MEMORY_CHARS).optional(),
  /** The memory's scope (Undo of a forget puts it back there); absent on steps older than scopes: global. */
  scope: z.string().max(200).optional(),
  undone: z.boolean().optional()
})
export type MemoryChange = z.infer<typeof MemoryChange>
