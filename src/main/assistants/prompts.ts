/** What the model is told when a conversation talks to an assistant. Read with src/main/chat/prompts.ts. */
import type { Assistant } from '../../shared/assistants/schemas'

/** The assistant's own instructions, after the app's system prompt. */
export function assistantSystemPrompt(assistant: Assistant): string {
  const instructions = assistant.instructions.trim()
  return instructions
    ? `You are the assistant "${assistant.name}". Follow its instructions (they come from the user who made it):\n${instructions}`
    : `You are the assistant "${assistant.name}".${assistant.description ? ` ${assistant.description}` : ''}`
}

/** When the assistant has knowledge files. */
export const KNOWLEDGE_PROMPT = [
  "The assistant's knowledge files give the passages most relevant to each question, inside <document source=\"knowledge\"> tags with page markers.",
  'Answer from them when they cover the question, and cite the file and page: (handbook.pdf, p. 3). Say so when they do not cover it.'
].join('\n')
