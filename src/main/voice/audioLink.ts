/**
 * Main's end of a voice session's audio link (see src/shared/voice/audioLink.ts). Electron:
 * a MessagePortMain (src/main/app/electronAudioLinks.ts); harness: a binary WebSocket
 * (src/main/harness/harnessAudioLinks.ts). The voice code only sees this port.
 */
import type { DownMessage, UpMessage } from '../../shared/voice/audioLink'
import type { VoiceWindow } from '../../shared/voice/schemas'

export interface AudioLink {
  send(msg: DownMessage): void
  onMessage(listener: (msg: UpMessage) => void): void
  /** The renderer went away (window closed, socket lost). */
  onClose(listener: () => void): void
  close(): void
  /** Epoch ms when the last send left main (bench: mic_to_send / delta timings). */
  readonly lastSendAt?: number
}

export interface AudioLinkPort {
  /** Opens the link of a session; the renderer is told to connect through the `link` voice event. */
  open(sessionId: string, opts: { signal: AbortSignal; window: VoiceWindow }): Promise<AudioLink>
}

/** Platform microphone permission (macOS: systemPreferences). */
export interface MicPermissionPort {
  status(): 'granted' | 'denied' | 'restricted' | 'not-determined' | 'unknown'
  ask(): Promise<boolean>
}
