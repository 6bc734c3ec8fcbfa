import { describe, expect, it, vi } from 'vitest'
import { buildTrayMenuTemplate, trayLanguage, type TrayAction } from '../../src/main/app/trayMenu'

describe('tray menu template', () => {
  it('has Open, New chat, Settings, a separator and Quit, in that order', () => {
    const template = buildTrayMenuTemplate('en', () => {})
    expect(template.map((item) => item.id ?? item.type)).toEqual(['open', 'companion', 'new-chat', 'capture', 'settings', 'separator', 'quit'])
    expect(template.map((item) => item.label)).toEqual(['Open Omnidesk', 'Ask Omnidesk…', 'New Chat', 'Screenshot Region…', 'Settings…', undefined, 'Quit Omnidesk'])
  })

  it('maps each item to its action (commands become app:onCommand events)', () => {
    const actions: TrayAction[] = []
    for (const item of buildTrayMenuTemplate('en', (a) => actions.push(a))) item.click?.()
    expect(actions).toEqual([
      { kind: 'open' },
      { kind: 'companion' },
      { kind: 'command', command: 'new-chat' },
      { kind: 'capture' },
      { kind: 'command', command: 'open-settings' },
      { kind: 'quit' }
    ])
  })

  it('while a voice session shares a screen or the camera, "Stop sharing" leads the menu', () => {
    const actions: TrayAction[] = []
    const template = buildTrayMenuTemplate('en', (a) => actions.push(a), true)
    expect(template.slice(0, 3).map((item) => item.id ?? item.type)).toEqual(['stop-sharing', 'separator', 'open'])
    expect(template[0].label).toMatch(/Stop Sharing/)
    template[0].click?.()
    expect(actions).toEqual([{ kind: 'stopSharing' }])
    expect(buildTrayMenuTemplate('zh-CN', () => {}, true)[0].label).toMatch(/停止共享/)
  })

  it('speaks Chinese when the UI does', () => {
    const onAction = vi.fn()
    expect(buildTrayMenuTemplate('zh-CN', onAction).map((i) => i.label)).toEqual(['打开 Omnidesk', '快速提问…', '新建对话', '区域截图…', '设置…', undefined, '退出 Omnidesk'])
  })

  it('follows the chosen language, else the OS language', () => {
    expect(trayLanguage('en', 'zh-CN')).toBe('en')
    expect(trayLanguage('zh-CN', 'en-US')).toBe('zh-CN')
    expect(trayLanguage(undefined, 'zh-Hans-CN')).toBe('zh-CN')
    expect(trayLanguage(undefined, 'zh-TW')).toBe('zh-CN')
    expect(trayLanguage(undefined, 'fr-FR')).toBe('en')
  })
})
