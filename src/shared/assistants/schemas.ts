/**
 * Assistants (like OpenAI's GPTs): a name and a face, instructions that become the system prompt,
 * an optional provider and model, conversation starters, knowledge files and the capabilities the
 * assistant may use. Each type is defined once as a zod schema (IPC validation, the store and the
 * import file all check the same bounds) and its TypeScript type is inferred from it.
 * Pure TypeScript: no Node, no DOM.
 */
import { z } from 'zod'
import { FileFormat } from '../files/schemas'

/**
 * Every bound in one place, so the editor can show counters and refuse before it saves. Chosen
 * to fit what a model reads comfortably (32k characters of instructions is ~8k tokens) and what a
 * card in the library shows. zod 4 measures strings in code points (an emoji is 1, not 2).
 */
export const ASSISTANT_LIMITS = {
  name: 100,
  description: 500,
  instructions: 32_000,
  starters: 6,
  starter: 200,
  knowledgeFiles: 20,
  knowledgeName: 300,
  mcpServers: 50,
  model: 200,
  voice: 100,
  /** The same bound as Settings.voiceInstructions: both end up in a realtime session's instructions. */
  voiceInstructions: 4000,
  /** Code points (zod counts strings so): the longest emoji ZWJ sequences (kiss with skin tones) are 10. */
  emoji: 32,
  /** The picture's bytes, before base64: an avatar never needs more, and every list row carries it. */
  imageBytes: 256 * 1024
} as const

/** `data:image/<png|jpeg|webp>;base64,` — the longest header is jpeg's and webp's. */
const IMAGE_HEADER = /^data:image\/(png|jpeg|webp);base64,/
const MAX_IMAGE_CHARS = 'data:image/jpeg;base64,'.length + 4 * Math.ceil(ASSISTANT_LIMITS.imageBytes / 3)
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * True for a data: URL of a PNG, JPEG or WebP picture of at most ASSISTANT_LIMITS.imageBytes.
 * The first bytes are checked against the declared type (read straight from the base64 text, no
 * decoding): the renderer shows it in an <img>, and a file that only claims to be a PNG has no
 * business there.
 */
export function isAssistantImage(url: string): boolean {
  if (url.length > MAX_IMAGE_CHARS) return false
  const header = IMAGE_HEADER.exec(url)
  if (!header) return false
  const body = url.slice(header[0].length)
  if (body.length === 0 || body.length % 4 !== 0 || !BASE64_BODY.test(body)) return false
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0
  if ((body.length / 4) * 3 - padding > ASSISTANT_LIMITS.imageBytes) return false
  switch (header[1]) {
    case 'png':
      // 89 50 4E 47 0D 0A 1A 0A: ten characters hold 7½ bytes; the 11th mixes 0A with the next byte.
      return body.startsWith('iVBORw0KGg') && 'opqr'.includes(body[10])
    case 'jpeg':
      return body.startsWith('/9j/') // FF D8 FF
    default:
      // RIFF <size:4> WEBP: "RIF" is UklG and F's top bits R; W's low bits are character 11, "EBP" characters 12–15.
      return body.startsWith('UklGR') && body[11] === 'X' && body.slice(12, 16) === 'RUJQ'
  }
}

/**
 * Something that looks like an emoji: no spaces or control characters, and at least one
 * pictographic character, regional indicator (flags) or keycap mark (1️⃣). Not a whole Unicode
 * emoji grammar: enough to keep a sentence out of the avatar.
 */
const EMOJI = /^(?=.*[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3])[^\s\p{Cc}]+$/u

export const AssistantEmoji = z.string().max(ASSISTANT_LIMITS.emoji).regex(EMOJI, 'a single emoji')
export const AssistantImage = z
  .string()
  .max(MAX_IMAGE_CHARS, 'a PNG, JPEG or WebP picture of at most 256 KB')
  .refine(isAssistantImage, 'a PNG, JPEG or WebP picture of at most 256 KB, as a data: URL')

/** Ids of the library's entries (library.ts); kept on an assistant added from it. */
export const BuiltinAssistantId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'a library id (lowercase letters, digits and "-")')

export const AssistantStarter = z.string().trim().min(1).max(ASSISTANT_LIMITS.starter)

/** A knowledge file: stored by the attachment store (content-addressed), referenced by id like a message's file. */
export const AssistantKnowledgeFile = z.object({
  attachmentId: z.string().min(1).max(200),
  name: z.string().min(1).max(ASSISTANT_LIMITS.knowledgeName),
  format: FileFormat,
  bytes: z.number().int().nonnegative(),
  /** Documents: pages (PDF) or slides (PPTX). */
  pages: z.number().int().nonnegative().optional()
})
export type AssistantKnowledgeFile = z.infer<typeof AssistantKnowledgeFile>

/**
 * An MCP server's id, as McpServerConfig (../tools/schemas) defines it: written again here to
 * carry words the import can show ("should be an MCP server id…"); the unit test keeps the two equal.
 */
export const McpServerId = z.string().regex(/^[a-z0-9-]{1,32}$/, 'an MCP server id (at most 32 lowercase letters, digits and "-")')

/** What the assistant may use. Off by default: each capability is a choice the user makes. */
export const AssistantCapabilities = z.object({
  /** web_search and read_url. */
  web: z.boolean(),
  /** query_data over its data files and the conversation's. */
  data: z.boolean(),
  /** Reads and writes memory. */
  memory: z.boolean(),
  /**
   * Which memory, when `memory` is on: 'shared' (absent) — the user's global memories, like a
   * plain chat; 'own' — its own notebook (memories of scope `assistant:<id>`), never the global
   * ones, and nothing it saves reaches other chats.
   */
  memoryScope: z.enum(['shared', 'own']).optional(),
  /** MCP servers by id (empty: none), each listed once. */
  mcpServers: z
    .array(McpServerId)
    .max(ASSISTANT_LIMITS.mcpServers)
    .refine((ids) => new Set(ids).size === ids.length, 'a list of MCP server ids, each listed once')
})
export type AssistantCapabilities = z.infer<typeof AssistantCapabilities>

export const NO_CAPABILITIES: Readonly<AssistantCapabilities> = Object.freeze({ web: false, data: false, memory: false, mcpServers: [] })

/**
 * The fields the editor saves, without the "emoji or image, not both" rule. zod 4 refuses .pick /
 * .omit / .extend on a refined object, so derived schemas (the import file's) start from this one
 * and add the rule back with `withOneAvatar`.
 */
export const AssistantDraftFields = z.object({
  name: z.string().trim().min(1).max(ASSISTANT_LIMITS.name),
  emoji: AssistantEmoji.optional(),
  image: AssistantImage.optional(),
  description: z.string().trim().max(ASSISTANT_LIMITS.description),
  /** The system prompt. */
  instructions: z.string().max(ASSISTANT_LIMITS.instructions),
  /** The user's provider (absent: the default one). */
  providerId: z.string().min(1).max(100).optional(),
  /** Absent: the provider's default model. */
  model: z.string().trim().min(1).max(ASSISTANT_LIMITS.model).optional(),
  starters: z.array(AssistantStarter).max(ASSISTANT_LIMITS.starters),
  knowledge: z.array(AssistantKnowledgeFile).max(ASSISTANT_LIMITS.knowledgeFiles),
  capabilities: AssistantCapabilities,
  /** Voice mode's voice (a provider voice name such as "alloy"); absent: Settings → Voice. */
  voice: z.string().trim().min(1).max(ASSISTANT_LIMITS.voice).optional(),
  /** Instructions for voice sessions with this assistant (absent: its instructions serve). */
  voiceInstructions: z.string().max(ASSISTANT_LIMITS.voiceInstructions).optional(),
  /** Set when added from the library: which entry it came from (the library shows it as added). */
  builtinId: BuiltinAssistantId.optional()
})

/** Adds the rule every assistant shape shares: an emoji, an image, or neither — never both. */
export function withOneAvatar<T extends z.ZodType<{ emoji?: string; image?: string }>>(schema: T): T {
  return schema.refine((a) => a.emoji === undefined || a.image === undefined, {
    message: 'either an emoji or an image, not both',
    path: ['image']
  }) as T
}

/** What the editor saves (and the library and the import file produce): no id, no dates. */
export const AssistantDraft = withOneAvatar(AssistantDraftFields)
export type AssistantDraft = z.infer<typeof AssistantDraft>

export const AssistantFields = AssistantDraftFields.extend({
  id: z.string().min(1).max(200),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative()
})
export const Assistant = withOneAvatar(AssistantFields)
export type Assistant = z.infer<typeof Assistant>
