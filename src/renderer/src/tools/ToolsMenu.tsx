/**
 * The composer's tools button: which tools this conversation offers the model, per source (the
 * built-ins, each MCP server) and per tool. A new chat keeps the choice until its first message
 * creates the conversation; after that it is stored with the conversation.
 */
import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AvailableTool } from '../../../shared/tools/schemas'
import { useAppState, useController } from '../state/hooks'
import { groupBySource } from './toolsLogic'

/** One empty list: a selector must return the same value while nothing changed. */
const NONE_OFF: readonly string[] = []

export function ToolsMenu(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  // Re-read when the conversation (or its stored choice) changes.
  const activeId = useAppState((s) => s.activeId)
  const off = useAppState((s) => (s.activeId ? (s.conversations.find((c) => c.id === s.activeId)?.toolsOff ?? NONE_OFF) : s.pendingToolsOff))
  const [open, setOpen] = useState(false)
  const [tools, setTools] = useState<AvailableTool[] | null>(null)

  useEffect(() => {
    if (!open) return
    let live = true
    void controller.chat.availableTools().then((list) => live && setTools(list))
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false)
    }
    window.addEventListener('keydown', onKey)
    return () => {
      live = false
      window.removeEventListener('keydown', onKey)
    }
  }, [open, controller, activeId])

  const set = (names: readonly string[], on: boolean): void => {
    const next = on ? off.filter((n) => !names.includes(n)) : [...new Set([...off, ...names])]
    void controller.chat.setToolsOff(next)
  }
  const offCount = tools ? tools.filter((tool) => off.includes(tool.name)).length : off.length

  return (
    <div className="od-image-buttons">
      <button
        type="button"
        className="od-icon-btn"
        data-testid="tools-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t('chat.toolsMenu.button')}
        title={t('chat.toolsMenu.button')}
        onClick={() => setOpen(!open)}
      >
        <svg width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.4-.6-.6-2.4z" />
        </svg>
        {offCount ? <span className="od-tools-off-badge" data-testid="tools-off-count">{offCount}</span> : null}
      </button>
      {open ? (
        <div className="od-capture-menu od-tools-menu" role="menu" data-testid="tools-menu">
          <p className="od-capture-hint">{t('chat.toolsMenu.hint')}</p>
          {tools === null ? null : tools.length === 0 ? (
            <p className="od-capture-hint" data-testid="tools-menu-empty">
              {t('chat.toolsMenu.none')}
            </p>
          ) : (
            groupBySource(tools).map((group) => {
              const allOn = group.tools.every((tool) => !off.includes(tool.name))
              return (
                <div key={group.source} className="od-tools-group" data-testid="tools-menu-group" data-source={group.source}>
                  <label className="od-capture-section od-tools-row">
                    <input type="checkbox" data-testid="tools-menu-source" checked={allOn} onChange={(e) => set(group.tools.map((tool) => tool.name), e.target.checked)} />
                    {group.source === 'builtin' ? t('chat.toolsMenu.builtin') : group.name}
                  </label>
                  {group.tools.map((tool) => (
                    <label key={tool.name} className="od-capture-item od-tools-row" title={tool.description}>
                      <span>
                        <input type="checkbox" data-testid="tools-menu-tool" data-tool={tool.name} checked={!off.includes(tool.name)} onChange={(e) => set([tool.name], e.target.checked)} />{' '}
                        {tool.title}
                      </span>
                      <span className="od-capture-item-meta">{tool.readOnly ? t('chat.toolsMenu.reads') : t('chat.toolsMenu.asks')}</span>
                    </label>
                  ))}
                </div>
              )
            })
          )}
        </div>
      ) : null}
    </div>
  )
}
