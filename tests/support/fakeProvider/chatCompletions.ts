import type { ServerResponse } from 'node:http'
import { sendJson, sleepUnlessGone, waitUntilGone, writeFlushed } from './httpIo'
import {
  chatChunk,
  chatCompletion,
  estimateUsage,
  lastUserText,
  tokenize,
  usageChunk,
  type CompletionIdentity,
  type ToolCallOut,
  type Usage
} from './openaiShapes'
import type { ScriptRule } from './types'

export interface ChatRequestContext {
  res: ServerResponse
  body: Record<string, unknown>
  /** Undefined: the default echo answer. */
  rule: ScriptRule | undefined
  /** Fires when the client disconnects or the provider closes. */
  clientGone: AbortSignal
  /** A fresh id per call, unique within this provider, so runs are deterministic. */
  nextId: () => number
}

interface AnswerPlan {
  identity: CompletionIdentity
  content: string
  /** The deltas a stream sends between the role chunk and the finish chunk. */
  deltas: Array<Record<string, unknown>>
  toolCalls: ToolCallOut[]
  finishReason: string
  usage: Usage
}

type FaultKind = 'drop' | 'malformed' | 'stall'
interface Fault {
  kind: FaultKind
  afterChunks: number
}

const TOOL_ARGUMENT_PIECE_CHARS = 10

export async function answerChatCompletion(ctx: ChatRequestContext): Promise<void> {
  const plan = planAnswer(ctx)
  if (ctx.body.stream === true) await streamAnswer(ctx, plan)
  else await sendWholeAnswer(ctx, plan)
}

function planAnswer({ body, rule, nextId }: ChatRequestContext): AnswerPlan {
  const contentTokens = rule?.deltas
    ? rule.deltas.map((d) => (typeof d.content === 'string' ? d.content : ''))
    : rule?.chunks ?? tokenize(rule?.content ?? defaultAnswer(body, rule))
  const content = contentTokens.join('')
  const toolCalls: ToolCallOut[] = (rule?.toolCalls ?? []).map((call) => ({
    id: call.id ?? `call_fake_${nextId()}`,
    type: 'function',
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments)
    }
  }))
  const deltas: Array<Record<string, unknown>> = rule?.deltas ? [...rule.deltas] : contentTokens.map((token) => ({ content: token }))
  toolCalls.forEach((call, index) => {
    deltas.push({
      tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }]
    })
    for (const piece of splitEvery(call.function.arguments, TOOL_ARGUMENT_PIECE_CHARS)) {
      deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] })
    }
  })
  const completionText = content + toolCalls.map((call) => call.function.name + call.function.arguments).join('')
  const usage = { ...estimateUsage(body, completionText), ...rule?.usage }
  if (rule?.usage && rule.usage.total_tokens === undefined) {
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens
  }
  return {
    identity: {
      id: `chatcmpl-fake-${nextId()}`,
      created: Math.floor(Date.now() / 1000),
      model: String(body.model)
    },
    content,
    deltas,
    toolCalls,
    finishReason: rule?.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage
  }
}

/** A rule with only tool calls answers with no text; otherwise the deterministic echo. */
function defaultAnswer(body: unknown, rule: ScriptRule | undefined): string {
  if (rule?.toolCalls?.length) return ''
  return `Echo: ${lastUserText(body)}`
}

function splitEvery(text: string, size: number): string[] {
  return text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? []
}

/** The earliest fault the rule asks for; several are allowed but only the first one can happen. */
function faultOf(rule: ScriptRule | undefined): Fault | undefined {
  const candidates: Array<[FaultKind, number | undefined]> = [
    ['drop', rule?.dropAfterChunks],
    ['malformed', rule?.malformedAfterChunks],
    ['stall', rule?.stallAfterChunks]
  ]
  return candidates
    .filter((candidate): candidate is [FaultKind, number] => typeof candidate[1] === 'number')
    .map(([kind, afterChunks]) => ({ kind, afterChunks }))
    .sort((a, b) => a.afterChunks - b.afterChunks)[0]
}

function pauseBetweenDeltasMs(rule: ScriptRule | undefined): number {
  const tokensPerSecond = rule?.tokensPerSecond
  return tokensPerSecond && tokensPerSecond > 0 && Number.isFinite(tokensPerSecond) ? 1000 / tokensPerSecond : 0
}

function sse(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`
}

async function streamAnswer(ctx: ChatRequestContext, plan: AnswerPlan): Promise<void> {
  const { res, rule, clientGone } = ctx
  const includeUsage = (ctx.body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true
  const fault = faultOf(rule)
  const pauseMs = pauseBetweenDeltasMs(rule)
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
    sse(chatChunk(plan.identity, delta, finishReason, includeUsage))

  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
  await writeFlushed(res, chunk({ role: 'assistant', content: '', refusal: null }, null))

  for (let sent = 0; sent < plan.deltas.length; sent++) {
    if (fault?.afterChunks === sent) return injectStreamFault(res, fault.kind, clientGone)
    if (rule?.pause?.afterChunks === sent) await Promise.race([rule.pause.until.catch(() => undefined), waitUntilGone(clientGone)])
    if (!(await sleepUnlessGone(pauseMs, clientGone))) return
    await writeFlushed(res, chunk(plan.deltas[sent], null))
  }
  // A fault asked for at or beyond the last delta still happens, just before finish_reason.
  if (fault) return injectStreamFault(res, fault.kind, clientGone)

  if (clientGone.aborted) return
  await writeFlushed(res, chunk({}, plan.finishReason))
  if (includeUsage) await writeFlushed(res, sse(usageChunk(plan.identity, plan.usage)))
  if (!clientGone.aborted) res.end(sse('[DONE]'))
}

async function injectStreamFault(res: ServerResponse, kind: FaultKind, clientGone: AbortSignal): Promise<void> {
  switch (kind) {
    case 'drop':
      // Destroying the socket (not ending the response) leaves the chunked body unterminated,
      // which is what a client sees when a proxy or the network cuts a stream.
      res.socket?.destroy()
      return
    case 'malformed':
      await writeFlushed(res, 'data: {not json\n\n')
      if (!clientGone.aborted) res.end()
      return
    case 'stall':
      await waitUntilGone(clientGone)
      return
  }
}

async function sendWholeAnswer(ctx: ChatRequestContext, plan: AnswerPlan): Promise<void> {
  const { res, rule, clientGone } = ctx
  // Generation time a real model would take, so tokensPerSecond slows non-streamed answers too.
  if (!(await sleepUnlessGone(pauseBetweenDeltasMs(rule) * plan.deltas.length, clientGone))) return
  if (rule?.pause) await Promise.race([rule.pause.until.catch(() => undefined), waitUntilGone(clientGone)])
  switch (faultOf(rule)?.kind) {
    case 'drop':
      res.socket?.destroy()
      return
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{not json')
      return
    case 'stall':
      await waitUntilGone(clientGone)
      return
  }
  sendJson(res, 200, chatCompletion(plan.identity, plan.content, plan.toolCalls, plan.finishReason, plan.usage))
}
