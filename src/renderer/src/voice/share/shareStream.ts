/**
 * The live stream of what is shared: the camera (getUserMedia video; the permission handler in
 * main grants video only once the user picked Camera), or a display or window by the media source
 * id main gave (Electron's desktop capture through getUserMedia's `chromeMediaSource`). No audio.
 */
import { isPermissionRefusal } from '../microphone'

export type ShareStreamFailure = 'denied' | 'unavailable'

export class ShareStreamError extends Error {
  constructor(
    readonly reason: ShareStreamFailure,
    detail: string
  ) {
    super(detail)
  }
}

/** Frame rates asked for: a camera's motion at 15 fps is plenty for one frame a second; a screen sends frames when it changes. */
const CAMERA = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 15 } }
const SCREEN_MAX_FPS = 10

export async function openShareStream(target: { source: 'camera' } | { source: 'screen'; mediaSourceId: string }): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new ShareStreamError('unavailable', 'No media devices API')
  const video =
    target.source === 'camera'
      ? CAMERA
      : // Chromium's desktop capture constraints (not in the DOM types): Electron maps the id to the display or window.
        ({ mandatory: { chromeMediaSource: 'desktop', chromeMediaSourceId: target.mediaSourceId, maxFrameRate: SCREEN_MAX_FPS } } as unknown as MediaTrackConstraints)
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: false, video })
  } catch (error) {
    throw new ShareStreamError(isPermissionRefusal(error) ? 'denied' : 'unavailable', String(error))
  }
}

export function stopStream(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop()
}
