/**
 * Strings of the main window's shell (issue 19 items 6 and 15): the keyboard shortcuts sheet,
 * the sidebar's show / hide buttons, the message list's name. Kept apart from en.ts / zh-CN.ts
 * like memory.ts; both languages key for key (the Translation type checks it through en.ts).
 */
export const shellEn = {
  shortcuts: {
    title: 'Keyboard shortcuts',
    open: 'Keyboard shortcuts',
    close: 'Close keyboard shortcuts',
    escNote: 'Esc first closes an open menu, list or dialog; press it again to stop the answer.',
    commands: {
      'new-chat': 'New chat',
      search: 'Search conversations',
      'focus-composer': 'Go to the message box',
      stop: 'Stop the answer being written',
      'toggle-sidebar': 'Show or hide the sidebar',
      settings: 'Settings',
      shortcuts: 'Keyboard shortcuts'
    }
  },
  sidebar: {
    hide: 'Hide sidebar',
    show: 'Show sidebar',
    newChat: 'New chat'
  },
  messagesLabel: 'Messages'
}

export const shellZhCN: typeof shellEn = {
  shortcuts: {
    title: '键盘快捷键',
    open: '键盘快捷键',
    close: '关闭键盘快捷键',
    escNote: '如有打开的菜单、列表或对话框，Esc 会先将其关闭；再按一次即可停止回答。',
    commands: {
      'new-chat': '新建对话',
      search: '搜索对话',
      'focus-composer': '跳到输入框',
      stop: '停止正在生成的回答',
      'toggle-sidebar': '显示或隐藏侧边栏',
      settings: '设置',
      shortcuts: '键盘快捷键'
    }
  },
  sidebar: {
    hide: '隐藏侧边栏',
    show: '显示侧边栏',
    newChat: '新建对话'
  },
  messagesLabel: '消息'
}
