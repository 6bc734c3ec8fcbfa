/**
 * What export and import say to the user, in the UI's language (the renderer's i18n does not
 * reach main, so main words its own refusals; the renderer shows them as they are). Each is a
 * sentence that says what happened and what to do, never a stack or an error code.
 */
export type TransferLanguage = 'en' | 'zh-CN'

type Sentences = {
  notJson: string
  wrongKind: string
  assistantFile: string
  newerVersion: (version: number) => string
  brokenOmnidesk: (why: string) => string
  truncatedZip: string
  zipWithoutConversations: string
  brokenChatGpt: string
  brokenChatbox: string
  emptyExport: string
  unreadable: (why: string) => string
  diskFull: string
  writeFailed: (why: string) => string
  notFound: string
  nothingToExport: string
  skippedEmpty: string
  skippedAlreadyImported: string
  skippedNoBranch: string
  untitled: string
  exportTitle: string
  importTitle: string
  you: string
  assistant: string
  system: string
  reasoning: string
  tool: string
  image: string
  file: string
  summaryOf: (title: string) => string
  exportedOn: (date: string) => string
}

const en: Sentences = {
  notJson: 'This file is neither JSON nor a zip: choose an Omnidesk export, ChatGPT’s data export (zip or conversations.json) or a Chatbox export.',
  wrongKind:
    'This JSON is not a conversation export Omnidesk knows: choose an Omnidesk export, ChatGPT’s conversations.json (or its zip) or a Chatbox export.',
  assistantFile: 'This file is an assistant, not conversations: import it in the Assistants panel.',
  newerVersion: (version) =>
    `This export comes from a newer Omnidesk (history format ${version}); this version reads format 1. Update Omnidesk, then import it again.`,
  brokenOmnidesk: (why) => `This Omnidesk export is damaged (${why}). Nothing was imported.`,
  truncatedZip: 'This zip is incomplete or damaged (perhaps its download was cut short). Download the export again; nothing was imported.',
  zipWithoutConversations: 'This zip has no conversations.json: it is not a ChatGPT data export.',
  brokenChatGpt: 'This ChatGPT export could not be read: its conversations.json is not a list of conversations. Nothing was imported.',
  brokenChatbox: 'This Chatbox export has no conversations to read. Nothing was imported.',
  emptyExport: 'This export has no conversations in it. Nothing was imported.',
  unreadable: (why) => `The file could not be read (${why}). Nothing was imported.`,
  diskFull: 'The disk is full: the export was not written (the partial file was removed). Free some space, or choose another disk, and export again.',
  writeFailed: (why) => `The export could not be written (${why}); nothing was left behind. Choose another folder and export again.`,
  notFound: 'That conversation no longer exists.',
  nothingToExport: 'There are no conversations to export yet.',
  skippedEmpty: 'nothing in it could be read (no text or images)',
  skippedAlreadyImported: 'already in your history (imported before)',
  skippedNoBranch: 'its messages could not be found in the export',
  untitled: 'Untitled',
  exportTitle: 'Export conversations',
  importTitle: 'Import conversations',
  you: 'You',
  assistant: 'Assistant',
  system: 'Context',
  reasoning: 'Reasoning',
  tool: 'Tool',
  image: 'Image',
  file: 'File',
  summaryOf: (title) => `Summary of “${title}”`,
  exportedOn: (date) => `Exported from Omnidesk on ${date}`
}

const zhCN: Sentences = {
  notJson: '这个文件既不是 JSON 也不是 zip：请选择 Omnidesk 导出的文件、ChatGPT 的数据导出（zip 或 conversations.json）或 Chatbox 的导出文件。',
  wrongKind: '这个 JSON 不是 Omnidesk 认识的对话导出：请选择 Omnidesk 导出的文件、ChatGPT 的 conversations.json（或其 zip）或 Chatbox 的导出文件。',
  assistantFile: '这个文件是一个助手而不是对话：请在“助手”面板中导入。',
  newerVersion: (version) => `这个导出来自更新版本的 Omnidesk（历史格式 ${version}），当前版本只能读取格式 1。请先更新 Omnidesk，再重新导入。`,
  brokenOmnidesk: (why) => `这个 Omnidesk 导出文件已损坏（${why}），未导入任何内容。`,
  truncatedZip: '这个 zip 文件不完整或已损坏（可能下载中断了）。请重新下载导出文件；未导入任何内容。',
  zipWithoutConversations: '这个 zip 中没有 conversations.json：它不是 ChatGPT 的数据导出。',
  brokenChatGpt: '无法读取这个 ChatGPT 导出：其中的 conversations.json 不是对话列表。未导入任何内容。',
  brokenChatbox: '这个 Chatbox 导出中没有可读取的对话。未导入任何内容。',
  emptyExport: '这个导出中没有任何对话。未导入任何内容。',
  unreadable: (why) => `无法读取这个文件（${why}）。未导入任何内容。`,
  diskFull: '磁盘已满：导出未完成（不完整的文件已删除）。请释放空间或换一个磁盘后重新导出。',
  writeFailed: (why) => `导出文件无法写入（${why}），没有留下不完整的文件。请换一个文件夹后重新导出。`,
  notFound: '这个对话已不存在。',
  nothingToExport: '还没有可以导出的对话。',
  skippedEmpty: '其中没有可读取的内容（没有文字或图片）',
  skippedAlreadyImported: '已在你的历史记录中（之前导入过）',
  skippedNoBranch: '在导出中找不到它的消息',
  untitled: '未命名',
  exportTitle: '导出对话',
  importTitle: '导入对话',
  you: '你',
  assistant: '助手',
  system: '上下文',
  reasoning: '思考过程',
  tool: '工具',
  image: '图片',
  file: '文件',
  summaryOf: (title) => `“${title}”的摘要`,
  exportedOn: (date) => `于 ${date} 从 Omnidesk 导出`
}

export function sentences(language: TransferLanguage): Sentences {
  return language === 'zh-CN' ? zhCN : en
}

export type { Sentences }
