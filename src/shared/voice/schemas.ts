/** Schemas of the voice channels (the `voice` namespace of the IPC contract). Pure TypeScript. */
import { z } from 'zod'
import { ErrorInfo } from '../errors'

const Id = z.string().min(1).max(200)

export const VoiceMode = z.enum(['realtime', 'pipeline'])
export type VoiceMode = z.infer<typeof VoiceMode>

export const TurnDetection = z.enum(['server_vad', 'semantic_vad'])
export type TurnDetection = z.infer<typeof TurnDetection>

/**
 * Library assistants voice mode starts by their library id (the view's "Live translation" is the
 * live interpreter). The library's own ids (src/shared/assistants/library.ts, LIVE_TRANSLATOR_ID)
 * are not imported here (the layer map keeps shared/voice to src/shared); voiceAssistants.test.ts
 * keeps each one a library entry with voice instructions.
 */
export const VoiceBuiltinAssistant = z.enum(['live-translator'])
export type VoiceBuiltinAssistant = z.infer<typeof VoiceBuiltinAssistant>

export const VoicePhase = z.enum(['connecting', 'listening', 'user-speaking', 'thinking', 'assistant-speaking', 'ended'])
export type VoicePhase = z.infer<typeof VoicePhase>

/** The window whose page runs the session's audio (the audio link's port goes to it, and only it). */
export const VoiceWindow = z.enum(['main', 'companion'])
export type VoiceWindow = z.infer<typeof VoiceWindow>

export const VoiceStartRequest = z.object({
  /** Absent: a new conversation. Present: the conversation so far is the session's context. */
  conversationId: Id.optional(),
  /** A new conversation's assistant (the main window's new chat may have one picked); a conversation that exists keeps its own. */
  assistantId: Id.optional(),
  /**
   * Talk with this library assistant, whatever the conversation's: the user's own copy of it when
   * they have one (their edits win), else it is added from the library once. A new conversation
   * is created with it.
   */
  builtinAssistantId: VoiceBuiltinAssistant.optional(),
  mode: VoiceMode.optional(),
  /** Settings → Voice's voice; the session's assistant's own voice, when it has one, wins. */
  voice: z.string().min(1).max(100).optional(),
  pushToTalk: z.boolean().optional(),
  providerId: Id.optional(),
  /** Absent: the main window. */
  window: VoiceWindow.optional()
})

/** The assistant a session talks with, as the voice view shows it ("With <name>", its voice). */
export const VoiceSessionAssistant = z.object({
  id: Id,
  name: z.string().max(100),
  /** Its own voice (absent: Settings → Voice's). */
  voice: z.string().max(100).optional(),
  /** The library entry it came from. */
  builtinId: z.string().max(64).optional()
})
export type VoiceSessionAssistant = z.infer<typeof VoiceSessionAssistant>

export const VoiceStarted = z.object({
  sessionId: Id,
  conversationId: Id,
  mode: VoiceMode,
  /** The assistant of the session (absent: none). */
  assistant: VoiceSessionAssistant.optional(),
  /** Main observes timings (the voice bench): the page reports each audio chunk it schedules. False in the app. */
  measure: z.boolean().default(false)
})
export type VoiceStarted = z.infer<typeof VoiceStarted>

export const VoiceEndReason = z.enum(['user', 'network', 'error'])

/** What a voice session shows the model while the user talks (issue 18). */
export const VoiceShareSource = z.enum(['screen', 'camera'])
export type VoiceShareSource = z.infer<typeof VoiceShareSource>

/** Sharing in a session: which source, and what the user picked ("Built-in Display", a window's title). */
export const VoiceSharing = z.object({ source: VoiceShareSource, label: z.string().max(300) })
export type VoiceSharing = z.infer<typeof VoiceSharing>

/** A shared frame, encoded for the model (JPEG or PNG: what the Realtime API takes), as a data: URL. */
export const MAX_SHARE_FRAME_CHARS = 6_000_000

export const VoiceShareRequest = z.object({
  sessionId: Id,
  /** null: stop sharing. */
  sharing: VoiceSharing.nullable(),
  /** Screen: the display or window picked in the capture menu (its capture-source id). */
  target: z.object({ kind: z.enum(['display', 'window']), id: Id }).optional()
})

export const VoiceShareStarted = z.object({
  /** Screen: the id the page opens a live stream of (Electron's desktop media source id). */
  mediaSourceId: z.string().max(300).optional()
})

export const VoiceShareFrame = z.object({
  sessionId: Id,
  image: z.string().max(MAX_SHARE_FRAME_CHARS).regex(/^data:image\/(jpeg|png);base64,/),
  width: z.number().int().positive().max(4096),
  height: z.number().int().positive().max(4096)
})

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
  /** The session's sharing changed (the page, the tray, main's stop when voice ends); null: not sharing. */
  z.object({ kind: z.literal('sharing'), sessionId: Id, sharing: VoiceSharing.nullable() }),
  /** The tray's "Stop sharing": the page stops its stream. */
  z.object({ kind: z.literal('stopSharing'), sessionId: Id }),
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

/**
 * Speech crossing IPC as base64 (one sentence read aloud, one dictation): a minute of pcm16 at
 * 24 kHz is 2.9 MB, 3.8 M characters in base64; a sentence is cut long before that.
 */
export const MAX_SPEECH_BASE64_CHARS = 8_000_000
