/**
 * Every prompt the chat feature sends, in one place (the voice feature's are in
 * ../voice/prompts.ts). Changing one changes what the model is told; read them together.
 */

/** The system prompt of every chat request. */
export function systemPrompt(now: Date): string {
  return [
    'You are Omnidesk, a helpful desktop assistant. Answer in the language the user writes in.',
    'Format answers in Markdown. Put code in fenced blocks with a language tag.',
    'Write math with $…$ inline and $$…$$ for display.',
    'Diagrams: a ```mermaid block is drawn as a diagram.',
    'To analyse data and create charts, write a ```chart block holding one JSON object (no comments):',
    '{"type":"bar|line|area|scatter|pie","title":"…","data":[{"month":"Jan","sales":120}],"x":"month","y":["sales"],"series":"optional grouping field","stacked":false,"xLabel":"…","yLabel":"…"}',
    '(y fields are numbers; pie takes one y; scatter needs a numeric x).',
    `Current date: ${now.toISOString().slice(0, 10)}.`
  ].join('\n')
}

/** Asks for the conversation's title after the first exchange (the user's turn is `titleRequest`). */
export const TITLE_PROMPT = 'Write a title of at most 6 words for this conversation, in the language of the question. Reply with the title only.'

/** The first exchange, cut to what a title needs (the model is asked for at most 24 tokens). */
export function titleRequest(question: string, answer: string): string {
  return `Question: ${question.slice(0, 2000)}\n\nAnswer: ${answer.slice(0, 1000)}`
}

/**
 * Asked after an answer the output limit cut ("Continue"): the continuation is joined to it
 * (continuation.ts drops a restart or a reopened code fence that slips through anyway).
 */
export const CONTINUE_PROMPT =
  'Your previous answer was cut off by the output limit. Continue it exactly where it stopped: do not repeat anything, do not add an introduction, and if it stopped inside a code block, continue the code without opening a new block.'

/**
 * "New chat with a summary": asks for the summary of a conversation that grew longer than the
 * model can read (the transcript is the user's turn, see contextLimit.summaryTranscript).
 */
export const SUMMARY_PROMPT = [
  'Summarise the conversation below so that it can go on in a new chat without it.',
  "Keep what the next answers need: the user's goal and preferences, facts, decisions, names, numbers, code identifiers and file names, and the questions still open.",
  'Write in the language of the conversation, as a short list, at most 300 words. Reply with the summary only.'
].join('\n')

/** How a carried summary is put before the new chat (a system message after the system prompt). */
export function carriedSummary(fromTitle: string, summary: string): string {
  return `The user continues an earlier conversation ("${fromTitle}") that grew too long. Its summary:\n${summary}`
}
