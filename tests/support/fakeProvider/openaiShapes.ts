// Wire shapes of the OpenAI API, copied from what api.openai.com sends, so the openai SDK
// parses our answers exactly as it parses the real ones.

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

export function errorBody(message: string, type: string, code: string | null): OpenAIErrorBody {
  return { error: { message, type, param: null, code } }
}

/** The key shown the way OpenAI does: first and last characters only. */
function redactKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length)
  return `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}`
}

export function invalidApiKeyError(providedKey: string): OpenAIErrorBody {
  const message = providedKey
    ? `Incorrect API key provided: ${redactKey(providedKey)}. You can find your API key at https://platform.openai.com/account/api-keys.`
    : "Incorrect API key provided: ''. You didn't provide an API key in an Authorization header (Bearer)."
  return errorBody(message, 'invalid_request_error', 'invalid_api_key')
}

export function modelNotFoundError(model: string): OpenAIErrorBody {
  return errorBody(
    `The model \`${model}\` does not exist or you do not have access to it.`,
    'invalid_request_error',
    'model_not_found'
  )
}

/** The body OpenAI sends for a given status when a test only scripts the status. */
export function errorBodyForStatus(status: number): OpenAIErrorBody {
  switch (status) {
    case 400:
      return errorBody('Bad request (scripted).', 'invalid_request_error', null)
    case 401:
      return invalidApiKeyError('')
    case 403:
      return errorBody('You are not allowed to sample from this model.', 'invalid_request_error', null)
    case 404:
      return errorBody('Not found (scripted).', 'invalid_request_error', null)
    case 429:
      return errorBody(
        'Rate limit reached for requests. Please try again in a moment.',
        'requests',
        'rate_limit_exceeded'
      )
    case 503:
      return errorBody('The engine is currently overloaded, please try again later.', 'server_error', null)
    default:
      return status >= 500
        ? errorBody('The server had an error while processing your request. Sorry about that!', 'server_error', null)
        : errorBody(`Request failed with status ${status} (scripted).`, 'invalid_request_error', null)
  }
}

/** Splits text the way the fake streams it: each token is a word plus its following whitespace. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : [])
}

type MessageContent = string | Array<{ type?: string; text?: string }> | null | undefined
interface ChatMessage {
  role?: string
  content?: MessageContent
}

function textOf(content: MessageContent): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .filter((part) => part?.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join(' ')
}

export function messagesOf(body: unknown): ChatMessage[] {
  const messages = (body as { messages?: unknown } | undefined)?.messages
  return Array.isArray(messages) ? (messages as ChatMessage[]) : []
}

export function lastUserText(body: unknown): string {
  const lastUser = [...messagesOf(body)].reverse().find((message) => message?.role === 'user')
  return lastUser ? textOf(lastUser.content) : ''
}

export interface Usage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
}

/** Rough token count (4 characters a token), enough for tests that check usage flows through. */
export function estimateUsage(body: unknown, completionText: string): Usage {
  const promptChars = messagesOf(body).reduce((sum, message) => sum + textOf(message?.content).length, 0)
  const prompt_tokens = Math.max(1, Math.ceil(promptChars / 4))
  const completion_tokens = Math.ceil(completionText.length / 4)
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens }
}

export interface ToolCallOut {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
}

export interface CompletionIdentity {
  id: string
  created: number
  model: string
}

export function chatCompletion(
  identity: CompletionIdentity,
  content: string,
  toolCalls: ToolCallOut[],
  finishReason: string,
  usage: Usage
) {
  return {
    ...identity,
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: content === '' && toolCalls.length > 0 ? null : content,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {})
        },
        logprobs: null,
        finish_reason: finishReason
      }
    ],
    usage,
    system_fingerprint: 'fp_fake'
  }
}

/** One `chat.completion.chunk`; OpenAI adds `usage: null` to every chunk when usage is requested. */
export function chatChunk(
  identity: CompletionIdentity,
  delta: Record<string, unknown>,
  finishReason: string | null,
  includeUsage: boolean
) {
  return {
    ...identity,
    object: 'chat.completion.chunk',
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {})
  }
}

export function usageChunk(identity: CompletionIdentity, usage: Usage) {
  return { ...identity, object: 'chat.completion.chunk', system_fingerprint: 'fp_fake', choices: [], usage }
}

export function modelList(models: string[]) {
  return { object: 'list', data: models.map(modelObject) }
}

export function modelObject(id: string) {
  return { id, object: 'model', created: 1_700_000_000, owned_by: 'omnidesk-fake' }
}
