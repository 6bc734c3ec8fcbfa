/**
 * Window list naming, shared by the Electron adapter (app/electronCapture.ts) and the harness.
 *
 * Electron gives window titles, not app names (desktopCapturer has no owner name on any
 * platform). Titles of browsers, editors and Office end with " — App", " – App", " - App" or
 * " | App": that last part is shown as the app name. Otherwise none is invented: the app icon
 * (macOS, Windows) says which app it is, and the title stays as it is.
 */
export function appNameOf(title: string): { appName?: string } {
  const m = /\s[—–|-]\s([^—–|-]{2,40})$/.exec(title.trim())
  const name = m?.[1].trim()
  // A trailing number or date ("Report - 2024", "Draft - 3") is part of the title, not an app.
  return name && /\p{L}/u.test(name) ? { appName: name } : {}
}
