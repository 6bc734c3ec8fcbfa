// @vitest-environment jsdom
/** MarkdownView in jsdom with react-dom/client: memoised blocks, Copy, Wrap, links. */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBlockSplitter, MarkdownView, renderBlockHtml, type RenderBlockFn } from '../../src/renderer/src/markdown'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let host: HTMLDivElement
let root: Root
beforeEach(() => {
  host = document.createElement('div')
  document.body.appendChild(host)
  root = createRoot(host)
})
afterEach(() => {
  act(() => root.unmount())
  host.remove()
  vi.unstubAllGlobals()
})

/** A renderer that counts its calls per (source, closed). */
function countingRenderer(): { fn: RenderBlockFn; calls: { source: string; closed: boolean }[] } {
  const calls: { source: string; closed: boolean }[] = []
  const fn: RenderBlockFn = (source, opts) => {
    calls.push({ source, closed: opts.closed })
    return renderBlockHtml(source, opts)
  }
  return { fn, calls }
}

function show(text: string, streaming: boolean, renderBlock?: RenderBlockFn, onOpenLink = vi.fn()): void {
  act(() => root.render(<MarkdownView text={text} streaming={streaming} onOpenLink={onOpenLink} renderBlock={renderBlock} />))
}

const blocksEls = (): HTMLElement[] => [...host.querySelectorAll<HTMLElement>('.od-md-block')]

describe('MarkdownView', () => {
  it('re-renders only the growing tail; finished blocks keep their DOM untouched', () => {
    const { fn, calls } = countingRenderer()
    const head = '# Title\n\nFirst paragraph with $x^2$.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTail para'
    show(head, true, fn)
    const initial = calls.length
    expect(initial).toBe(blocksEls().length)
    const before = blocksEls()
    const frozen = before.filter((el) => !el.hasAttribute('data-open'))
    expect(frozen.length).toBeGreaterThanOrEqual(2)
    const observer = new MutationObserver(() => undefined)
    for (const el of frozen) observer.observe(el, { subtree: true, childList: true, characterData: true, attributes: true })

    // stream 30 more tokens into the tail paragraph
    let text = head
    for (let i = 0; i < 30; i++) {
      text += ` word${i}`
      show(text, true, fn)
    }
    expect(observer.takeRecords()).toHaveLength(0)
    observer.disconnect()
    // each update rendered exactly one block: the open tail
    const later = calls.slice(initial)
    expect(later).toHaveLength(30)
    for (const c of later) {
      expect(c.closed).toBe(false)
      expect(c.source).toContain('Tail para')
    }
    // the finished blocks are the same elements as before
    const after = blocksEls()
    for (const el of frozen) expect(after).toContain(el)
    expect(after.at(-1)?.textContent).toContain('word29')
  })

  it('highlights code once the fence closes, not while it streams', () => {
    const { fn, calls } = countingRenderer()
    let text = 'Code:\n\n```ts\n'
    show(text, true, fn)
    for (const line of ['const a: number = 1', 'function f() { return a }']) {
      for (const ch of line + '\n') {
        text += ch
        show(text, true, fn)
        expect(host.querySelector('.hljs-keyword')).toBeNull()
        expect(host.querySelector('.od-md-code')?.getAttribute('data-state')).toBe('open')
      }
    }
    text += '```\n'
    show(text, true, fn)
    expect(host.querySelector('.od-md-code')?.getAttribute('data-state')).toBe('done')
    expect(host.querySelector('.hljs-keyword')?.textContent).toBe('const')
    const highlightRenders = calls.filter((c) => c.closed && c.source.includes('```ts'))
    expect(highlightRenders).toHaveLength(1)
    // more text after it does not re-render the code block
    const n = calls.length
    text += '\nAfter the code.'
    show(text, true, fn)
    expect(calls.slice(n).every((c) => !c.source.includes('```'))).toBe(true)
  })

  it('streams an open fence as text chunks, same text as its rendered HTML, no render calls', () => {
    const lines = Array.from({ length: 130 }, (_, i) => `  let v${i} = a < b && c > "d" // ${i} & <i>\t`)
    for (const opener of ['  ~~~~python extra info', '  ```ts', '```']) {
      const { fn, calls } = countingRenderer()
      const doc = 'Intro.\n\n' + opener + '\n' + lines.join('\n') + '\n\n'
      const start = doc.indexOf(opener) + (opener.length - opener.trimStart().length) + 3
      for (let n = start; n <= doc.length; n += n < start + 30 ? 1 : 97) {
        const text = doc.slice(0, n)
        show(text, true, fn)
        const block = blocksEls().at(-1)!
        const expected = document.createElement('div')
        expected.innerHTML = renderBlockHtml(createBlockSplitter().update(text).at(-1)!.source, { closed: false })
        const at = JSON.stringify(text.slice(-20))
        expect(block.querySelector('.od-md-code-lang')?.textContent, at).toBe(expected.querySelector('.od-md-code-lang')?.textContent)
        expect(block.querySelector('pre code')?.textContent, at).toBe(expected.querySelector('pre code')?.textContent)
        expect(block.querySelector('.od-md-code')?.getAttribute('data-state'), at).toBe('open')
        expect(calls.filter((c) => c.source.includes(opener.trim())), at).toHaveLength(0)
      }
      // 130 lines → chunks of 40 lines
      expect(host.querySelectorAll('.od-md-code-chunk').length).toBe(4)
    }
  })

  it('closes the tail when the stream ends', () => {
    show('Intro\n\n```js\nlet x = 1', true)
    expect(host.querySelector('.hljs-keyword')).toBeNull()
    show('Intro\n\n```js\nlet x = 1', false)
    expect(host.querySelector('.hljs-keyword')?.textContent).toBe('let')
    expect(host.querySelector('[data-open]')).toBeNull()
  })

  it('Copy writes the raw code to the clipboard', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const code = 'if (a < b && c > "d") {\n  console.log(`$x$ & <b>`)\n}'
    show(`Here:\n\n\`\`\`js\n${code}\n\`\`\`\n\nDone.`, false)
    const button = host.querySelector<HTMLButtonElement>('[data-action="copy"]')!
    await act(async () => {
      button.click()
      await Promise.resolve()
    })
    expect(writeText).toHaveBeenCalledTimes(1)
    expect(writeText).toHaveBeenCalledWith(code)
    expect(button.textContent).toBe('Copied')
    expect(button.dataset.copied).toBe('true')
  })

  it('Wrap toggles line wrapping and survives re-renders of a streaming block', () => {
    let text = '```txt\nline one'
    show(text, true)
    const wrapBtn = (): HTMLButtonElement => host.querySelector<HTMLButtonElement>('[data-action="wrap"]')!
    act(() => wrapBtn().click())
    expect(host.querySelector('.od-md-code')?.classList.contains('od-md-code--wrap')).toBe(true)
    expect(wrapBtn().getAttribute('aria-pressed')).toBe('true')
    text += ' and more'
    show(text, true)
    expect(host.querySelector('pre code')?.textContent).toBe('line one and more')
    expect(host.querySelector('.od-md-code')?.classList.contains('od-md-code--wrap')).toBe(true)
    act(() => wrapBtn().click())
    expect(host.querySelector('.od-md-code')?.classList.contains('od-md-code--wrap')).toBe(false)
  })

  it('links call onOpenLink and never navigate; neutralised links do nothing', () => {
    const onOpenLink = vi.fn()
    show('[site](https://example.com/a) [bad](javascript:alert(1)) ![img](https://example.com/i.png)', false, undefined, onOpenLink)
    const anchors = [...host.querySelectorAll('a')]
    const click = (el: Element): MouseEvent => {
      const ev = new MouseEvent('click', { bubbles: true, cancelable: true })
      act(() => {
        el.dispatchEvent(ev)
      })
      return ev
    }
    const ev = click(anchors[0])
    expect(ev.defaultPrevented).toBe(true)
    // With the text the user read: a link whose text names another address asks first.
    expect(onOpenLink).toHaveBeenCalledWith('https://example.com/a', 'site')
    click(host.querySelector('.od-md-link-blocked')!)
    expect(onOpenLink).toHaveBeenCalledTimes(1)
    click(host.querySelector('.od-md-img-remote')!)
    expect(onOpenLink).toHaveBeenLastCalledWith('https://example.com/i.png', 'img https://example.com/i.png')
    expect(host.querySelector('img')).toBeNull()
  })

  it('a remounted message reuses the rendered HTML of its closed blocks', () => {
    const { fn, calls } = countingRenderer()
    const text = '# Cached\n\nParagraph one.\n\nParagraph two.\n'
    show(text, false, fn)
    const first = calls.length
    act(() => root.unmount())
    root = createRoot(host)
    show(text, false, fn)
    expect(calls.length).toBe(first)
    expect(host.textContent).toContain('Paragraph two.')
  })
})
