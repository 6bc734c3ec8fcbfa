// @vitest-environment jsdom
/**
 * The sanitiser on its own (src/renderer/src/markdown/sanitize.ts): raw HTML that our markdown
 * renderer would never produce, straight into the second wall. Nothing script-capable may come
 * out, and markup after stray closing tags must not escape the cleaning. Then the formula slots
 * (math.ts withMathSlots): formulas are sanitised apart and put back; a model can't forge a slot.
 */
import { describe, expect, it } from 'vitest'
import { sanitizeHtml } from '../../src/renderer/src/markdown/sanitize'

const clean = (html: string): HTMLElement => {
  const host = document.createElement('div')
  host.innerHTML = sanitizeHtml(html)
  return host
}

describe('sanitizeHtml', () => {
  it('drops event handlers, scripts and script URLs', () => {
    const out = clean(
      '<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">x</a>' +
        '<svg><script>alert(4)</script><a xlink:href="javascript:alert(5)">y</a></svg><iframe src="https://e.x"></iframe>'
    )
    const html = out.innerHTML
    expect(html).not.toMatch(/onerror|<script|javascript:|<iframe/i)
    expect(out.querySelector('a')?.hasAttribute('href')).toBe(false)
  })

  it('cleans what comes after stray closing tags too', () => {
    const out = clean('</div></template><b>ok</b></div><img src=x onerror=alert(1)><style>*{}</style>')
    expect(out.innerHTML).not.toMatch(/onerror|<style/i)
    expect(out.querySelector('b')?.textContent).toBe('ok')
  })

  it('keeps what answers need: safe links, data images, KaTeX-style spans', () => {
    const out = clean(
      '<p><a href="https://example.com" data-external="">link</a> <img src="data:image/png;base64,iVBORw0KGgo=" alt="a">' +
        '<span class="katex" style="height:1em"><span class="mord">x</span></span> <img src="https://tracker.example/p.png"></p>'
    )
    expect(out.querySelector('a')?.getAttribute('href')).toBe('https://example.com')
    expect(out.querySelectorAll('img')[0].getAttribute('src')).toMatch(/^data:image\/png/)
    expect(out.querySelectorAll('img')[1].hasAttribute('src')).toBe(false) // remote: no fetch without consent
    expect(out.querySelector('.katex .mord')?.textContent).toBe('x')
  })

  it('returns plain text escaped, and an empty string for nothing', () => {
    expect(sanitizeHtml('')).toBe('')
    expect(sanitizeHtml('a &lt; b')).toBe('a &lt; b')
  })
})

describe('formula slots', () => {
  it('a model cannot forge a formula slot, and each formula lands where it was written', async () => {
    const { renderMarkdownFull, renderBlockHtml } = await import('../../src/renderer/src/markdown/engine')
    const text = 'Before <span data-od-math="0"></span> then $x^2$ and $y_1$.\n'
    for (const html of [renderMarkdownFull(text), renderBlockHtml(text, { closed: false })]) {
      const host = clean(html)
      expect(host.querySelectorAll('[data-od-math]')).toHaveLength(0)
      expect(host.textContent).toContain('<span data-od-math="0"></span>') // shown as text
      const katex = host.querySelectorAll('.katex')
      expect(katex).toHaveLength(2)
      expect(katex[0].textContent).toContain('x')
      expect(katex[1].textContent).toContain('y')
      expect(host.innerHTML.indexOf('then')).toBeLessThan(host.innerHTML.indexOf('katex'))
    }
  })
})

describe('mermaid SVG (sanitizeDiagramSvg)', () => {
  it('keeps the diagram (shapes, its style, HTML labels) and drops scripts, handlers and unsafe links', async () => {
    const { sanitizeDiagramSvg } = await import('../../src/renderer/src/markdown/sanitize')
    const svg =
      '<svg id="od-mermaid-1" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" onload="alert(1)">' +
      '<style>#od-mermaid-1 .node rect{fill:#eee}</style>' +
      '<g class="node"><rect width="40" height="20"></rect>' +
      '<foreignObject width="40" height="20"><div xmlns="http://www.w3.org/1999/xhtml"><span class="nodeLabel">Check</span></div></foreignObject></g>' +
      '<script>alert(2)</script>' +
      '<a href="javascript:alert(3)"><text>bad link</text></a>' +
      '<image href="https://tracker.example/p.png" onerror="alert(4)"></image>' +
      '</svg>'
    const host = document.createElement('div')
    host.innerHTML = sanitizeDiagramSvg(svg)
    const out = host.querySelector('svg')!
    expect(out).not.toBeNull()
    expect(out.hasAttribute('onload')).toBe(false)
    expect(out.querySelector('style')?.textContent).toContain('.node rect')
    expect(out.querySelector('rect')).not.toBeNull()
    expect(out.querySelector('foreignObject .nodeLabel')?.textContent).toBe('Check')
    expect(host.querySelector('script')).toBeNull()
    expect(host.innerHTML).not.toMatch(/javascript:|onerror|onload/)
  })
})
