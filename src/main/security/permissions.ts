/**
 * Which web permissions our pages get. Pure, no electron import.
 *
 * Everything is denied except what a feature in use needs, only for our own origin and only
 * for the windows that have that feature:
 * - `media`: the microphone, for voice conversations in the main window and the companion; and
 *   video (the camera, or a screen's live stream) only while a voice session in that window
 *   shares it — the user picked Camera or a screen there (`videoAllowed`); otherwise a request
 *   that asks for video is refused whole. The capture overlay never gets either.
 * - `clipboard-sanitized-write`: the Copy buttons (navigator.clipboard.writeText).
 * Screen capture goes through desktopCapturer in main, so `display-capture` stays denied.
 */
import type { WindowKind } from '../../shared/ipc/windows'
import { isTrustedOrigin } from './origins'

/** What Chromium says about a media request: the request names every type it wants; a check names one. */
type MediaType = 'audio' | 'video' | 'unknown'

export interface PermissionAsk {
  permission: string
  requestingUrl: string | undefined
  /** The kind of our window asking; undefined when the webContents is not one of our windows. */
  window: WindowKind | undefined
  /** `media` requests: the types asked for (Electron's details.mediaTypes). */
  mediaTypes?: readonly MediaType[]
  /** `media` checks: the one type being checked (Electron's details.mediaType). */
  mediaType?: MediaType
  /** This window shares its camera or a screen in a voice session right now. */
  videoAllowed?: boolean
}

const MICROPHONE_WINDOWS: ReadonlySet<WindowKind> = new Set(['main', 'companion'])
const ANY_WINDOW_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['media', ...ANY_WINDOW_PERMISSIONS])

function mediaAllowed(ask: PermissionAsk): boolean {
  if (!ask.window || !MICROPHONE_WINDOWS.has(ask.window)) return false
  const allowedType = (type: MediaType): boolean => type === 'audio' || (type === 'video' && ask.videoAllowed === true)
  if (ask.mediaTypes !== undefined) return ask.mediaTypes.length > 0 && ask.mediaTypes.every(allowedType)
  // A check (not a grant): Chromium asks with 'unknown' before listing devices; 'video' is the camera.
  return ask.mediaType !== 'video' || ask.videoAllowed === true
}

export function isPermissionAllowed(ask: PermissionAsk, trustedOrigins: readonly string[]): boolean {
  if (!isTrustedOrigin(ask.requestingUrl, trustedOrigins)) return false
  if (ask.permission === 'media') return mediaAllowed(ask)
  return ANY_WINDOW_PERMISSIONS.has(ask.permission) && ask.window !== undefined
}
