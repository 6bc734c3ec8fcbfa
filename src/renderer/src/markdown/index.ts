/**
 * Streaming markdown for chat answers.
 *
 * - `MarkdownView` — the React component ({ text, streaming, onOpenLink, labels? }).
 * - `createBlockSplitter()` — incremental top-level block splitter (`update(fullText) → blocks`).
 * - `renderBlockHtml(source, { closed })` — one block → sanitised HTML.
 * - `renderMarkdownFull(text)` — a whole text in one pass (the reference for tests).
 * - `warmUpMarkdown()` — grammars, KaTeX and its fonts ready in idle time (call once at start).
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
export { warmUpMarkdown } from './warmUp'
