/**
 * HTML export: one self-contained page that opens in any browser, offline. Everything is inside:
 * the style inline, images as data: URIs, no script, no link to fetch; a Content-Security-Policy
 * that allows nothing else, so even a message holding `<script>` (escaped anyway) stays inert.
 * Message text is shown as written (Markdown source, wrapped), not rendered: no renderer to trust.
 */
import type { ContentPart, Conversation, Message } from '../../shared/domain'
import { formatBytes, speaker, type ConversationRenderer, type RenderContext } from './render'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c])

/** Only our own data: URIs of image types reach an src attribute. */
const safeImageUri = (uri: string | undefined): string | undefined => (uri && /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]*$/.test(uri) ? uri : undefined)

const STYLE = `
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e8e8ea;background:#1b1b1d}.msg{border-color:#3a3a3d!important}pre,.tool{background:#26262a!important}}
h1{font-size:1.4rem;margin:2.5rem 0 1rem}.meta{color:#888;font-size:.85rem}
.msg{border:1px solid #e2e2e6;border-radius:10px;padding:.75rem 1rem;margin:.75rem 0}
.msg.user{background:rgba(0,113,227,.06)}.who{font-weight:600;font-size:.85rem;margin-bottom:.35rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere}pre{white-space:pre-wrap;background:#f4f4f6;padding:.5rem;border-radius:6px;overflow-wrap:anywhere}
img{max-width:100%;height:auto;border-radius:6px}details{margin:.4rem 0}summary{cursor:pointer;color:#666}
.tool{background:#f7f7f9;border-radius:6px;padding:.25rem .5rem}blockquote{border-left:3px solid #aaa;margin:.5rem 0;padding-left:.75rem}
`

async function partHtml(part: ContentPart, ctx: RenderContext): Promise<string> {
  const { words } = ctx
  switch (part.type) {
    case 'text':
      return `<div class="text">${escapeHtml(part.text)}</div>`
    case 'image': {
      const uri = safeImageUri(await ctx.image(part.attachmentId))
      return uri ? `<img alt="${escapeHtml(words.image)}" src="${uri}">` : `<p class="meta">[${escapeHtml(words.image)}]</p>`
    }
    case 'file':
      return `<p>📎 ${escapeHtml(words.file)}: <strong>${escapeHtml(part.name)}</strong> <span class="meta">(${escapeHtml(part.format)}, ${formatBytes(part.bytes)})</span></p>`
    case 'reasoning':
      return `<details><summary>${escapeHtml(words.reasoning)}</summary><div class="text">${escapeHtml(part.text)}</div></details>`
    case 'summary':
      return `<blockquote><strong>${escapeHtml(words.summaryOf(part.fromTitle))}</strong><div class="text">${escapeHtml(part.text)}</div></blockquote>`
    case 'tool': {
      const inner = [`<pre>${escapeHtml(part.arguments)}</pre>`]
      if (part.result !== undefined) inner.push(`<pre>${escapeHtml(part.result)}</pre>`)
      // Sources as text: the page fetches nothing and leads nowhere by itself.
      if (part.sources?.length) inner.push(`<ul>${part.sources.map((s) => `<li>${escapeHtml(s.title)} — ${escapeHtml(s.url)}</li>`).join('')}</ul>`)
      for (const image of part.images ?? []) {
        const uri = safeImageUri(`data:${image.mime};base64,${image.data}`)
        if (uri) inner.push(`<img alt="${escapeHtml(words.image)}" src="${uri}">`)
      }
      return `<details class="tool"><summary>${escapeHtml(words.tool)}: ${escapeHtml(part.title || part.name)} (${escapeHtml(part.status)})</summary>${inner.join('')}</details>`
    }
    case 'passages':
    case 'history':
    case 'imagesRead':
      return ''
  }
}

export function htmlRenderer(ctx: RenderContext, language: string): ConversationRenderer {
  return {
    header: ({ title, exportedAt }) =>
      `<!doctype html>\n<html lang="${escapeHtml(language)}"><head><meta charset="utf-8">` +
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>\n` +
      `<p class="meta">${escapeHtml(ctx.words.exportedOn(ctx.date(exportedAt)))}</p>\n`,
    async conversation(c: Conversation, messages: Message[]) {
      const out = [`<section><h1>${escapeHtml(c.title || ctx.words.untitled)}</h1>`]
      for (const m of messages) {
        const parts: string[] = []
        for (const part of m.parts) parts.push(await partHtml(part, ctx))
        out.push(
          `<article class="msg ${m.role}"><div class="who">${escapeHtml(speaker(m, ctx.words))} <span class="meta">${escapeHtml(ctx.date(m.createdAt))}</span></div>${parts.join('')}</article>`
        )
      }
      out.push('</section>\n')
      return out.join('\n')
    },
    footer: () => '</body></html>\n'
  }
}
