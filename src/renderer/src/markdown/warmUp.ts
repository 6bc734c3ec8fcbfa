/**
 * Pays the markdown pipeline's one-off costs while the app is idle, not in the middle of the
 * first answer that needs them: highlight.js compiles a grammar the first time it highlights that
 * language (10–20 ms each), and a KaTeX font that first appears mid-stream loads and then re-lays
 * out every formula already shown. Each step runs in its own idle callback, so warming up never
 * becomes a long task itself.
 */
import { useEffect } from 'react'
import { highlightCode } from './highlight'
import { renderBlockHtml } from './engine'
import { whenIdle, type Idle } from '../logic/idle'

/** The languages models write most; others compile on first use. */
const COMMON_LANGUAGES = ['python', 'typescript', 'javascript', 'bash', 'json', 'sql', 'java', 'go', 'rust', 'cpp', 'css', 'xml', 'yaml']
/** KaTeX faces a typical answer uses (KaTeX_Main regular loads with the first formula anyway). */
const KATEX_FACES = ['italic 1em KaTeX_Math', '1em KaTeX_Main', 'bold 1em KaTeX_Main', '1em KaTeX_Size1', '1em KaTeX_Size2', '1em KaTeX_AMS']

const onIdle: Idle = (cb) => whenIdle(cb)

let started = false

/** The warm-up steps, in order (exported for tests). */
export function warmUpSteps(): Array<() => void> {
  const steps: Array<() => void> = [
    () => {
      // KaTeX's code paths and marked's, once.
      renderBlockHtml('Warm-up $x^2 + \\frac{a}{b}$ and **bold**\n', { closed: true })
    },
    () => {
      const fonts = (globalThis as { document?: Document }).document?.fonts
      if (fonts) for (const face of KATEX_FACES) void fonts.load(face).catch(() => undefined)
    }
  ]
  for (const lang of COMMON_LANGUAGES) steps.push(() => void highlightCode(`x = 1 // ${lang}\n`, lang))
  return steps
}

/**
 * Warms the pipeline up once the view that shows answers is on screen (the main window's chat,
 * the companion): not during the page's start, where it would hold up the first paint.
 */
export function useMarkdownWarmUp(): void {
  useEffect(() => warmUpMarkdown(), [])
}

/** Starts the warm-up once per page; each step waits for idle time. */
export function warmUpMarkdown(idle: Idle = onIdle): void {
  if (started) return
  started = true
  const steps = warmUpSteps()
  const next = (): void => {
    const step = steps.shift()
    if (!step) return
    try {
      step()
    } catch {
      // A warm-up is an optimisation: a failure here must never reach the user.
    }
    idle(next)
  }
  idle(next)
}
