/**
 * The pipeline endpoints of the local provider: `/v1/audio/transcriptions` (multipart upload in,
 * scripted text out: a rule with `match.path` '/v1/audio/transcriptions' and `content`) and
 * `/v1/audio/speech` (JSON in, the synthetic voice out as pcm16 24 kHz, or WAV for other formats;
 * its length follows the input text).
 */
import type { ApiRequestContext } from './apiRoutes'
import { sendJson } from './httpIo'
import { errorBody } from './openaiShapes'
import { pcm16ToBuffer, syntheticVoice, wavFromPcm16 } from './realtimeAudio'

export const DEFAULT_TRANSCRIPT = 'Hello from the microphone.'

export function speechDurationMs(text: string): number {
  return Math.max(300, Math.min(20_000, text.length * 60))
}

export function audioTranscriptions(ctx: ApiRequestContext): void {
  const { req, res, rule } = ctx
  if (!String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    return sendJson(res, 400, errorBody("Missing required parameter: 'file'.", 'invalid_request_error', 'missing_required_parameter'))
  }
  const text = rule?.content ?? DEFAULT_TRANSCRIPT
  sendJson(res, 200, { text, usage: { type: 'duration', seconds: 1 } })
}

export function audioSpeech(ctx: ApiRequestContext): void {
  const { res, body } = ctx
  const request = (body ?? {}) as Record<string, unknown>
  if (typeof request.input !== 'string' || request.input.length === 0) {
    return sendJson(res, 400, errorBody("Missing required parameter: 'input'.", 'invalid_request_error', 'missing_required_parameter'))
  }
  const samples = syntheticVoice(speechDurationMs(request.input), 24_000, request.input.length)
  const pcm = request.response_format === 'pcm'
  const data = pcm ? pcm16ToBuffer(samples) : wavFromPcm16(samples)
  res.writeHead(200, { 'content-type': pcm ? 'audio/pcm' : 'audio/wav', 'content-length': data.length })
  res.end(data)
}
