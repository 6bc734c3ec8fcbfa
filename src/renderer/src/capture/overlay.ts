/**
 * The region overlay: one page per display (capture.html?session=…&display=…), shown full screen
 * over the FROZEN capture of its display (taken before the overlay appeared, so it is never in
 * the picture). Drag with a crosshair, the selection's size shown in device pixels; Esc or
 * right-click cancels; mouse-up or Enter confirms. The crop is done here, in the frozen bitmap's
 * device pixels (cropInDevicePixels), and handed to main, which closes every overlay of the
 * session and gives the image to the window that asked.
 */
import i18next from 'i18next'
import { cropInDevicePixels, dragRect, isUsableSelection, type Point } from '../../../shared/capture/region'
import type { OverlayFrame } from '../../../shared/capture/schemas'
import { api } from '../api'
import en from '../i18n/en'
import zhCN from '../i18n/zh-CN'
import './overlay.css'

const params = new URLSearchParams(location.search)
const sessionId = params.get('session') ?? ''
const displayId = params.get('display') ?? ''
const root = document.getElementById('overlay') as HTMLDivElement

let frame: OverlayFrame | undefined
let image: HTMLImageElement | undefined
let start: Point | null = null
let current: Point | null = null
let finished = false

const sel = document.createElement('div')
sel.className = 'od-overlay-selection'
sel.dataset.testid = 'capture-selection'
const label = document.createElement('div')
label.className = 'od-overlay-size'
label.dataset.testid = 'capture-selection-size'
const hint = document.createElement('div')
hint.className = 'od-overlay-hint'

/** Page (CSS px) → display-local DIP: the window covers the display, but be exact anyway. */
function toLocal(e: { clientX: number; clientY: number }): Point {
  const b = frame!.display.bounds
  return { x: (e.clientX * b.width) / window.innerWidth, y: (e.clientY * b.height) / window.innerHeight }
}

function render(): void {
  if (!start || !current || !frame) {
    sel.style.display = 'none'
    label.style.display = 'none'
    return
  }
  const r = dragRect(start, current)
  const b = frame.display.bounds
  const kx = window.innerWidth / b.width
  const ky = window.innerHeight / b.height
  Object.assign(sel.style, {
    display: 'block',
    left: `${r.x * kx}px`,
    top: `${r.y * ky}px`,
    width: `${r.width * kx}px`,
    height: `${r.height * ky}px`
  })
  const crop = cropInDevicePixels(r, b, frame)
  label.textContent = `${crop.width} × ${crop.height}`
  Object.assign(label.style, { display: 'block', left: `${r.x * kx}px`, top: `${Math.max(0, r.y * ky - 24)}px` })
}

async function finish(confirm: boolean): Promise<void> {
  if (finished) return
  if (!confirm || !frame || !image || !start || !current) {
    finished = true
    root.dataset.state = 'cancelled'
    await api.capture.finishRegion({ sessionId, image: null }).catch(() => undefined)
    return
  }
  const r = dragRect(start, current)
  if (!isUsableSelection(r)) {
    // A click, not a drag: start over.
    start = current = null
    render()
    return
  }
  finished = true
  const crop = cropInDevicePixels(r, frame.display.bounds, frame)
  const canvas = document.createElement('canvas')
  canvas.width = crop.width
  canvas.height = crop.height
  canvas.getContext('2d')!.drawImage(image, crop.x, crop.y, crop.width, crop.height, 0, 0, crop.width, crop.height)
  root.dataset.state = 'confirmed'
  await api.capture.finishRegion({
    sessionId,
    image: {
      dataUrl: canvas.toDataURL('image/png'),
      width: crop.width,
      height: crop.height,
      label: frame.display.label ? `${frame.display.label} — region` : 'Region',
      kind: 'region'
    }
  })
}

async function boot(): Promise<void> {
  const settings = await api.settings.get().catch(() => undefined)
  const lang = settings?.language ?? (navigator.language.startsWith('zh') ? 'zh-CN' : 'en')
  await i18next.init({ resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, lng: lang, fallbackLng: 'en', showSupportNotice: false } as never)
  hint.textContent = i18next.t('capture.overlayHint')
  try {
    frame = await api.capture.overlayFrame({ sessionId, displayId })
  } catch {
    root.dataset.state = 'ended'
    return
  }
  image = new Image()
  image.src = frame.dataUrl
  await image.decode()
  image.className = 'od-overlay-frame'
  image.draggable = false
  image.alt = ''
  root.append(image, sel, label, hint)
  root.dataset.state = 'ready'
  root.dataset.width = String(frame.width)
  root.dataset.height = String(frame.height)
}

root.addEventListener('mousedown', (e) => {
  if (!frame || finished) return
  if (e.button === 2) return
  start = current = toLocal(e)
  render()
})
window.addEventListener('mousemove', (e) => {
  if (!start || finished) return
  current = toLocal(e)
  render()
})
window.addEventListener('mouseup', (e) => {
  if (e.button !== 0 || !start || finished) return
  current = toLocal(e)
  void finish(true)
})
window.addEventListener('contextmenu', (e) => {
  e.preventDefault()
  void finish(false)
})
window.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') void finish(false)
  else if (e.key === 'Enter' && start && current) void finish(true)
})

void boot()
