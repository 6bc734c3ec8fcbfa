/** The companion window's main-side logic (pure: the desktop is the CompanionHost port). */
export { createCompanionService, type CompanionService, type CompanionServiceDeps } from './service'
export { createInertCompanionHost, type CompanionHost, type ScreenSnapshot } from './host'
export type { GlobalShortcutPort } from './shortcuts'
export type { FocusReturn } from './stateMachine'
export type { DisplayInfo, Point, Rect } from './placement'
export type { ClipboardReading } from './clipboardContext'
