/**
 * Electron's audio links: one MessageChannelMain per voice session; main keeps port1 and
 * transfers port2 to the window's preload, which hands it to the page with window.postMessage
 * (the documented way to reach a context-isolated main world). No generic bridge: the preload
 * forwards only this one message on this one channel.
 */
import { MessageChannelMain, systemPreferences, type WebContents } from 'electron'
import { parseUpMessage, type UpMessage } from '../../shared/voice/audioLink'
import { AUDIO_PORT_IPC_CHANNEL } from '../../shared/voice/audioLinkWire'
import type { VoiceWindow } from '../../shared/voice/schemas'
import type { AudioLink, AudioLinkPort, MicPermissionPort } from '../voice/audioLink'

/** `target`: the webContents of the window that started the session (main window or companion). */
export function createElectronAudioLinks(target: (window: VoiceWindow) => WebContents | undefined): AudioLinkPort {
  return {
    async open(sessionId, { window }) {
      const contents = target(window)
      if (!contents || contents.isDestroyed()) throw new Error('No window for the voice session.')
      const { port1, port2 } = new MessageChannelMain()
      const listeners: Array<(msg: UpMessage) => void> = []
      const closeListeners: Array<() => void> = []
      let lastSendAt = 0
      let closedByUs = false
      let malformed = 0
      const onMalformed = (): void => {
        if (malformed++ === 0) console.warn(`[omnidesk] voice session ${sessionId}: dropped a malformed audio-link message`)
      }
      port1.on('message', (event) => {
        // The page's messages are checked like any IPC payload: a malformed one is dropped.
        const msg = parseUpMessage(event.data)
        if (msg) for (const l of listeners) l(msg)
        else onMalformed()
      })
      port1.on('close', () => {
        if (!closedByUs) for (const l of closeListeners) l()
      })
      port1.start()
      contents.postMessage(AUDIO_PORT_IPC_CHANNEL, { sessionId }, [port2])
      const link: AudioLink = {
        send(msg) {
          port1.postMessage(msg)
          lastSendAt = Date.now()
        },
        onMessage: (l) => listeners.push(l),
        onClose: (l) => closeListeners.push(l),
        close() {
          closedByUs = true
          port1.close()
        },
        get lastSendAt() {
          return lastSendAt
        }
      }
      return link
    }
  }
}

/** macOS microphone permission (Windows and Linux: the OS or the browser layer decides). */
export function createElectronMicPermission(platform: NodeJS.Platform): MicPermissionPort {
  return {
    status() {
      if (platform !== 'darwin' && platform !== 'win32') return 'unknown'
      const status = systemPreferences.getMediaAccessStatus('microphone')
      return status === 'granted' || status === 'denied' || status === 'restricted' || status === 'not-determined' ? status : 'unknown'
    },
    ask() {
      return platform === 'darwin' ? systemPreferences.askForMediaAccess('microphone') : Promise.resolve(true)
    }
  }
}
