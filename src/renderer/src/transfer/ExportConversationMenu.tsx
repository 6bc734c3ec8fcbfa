/**
 * The chat header's Export button: a small menu (Markdown, JSON, web page) for the open
 * conversation; main asks where to save. A keyboard menu like the capture menu: it opens with
 * focus on its first entry, ↑/↓ (Home/End) move, Enter/Space choose, Esc closes and Tab leaves;
 * focus returns to the button. What happened (saved where, or why not) shows under the button
 * until the next click anywhere.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '../../../shared/errors'
import type { ExportFormat, WrittenFile } from '../../../shared/ipc/contract'
import { requirePageApi } from '../api'
import { menuMoveIndex } from '../components/useDialogFocus'
import { errorFromUnknown } from '../logic/errors'
import { formatBytes } from '../logic/paste'
import { TransferError } from './TransferError'
import './transfer.css'

const itemsIn = (menu: HTMLElement): HTMLElement[] => Array.from(menu.querySelectorAll<HTMLElement>('[role="menuitem"]'))

function IconExport({ size = 18 }: { size?: number }): ReactElement {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M12 3v12" />
      <path d="m7 10 5 5 5-5" />
      <path d="M5 19h14" />
    </svg>
  )
}

export function ExportConversationMenu(props: { conversationId: string }): ReactElement {
  const { t } = useTranslation()
  const trigger = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ file: WrittenFile } | { error: ErrorInfo } | null>(null)

  // Another conversation: the last one's outcome is not this one's.
  useEffect(() => setResult(null), [props.conversationId])

  const close = useCallback(() => {
    setOpen(false)
    trigger.current?.focus()
  }, [])

  useEffect(() => {
    if (!open) return
    menu.current && itemsIn(menu.current)[0]?.focus()
    // Esc closes the menu wherever focus is, before the page's own Esc (stop an answer).
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.isComposing) return
      e.preventDefault()
      e.stopPropagation()
      close()
    }
    const onPointer = (e: PointerEvent): void => {
      if (!menu.current?.contains(e.target as Node) && !trigger.current?.contains(e.target as Node)) setOpen(false)
    }
    window.addEventListener('keydown', onKey, true)
    window.addEventListener('pointerdown', onPointer, true)
    return () => {
      window.removeEventListener('keydown', onKey, true)
      window.removeEventListener('pointerdown', onPointer, true)
    }
  }, [open, close])

  // The outcome note goes at the next click anywhere.
  useEffect(() => {
    if (!result) return
    const clear = (): void => setResult(null)
    window.addEventListener('pointerdown', clear, true)
    return () => window.removeEventListener('pointerdown', clear, true)
  }, [result])

  const choose = async (format: ExportFormat): Promise<void> => {
    close()
    setBusy(true)
    try {
      const file = await requirePageApi().transfer.exportConversations({ conversationId: props.conversationId, format })
      setResult(file ? { file } : null)
    } catch (error) {
      setResult({ error: errorFromUnknown(error) })
    } finally {
      setBusy(false)
    }
  }

  const onMenuKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>): void => {
    if (!menu.current || e.altKey || e.ctrlKey || e.metaKey || e.nativeEvent.isComposing) return
    if (e.key === 'Tab') {
      setOpen(false)
      trigger.current?.focus()
      return
    }
    const items = itemsIn(menu.current)
    const next = menuMoveIndex(e.key, items.length, items.indexOf(document.activeElement as HTMLElement))
    if (next === null) return
    e.preventDefault()
    items[next]?.focus()
  }

  const entries: Array<[ExportFormat, string]> = [
    ['markdown', t('transfer.menuMarkdown')],
    ['json', t('transfer.menuJson')],
    ['html', t('transfer.menuHtml')]
  ]
  return (
    <div className="od-export-menu-wrap">
      <button
        ref={trigger}
        type="button"
        className="od-icon-btn"
        data-testid="export-conversation"
        aria-label={t('transfer.menu')}
        title={t('transfer.menu')}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-busy={busy}
        // Not `disabled` while saving: a disabled button would drop the focus it was just given back.
        aria-disabled={busy}
        onClick={() => !busy && setOpen((o) => !o)}
      >
        <IconExport />
      </button>
      {open ? (
        <div ref={menu} className="od-export-menu" role="menu" aria-label={t('transfer.menu')} data-testid="export-menu" onKeyDown={onMenuKeyDown}>
          {entries.map(([format, label]) => (
            <button key={format} type="button" role="menuitem" tabIndex={-1} className="od-export-item" data-testid={`export-${format}`} onClick={() => void choose(format)}>
              {label}
            </button>
          ))}
        </div>
      ) : null}
      {result && 'file' in result ? (
        <p className="od-export-status" role="status" data-testid="export-status">
          {t('transfer.exported', { path: result.file.path, size: formatBytes(result.file.bytes) })}
        </p>
      ) : null}
      {result && 'error' in result ? (
        <div className="od-export-status">
          <TransferError error={result.error} testId="export-error" />
        </div>
      ) : null}
    </div>
  )
}
