/**
 * The keyboard shortcuts sheet: every main-window shortcut, written the platform's way (⌘N on
 * macOS, Ctrl+N elsewhere). Opened by Cmd/Ctrl+/ and by "Keyboard shortcuts" in the sidebar;
 * Esc, Close, a click outside or Cmd/Ctrl+/ again close it, and focus goes back where it was.
 */
import { useId, useRef, type KeyboardEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { APP_SHORTCUTS, shortcutLabel } from '../logic/appShortcuts'
import { useAppState, useController } from '../state/hooks'
import { IconClose } from './Icons'
import { useDialogFocus } from './useDialogFocus'
import './shell.css'

export function ShortcutsSheet(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const platform = useAppState((s) => s.info?.platform)
  const titleId = useId()
  const root = useRef<HTMLDivElement>(null)
  const trapTab = useDialogFocus(root, { fallback: () => controller.view.focusComposer() })

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape' && !e.nativeEvent.isComposing) {
      e.preventDefault()
      e.stopPropagation()
      controller.view.closeShortcuts()
      return
    }
    trapTab(e)
  }

  return (
    <div
      className="od-modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) controller.view.closeShortcuts()
      }}
    >
      <div
        ref={root}
        className="od-modal od-shortcuts"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="shortcuts-sheet"
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="od-modal-header">
          <h2 id={titleId}>{t('shell.shortcuts.title')}</h2>
          <button
            type="button"
            className="od-icon-btn"
            data-testid="shortcuts-close"
            aria-label={t('shell.shortcuts.close')}
            title={t('shell.shortcuts.close')}
            onClick={() => controller.view.closeShortcuts()}
          >
            <IconClose />
          </button>
        </header>
        <div className="od-modal-body">
          <table className="od-shortcuts-table">
            <tbody>
              {APP_SHORTCUTS.map((s) => (
                <tr key={s.command} data-testid="shortcut-row" data-command={s.command}>
                  <th scope="row">{t(`shell.shortcuts.commands.${s.command}`)}</th>
                  <td>
                    <kbd data-testid="shortcut-keys">{shortcutLabel(s, platform)}</kbd>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="od-muted od-shortcuts-note">{t('shell.shortcuts.escNote')}</p>
        </div>
      </div>
    </div>
  )
}
