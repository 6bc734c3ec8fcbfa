/**
 * The names MCP tools get when they are offered to the model.
 *
 * Two servers may both have a `search` tool, and the model's function names must match
 * ^[a-zA-Z0-9_-]{1,64}$ (OpenAI rejects the whole request otherwise), while MCP tool names may
 * contain dots, slashes, spaces or be long. So every tool is offered as `<serverId>__<tool>`:
 * the server id (already [a-z0-9-]{1,32}, no `_`) keeps servers apart, and the tool part is
 * sanitised. The hub never parses these names back; it keeps a table from offered name to
 * (server, original tool name), so sanitising may lose information without breaking calls.
 */
import { createHash } from 'node:crypto'

export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/
const MAX_LENGTH = 64
const SEPARATOR = '__'

/** A short, stable fingerprint of the tool's real identity, so a shortened name stays unique. */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8)
}

/** Characters outside [a-zA-Z0-9_-] become `_` (a dot in `files.read` reads fine as `files_read`). */
export function sanitizeToolPart(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_')
  return cleaned.length > 0 ? cleaned : 'tool'
}

/**
 * The name the model sees for `toolName` of server `serverId`, unique within `taken` (names
 * already given out; the caller adds the result). When the plain `<id>__<tool>` is too long or
 * already taken (two names that sanitise alike), the tool part is cut and a hash of the original
 * pair is appended; a counter settles the (astronomically unlikely) case of a hash clash.
 */
export function namespacedToolName(serverId: string, toolName: string, taken: ReadonlySet<string>): string {
  const prefix = `${serverId}${SEPARATOR}`
  const tool = sanitizeToolPart(toolName)
  const plain = prefix + tool
  if (plain.length <= MAX_LENGTH && !taken.has(plain)) return plain

  const hash = shortHash(`${serverId}\u0000${toolName}`)
  for (let attempt = 0; ; attempt++) {
    const suffix = attempt === 0 ? `_${hash}` : `_${hash}${attempt}`
    const room = Math.max(1, MAX_LENGTH - prefix.length - suffix.length)
    const candidate = prefix + tool.slice(0, room) + suffix
    if (!taken.has(candidate)) return candidate
  }
}
