/**
 * The preload: exposes `window.omnidesk`, one function per contract channel this kind of window
 * may use (createBridgeApi, src/shared/ipc/windows.ts), and nothing else. Sandboxed, so it is bundled as one CommonJS file: a sandboxed
 * preload can only require('electron') and a few Node built-ins.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { createBridgeApi } from '../shared/ipc/bridgeApi'
import { createIpcRendererTransport } from './transport'
import { windowKindFromArgv } from '../shared/ipc/windows'
import { AUDIO_PORT_IPC_CHANNEL, AUDIO_PORT_MESSAGE } from '../shared/voice/audioLinkWire'

// The window's kind comes from main (webPreferences.additionalArguments): its page gets only its
// own channels. Main checks every call against the same map; this only keeps the surface small.
const windowKind = windowKindFromArgv(process.argv)
contextBridge.exposeInMainWorld('omnidesk', windowKind ? createBridgeApi(createIpcRendererTransport(ipcRenderer), windowKind) : {})

// A voice session's audio link: main transfers a MessagePort on this one channel; it goes to the
// page's own origin with window.postMessage (ports cannot cross contextBridge). Only a port and a
// session id pass; nothing else is forwarded.
ipcRenderer.on(AUDIO_PORT_IPC_CHANNEL, (event, data: { sessionId?: unknown }) => {
  if (typeof data?.sessionId !== 'string' || event.ports.length !== 1) return
  window.postMessage({ type: AUDIO_PORT_MESSAGE, sessionId: data.sessionId }, '/', event.ports)
})
