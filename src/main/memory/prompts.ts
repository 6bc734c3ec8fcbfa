/** What the model is told about memory and past conversations. Read with src/main/chat/prompts.ts. */

/** Before the saved memories, in the system prompt. */
export const MEMORY_PROMPT = [
  'Memory: facts the user asked you to remember, or lasting facts about them worth keeping (preferences, their work, where they live).',
  'Use them when they help; do not mention them unless it matters. Save with the memory tool only what stays true and is useful later; update an existing memory instead of adding a near-duplicate; forget one when the user says it is wrong or asks you to.',
  'Never save secrets (passwords, keys, tokens), nor sensitive details the user did not ask you to keep.',
  'Saved memories:'
].join('\n')

export function memoryLine(id: string, text: string): string {
  return `- [${id}] ${text.replace(/\s+/g, ' ')}`
}

/** Before passages of past conversations (Settings → Memory → Reference chat history). */
export const HISTORY_PROMPT =
  'Passages of the user\'s earlier conversations that may be relevant (from their history, titles in quotes). Use them when they help; say so when you rely on one.'

/** The memory tool's description. */
export const MEMORY_TOOL_DESCRIPTION =
  'Save, update or forget a memory about the user: a short lasting fact (one sentence) that will be given to you in later conversations. ' +
  'action "save" with text; "update" with the id shown in brackets and the new text; "forget" with the id. ' +
  'Use it when the user asks you to remember or forget something, or states a lasting preference or fact about themselves. Never store secrets.'
