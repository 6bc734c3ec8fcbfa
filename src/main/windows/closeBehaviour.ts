/**
 * What closing the main window means. Pure.
 *
 * - macOS: the window hides and the app stays in the menu bar and Dock, like native apps;
 *   Quit (menu, Cmd+Q, tray) really quits.
 * - Windows and Linux: closing the main window quits. The companion window (pre-created and
 *   hidden) would otherwise keep an invisible process alive, a complaint about peer apps.
 */
export type MainWindowCloseAction = 'hide' | 'close-and-quit' | 'close'

export function mainWindowCloseAction(opts: { platform: NodeJS.Platform; quitting: boolean }): MainWindowCloseAction {
  if (opts.quitting) return 'close'
  return opts.platform === 'darwin' ? 'hide' : 'close-and-quit'
}
