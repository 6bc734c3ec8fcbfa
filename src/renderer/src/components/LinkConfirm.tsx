/**
 * "Open this link?" for the links that ask first (logic/links.ts): the whole address, what the
 * text claimed, Open / Copy link / Cancel. Both windows show it over their content. Esc cancels
 * (and is marked handled, so the companion does not hide under it). Tab stays inside the dialog
 * and, when it closes, focus goes back to the link (or to the message box).
 */
import { useEffect, useId, useRef, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppState } from '../state/appState'
import { useAppState, useController } from '../state/hooks'
import { CopyButton } from './CopyButton'
import { useDialogFocus } from './useDialogFocus'

/**
 * `inline`: in the flow of the page instead of over it. The companion sizes its window to its
 * content, so an overlay there would be cut to whatever height the answer left.
 */
export function LinkConfirm({ inline = false }: { inline?: boolean }): ReactElement | null {
  const link = useAppState((s) => s.pendingLink)
  // Mounted only while a link asks: the focus hook records where focus was when it opened.
  return link ? <LinkConfirmDialog key={link.url} link={link} inline={inline} /> : null
}

function LinkConfirmDialog({ link, inline }: { link: NonNullable<AppState['pendingLink']>; inline: boolean }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const titleId = useId()
  const cancelButton = useRef<HTMLButtonElement>(null)
  const root = useRef<HTMLDivElement>(null)

  useEffect(() => {
    // Cancel has the focus: Enter right after the click must not open the link unread.
    cancelButton.current?.focus()
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.isComposing) return
      event.preventDefault()
      event.stopPropagation()
      controller.view.cancelPendingLink()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [controller])
  const trapTab = useDialogFocus(root, { fallback: () => controller.view.focusComposer() })

  const mail = link.url.toLowerCase().startsWith('mailto:')
  const dialog = (
    <div
      ref={root}
      className={inline ? 'od-link-confirm od-link-confirm-inline' : 'od-modal od-link-confirm'}
      // Inline (the companion) it is part of the page: Tab is not held inside.
      onKeyDown={inline ? undefined : trapTab}
      role="alertdialog"
      aria-modal={inline ? undefined : true}
      aria-labelledby={titleId}
      data-testid="link-confirm"
      data-reason={link.reason}
    >
      <header className="od-modal-header">
        <h2 id={titleId}>{mail ? t('links.mailTitle') : t('links.title')}</h2>
      </header>
      <div className="od-modal-body">
        {link.reason === 'text-differs' && link.shownText ? (
          <p className="od-link-confirm-warning" data-testid="link-confirm-warning">
            {t('links.textDiffers', { shown: link.shownText })}
          </p>
        ) : null}
        <p className="od-link-confirm-label">{mail ? t('links.mailTarget') : t('links.target')}</p>
        <code className="od-link-confirm-url" data-testid="link-confirm-url">
          {link.url}
        </code>
        <div className="od-link-confirm-actions">
          <CopyButton text={link.url} label={t('links.copy')} testId="link-confirm-copy" />
          <span className="od-spacer" />
          <button ref={cancelButton} type="button" className="od-btn od-btn-ghost" data-testid="link-confirm-cancel" onClick={() => controller.view.cancelPendingLink()}>
            {t('common.cancel')}
          </button>
          <button type="button" className="od-btn od-btn-primary" data-testid="link-confirm-open" onClick={() => controller.view.openPendingLink()}>
            {mail ? t('links.openMail') : t('links.open')}
          </button>
        </div>
      </div>
    </div>
  )
  if (inline) return dialog
  return (
    <div
      className="od-modal-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) controller.view.cancelPendingLink()
      }}
    >
      {dialog}
    </div>
  )
}
