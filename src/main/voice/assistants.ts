/**
 * The assistant a voice session talks with: the one its request names from the library ("Live
 * translation" is the live interpreter), else the conversation's, else, for a new conversation,
 * the one the request picked. The assistants themselves live in src/main/assistants; voice sees
 * them through `VoiceAssistantsPort` (wired in src/main/services.ts).
 */
import { AppError } from '../../shared/errors'
import type { Conversation } from '../../shared/domain'
import type { VoiceBuiltinAssistant, VoiceSessionAssistant } from '../../shared/voice/schemas'

/** The fields of an assistant voice reads (src/shared/assistants/schemas.ts's Assistant has them). */
export interface VoiceAssistant {
  id: string
  name: string
  /** Its system prompt. */
  instructions: string
  /** Voice mode's voice; absent: the request's (Settings → Voice). */
  voice?: string
  /** Replace the generic voice prompt when set (a translator must not be told to answer). */
  voiceInstructions?: string
  /** The library entry it was added from. */
  builtinId?: string
  /** Its own provider and model (absent: the default provider, its default model). */
  providerId?: string
  model?: string
}

/** What voice needs of the assistants service. */
export interface VoiceAssistantsPort {
  get(id: string): Promise<VoiceAssistant | undefined>
  /** The user's assistants (most recently changed first). */
  list(): Promise<VoiceAssistant[]>
  /** Copies a library entry into the user's assistants, in the UI's language. */
  addFromLibrary(req: { builtinId: string; language: 'en' | 'zh-CN' }): Promise<VoiceAssistant>
}

export interface VoiceAssistantRequest {
  /** The conversation the session continues (undefined: a new one). */
  conversation: Conversation | undefined
  assistantId?: string
  builtinAssistantId?: VoiceBuiltinAssistant
}

/**
 * The session's assistant, or undefined for none. A library assistant the user does not have yet
 * is added (once: the next start finds their copy, edits included). An unknown `assistantId` for
 * a new conversation fails as not_found; a conversation whose assistant was deleted since talks
 * without one, as its chat does.
 */
export async function voiceAssistantFor(
  port: VoiceAssistantsPort | undefined,
  req: VoiceAssistantRequest,
  language: () => 'en' | 'zh-CN'
): Promise<VoiceAssistant | undefined> {
  if (req.builtinAssistantId) {
    if (!port) throw new AppError({ code: 'not_found', detail: 'Assistants are not available here.' })
    const builtinId = req.builtinAssistantId
    const own = (await port.list()).find((a) => a.builtinId === builtinId)
    return own ?? (await port.addFromLibrary({ builtinId, language: language() }))
  }
  if (req.conversation) return req.conversation.assistantId ? await port?.get(req.conversation.assistantId) : undefined
  if (!req.assistantId) return undefined
  const picked = await port?.get(req.assistantId)
  if (!picked) throw new AppError({ code: 'not_found', detail: 'That assistant no longer exists.' })
  return picked
}

/** What the voice view shows of it. */
export function sessionAssistant(assistant: VoiceAssistant): VoiceSessionAssistant {
  return {
    id: assistant.id,
    name: assistant.name,
    ...(assistant.voice ? { voice: assistant.voice } : {}),
    ...(assistant.builtinId ? { builtinId: assistant.builtinId } : {})
  }
}
