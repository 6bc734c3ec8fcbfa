/**
 * Seeds a long conversation straight into a data folder's SQLite store (the app must not be
 * running on it: call it from `harness.restart({ beforeStart })`). Used by the render E2E spec and
 * the render bench ("open a 2,000-message conversation").
 */
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'

export function seededMessageText(i: number): string {
  if (i % 2 === 0) return `Question ${i}: how does item ${i} work?`
  const kind = i % 7
  if (kind === 1) return `Answer ${i}. Here is **code**:\n\n\`\`\`ts\nconst v${i} = ${i} * 2\nconsole.log(v${i})\n\`\`\`\n`
  if (kind === 3) return `Answer ${i} with a table:\n\n| k | v |\n|---|---|\n| a | ${i} |\n| b | ${i + 1} |\n`
  if (kind === 5) return `Answer ${i} with math $x_${i} = \\frac{${i}}{2}$ and a list:\n\n- one\n- two\n- three\n`
  return `Answer ${i}. ${'Some prose that wraps over a couple of lines in the message list. '.repeat(2 + (i % 4))}`
}

export async function seedLongConversation(dataDir: string, count: number, title = 'Long conversation'): Promise<string> {
  const { store } = await openConversationStore({ dataDir })
  try {
    const conv = await store.createConversation({ title })
    for (let i = 0; i < count; i++) {
      await store.addMessage({
        conversationId: conv.id,
        role: i % 2 === 0 ? 'user' : 'assistant',
        parts: [{ type: 'text', text: seededMessageText(i) }],
        status: 'complete',
        ...(i % 2 === 1 ? { model: 'gpt-4o' } : {})
      })
    }
    return conv.id
  } finally {
    await store.close()
  }
}
