import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody, sendJson } from './httpIo'
import { parseRuleJson } from './scriptQueue'
import type { RecordedRequest, ScriptRule } from './types'

export const CONTROL_PREFIX = '/__control/'

export interface ControlTarget {
  script(rule: ScriptRule): void
  reset(): void
  readonly requests: RecordedRequest[]
}

/**
 * Scripting over HTTP, for a provider running in another process (`npm run provider:fake`,
 * the web harness). Not recorded in `requests`, and never behind the API key.
 */
export async function handleControlRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  target: ControlTarget
): Promise<void> {
  const action = `${req.method} ${path.slice(CONTROL_PREFIX.length)}`
  const raw = (await readBody(req)).toString('utf8')
  switch (action) {
    case 'POST script': {
      let rules: ScriptRule[]
      try {
        rules = parseRuleJson(raw)
        rules.forEach((rule) => target.script(rule))
      } catch (error) {
        return sendJson(res, 400, { error: { message: (error as Error).message } })
      }
      return sendJson(res, 200, { ok: true, added: rules.length })
    }
    case 'POST reset':
      target.reset()
      return sendJson(res, 200, { ok: true })
    case 'GET requests':
      return sendJson(res, 200, target.requests)
    default:
      return sendJson(res, 404, { error: { message: `Unknown control endpoint ${action}` } })
  }
}
