// @vitest-environment jsdom
/** What one block renders to: math, code, tables, links, images, raw HTML, unfinished syntax. */
import { describe, expect, it } from 'vitest'
import { createBlockSplitter, renderBlockHtml, renderMarkdownFull } from '../../src/renderer/src/markdown'

const closed = (src: string): string => renderBlockHtml(src, { closed: true })
const open = (src: string): string => renderBlockHtml(src, { closed: false })
const dom = (html: string): HTMLElement => {
  const el = document.createElement('div')
  el.innerHTML = html
  return el
}

describe('math', () => {
  it('renders all four delimiters with KaTeX', () => {
    const el = dom(closed('Inline $x^2$ and \\(a+b\\) here.'))
    expect(el.querySelectorAll('.katex')).toHaveLength(2)
    expect(el.querySelector('.katex-display')).toBeNull()

    const d1 = dom(closed('$$\n\\frac{a}{b}\n$$'))
    expect(d1.querySelector('.od-md-math-block .katex-display .katex')).not.toBeNull()
    const d2 = dom(closed('\\[\n\\sqrt{2}\n\\]'))
    expect(d2.querySelector('.od-md-math-block .katex-display')).not.toBeNull()
    const d3 = dom(closed('Text $$\\sum_i i$$ and \\[x\\] inline.'))
    expect(d3.querySelectorAll('.od-md-math-display .katex-display')).toHaveLength(2)
  })

  it('leaves currency alone', () => {
    for (const s of ['It costs $5 and $10.', 'Between $5-$10 a month.', 'Pay $ 5 or $ 6', 'US$5, and HK$20 later', '$5$10']) {
      expect(closed(s), s).not.toContain('katex')
    }
    // …but a formula next to a price is still a formula
    const el = dom(closed('It costs $5, and $x$ is the unknown.'))
    expect(el.querySelectorAll('.katex')).toHaveLength(1)
    expect(el.textContent).toContain('It costs $5, and')
  })

  it('leaves math inside code alone, and escaped dollars are dollars', () => {
    expect(closed('Use `$x$` here.')).not.toContain('katex')
    expect(closed('```\n$$x$$ and $y$\n```')).not.toContain('katex')
    const el = dom(closed('Escaped \\$x\\$ stays.'))
    expect(el.textContent?.trim()).toBe('Escaped $x$ stays.')
  })

  it('does not throw on bad TeX', () => {
    const el = dom(closed('$\\frac{a}{$ and $$\\begin{x}$$'))
    expect(el.querySelectorAll('.katex-error, .katex').length).toBeGreaterThan(0)
  })

  it('shows a half-streamed display formula as a placeholder, then as math once closed', () => {
    const half = '$$\n\\int_0^1 x\\,dx = \\frac{1'
    const el = dom(open(half))
    const pending = el.querySelector('.od-md-math-pending')
    expect(pending?.textContent).toBe('\\int_0^1 x\\,dx = \\frac{1')
    expect(el.querySelector('.katex')).toBeNull()
    // a paragraph before the opener stays a paragraph
    const el2 = dom(open('Therefore\n\\[\n a + b'))
    expect(el2.querySelector('p')?.textContent).toBe('Therefore')
    expect(el2.querySelector('.od-md-math-pending')?.textContent).toBe(' a + b')
    // closed
    const done = dom(open(half + '}{2}\n$$'))
    expect(done.querySelector('.od-md-math-pending')).toBeNull()
    expect(done.querySelector('.katex-display')).not.toBeNull()
    // an unclosed $$ that is final (stream ended) is plain text, not an error
    expect(dom(closed(half)).textContent).toContain('$$')
  })
})

describe('code blocks', () => {
  const js = '```js\nconst a = "<b>&</b>" // hi\n```'

  it('highlights a closed block, with a header: language, Wrap, Copy', () => {
    const el = dom(closed(js))
    const block = el.querySelector('.od-md-code')!
    expect(block.getAttribute('data-lang')).toBe('js')
    expect(block.getAttribute('data-state')).toBe('done')
    expect(block.querySelector('.od-md-code-lang')?.textContent).toBe('js')
    expect(block.querySelector('[data-action="copy"]')).not.toBeNull()
    expect(block.querySelector('[data-action="wrap"]')?.getAttribute('aria-pressed')).toBe('false')
    expect(block.querySelector('code.hljs .hljs-keyword')?.textContent).toBe('const')
    expect(block.querySelector('pre code')?.textContent).toBe('const a = "<b>&</b>" // hi')
    expect(el.innerHTML).not.toMatch(/on\w+=/)
  })

  it('a drawn diagram or chart has Copy (its source) but no Wrap: it has no lines to wrap', () => {
    for (const src of ['```mermaid\ngraph TD\n  A --> B\n```', '```chart\n{"type":"bar","data":[{"a":"x","b":1}],"x":"a","y":"b"}\n```']) {
      const block = dom(closed(src)).querySelector('.od-md-code')!
      expect(block.querySelector('.od-md-diagram'), src).not.toBeNull()
      expect(block.querySelector('[data-action="copy"]'), src).not.toBeNull()
      expect(block.querySelector('[data-action="wrap"]'), src).toBeNull()
    }
  })

  it('does not highlight while the block is still streaming', () => {
    const growing = dom(open('```js\nconst a = 1\nlet b'))
    expect(growing.querySelector('.hljs-keyword')).toBeNull()
    expect(growing.querySelector('.od-md-code')?.getAttribute('data-state')).toBe('open')
    expect(growing.querySelector('pre code')?.textContent).toBe('const a = 1\nlet b')
    // half a fence shows as a code block in progress
    expect(dom(open('```')).querySelector('.od-md-code pre')).not.toBeNull()
    expect(dom(open('```py')).querySelector('.od-md-code-lang')?.textContent).toBe('py')
  })

  it('unknown languages are plain and escaped', () => {
    const el = dom(closed('```klingon\n<script>alert(1)</script>\n```'))
    expect(el.querySelector('code')?.className).toBe('language-klingon')
    expect(el.querySelector('code')?.textContent).toBe('<script>alert(1)</script>')
    expect(el.querySelector('script')).toBeNull()
  })

  it('handles ~~~ fences and nested backticks', () => {
    const el = dom(closed('````md\n```js\nx()\n```\n````'))
    expect(el.querySelectorAll('.od-md-code')).toHaveLength(1)
    expect(el.querySelector('pre code')?.textContent).toBe('```js\nx()\n```')
    const t = dom(closed('~~~python\nprint("```")\n~~~'))
    expect(t.querySelector('pre code')?.textContent).toBe('print("```")')
    expect(t.querySelector('.hljs-built_in, .hljs-string')).not.toBeNull()
  })

  it('a closing fence closes the block at once (highlighting does not wait for the next block)', () => {
    const blocks = createBlockSplitter().update('Intro\n\n```js\nconst x = 1\n```\n')
    const code = blocks.find((b) => b.source.includes('```js'))!
    expect(code.closed).toBe(true)
  })
})

describe('tables', () => {
  it('wraps tables in a horizontal scroller', () => {
    const el = dom(closed('| a | b |\n|:--|--:|\n| 1 | 2 |'))
    expect(el.querySelector('.od-md-table-wrap > table')).not.toBeNull()
    expect(el.querySelectorAll('td')).toHaveLength(2)
  })

  it('keeps short cells on one line (headers such as "Returns", "O(n log n)"); long ones may wrap', () => {
    const long = 'Predictable, good for linked lists and external sorting of large files'
    const el = dom(closed(`| Returns | Complexity | Notes |\n|---|---|---|\n| New list | O(n log n) | ${long} |`))
    const short = Array.from(el.querySelectorAll('.od-md-cell-short')).map((c) => c.textContent)
    expect(short).toEqual(['Returns', 'Complexity', 'Notes', 'New list', 'O(n log n)'])
    expect(el.querySelector('td:last-child')?.classList.contains('od-md-cell-short')).toBe(false)
  })

  it('half a table is text until the delimiter row makes it a table', () => {
    expect(dom(open('| a | b |')).querySelector('table')).toBeNull()
    expect(dom(open('| a | b |\n|--')).querySelector('table')).toBeNull()
    expect(dom(open('| a | b |\n|---|---|')).querySelector('table')).not.toBeNull()
  })
})

describe('links and images', () => {
  it('marks http(s) and mailto links external', () => {
    const el = dom(closed('[a](https://example.com/x?y=1&z=2) <https://b.example> www.c.example [m](mailto:a@b.c)'))
    const links = [...el.querySelectorAll('a')]
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/x?y=1&z=2',
      'https://b.example/',
      'http://www.c.example/',
      'mailto:a@b.c'
    ])
    for (const a of links) expect(a.hasAttribute('data-external')).toBe(true)
  })

  it('neutralises javascript:, file:, data:, vbscript: and relative links', () => {
    const md = [
      '[js](javascript:alert(1))',
      '[JS](JaVaScRiPt:alert(1))',
      '[ent](java&#x09;script:alert(1))',
      '[file](file:///etc/passwd)',
      '[data](data:text/html,<b>x</b>)',
      '[vb](vbscript:msgbox)',
      '[rel](./local.html)',
      '<javascript:alert(1)>'
    ].join(' ')
    const el = dom(closed(md))
    for (const a of el.querySelectorAll('a')) {
      const href = a.getAttribute('href')
      expect(href === null || /^(https?:|mailto:)/.test(href), String(href)).toBe(true)
    }
    expect(el.innerHTML).not.toMatch(/href="(javascript|file|data|vbscript)/i)
    expect(el.querySelectorAll('.od-md-link-blocked').length).toBeGreaterThanOrEqual(7)
    expect(el.textContent).toContain('js')
  })

  it('never loads remote images: a link with alt text and URL instead; data: images show', () => {
    const el = dom(closed('![A cat](https://example.com/cat.png) ![dot](data:image/png;base64,iVBORw0KGgo=) ![x](javascript:alert(1))'))
    const imgs = [...el.querySelectorAll('img')]
    expect(imgs).toHaveLength(1)
    expect(imgs[0].getAttribute('src')).toMatch(/^data:image\/png/)
    const remote = el.querySelector('a.od-md-img-remote')!
    expect(remote.getAttribute('href')).toBe('https://example.com/cat.png')
    expect(remote.hasAttribute('data-external')).toBe(true)
    expect(remote.textContent).toContain('A cat')
    expect(remote.textContent).toContain('https://example.com/cat.png')
    expect(el.querySelector('.od-md-img-blocked')?.textContent).toBe('x')
  })
})

describe('raw HTML is text', () => {
  it('escapes <script>, <b>, event handlers, iframes, styles, comments', () => {
    const md = [
      '<script>alert("x")</script>',
      '',
      'Use <b>bold</b> or <img src=x onerror=alert(1)> or <a href="javascript:x">a</a>.',
      '',
      '<div onclick="x()">',
      'inside *div*',
      '</div>',
      '',
      '<iframe src="https://evil"></iframe><style>*{display:none}</style> <!-- hidden? -->'
    ].join('\n')
    for (const html of [renderMarkdownFull(md), ...createBlockSplitter().update(md).map((b) => closed(b.source))]) {
      const el = dom(html)
      expect(el.querySelector('script, iframe, style, img, b, div')).toBeNull()
      for (const node of el.querySelectorAll('*')) {
        for (const attr of node.getAttributeNames()) expect(attr.startsWith('on'), attr).toBe(false)
      }
    }
    const el = dom(renderMarkdownFull(md))
    expect(el.textContent).toContain('<script>alert("x")</script>')
    expect(el.textContent).toContain('<b>bold</b>')
    expect(el.textContent).toContain('<!-- hidden? -->')
    expect(el.querySelector('em')?.textContent).toBe('div') // markdown inside still works
  })

  it('text after an inline <script> tag is still escaped', () => {
    const el = dom(closed('a <script> b <!-- c & d'))
    expect(el.textContent?.trim()).toBe('a <script> b <!-- c & d')
  })
})

describe('text', () => {
  it('renders CJK paragraphs, with math and emphasis', () => {
    const el = dom(closed('这是一个**中文段落**，包含公式$x_1$和价格$5元与$10元。'))
    expect(el.querySelector('strong')?.textContent).toBe('中文段落')
    expect(el.querySelectorAll('.katex')).toHaveLength(1)
    expect(el.textContent).toContain('价格$5元与$10元')
  })

  it('unfinished emphasis renders as text, never throws', () => {
    expect(dom(open('some **bold')).textContent?.trim()).toBe('some **bold')
    expect(dom(open('`code')).textContent?.trim()).toBe('`code')
    expect(dom(open('[link](https://exa')).textContent?.trim()).toBe('[link](https://exa')
  })

  it('task lists are read-only checkboxes', () => {
    const el = dom(closed('- [ ] open\n- [x] done'))
    const boxes = [...el.querySelectorAll('input')]
    expect(boxes).toHaveLength(2)
    for (const b of boxes) expect(b.disabled).toBe(true)
    expect(el.querySelectorAll('li.od-md-task')).toHaveLength(2)
  })

  it('code header labels can be localised', () => {
    const el = dom(renderBlockHtml('```\nx\n```', { closed: true, labels: { copy: '复制', wrap: '换行' } }))
    expect(el.querySelector('[data-action="copy"]')?.textContent).toBe('复制')
    expect(el.querySelector('[data-action="wrap"]')?.textContent).toBe('换行')
  })
})
