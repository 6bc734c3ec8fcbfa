/**
 * Memory, put together: the `memory` tool the model saves, updates and forgets with (each change
 * kept on its step, with Undo), the memories and — when the user opted in — passages of past
 * conversations that go into each request, and the `memory` channels of Settings → Memory.
 * Nothing is read or written in a temporary chat, or when memory is off.
 *
 * Every conversation has one scope (`scopeOf`): the global memories, or the notebook of an
 * assistant with its own memory (`assistant:<id>`). A request reads only its scope's memories and
 * the tool saves, updates and forgets only there; an id of another scope is "no memory".
 */
import { AppError } from '../../shared/errors'
import type { ContentPart, ToolStepPart } from '../../shared/domain'
import type { ContractHandlers, EmitEvent } from '../../shared/ipc/contract'
import { assistantScope, GLOBAL_SCOPE, MAX_MEMORY_CHARS, type MemoryChange, type MemoryItem } from '../../shared/memory/schemas'
import type { Settings } from '../../shared/settings'
import type { ConversationStore } from '../store/types'
import type { ToolProvider, ToolResult, ToolSpec } from '../tools/types'
import { memorySection } from './memoryPrompt'
import type { MemoryStore } from './memoryStore'
import { HISTORY_PROMPT, MEMORY_TOOL_DESCRIPTION } from './prompts'
import { secretIn } from './sensitive'

export const MEMORY_TOOL = 'memory'
/** For the composition (src/main may not import shared/memory): an assistant's notebook. */
export { assistantScope }
/** Past conversations referenced per request, and passages from each at most. */
const HISTORY_CONVERSATIONS = 4
const HISTORY_HITS = 40

const SPEC: ToolSpec = {
  name: MEMORY_TOOL,
  source: 'builtin',
  title: MEMORY_TOOL,
  description: MEMORY_TOOL_DESCRIPTION,
  parameters: {
    type: 'object',
    properties: {
      action: { type: 'string', enum: ['save', 'update', 'forget'] },
      text: { type: 'string', description: 'The fact, one short sentence (save, update).' },
      id: { type: 'string', description: 'The memory id shown in brackets (update, forget).' }
    },
    required: ['action']
  },
  readOnly: false,
  undoable: true
}

/** What a request carries of memory, and which past conversations it drew on. */
export interface MemoryContext {
  system: string[]
  history?: Array<{ id: string; title: string }>
}

export interface MemoryServices {
  tool: ToolProvider
  /** For the chat engine: the memory section and history passages of a request. */
  context(input: { conversationId: string; question: string; temporary: boolean }): Promise<MemoryContext>
  /** Deletes every memory of a scope (an assistant's notebook, when the assistant is deleted). */
  forgetScope(scope: string): Promise<void>
  handlers: ContractHandlers['memory']
}

export interface MemoryServicesDeps {
  memories: MemoryStore
  store: ConversationStore
  settings: () => Settings
  emit: EmitEvent
  /**
   * The memory scope of a conversation (its assistant's own notebook, or GLOBAL_SCOPE). Asked at
   * each request and each tool call, so a conversation whose assistant changed follows it.
   * Absent: every conversation uses the global memories.
   */
  scopeOf?: (conversationId: string) => Promise<string>
}

/** The memory scope of a conversation with this assistant: its own notebook, or (none, or shared) the global memories. */
export function memoryScopeOf(assistant: { id: string; capabilities: { memoryScope?: 'shared' | 'own' } } | undefined): string {
  return assistant?.capabilities.memoryScope === 'own' ? assistantScope(assistant.id) : GLOBAL_SCOPE
}

const clean = (text: unknown): string => (typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '')

export function createMemoryServices(deps: MemoryServicesDeps): MemoryServices {
  const { memories, store } = deps
  const scopeOf = (conversationId: string | undefined): Promise<string> =>
    conversationId && deps.scopeOf ? deps.scopeOf(conversationId) : Promise.resolve(GLOBAL_SCOPE)
  /**
   * Each scope's memories as the last read found them: every change goes through this service,
   * so a request ranks them without reading the table again (1,000 rows cost ~5 ms to read, ~1 ms
   * to rank). All forgotten at each change.
   */
  const cached = new Map<string, Promise<MemoryItem[]>>()
  const memoriesOf = (scope: string): Promise<MemoryItem[]> => {
    let read = cached.get(scope)
    if (!read) {
      read = memories.list([scope]).catch((error: unknown) => {
        cached.delete(scope)
        throw error
      })
      cached.set(scope, read)
    }
    return read
  }
  const changed = async (): Promise<void> => {
    cached.clear()
    deps.emit('memory:onChanged', await memories.list())
  }

  /** A memory's text checked: not empty, not too long, no secret. Throws the reason. */
  const checked = (text: string): string => {
    if (!text) throw new AppError({ code: 'bad_request', detail: 'A memory needs some text.' })
    if (text.length > MAX_MEMORY_CHARS) throw new AppError({ code: 'bad_request', detail: `A memory is one short fact (up to ${MAX_MEMORY_CHARS} characters).` })
    const secret = secretIn(text)
    if (secret) throw new AppError({ code: 'bad_request', detail: `This looks like ${secret}: secrets are never kept in memory.` })
    return text
  }

  async function runTool(args: Record<string, unknown>, conversationId: string | undefined): Promise<ToolResult> {
    const action = args.action
    const id = typeof args.id === 'string' ? args.id : ''
    try {
      const scope = await scopeOf(conversationId)
      if (action === 'save') {
        const item = await memories.add({ text: checked(clean(args.text)), scope, source: 'model', conversationId })
        await changed()
        return { content: `Saved as [${item.id}].`, memory: { action: 'save', id: item.id, text: item.text, scope } }
      }
      if (action === 'update' || action === 'forget') {
        const before = await memories.get(id)
        // Another scope's memory is not this conversation's to see, let alone change.
        if (!before || before.scope !== scope) return { isError: true, content: `There is no memory [${id}]. Use an id shown in brackets in the system prompt.` }
        if (action === 'forget') {
          await memories.remove(id)
          await changed()
          return { content: `Forgot [${id}].`, memory: { action: 'forget', id, text: before.text, previousText: before.text, scope } }
        }
        const after = await memories.update(id, checked(clean(args.text)))
        await changed()
        return { content: `Updated [${id}].`, memory: { action: 'update', id, text: after?.text ?? '', previousText: before.text, scope } }
      }
      return { isError: true, content: 'action must be "save", "update" or "forget".' }
    } catch (error) {
      // The model reads why (a secret, too long) and can tell the user.
      if (error instanceof AppError) return { isError: true, content: error.info.detail ?? 'The memory was not saved.' }
      throw error
    }
  }

  /** Puts back what a step's change did; the step, marked undone. */
  async function undoStep(step: ToolStepPart & { memory: MemoryChange }, item: MemoryItem | undefined): Promise<void> {
    const change = step.memory
    if (change.action === 'save') await memories.remove(change.id)
    else if (change.action === 'update') {
      if (item) await memories.update(change.id, change.previousText ?? item.text)
    } else {
      // Back into the scope it was forgotten from (steps older than scopes: global).
      await memories.restore({ id: change.id, text: change.previousText ?? change.text, scope: change.scope ?? GLOBAL_SCOPE, source: 'model', createdAt: Date.now(), updatedAt: Date.now() })
    }
  }

  return {
    tool: {
      // Only in a conversation's request (Settings → Memory turns it off, not the composer's tools menu).
      list: (scope) => (deps.settings().memoryEnabled && scope?.conversationId && !scope.temporary ? [SPEC] : []),
      call: (name, args, ctx) => (name === MEMORY_TOOL ? runTool(args, ctx.conversationId) : Promise.resolve({ isError: true, content: `There is no tool named "${name}" here.` }))
    },

    async context({ conversationId, question, temporary }) {
      const settings = deps.settings()
      if (temporary) return { system: [] }
      const out: MemoryContext = { system: [] }
      if (settings.memoryEnabled) out.system.push(memorySection(await memoriesOf(await scopeOf(conversationId)), question))
      if (settings.referenceChatHistory && question.trim()) {
        const hits = await store.relatedMessages(question, { excludeConversationId: conversationId, limit: HISTORY_HITS })
        const chosen = new Map<string, { title: string; snippets: string[] }>()
        for (const hit of hits) {
          const entry = chosen.get(hit.conversationId) ?? (chosen.size < HISTORY_CONVERSATIONS ? { title: hit.conversationTitle, snippets: [] } : undefined)
          if (!entry || entry.snippets.length >= 2) continue
          entry.snippets.push(hit.snippet.replace(/[\u0001\u0002]/g, ''))
          chosen.set(hit.conversationId, entry)
        }
        if (chosen.size) {
          out.system.push(`${HISTORY_PROMPT}\n${[...chosen.values()].map((c) => `"${c.title}": ${c.snippets.join(' … ')}`).join('\n')}`)
          out.history = [...chosen.entries()].map(([id, c]) => ({ id, title: c.title }))
        }
      }
      return out
    },

    async forgetScope(scope) {
      if (await memories.clear([scope])) await changed()
    },

    handlers: {
      list: async ({ query }) => {
        const all = await memories.list()
        const q = query?.trim().toLowerCase()
        return q ? all.filter((m) => m.text.toLowerCase().includes(q)) : all
      },
      update: async ({ id, text }) => {
        const item = await memories.update(id, checked(clean(text)))
        if (!item) throw new AppError({ code: 'not_found', detail: 'That memory no longer exists.' })
        await changed()
        return item
      },
      remove: async ({ id }) => {
        await memories.remove(id)
        await changed()
        return { ok: true as const }
      },
      clear: async ({ scopes }) => {
        await memories.clear(scopes)
        await changed()
        return { ok: true as const }
      },
      undo: async ({ messageId, callId }) => {
        const message = await store.getMessage(messageId)
        const step = message?.parts.find((p): p is ToolStepPart => p.type === 'tool' && p.callId === callId)
        if (!message || !step?.memory) throw new AppError({ code: 'not_found', detail: 'That memory change is no longer there.' })
        if (step.memory.undone) return step
        await undoStep(step as ToolStepPart & { memory: MemoryChange }, await memories.get(step.memory.id))
        const undone: ToolStepPart = { ...step, memory: { ...step.memory, undone: true } }
        const parts: ContentPart[] = message.parts.map((p) => (p === step ? undone : p))
        await store.updateMessage(message.id, { parts })
        await changed()
        // Another window showing the answer reads it again (its chip shows "Undone").
        deps.emit('conversations:onChanged', { conversationId: message.conversationId })
        return undone
      }
    }
  }
}
