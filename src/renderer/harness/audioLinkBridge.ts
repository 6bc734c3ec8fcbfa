/**
 * The harness's side of a voice session's audio link: on the `link` voice event, open a binary
 * WebSocket to /__harness/audio?session=ID and hand the page a MessagePort carrying the same
 * messages as Electron's MessageChannelMain port, so the voice view's code is the same in both.
 * It carries the messages as they are, as Electron's port does: main checks what goes up, the
 * voice view what comes down (so the bridge needs no schemas, like the preload).
 */
import type { BridgeApi } from '../../shared/ipc/contract'
import type { DownMessage } from '../../shared/voice/audioLink'
import { AUDIO_PORT_MESSAGE, decodeLinkFrame, encodeLinkMessage, HARNESS_AUDIO_PATH, type LinkFrame } from '../../shared/voice/audioLinkWire'

/** Framable: an object with its kind, and pcm (if any) as bytes. */
function isLinkFrame(data: unknown): data is LinkFrame {
  if (!data || typeof data !== 'object') return false
  const { t, pcm } = data as { t?: unknown; pcm?: unknown }
  return typeof t === 'string' && (pcm === undefined || pcm instanceof ArrayBuffer)
}

/** `kind`: this page's window kind (the bridge's); only the main window and the companion have voice. */
export function installHarnessAudioLinks(api: BridgeApi, kind: 'main' | 'companion'): void {
  api.voice.onEvent((event) => {
    // Voice events go to both windows; the link belongs to the window that started the session
    // (as Electron transfers its port to that window only).
    if (event.kind !== 'link' || event.window !== kind) return
    const url = new URL(`${HARNESS_AUDIO_PATH}?session=${encodeURIComponent(event.sessionId)}`, location.href)
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = new WebSocket(url.href)
    ws.binaryType = 'arraybuffer'
    const channel = new MessageChannel()
    const port = channel.port1
    ws.addEventListener('open', () => {
      port.onmessage = (ev: MessageEvent) => {
        if (isLinkFrame(ev.data) && ws.readyState === WebSocket.OPEN) ws.send(encodeLinkMessage(ev.data))
      }
      window.postMessage({ type: AUDIO_PORT_MESSAGE, sessionId: event.sessionId }, '/', [channel.port2])
    })
    ws.addEventListener('message', (ev: MessageEvent) => {
      if (!(ev.data instanceof ArrayBuffer)) return
      const frame = decodeLinkFrame(ev.data)
      if (!frame) return
      port.postMessage(frame, frame.pcm ? [frame.pcm] : [])
    })
    ws.addEventListener('close', () => {
      // Tell the page the link is gone, then close our end.
      const closed: DownMessage = { t: 'closed' }
      port.postMessage(closed)
      port.close()
    })
  })
}
