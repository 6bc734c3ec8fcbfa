/**
 * What screen capture needs from the OS, as ports. Electron implements them in
 * src/main/app/electronCapture.ts (desktopCapturer, screen, systemPreferences, shell) and
 * src/main/windows/captureOverlay.ts (one overlay window per display); the web harness serves
 * fixture PNGs (src/main/harness/harnessCapture.ts).
 */
import type { CaptureDisplay, ScreenPermission } from '../../shared/capture/schemas'
import type { GlobalShortcutPort } from '../companion/shortcuts'

export interface CapturedBitmap {
  /** PNG bytes, device pixels. */
  png: Uint8Array
  width: number
  height: number
}

export interface CaptureWindowSource {
  id: string
  name: string
  appName?: string
  thumbnail?: CapturedBitmap
  /** The owning app's icon, small (macOS and Windows; absent on Linux). */
  icon?: CapturedBitmap
}

export interface ScreenPort {
  /** Every display, DIP bounds in the virtual desktop (may be negative), primary marked. */
  displays(): CaptureDisplay[]
}

export interface CapturerPort {
  /** A full-resolution capture of each display, by display id (missing ones are absent). */
  captureDisplays(displays: readonly CaptureDisplay[]): Promise<Map<string, CapturedBitmap>>
  /** Open windows with small thumbnails. */
  listWindows(): Promise<CaptureWindowSource[]>
  /** One window at full resolution. */
  captureWindow(id: string): Promise<CapturedBitmap | undefined>
  /**
   * The id a page opens a live stream of this display or window with (voice's screen sharing:
   * getUserMedia's desktop source); undefined when it is gone.
   */
  mediaSourceId?(target: { kind: 'display' | 'window'; id: string }): Promise<string | undefined>
}

export interface PermissionPort {
  status(): ScreenPermission
  /** Opens the OS pane where the user grants Screen Recording. */
  openSettings(): Promise<void>
}

export interface OverlayPort {
  /** Shows one frozen overlay per display for this session. */
  open(sessionId: string, displays: readonly CaptureDisplay[]): Promise<void> | void
  close(sessionId: string): void
}

export interface CapturePorts {
  platform: string
  screen: ScreenPort
  capturer: CapturerPort
  permission: PermissionPort
  overlay: OverlayPort
  /** Global shortcuts for the capture shortcut (absent: none in this shell). */
  shortcuts?: GlobalShortcutPort
  /** An OS notification (the capture shortcut is taken); absent: Settings still says it. */
  notify?: (notification: { title: string; body: string }) => void
}
