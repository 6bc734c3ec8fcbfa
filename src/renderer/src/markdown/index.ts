/**
 * Streaming markdown for chat answers.
 *
 * - `MarkdownView` — the React component ({ text, streaming, onOpenLink, labels? }).
 * - `createBlockSplitter()` — incremental top-level block splitter (`update(fullText) → blocks`).
 * - `renderBlockHtml(source, { closed })` — one block → sanitised HTML.
 * - `renderMarkdownFull(text)` — a whole text in one pass (the reference for tests).
 * - `warmUpMarkdown()` / `useMarkdownWarmUp()` — grammars, KaTeX and its fonts ready in idle time,
 *   once a view that shows answers is on screen.
 */
export { MarkdownView, type MarkdownViewProps, type RenderBlockFn } from './MarkdownView'
export { createBlockSplitter, type BlockSplitter, type MarkdownBlock } from './splitter'
export {
  renderBlockHtml,
  renderMarkdownFull,
  DEFAULT_LABELS,
  type MarkdownLabels,
  type RenderBlockOptions
} from './engine'
export { useMarkdownWarmUp, warmUpMarkdown } from './warmUp'
