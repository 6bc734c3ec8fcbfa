/** The companion window's main-side logic (pure: the desktop is the CompanionDesktopPort port). */
export { createCompanionService, type CompanionService, type CompanionServiceDeps } from './service'
export { createInertCompanionDesktop, type CompanionDesktopPort, type ScreenSnapshot } from './desktopPort'
export type { GlobalShortcutPort } from './shortcuts'
export type { FocusReturn } from './stateMachine'
export type { DisplayInfo, Point, Rect } from './placement'
export type { ClipboardReading } from './clipboardContext'
