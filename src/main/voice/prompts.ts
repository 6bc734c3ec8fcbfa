/**
 * Every prompt the voice feature sends, in one place (the chat feature's are in
 * ../chat/prompts.ts, and the pipeline builds on chat's system prompt). An assistant's own voice
 * instructions (the library's live interpreter has them) come from the assistant.
 */
import type { VoiceAssistant } from './assistants'

/** Realtime sessions: the assistant talks; code and tables are described, never read out. */
export const VOICE_INSTRUCTIONS =
  'You are Omnidesk, a helpful desktop assistant, talking with the user by voice. Keep answers short and ' +
  'conversational, answer in the language the user speaks, and never read out code or tables: describe them instead.'

/** Added to chat's system prompt when the pipeline (transcribe → chat → speech) answers aloud. */
export const SPOKEN_ANSWER_SUFFIX = 'You are speaking aloud: answer briefly, without tables or code unless asked.'

const joined = (base: string, extra: string | undefined): string => (extra?.trim() ? `${base}\n${extra.trim()}` : base)

/**
 * What the session's assistant adds, or says instead: its voice instructions when it has them,
 * else its instructions. Without an assistant, the user's own (Settings → Voice).
 */
export function assistantVoiceExtra(assistant: VoiceAssistant | undefined, settingsExtra: string | undefined): string {
  if (!assistant) return settingsExtra?.trim() ?? ''
  return assistant.voiceInstructions?.trim() || assistant.instructions.trim()
}

/**
 * A realtime session's instructions. An assistant's voice instructions replace the generic voice
 * prompt entirely (an interpreter must not be told to answer); else the generic prompt, then the
 * assistant's instructions — or, with no assistant, the user's own (Settings → Voice).
 */
export function voiceInstructions(assistant: VoiceAssistant | undefined, settingsExtra: string | undefined): string {
  if (assistant?.voiceInstructions?.trim()) return assistant.voiceInstructions.trim()
  return joined(VOICE_INSTRUCTIONS, assistantVoiceExtra(assistant, settingsExtra))
}

/** The pipeline's system prompt: chat's, told it speaks, then the extra instructions (see assistantVoiceExtra). */
export function spokenSystemPrompt(chatSystemPrompt: string, extra: string | undefined): string {
  return `${chatSystemPrompt}\n${SPOKEN_ANSWER_SUFFIX}${extra ? `\n${extra}` : ''}`
}
