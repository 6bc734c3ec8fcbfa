/**
 * The preload: exposes `window.omnidesk`, one function per contract channel (createApi), and
 * nothing else. Sandboxed, so it is bundled as one CommonJS file with zod inlined: a sandboxed
 * preload can only require('electron') and a few Node built-ins.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { createApi } from '../shared/ipc/client'
import { createIpcRendererTransport } from './transport'

contextBridge.exposeInMainWorld('omnidesk', createApi(createIpcRendererTransport(ipcRenderer)))
