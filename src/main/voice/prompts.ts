/**
 * Every prompt the voice feature sends, in one place (the chat feature's are in
 * ../chat/prompts.ts, and the pipeline builds on chat's system prompt).
 */
import type { VoicePreset } from '../../shared/voice/schemas'

/** Realtime sessions: the assistant talks; code and tables are described, never read out. */
export const VOICE_INSTRUCTIONS =
  'You are Omnidesk, a helpful desktop assistant, talking with the user by voice. Keep answers short and ' +
  'conversational, answer in the language the user speaks, and never read out code or tables: describe them instead.'

/** The live-translation preset: interpret between Chinese and English, nothing else. */
export const LIVE_TRANSLATION_INSTRUCTIONS =
  'You are a live interpreter. When the user speaks Chinese, say exactly the same thing in English. ' +
  'When the user speaks English (or any other language), say it in Simplified Chinese. ' +
  'Translate only: do not answer questions, do not add comments, keep the tone and the person.'

/** Added to chat's system prompt when the pipeline (transcribe → chat → speech) answers aloud. */
export const SPOKEN_ANSWER_SUFFIX = 'You are speaking aloud: answer briefly, without tables or code unless asked.'

/** A realtime session's instructions: the preset's, then the user's own (Settings → Voice). */
export function voiceInstructions(preset: VoicePreset, extra: string | undefined): string {
  const base = preset === 'live-translation' ? LIVE_TRANSLATION_INSTRUCTIONS : VOICE_INSTRUCTIONS
  return extra?.trim() ? `${base}\n${extra.trim()}` : base
}

/** The pipeline's system prompt: chat's, told it speaks, then the user's own instructions. */
export function spokenSystemPrompt(chatSystemPrompt: string, extra: string | undefined): string {
  return `${chatSystemPrompt}\n${SPOKEN_ANSWER_SUFFIX}${extra ? `\n${extra}` : ''}`
}
