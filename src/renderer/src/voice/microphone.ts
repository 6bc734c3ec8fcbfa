/**
 * The microphone, opened the one way voice sessions and dictation both use: main is asked first
 * (macOS: systemPreferences.askForMediaAccess the first time, and it knows a refusal in System
 * Settings; elsewhere it answers 'unknown' and the browser decides), then getUserMedia; and its
 * capture worklet node (24 kHz pcm16 frames of 20 ms with their level). Failures are named for
 * the user: refused, or no device.
 */
import type { OmnideskApi } from '../../../shared/ipc/contract'

export type MicrophoneFailure = 'mic-denied' | 'no-device'

export class MicrophoneError extends Error {
  constructor(
    readonly failure: MicrophoneFailure,
    detail: string
  ) {
    super(detail)
  }
}

/** getUserMedia refused by the user or the permission handler (not a missing device). */
export function isPermissionRefusal(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name
  return name === 'NotAllowedError' || name === 'SecurityError'
}

/** `processing`: the browser's echo cancellation, noise suppression and gain control. */
export async function openMicrophone(api: OmnideskApi, processing: boolean): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new MicrophoneError('no-device', 'No microphone API')
  const access = await api.voice.micAccess({ ask: true }).catch(() => ({ status: 'unknown' as const }))
  if (access.status === 'denied' || access.status === 'restricted') throw new MicrophoneError('mic-denied', `Microphone access: ${access.status}`)
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: processing, noiseSuppression: processing, autoGainControl: processing }
    })
  } catch (error) {
    throw new MicrophoneError(isPermissionRefusal(error) ? 'mic-denied' : 'no-device', String(error))
  }
}

/** The capture worklet listening to `stream` (its module must be loaded in `ctx`). */
export function captureNode(ctx: AudioContext, stream: MediaStream): AudioWorkletNode {
  const node = new AudioWorkletNode(ctx, 'omnidesk-capture', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit' })
  ctx.createMediaStreamSource(stream).connect(node)
  return node
}
