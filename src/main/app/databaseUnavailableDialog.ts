/**
 * What the user is told when the history exists but cannot be opened now (another program holds
 * it, read-only, no permission, disk full, I/O error: store/database.ts), with Retry and Quit.
 * Pure: startApp shows it with dialog.showMessageBox. Nothing was moved or changed, and the text
 * says so: "my history is gone" is what users of other assistants fear most.
 */
import type { DatabaseUnavailableReason } from '../store/database'
import type { TrayLanguage } from './trayMenu'

export interface DatabaseUnavailableDialog {
  title: string
  message: string
  detail: string
  buttons: [retry: string, quit: string]
}

const TEXT: Record<TrayLanguage, { title: string; message: string; unchanged: string; retry: string; quit: string; reasons: Record<DatabaseUnavailableReason, (file: string) => string> }> = {
  en: {
    title: 'Omnidesk',
    message: 'Omnidesk cannot open your chat history right now',
    unchanged: 'Your history has not been changed.',
    retry: 'Retry',
    quit: 'Quit',
    reasons: {
      busy: (file) => `Another program is using your chat history (${file}), for example a database browser, a backup tool or an antivirus scan. Close it or let it finish, then choose Retry.`,
      'read-only': (file) => `Your chat history (${file}) or its folder is read-only, so Omnidesk cannot save to it. Make it writable again, then choose Retry.`,
      permission: (file) => `Omnidesk is not allowed to open your chat history (${file}). Check that your user account owns the file and its folder and may read and write them, then choose Retry.`,
      'disk-full': (file) => `The disk that holds your chat history (${file}) is full. Free some space, then choose Retry.`,
      io: (file) => `Your chat history (${file}) could not be read or written: the disk reported an error. Check that the drive is connected and working, then choose Retry.`
    }
  },
  'zh-CN': {
    title: 'Omnidesk',
    message: 'Omnidesk 暂时无法打开你的聊天记录',
    unchanged: '你的聊天记录没有被改动。',
    retry: '重试',
    quit: '退出',
    reasons: {
      busy: (file) => `另一个程序正在使用你的聊天记录（${file}），例如数据库浏览器、备份工具或杀毒扫描。请关闭它或等它完成，然后选择“重试”。`,
      'read-only': (file) => `你的聊天记录（${file}）或其所在文件夹是只读的，Omnidesk 无法保存。请恢复可写，然后选择“重试”。`,
      permission: (file) => `Omnidesk 没有权限打开你的聊天记录（${file}）。请确认该文件及其文件夹属于你的用户帐户且可读写，然后选择“重试”。`,
      'disk-full': (file) => `存放聊天记录（${file}）的磁盘已满。请释放一些空间，然后选择“重试”。`,
      io: (file) => `无法读写你的聊天记录（${file}）：磁盘报告了错误。请确认驱动器已连接且工作正常，然后选择“重试”。`
    }
  }
}

export function databaseUnavailableDialog(reason: DatabaseUnavailableReason, file: string, language: TrayLanguage): DatabaseUnavailableDialog {
  const text = TEXT[language]
  return { title: text.title, message: text.message, detail: `${text.reasons[reason](file)} ${text.unchanged}`, buttons: [text.retry, text.quit] }
}
