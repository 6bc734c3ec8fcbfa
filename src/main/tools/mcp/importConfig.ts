/**
 * Importing MCP servers from the JSON other apps use, so users can paste what they already have.
 *
 * Claude Desktop and Cursor write `{ "mcpServers": { "<name>": { command, args, env, cwd } } }`
 * for stdio servers and `{ url, headers, type? }` for remote ones (`type`: "http",
 * "streamable-http" or "sse"; VS Code calls the outer key `servers` and says "stdio" too). Each
 * entry is checked on its own: a bad one becomes an error naming it and the good ones still
 * import, because one typo should not make the user fix the whole file before anything works.
 * An "sse" server imports as `http`: our http transport tries Streamable HTTP and falls back to
 * the older SSE transport by itself.
 */
import { McpServerConfig } from '../../../shared/tools/schemas'

export interface McpImportResult {
  servers: McpServerConfig[]
  errors: string[]
}

const MAX_ID_LENGTH = 32
const HTTP_TYPES = new Set(['http', 'streamable-http', 'streamablehttp', 'sse'])

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `My GitHub (work)` → `my-github-work`: the id alphabet is [a-z0-9-], at most 32. */
export function slugifyServerId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID_LENGTH)
    .replace(/-+$/g, '')
  return slug.length > 0 ? slug : 'server'
}

/** `base`, or `base-2`, `base-3`… (shortened to fit 32) — the first not in `taken`. */
export function uniqueServerId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) {
    const suffix = `-${n}`
    const candidate = `${base.slice(0, MAX_ID_LENGTH - suffix.length).replace(/-+$/g, '')}${suffix}`
    if (!taken.has(candidate)) return candidate
  }
}

function stringMap(value: unknown, what: string): { map?: Record<string, string>; error?: string } {
  if (value === undefined || value === null) return { map: {} }
  if (!isRecord(value)) return { error: `${what} must be an object of names to text values` }
  const map: Record<string, string> = {}
  for (const [key, item] of Object.entries(value)) {
    // Numbers and booleans are common in hand-written files (`"PORT": 8080`) and unambiguous.
    if (typeof item === 'string') map[key] = item
    else if (typeof item === 'number' || typeof item === 'boolean') map[key] = String(item)
    else return { error: `${what} “${key}” must be text` }
  }
  return { map }
}

function describeIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

/** One entry → a config draft, or the reason it can't be one. */
function entryToDraft(name: string, entry: unknown): { draft?: Record<string, unknown>; error?: string } {
  if (!isRecord(entry)) return { error: 'is not an object' }
  const type = typeof entry.type === 'string' ? entry.type.toLowerCase() : undefined
  const hasCommand = typeof entry.command === 'string' && entry.command.trim().length > 0
  const hasUrl = typeof entry.url === 'string' && entry.url.trim().length > 0
  // Cline and a few others write `disabled: true`.
  const enabled = entry.disabled !== true && entry.enabled !== false

  if (type !== undefined && type !== 'stdio' && !HTTP_TYPES.has(type)) {
    return { error: `has an unknown type “${String(entry.type)}” (expected stdio, http, streamable-http or sse)` }
  }
  const isHttp = type !== undefined ? HTTP_TYPES.has(type) : hasUrl && !hasCommand
  if (isHttp) {
    if (!hasUrl) return { error: 'needs a "url" for an http server' }
    const url = String(entry.url).trim()
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return { error: `has a url that is not a valid address: “${url}”` }
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return { error: `has a url that is not http(s): “${url}”` }
    }
    const headers = stringMap(entry.headers, 'header')
    if (headers.error) return { error: headers.error }
    return { draft: { name, enabled, transport: 'http', url, headers: headers.map } }
  }

  if (!hasCommand) {
    return { error: hasUrl ? 'has type "stdio" but no "command"' : 'needs either a "command" (a local server) or a "url" (a remote one)' }
  }
  if (entry.args !== undefined && (!Array.isArray(entry.args) || entry.args.some((arg) => typeof arg !== 'string'))) {
    return { error: '"args" must be a list of text values' }
  }
  const env = stringMap(entry.env, 'environment variable')
  if (env.error) return { error: env.error }
  if (entry.cwd !== undefined && typeof entry.cwd !== 'string') return { error: '"cwd" must be text' }
  return {
    draft: {
      name,
      enabled,
      transport: 'stdio',
      command: String(entry.command).trim(),
      args: (entry.args as string[] | undefined) ?? [],
      env: env.map,
      ...(typeof entry.cwd === 'string' && entry.cwd.trim() ? { cwd: entry.cwd.trim() } : {})
    }
  }
}

/**
 * Parses a `{"mcpServers": {...}}` JSON text into server configs with fresh ids (unique against
 * `existingIds` and each other). Never throws: problems come back as sentences in `errors`.
 */
export function importMcpServers(json: string, existingIds: string[] = []): McpImportResult {
  const result: McpImportResult = { servers: [], errors: [] }
  let root: unknown
  try {
    root = JSON.parse(json)
  } catch (error) {
    result.errors.push(`The text is not valid JSON: ${error instanceof Error ? error.message : String(error)}`)
    return result
  }
  if (!isRecord(root)) {
    result.errors.push('Expected a JSON object with an "mcpServers" section.')
    return result
  }
  const section = isRecord(root.mcpServers) ? root.mcpServers : isRecord(root.servers) ? root.servers : undefined
  if (!section) {
    result.errors.push('No "mcpServers" section found (the format Claude Desktop and Cursor use: {"mcpServers": {"name": {...}}}).')
    return result
  }

  const taken = new Set(existingIds)
  for (const [rawName, entry] of Object.entries(section)) {
    const name = rawName.trim()
    const label = name.length > 0 ? `“${name}”` : 'A server with an empty name'
    const { draft, error } = entryToDraft(name, entry)
    if (!draft) {
      result.errors.push(`${label} ${error}.`)
      continue
    }
    const id = uniqueServerId(slugifyServerId(name), taken)
    const parsed = McpServerConfig.safeParse({ id, ...draft })
    if (!parsed.success) {
      result.errors.push(`${label} was not imported: ${describeIssues(parsed.error)}.`)
      continue
    }
    taken.add(id)
    result.servers.push(parsed.data)
  }
  if (result.servers.length === 0 && result.errors.length === 0) {
    result.errors.push('The "mcpServers" section is empty.')
  }
  return result
}
