/**
 * What an MCP `tools/call` answer becomes for the tool loop.
 *
 * The model only reads text, so every content block is turned into text it can use (a resource
 * link becomes its URI, an embedded text resource its text) — except images, which go to the
 * user (`images`) and are only mentioned to the model, because the tool message is plain text.
 * `structuredContent` is used only when the server sent no text: the spec asks servers that
 * return structured output to also put it, serialised, in a text block, so using both would
 * show the same data twice.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import type { ToolResult } from '../types'

type ContentBlock = CallToolResult['content'][number]

/** A failed call, in the shape the model reads (it can try otherwise). */
export function errorResult(message: string): ToolResult {
  return { content: message, isError: true, format: 'text' }
}

function byteSizeOfBase64(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding)
}

function describeSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** One content block → text for the model (and, for images, an image for the user). */
function convertBlock(block: ContentBlock, images: NonNullable<ToolResult['images']>): string | undefined {
  switch (block.type) {
    case 'text':
      return block.text
    case 'image':
      images.push({ mime: block.mimeType, data: block.data })
      return `[image (${block.mimeType}) shown to the user]`
    case 'audio':
      return `[audio (${block.mimeType}, ${describeSize(byteSizeOfBase64(block.data))}) not shown]`
    case 'resource': {
      const resource = block.resource
      if ('text' in resource && typeof resource.text === 'string') {
        return `Resource ${resource.uri}${resource.mimeType ? ` (${resource.mimeType})` : ''}:\n${resource.text}`
      }
      if ('blob' in resource && typeof resource.blob === 'string') {
        if (resource.mimeType?.startsWith('image/')) {
          images.push({ mime: resource.mimeType, data: resource.blob })
          return `[image ${resource.uri} (${resource.mimeType}) shown to the user]`
        }
        const kind = resource.mimeType ?? 'binary data'
        return `[resource ${resource.uri} (${kind}, ${describeSize(byteSizeOfBase64(resource.blob))}) not shown]`
      }
      return `[resource ${resource.uri}]`
    }
    case 'resource_link': {
      const label = block.title ?? block.name
      const details = [block.mimeType, block.description].filter(Boolean).join(', ')
      return `Resource link: ${label} <${block.uri}>${details ? ` (${details})` : ''}`
    }
    default:
      // A block type newer than this code: say so rather than dropping it silently.
      return `[${(block as { type?: string }).type ?? 'unknown'} content not shown]`
  }
}

/** An MCP CallToolResult → ToolResult. Never throws. */
export function toToolResult(result: CallToolResult): ToolResult {
  const images: NonNullable<ToolResult['images']> = []
  const parts: string[] = []
  let sawText = false
  for (const block of result.content ?? []) {
    const text = convertBlock(block, images)
    if (block.type === 'text' || block.type === 'resource' || block.type === 'resource_link') sawText = true
    if (text !== undefined && text.length > 0) parts.push(text)
  }

  const out: ToolResult = { content: parts.join('\n\n'), format: 'text' }
  if (!sawText && result.structuredContent !== undefined) {
    const json = JSON.stringify(result.structuredContent, null, 2)
    if (parts.length === 0) {
      out.content = json
      out.format = 'json'
    } else {
      // Next to an image note the whole is no longer JSON: shown as text.
      out.content = `${out.content}\n\n${json}`
    }
  }
  if (images.length > 0) out.images = images
  if (result.isError === true) {
    out.isError = true
    if (out.content.length === 0) out.content = 'The tool reported an error without saying why.'
  } else if (out.content.length === 0) {
    out.content = 'The tool finished without returning anything.'
  }
  return out
}
