import { describe, expect, it, vi } from 'vitest'
import { buildAppMenuTemplate, type AppMenuItem } from '../../src/main/app/appMenu'
import { devToolsAllowed, DEBUG_SWITCH } from '../../src/main/security/devTools'

const roles = (items: AppMenuItem[]): string[] => items.flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu ?? [])])

describe('DevTools', () => {
  it('are on in development, off in a packaged app unless its debug switch is set', () => {
    expect(devToolsAllowed({ isPackaged: false, argv: [], env: {} })).toBe(true)
    expect(devToolsAllowed({ isPackaged: true, argv: ['/Applications/Omnidesk.app/Contents/MacOS/Omnidesk'], env: {} })).toBe(false)
    expect(devToolsAllowed({ isPackaged: true, argv: ['Omnidesk', DEBUG_SWITCH], env: {} })).toBe(true)
    expect(devToolsAllowed({ isPackaged: true, argv: [], env: { OMNIDESK_DEBUG: '1' } })).toBe(true)
    expect(devToolsAllowed({ isPackaged: true, argv: [], env: { OMNIDESK_DEBUG: 'yes please' } })).toBe(false)
  })
})

describe('application menu', () => {
  it('on macOS: the app menu with Settings, Edit (for ⌘C/⌘V), View and Window; no DevTools or reload in a packaged app', () => {
    const menu = buildAppMenuTemplate({ platform: 'darwin', language: 'en', appName: 'Omnidesk', devTools: false, onAction: () => {} })
    expect(menu.map((item) => item.label ?? item.role)).toEqual(['Omnidesk', 'File', 'Edit', 'View', 'window'])
    expect(menu[0].submenu?.map((item) => item.role ?? item.id ?? item.type)).toEqual([
      'about', 'separator', 'settings', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit'
    ])
    expect(roles(menu)).toEqual(expect.arrayContaining(['copy', 'paste', 'selectAll', 'undo', 'redo', 'minimize', 'close']))
    expect(roles(menu)).not.toContain('toggleDevTools')
    expect(roles(menu)).not.toContain('reload')
    expect(roles(menu)).not.toContain('forceReload')
  })

  it('offers DevTools only where windows may open them', () => {
    const menu = buildAppMenuTemplate({ platform: 'linux', language: 'en', appName: 'Omnidesk', devTools: true, onAction: () => {} })
    expect(roles(menu)).toContain('toggleDevTools')
  })

  it('on Windows and Linux: File (new chat, settings, quit), Edit, View, in the UI language', () => {
    const onAction = vi.fn()
    const menu = buildAppMenuTemplate({ platform: 'win32', language: 'zh-CN', appName: 'Omnidesk', devTools: false, onAction })
    expect(menu.map((item) => item.label)).toEqual(['文件', '编辑', '显示'])
    const file = menu[0].submenu ?? []
    expect(file.find((item) => item.id === 'new-chat')).toMatchObject({ label: '新建对话', accelerator: 'CmdOrCtrl+N', registerAccelerator: false })
    file.find((item) => item.id === 'settings')?.click?.()
    file.find((item) => item.id === 'companion')?.click?.()
    expect(onAction.mock.calls).toEqual([[{ kind: 'command', command: 'open-settings' }], [{ kind: 'companion' }]])
    expect(roles(menu)).toContain('quit')
  })
})

describe('menu shortcuts the main window handles', () => {
  const items = (menu: AppMenuItem[]): AppMenuItem[] => menu.flatMap((item) => [item, ...items(item.submenu ?? [])])

  it.each(['darwin', 'win32', 'linux'] as const)('on %s: New Chat and Settings show ⌘N / ⌘, but leave the keys to the page (one handler)', (platform) => {
    const menu = buildAppMenuTemplate({ platform, language: 'en', appName: 'Omnidesk', devTools: false, onAction: () => {} })
    const all = items(menu)
    expect(all.find((item) => item.id === 'new-chat')).toMatchObject({ accelerator: 'CmdOrCtrl+N', registerAccelerator: false })
    expect(all.find((item) => item.id === 'settings')).toMatchObject({ accelerator: 'CmdOrCtrl+,', registerAccelerator: false })
    // Every other item keeps Electron's default: roles register theirs (copy, paste, quit…).
    expect(all.filter((item) => item.registerAccelerator === false).map((item) => item.id).sort()).toEqual(['new-chat', 'settings'])
  })

  it('clicking the items still runs them', () => {
    const onAction = vi.fn()
    const menu = buildAppMenuTemplate({ platform: 'darwin', language: 'en', appName: 'Omnidesk', devTools: false, onAction })
    const all = items(menu)
    all.find((item) => item.id === 'new-chat')?.click?.()
    all.find((item) => item.id === 'settings')?.click?.()
    expect(onAction.mock.calls).toEqual([[{ kind: 'command', command: 'new-chat' }], [{ kind: 'command', command: 'open-settings' }]])
  })
})
