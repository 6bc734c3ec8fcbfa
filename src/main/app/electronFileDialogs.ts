/**
 * The file dialogs of the app: Electron's native Save and Open panels, attached to the main
 * window (a sheet on macOS) when it is there.
 */
import { dialog, type BrowserWindow } from 'electron'
import type { FileDialogPort } from '../store/types'

export function createElectronFileDialogs(parent: () => BrowserWindow | undefined): FileDialogPort {
  return {
    chooseSavePath: async ({ title, defaultName, filters }) => {
      const options = { title, defaultPath: defaultName, filters, properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] }
      const window = parent()
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },
    chooseOpenPath: async ({ title, filters }) => {
      const options = { title, filters, properties: ['openFile' as const] }
      const window = parent()
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]
    }
  }
}
