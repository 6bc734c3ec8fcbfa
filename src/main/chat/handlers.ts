/**
 * The `chat` and `conversations` namespaces of the contract: streams through the ChatEngine,
 * conversations from the store (a removal stops the conversation's streams first, and hands the
 * images it referenced to the attachment collector after).
 */
import type { ContractHandlers, EmitEvent } from '../../shared/ipc/contract'
import type { ConversationStore } from '../store/types'
import { AppError } from '../../shared/errors'
import type { ToolServices } from '../tools/service'
import type { ChatEngine, ImageAttachmentResolver } from './chatEngine'

export function createChatHandlers(engine: ChatEngine, tools: Pick<ToolServices, 'approve'>): ContractHandlers['chat'] {
  return {
    approveTool: async ({ approvalId, decision }) => {
      if (!tools.approve(approvalId, decision)) throw new AppError({ code: 'bad_request', detail: 'That question is no longer open (the answer ended or was stopped).' })
      return { ok: true as const }
    },
    send: (req) => engine.send(req),
    stop: async ({ streamId }) => {
      await engine.stop(streamId)
      return { ok: true as const }
    },
    regenerate: (req) => engine.regenerate(req),
    continue: (req) => engine.continueAnswer(req),
    retryWithoutOldest: (req) => engine.retryWithoutOldest(req),
    newChatWithSummary: (req) => engine.newChatWithSummary(req),
    editAndResend: (req) => engine.editAndResend(req)
  }
}

/** Conversations per page of the sidebar's list when the renderer does not say. */
const DEFAULT_PAGE = 100

export function createConversationHandlers(deps: {
  store: ConversationStore
  engine: ChatEngine
  emit: EmitEvent
  /** The attachment collector's entry: a deleted conversation's images go when nothing else uses them. */
  images?: Pick<ImageAttachmentResolver, 'release'>
  /** Whether an assistant exists (a conversation is never pointed at one that does not). */
  assistantExists?: (id: string) => Promise<boolean>
}): ContractHandlers['conversations'] {
  const { store, engine, emit, images } = deps
  return {
    list: ({ after, limit }) => store.listConversationPage({ after, limit: limit ?? DEFAULT_PAGE }),
    get: async ({ id }) => {
      const conversation = await store.getConversation(id)
      if (!conversation) throw new AppError({ code: 'not_found', detail: 'That conversation no longer exists.' })
      return { conversation, messages: await store.listMessages(id) }
    },
    rename: async ({ id, title }) => {
      const conversation = await store.renameConversation(id, title, { auto: false })
      emit('conversations:onChanged', { conversationId: id })
      return conversation
    },
    remove: async ({ id }) => {
      await engine.stopConversationStreams(id)
      // Asked before the rows go; the collector keeps what another conversation still references.
      const attachmentIds = images?.release ? await store.attachmentIdsOf(id) : []
      await store.deleteConversation(id)
      if (attachmentIds.length) images?.release?.(attachmentIds)
      emit('conversations:onChanged', { conversationId: id })
      return { ok: true as const }
    },
    search: ({ query, after }) => store.searchPage(query, { after }),
    setToolsOff: async ({ id, toolsOff }) => {
      const conversation = await store.setToolsOff(id, [...new Set(toolsOff)])
      emit('conversations:onChanged', { conversationId: id })
      return conversation
    },
    setAssistant: async ({ id, assistantId }) => {
      if (assistantId !== null && !(await deps.assistantExists?.(assistantId))) {
        throw new AppError({ code: 'not_found', detail: 'That assistant no longer exists.' })
      }
      const conversation = await store.setAssistant(id, assistantId)
      emit('conversations:onChanged', { conversationId: id })
      return conversation
    },
    includeAllTurns: async ({ conversationId }) => {
      await engine.includeAllTurns({ conversationId })
      return { ok: true as const }
    }
  }
}
