/** Schemas of the voice channels (the `voice` namespace of the IPC contract). Pure TypeScript. */
import { z } from 'zod'
import { ErrorInfo } from '../errors'

const Id = z.string().min(1).max(200)

export const VoiceMode = z.enum(['realtime', 'pipeline'])
export type VoiceMode = z.infer<typeof VoiceMode>

export const TurnDetection = z.enum(['server_vad', 'semantic_vad'])
export type TurnDetection = z.infer<typeof TurnDetection>

/** "Live translation": speak Chinese, hear English, and the other way round. */
export const VoicePreset = z.enum(['default', 'live-translation'])
export type VoicePreset = z.infer<typeof VoicePreset>

export const VoicePhase = z.enum(['connecting', 'listening', 'user-speaking', 'thinking', 'assistant-speaking', 'ended'])
export type VoicePhase = z.infer<typeof VoicePhase>

/** The window whose page runs the session's audio (the audio link's port goes to it, and only it). */
export const VoiceWindow = z.enum(['main', 'companion'])
export type VoiceWindow = z.infer<typeof VoiceWindow>

export const VoiceStartRequest = z.object({
  /** Absent: a new conversation. Present: the conversation so far is the session's context. */
  conversationId: Id.optional(),
  mode: VoiceMode.optional(),
  preset: VoicePreset.optional(),
  voice: z.string().min(1).max(100).optional(),
  pushToTalk: z.boolean().optional(),
  providerId: Id.optional(),
  /** Absent: the main window. */
  window: VoiceWindow.optional()
})

export const VoiceStarted = z.object({
  sessionId: Id,
  conversationId: Id,
  mode: VoiceMode,
  /** Main observes timings (the voice bench): the page reports each audio chunk it schedules. False in the app. */
  measure: z.boolean().default(false)
})
export type VoiceStarted = z.infer<typeof VoiceStarted>

export const VoiceEndReason = z.enum(['user', 'network', 'error'])

export const VoiceEvent = z.discriminatedUnion('kind', [
  /** The audio link of the session is ready to be connected (harness: open its socket). */
  z.object({ kind: z.literal('link'), sessionId: Id, window: VoiceWindow }),
  z.object({ kind: z.literal('phase'), sessionId: Id, phase: VoicePhase }),
  /** Live transcript of one side; `final` once it is complete. `messageId` once stored. */
  z.object({
    kind: z.literal('transcript'),
    sessionId: Id,
    conversationId: Id,
    itemId: z.string(),
    role: z.enum(['user', 'assistant']),
    text: z.string(),
    final: z.boolean(),
    truncated: z.boolean().optional(),
    messageId: Id.optional()
  }),
  z.object({
    kind: z.literal('ended'),
    sessionId: Id,
    conversationId: Id,
    reason: VoiceEndReason,
    error: ErrorInfo.optional()
  })
])
export type VoiceEvent = z.infer<typeof VoiceEvent>

export const MicAccess = z.enum(['granted', 'denied', 'restricted', 'not-determined', 'unknown'])
export type MicAccess = z.infer<typeof MicAccess>
