/**
 * What the model is told about attached files: how documents are given (whole or as passages,
 * with page markers to cite) and how to analyse data files (query_data, charts from a query).
 * Read them together with the chat's system prompt (src/main/chat/prompts.ts).
 */

/** Added to the system prompt when the conversation has documents. */
export const DOCUMENTS_PROMPT = [
  'The user attached documents. Their text is inside <document> tags in their messages, with page markers like "--- Page 12 ---".',
  'A long document gives only the passages most relevant to the latest question. Answer from what is given; say so when it does not cover the question.',
  'When you use a document, cite the page: (report.pdf, p. 12).'
].join('\n')

/** Added to the system prompt when the conversation has data files, followed by the tables' description. */
export const DATA_PROMPT = [
  'The user attached data files, loaded as tables. Analyse them with the query_data tool: one read-only DuckDB SELECT per call (WITH, joins, aggregates, window functions are fine).',
  'Compute numbers with queries instead of estimating them from the sample rows. Aggregate in SQL rather than fetching many rows.',
  'To chart query results, write a ```chart block that names the query instead of giving data: the app runs it and draws the real numbers:',
  '{"type":"bar","title":"Sales by month","query":"SELECT month, sum(sales) AS sales FROM sales GROUP BY month ORDER BY month","x":"month","y":["sales"]}',
  'The query of a chart is a SELECT over the same tables; x and y name its result columns.'
].join('\n')

/** A document's whole text in its message. */
export function wholeDocument(name: string, pages: ReadonlyArray<{ number: number; text: string }>, paged: boolean): string {
  const body = paged ? pages.map((p) => `--- Page ${p.number} ---\n${p.text}`).join('\n\n') : pages.map((p) => p.text).join('\n\n')
  return `<document name="${attribute(name)}"${paged ? ` pages="${pages.length}"` : ''}>\n${body}\n</document>`
}

/** Where a long document was attached: its passages come with the latest question. */
export function longDocumentStub(name: string, pages: number | undefined): string {
  return `<document name="${attribute(name)}"${pages ? ` pages="${pages}"` : ''}>This document is long: the passages relevant to each question are given with the latest question.</document>`
}

/** The passages of a long document chosen for the latest question. */
export function documentPassages(
  name: string,
  passages: ReadonlyArray<{ pageFrom: number | null; pageTo: number | null; text: string }>,
  total: number,
  paged: boolean
): string {
  const body = passages
    .map((p) => {
      if (!paged || p.pageFrom === null) return `--- Passage ---\n${p.text}`
      const pages = p.pageTo !== null && p.pageTo !== p.pageFrom ? `Pages ${p.pageFrom}–${p.pageTo}` : `Page ${p.pageFrom}`
      return `--- ${pages} ---\n${p.text}`
    })
    .join('\n\n')
  return `<document name="${attribute(name)}" passages="${passages.length} of ${total}">\n${body}\n</document>`
}

/** A scanned document's pages go as images after this line. */
export function scannedDocument(name: string, pages: number | undefined, imagesSent: number): string {
  return imagesSent
    ? `<document name="${attribute(name)}" pages="${pages ?? imagesSent}">This document is scanned (no text layer): ${imagesSent === pages ? 'its pages follow' : `its first ${imagesSent} pages follow`} as images.</document>`
    : `<document name="${attribute(name)}">This document is scanned (no text layer), so its text could not be read.</document>`
}

/** A data file in its message: where to find it (the tables are described in the system prompt). */
export function dataFileNote(name: string, tables: readonly string[]): string {
  return `<data file="${attribute(name)}">Loaded as table${tables.length === 1 ? '' : 's'} ${tables.join(', ')}: query it with query_data.</data>`
}

/** A data file that could not be loaded for this request. */
export function dataFileMissing(name: string, why: string): string {
  return `<data file="${attribute(name)}">Could not be loaded: ${why}</data>`
}

const attribute = (text: string): string => text.replace(/[\s"<>&]+/g, ' ').trim()
