/**
 * A query result as CSV text (RFC 4180): a header row, fields quoted when they hold a comma, a
 * quote or a line break, CRLF between records (what Excel and Numbers open without asking), a
 * UTF-8 byte-order mark first so Excel reads Chinese and accented text right. NULL is an empty
 * field; lists and structs are their JSON.
 */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [columns.map(field).join(',')]
  for (const row of rows) lines.push(row.map(field).join(','))
  return `\ufeff${lines.join('\r\n')}\r\n`
}

function field(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
