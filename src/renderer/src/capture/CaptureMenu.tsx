/**
 * The composer's image buttons: a file picker (PNG, JPEG, WebP, GIF) and the camera menu:
 * "Region…", one "Entire screen" entry per display, and the open windows with thumbnails and
 * app names. Region capture shows frozen overlays (src/renderer/src/capture); its result arrives
 * as a capture:onResult event for the session this window started.
 *
 * The camera menu is a keyboard menu: it opens with focus on its first entry, ↑/↓ (Home/End)
 * move, Enter/Space choose, Esc closes and Tab leaves it; after a choice or Esc the caret is back
 * in the message box (`onDone`), not lost on the page.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { CaptureSources, GrabResult, StartRegionResult } from '../../../shared/capture/schemas'
import type { ImageAttachments } from '../attachments/useImageAttachments'
import { warmWebpEncoder } from '../attachments/webpEncoder'
import { IconAttachImage, IconCamera } from '../components/Icons'
import { menuMoveIndex } from '../components/useDialogFocus'
import './capture.css'
import { pageApi, requirePageApi } from '../api'

export const ACCEPT_IMAGES = 'image/png,image/jpeg,image/webp,image/gif'

const menuItemsIn = (menu: HTMLElement): HTMLElement[] =>
  Array.from(menu.querySelectorAll<HTMLElement>('[role="menuitem"]')).filter((el) => !(el as HTMLButtonElement).disabled)

export function ImageButtons(props: {
  images: ImageAttachments
  listenRequests?: boolean
  disabled?: boolean
  /** After the menu closed by a choice or Esc: where focus goes (the composer); default the camera button. */
  onDone?: () => void
}): ReactElement {
  const { t } = useTranslation()
  const { images } = props
  const fileInput = useRef<HTMLInputElement>(null)
  const trigger = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const onDone = useRef(props.onDone)
  onDone.current = props.onDone
  const [open, setOpen] = useState(false)
  const [sources, setSources] = useState<CaptureSources | null>(null)
  const session = useRef<string | null>(null)
  const platform = useRef<string | undefined>(undefined)

  const failed = useCallback(
    (r: Exclude<GrabResult | StartRegionResult, { ok: true }>) => {
      images.setNotice(r.reason === 'permission' ? { kind: 'permission' } : { kind: 'capture-failed', detail: r.detail ?? r.reason })
    },
    [images]
  )

  const startRegion = useCallback(async () => {
    setOpen(false)
    warmWebpEncoder()
    const r = await requirePageApi().capture.startRegion()
    if (r.ok) session.current = r.sessionId
    else failed(r)
  }, [failed])

  // Optional chaining: test doubles of the API (and older bridges) may lack the namespace.
  useEffect(
    () =>
      pageApi()?.capture?.onResult?.((e) => {
        if (e.sessionId !== session.current) return
        session.current = null
        if (e.image) void images.addCaptured(e.image, platform.current)
      }),
    [images]
  )

  const openMenu = useCallback(async () => {
    setOpen(true)
    // A capture is coming: have the WebP encoder compiled before it arrives (no-op once loaded).
    warmWebpEncoder()
    setSources(null)
    try {
      const s = await requirePageApi().capture.sources()
      platform.current = s.platform
      setSources(s)
    } catch {
      setSources({ platform: '', permission: 'unknown', displays: [], windows: [] })
    }
  }, [])

  useEffect(() => {
    if (props.listenRequests === false) return
    return pageApi()?.capture?.onRequest?.(({ action }) => {
      if (action === 'region') void startRegion()
      else void openMenu()
    })
  }, [props.listenRequests, startRegion, openMenu])

  /** The menu closed by a choice or Esc: the caret back in the message box. */
  const done = useCallback(() => {
    setOpen(false)
    if (onDone.current) onDone.current()
    else trigger.current?.focus()
  }, [])

  // Esc closes the menu wherever focus is (the page's own Esc — stop an answer, hide the
  // companion — waits for the next one: marked handled, in capture so it runs first).
  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.isComposing) return
      e.preventDefault()
      e.stopPropagation()
      done()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [open, done])

  const grab = async (kind: 'display' | 'window', id: string): Promise<void> => {
    done()
    const r = await requirePageApi().capture.grab({ kind, id })
    if (r.ok) await images.addCaptured(r.image, platform.current)
    else failed(r)
  }

  const blocked = sources?.permission === 'denied' || sources?.permission === 'restricted'

  // Open: focus on the first entry (again when the entries changed under it: permission refused).
  useEffect(() => {
    const el = menu.current
    if (open && el && !el.contains(document.activeElement)) menuItemsIn(el)[0]?.focus()
  }, [open, blocked])

  const onMenuKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>): void => {
    const el = menu.current
    if (!el || e.altKey || e.ctrlKey || e.metaKey || e.nativeEvent.isComposing) return
    if (e.key === 'Tab') {
      // Leaves the menu: Tab goes on from the camera button, as if the menu had not been there.
      trigger.current?.focus()
      setOpen(false)
      return
    }
    const items = menuItemsIn(el)
    const next = menuMoveIndex(e.key, items.length, items.indexOf(document.activeElement as HTMLElement))
    if (next === null) return
    e.preventDefault()
    items[next]?.focus()
  }

  return (
    <div className="od-image-buttons">
      <input
        ref={fileInput}
        type="file"
        accept={ACCEPT_IMAGES}
        multiple
        hidden
        data-testid="image-file-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? [])
          e.target.value = ''
          void images.addFiles(files)
        }}
      />
      <button
        type="button"
        className="od-icon-btn"
        data-testid="attach-image"
        aria-label={t('attachments.attachImage')}
        title={t('attachments.attachImage')}
        disabled={props.disabled}
        onClick={() => fileInput.current?.click()}
      >
        <IconAttachImage size={18} />
      </button>
      <button
        ref={trigger}
        type="button"
        className="od-icon-btn"
        data-testid="capture-button"
        aria-label={t('capture.capture')}
        title={t('capture.capture')}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={props.disabled}
        onClick={() => (open ? setOpen(false) : void openMenu())}
      >
        <IconCamera size={18} />
      </button>
      {open ? (
        <div ref={menu} className="od-capture-menu" role="menu" aria-label={t('capture.capture')} data-testid="capture-menu" onKeyDown={onMenuKeyDown}>
          {blocked ? (
            <div className="od-capture-permission" data-testid="capture-permission">
              <p>{t('capture.permissionMissing')}</p>
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className="od-link-btn"
                data-testid="capture-open-permission"
                onClick={() => void requirePageApi().capture.openPermissionSettings()}
              >
                {t('capture.openPermissionSettings')}
              </button>
            </div>
          ) : (
            <>
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className="od-capture-item"
                data-testid="capture-region"
                onClick={() => {
                  done()
                  void startRegion()
                }}
              >
                {t('capture.region')}
              </button>
              <p className="od-capture-hint">{t('capture.regionHint')}</p>
              {sources === null ? <p className="od-capture-hint">{t('common.loading')}</p> : null}
              {sources?.displays.map((d, i) => (
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  key={d.id}
                  className="od-capture-item"
                  data-testid="capture-display"
                  onClick={() => void grab('display', d.id)}
                >
                  {t('capture.entireScreen')}
                  {sources.displays.length > 1 ? ` — ${d.label || t('capture.displayN', { n: i + 1 })}` : ''}
                  <span className="od-capture-item-meta">
                    {Math.round(d.bounds.width * d.scaleFactor)}×{Math.round(d.bounds.height * d.scaleFactor)}
                  </span>
                </button>
              ))}
              {sources?.windows.length ? <div className="od-capture-section">{t('capture.windows')}</div> : null}
              <div className="od-capture-windows">
                {sources?.windows.map((w) => (
                  <button
                    type="button"
                    role="menuitem"
                    tabIndex={-1}
                    key={w.id}
                    className="od-capture-window"
                    data-testid="capture-window"
                    title={w.name}
                    onClick={() => void grab('window', w.id)}
                  >
                    {w.thumbnail ? <img src={w.thumbnail} alt="" /> : <span className="od-capture-window-empty" />}
                    <span className="od-capture-window-app">
                      {w.appIcon ? <img className="od-capture-window-icon" data-testid="capture-window-icon" src={w.appIcon} alt="" /> : null}
                      {w.appName ?? ''}
                    </span>
                    <span className="od-capture-window-name">{w.name}</span>
                  </button>
                ))}
              </div>
            </>
          )}
        </div>
      ) : null}
    </div>
  )
}
