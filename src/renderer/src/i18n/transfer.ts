/**
 * Strings of export and import of conversations: Settings → Data and backups (export all, import,
 * progress, the summary) and the chat header's Export menu. Kept apart from en.ts / zh-CN.ts so
 * the transfer feature owns them; both languages key for key (typed by the English one).
 * Refusals are main's own sentences (src/main/transfer/messages.ts), shown as they come.
 */
export const transferEn = {
  section: 'Export and import',
  exportAll: 'Export all conversations',
  exportAllHint: 'One file with your whole history. JSON keeps everything (images, files, reasoning, tool steps) and can be imported again.',
  format: 'Format',
  formats: {
    markdown: 'Markdown',
    json: 'JSON (Omnidesk)',
    html: 'HTML (a page for any browser)'
  },
  exportButton: 'Export…',
  exported: 'Saved {{path}} ({{size}}).',
  import: 'Import conversations',
  importHint: 'From an Omnidesk export (JSON), ChatGPT’s data export (the zip, or its conversations.json) or a Chatbox export. Everything is imported, or nothing.',
  importButton: 'Import…',
  exporting: 'Exporting…',
  importing: 'Importing…',
  progress: '{{done}} of {{total}} conversations',
  reading: 'Reading the file…',
  imported_one: '{{formatted}} conversation imported from {{source}}.',
  imported_other: '{{formatted}} conversations imported from {{source}}.',
  skipped_one: '{{formatted}} skipped:',
  skipped_other: '{{formatted}} skipped:',
  nothingImported: 'Nothing new to import from {{source}}.',
  sources: {
    omnidesk: 'an Omnidesk export',
    chatgpt: 'ChatGPT',
    chatbox: 'Chatbox'
  },
  open: 'Open',
  failed: 'That did not work.',
  menu: 'Export conversation',
  menuMarkdown: 'Markdown (.md)',
  menuJson: 'JSON (.json)',
  menuHtml: 'Web page (.html)'
}

export const transferZhCN: typeof transferEn = {
  section: '导出与导入',
  exportAll: '导出全部对话',
  exportAllHint: '将全部历史记录保存为一个文件。JSON 会保留所有内容（图片、文件、思考过程、工具步骤），之后可以再次导入。',
  format: '格式',
  formats: {
    markdown: 'Markdown',
    json: 'JSON（Omnidesk）',
    html: 'HTML（任何浏览器都能打开的网页）'
  },
  exportButton: '导出…',
  exported: '已保存 {{path}}（{{size}}）。',
  import: '导入对话',
  importHint: '支持 Omnidesk 导出的 JSON、ChatGPT 的数据导出（zip 或其中的 conversations.json）以及 Chatbox 的导出文件。要么全部导入，要么什么都不导入。',
  importButton: '导入…',
  exporting: '正在导出…',
  importing: '正在导入…',
  progress: '第 {{done}} / {{total}} 个对话',
  reading: '正在读取文件…',
  imported_one: '已导入 {{formatted}} 个对话（来自 {{source}}）。',
  imported_other: '已导入 {{formatted}} 个对话（来自 {{source}}）。',
  skipped_one: '跳过 {{formatted}} 个：',
  skipped_other: '跳过 {{formatted}} 个：',
  nothingImported: '{{source}} 中没有需要导入的新对话。',
  sources: {
    omnidesk: 'Omnidesk 导出文件',
    chatgpt: 'ChatGPT',
    chatbox: 'Chatbox'
  },
  open: '打开',
  failed: '操作未成功。',
  menu: '导出对话',
  menuMarkdown: 'Markdown（.md）',
  menuJson: 'JSON（.json）',
  menuHtml: '网页（.html）'
}
