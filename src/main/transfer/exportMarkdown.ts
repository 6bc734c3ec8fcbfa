/**
 * Markdown export: readable as plain text and in any Markdown viewer. Each conversation is a
 * `#` heading, each message a `###` heading (who, when); reasoning and tool steps are folded in
 * <details> blocks; images are inline data: URIs (the file stands alone); files are named.
 */
import type { ContentPart, Conversation, Message } from '../../shared/domain'
import { formatBytes, speaker, type ConversationRenderer, type RenderContext } from './render'

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
export function fenced(text: string, lang = ''): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}${lang}\n${text}\n${fence}`
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim()

async function partMarkdown(part: ContentPart, ctx: RenderContext): Promise<string> {
  const { words } = ctx
  switch (part.type) {
    case 'text':
      return part.text
    case 'image': {
      const uri = await ctx.image(part.attachmentId)
      return uri ? `![${words.image}](${uri})` : `*[${words.image}]*`
    }
    case 'file':
      return `📎 ${words.file}: **${oneLine(part.name)}** (${part.format}, ${formatBytes(part.bytes)})`
    case 'reasoning':
      return `<details>\n<summary>${words.reasoning}</summary>\n\n${part.text}\n\n</details>`
    case 'summary':
      return `> **${oneLine(words.summaryOf(part.fromTitle))}**\n>\n${part.text
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')}`
    case 'tool': {
      const lines = [`<details>\n<summary>${words.tool}: ${oneLine(part.title || part.name)} (${part.status})</summary>\n`, fenced(part.arguments, 'json')]
      if (part.result !== undefined) lines.push(fenced(part.result, part.format === 'json' ? 'json' : ''))
      for (const s of part.sources ?? []) lines.push(`- ${oneLine(s.title)} — ${s.url}`)
      for (const image of part.images ?? []) lines.push(`![${words.image}](data:${image.mime};base64,${image.data})`)
      lines.push('\n</details>')
      return lines.join('\n')
    }
    case 'passages':
    case 'history':
    case 'imagesRead':
      // What an answer read, shown beside it in the app; not part of what was said.
      return ''
  }
}

export async function messageMarkdown(message: Message, ctx: RenderContext): Promise<string> {
  const body: string[] = []
  for (const part of message.parts) {
    const text = await partMarkdown(part, ctx)
    if (text) body.push(text)
  }
  return `### ${speaker(message, ctx.words)} · ${ctx.date(message.createdAt)}\n\n${body.join('\n\n')}`
}

export function markdownRenderer(ctx: RenderContext): ConversationRenderer {
  return {
    header: ({ exportedAt }) => `<!-- ${ctx.words.exportedOn(ctx.date(exportedAt))} -->\n\n`,
    async conversation(c: Conversation, messages: Message[]) {
      const out = [`# ${oneLine(c.title) || ctx.words.untitled}`, '']
      for (const m of messages) out.push(await messageMarkdown(m, ctx), '')
      return `${out.join('\n')}\n---\n\n`
    },
    footer: () => ''
  }
}
