/**
 * The tray / menu-bar icon and its menu (built from trayMenu.ts). On macOS the icon is a
 * template image (black + alpha, recoloured by the system for light and dark menu bars); on
 * Windows and Linux it is the coloured icon, and a left click opens the app.
 */
import { readFileSync } from 'node:fs'
import { Menu, Tray, nativeImage, type NativeImage } from 'electron'
import trayColor1x from '../../../assets/tray.png?asset'
import trayColor2x from '../../../assets/tray@2x.png?asset'
import trayTemplate1x from '../../../assets/trayTemplate.png?asset'
import trayTemplate2x from '../../../assets/trayTemplate@2x.png?asset'
import { buildTrayMenuTemplate, type TrayAction, type TrayLanguage } from './trayMenu'

// Built from buffers with explicit scale factors: the asset files get hashed names in out/,
// so Electron's automatic `name@2x.png` lookup next to the 1x file would not find them.
function trayImage(platform: NodeJS.Platform): NativeImage {
  const [oneX, twoX] = platform === 'darwin' ? [trayTemplate1x, trayTemplate2x] : [trayColor1x, trayColor2x]
  const image = nativeImage.createEmpty()
  image.addRepresentation({ scaleFactor: 1, buffer: readFileSync(oneX) })
  image.addRepresentation({ scaleFactor: 2, buffer: readFileSync(twoX) })
  if (platform === 'darwin') image.setTemplateImage(true)
  return image
}

export interface AppTray {
  setLanguage(language: TrayLanguage): void
  /** A voice session shares a screen or the camera: "Stop sharing" leads the menu. */
  setSharing(sharing: boolean): void
  destroy(): void
}

export function createAppTray(opts: {
  platform: NodeJS.Platform
  language: TrayLanguage
  onAction: (action: TrayAction) => void
}): AppTray {
  const tray = new Tray(trayImage(opts.platform))
  tray.setToolTip('Omnidesk')
  let language = opts.language
  let sharing = false
  const rebuild = (): void => {
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenuTemplate(language, opts.onAction, sharing)))
    tray.setToolTip(sharing ? 'Omnidesk — sharing with voice' : 'Omnidesk')
  }
  rebuild()
  if (opts.platform !== 'darwin') tray.on('click', () => opts.onAction({ kind: 'open' }))
  return {
    setLanguage(next) {
      if (next === language) return
      language = next
      rebuild()
    },
    setSharing(next) {
      if (next === sharing) return
      sharing = next
      rebuild()
    },
    destroy: () => tray.destroy()
  }
}
