import type { IncomingMessage, ServerResponse } from 'node:http'
import { answerChatCompletion } from './chatCompletions'
import { audioSpeech, audioTranscriptions } from './audioRoutes'
import { embeddings, type EmbeddingRouteOptions } from './embeddings'
import { sendJson } from './httpIo'
import { errorBody, modelList, modelNotFoundError, modelObject } from './openaiShapes'
import type { ScriptRule } from './types'

export interface ApiRequestContext {
  req: IncomingMessage
  res: ServerResponse
  path: string
  /** Parsed JSON body, undefined when absent or not JSON. */
  body: unknown
  rule: ScriptRule | undefined
  clientGone: AbortSignal
  models: string[]
  strictModels: boolean
  /** How /v1/embeddings answers (dimensions, which models). */
  embeddingOptions: EmbeddingRouteOptions
  nextId: () => number
}

const MODEL_PATH_PREFIX = '/v1/models/'

/** The OpenAI endpoints the fake serves; add new ones (audio, ...) here. */
export async function routeApiRequest(ctx: ApiRequestContext): Promise<void> {
  const { req, res, path } = ctx
  if (req.method === 'GET' && path === '/v1/models') return sendJson(res, 200, modelList(ctx.models))
  if (req.method === 'GET' && path.startsWith(MODEL_PATH_PREFIX)) return retrieveModel(ctx)
  if (req.method === 'POST' && path === '/v1/chat/completions') return chatCompletions(ctx)
  if (req.method === 'POST' && path === '/v1/audio/transcriptions') return audioTranscriptions(ctx)
  if (req.method === 'POST' && path === '/v1/audio/speech') return audioSpeech(ctx)
  if (req.method === 'POST' && path === '/v1/embeddings') return embeddings(ctx, ctx.embeddingOptions)
  sendJson(res, 404, errorBody(`Invalid URL (${req.method} ${path})`, 'invalid_request_error', null))
}

function retrieveModel({ res, path, models }: ApiRequestContext): void {
  const id = decodeURIComponent(path.slice(MODEL_PATH_PREFIX.length))
  if (models.includes(id)) sendJson(res, 200, modelObject(id))
  else sendJson(res, 404, modelNotFoundError(id))
}

async function chatCompletions(ctx: ApiRequestContext): Promise<void> {
  const { res, body } = ctx
  if (typeof body !== 'object' || body === null) {
    return sendJson(res, 400, errorBody('We could not parse the JSON body of your request.', 'invalid_request_error', null))
  }
  const request = body as Record<string, unknown>
  if (typeof request.model !== 'string') {
    return sendJson(res, 400, errorBody('you must provide a model parameter', 'invalid_request_error', null))
  }
  if (!Array.isArray(request.messages)) {
    return sendJson(res, 400, errorBody("Missing required parameter: 'messages'.", 'invalid_request_error', 'missing_required_parameter'))
  }
  if (ctx.strictModels && !ctx.models.includes(request.model)) {
    return sendJson(res, 404, modelNotFoundError(request.model))
  }
  await answerChatCompletion({ res, body: request, rule: ctx.rule, clientGone: ctx.clientGone, nextId: ctx.nextId })
}
