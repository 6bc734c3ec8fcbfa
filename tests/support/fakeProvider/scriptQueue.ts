import { lastUserText, messagesOf } from './openaiShapes'
import type { ScriptRule } from './types'

const DEFAULT_RULE_PATH = '/v1/chat/completions'

interface QueuedRule {
  rule: ScriptRule
  remaining: number
}

/** Scripted rules in the order they were added; the first match answers and uses one of its `times`. */
export class ScriptQueue {
  private queue: QueuedRule[] = []

  add(rule: ScriptRule): void {
    assertValidRule(rule)
    this.queue.push({ rule, remaining: rule.times ?? 1 })
  }

  clear(): void {
    this.queue = []
  }

  /** Finds the rule for this request and uses it up, or returns undefined for the default answer. */
  take(path: string, body: unknown): ScriptRule | undefined {
    const index = this.queue.findIndex(({ rule }) => matches(rule, path, body))
    if (index < 0) return undefined
    const entry = this.queue[index]
    entry.remaining -= 1
    if (entry.remaining <= 0) this.queue.splice(index, 1)
    return entry.rule
  }
}

export function assertValidRule(rule: ScriptRule): void {
  if (typeof rule !== 'object' || rule === null) throw new Error('a script rule must be an object')
  const times = rule.times ?? 1
  if (!(typeof times === 'number' && times > 0)) {
    throw new Error(`ScriptRule.times must be a positive number or Infinity, got ${String(rule.times)}`)
  }
}

function matches(rule: ScriptRule, path: string, body: unknown): boolean {
  const match = rule.match ?? {}
  if (path !== (match.path ?? DEFAULT_RULE_PATH)) return false
  if (match.model !== undefined && (body as { model?: unknown } | undefined)?.model !== match.model) return false
  if (match.lastUserContains !== undefined && !lastUserText(body).includes(match.lastUserContains)) return false
  if (match.minMessages !== undefined && messagesOf(body).length < match.minMessages) return false
  return true
}

const NUMERIC_FIELDS_ALLOWING_INFINITY = new Set([
  'times',
  'dropAfterChunks',
  'malformedAfterChunks',
  'stallAfterChunks',
  'tokensPerSecond'
])

/** Parses one rule or an array of rules sent to the control endpoint; JSON has no Infinity, so "Infinity" stands for it. */
export function parseRuleJson(text: string): ScriptRule[] {
  const parsed: unknown = JSON.parse(text, (key, value) =>
    NUMERIC_FIELDS_ALLOWING_INFINITY.has(key) && value === 'Infinity' ? Infinity : value
  )
  const rules = (Array.isArray(parsed) ? parsed : [parsed]) as ScriptRule[]
  rules.forEach(assertValidRule)
  return rules
}
