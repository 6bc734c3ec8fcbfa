/** The shape of a region-capture overlay window: exactly over its display (pure, tested). */
import type { CaptureDisplay } from '../../shared/capture/schemas'

export function overlayWindowShape(display: CaptureDisplay, platform: string) {
  return {
    x: display.bounds.x,
    y: display.bounds.y,
    width: display.bounds.width,
    height: display.bounds.height,
    frame: false,
    show: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    hasShadow: false,
    enableLargerThanScreen: true,
    alwaysOnTop: true,
    backgroundColor: '#000000',
    title: 'Omnidesk capture',
    ...(platform === 'darwin' ? { type: 'panel' as const } : {})
  }
}
