/**
 * Whether the sidebar is shown (issue 19 item 15). Pure, unit-tested in tests/unit/appShortcuts.test.ts.
 *
 * - Below NARROW_WINDOW_PX the sidebar is collapsed by default, so the chat has the whole width
 *   (800×600 included); from it on it is shown.
 * - The user's choice (the sidebar's button, the chat header's, Cmd/Ctrl+\, Cmd/Ctrl+K which
 *   opens it to search) wins while the window stays on the side of the threshold where it was
 *   made. Crossing the threshold forgets it: a window made narrow gets its room back, and one
 *   made wide again shows the conversations — what the user resized for — instead of carrying a
 *   choice made for another size.
 * - The choice is remembered across reloads (with the side it was made on, so it applies again
 *   only on that side).
 */

export const NARROW_WINDOW_PX = 900

export interface SidebarChoice {
  collapsed: boolean
  /** The side of the threshold the choice was made on. */
  narrow: boolean
}

export interface SidebarLayout {
  narrow: boolean
  choice: SidebarChoice | null
}

export function sidebarCollapsed(layout: SidebarLayout): boolean {
  return layout.choice && layout.choice.narrow === layout.narrow ? layout.choice.collapsed : layout.narrow
}

/** The user asked for the sidebar shown (`collapsed` false) or hidden. */
export function chooseSidebar(layout: SidebarLayout, collapsed: boolean): SidebarLayout {
  return { narrow: layout.narrow, choice: { collapsed, narrow: layout.narrow } }
}

export function toggleSidebar(layout: SidebarLayout): SidebarLayout {
  return chooseSidebar(layout, !sidebarCollapsed(layout))
}

/** The window's width crossed (or not) the threshold: crossing forgets the choice. */
export function withWindowNarrow(layout: SidebarLayout, narrow: boolean): SidebarLayout {
  if (narrow === layout.narrow) return layout
  return { narrow, choice: null }
}

/** At start: the stored choice applies if the window opened on the side it was made on. */
export function restoredSidebar(choice: SidebarChoice | null, narrow: boolean): SidebarLayout {
  return { narrow, choice: choice && choice.narrow === narrow ? choice : null }
}

/** A stored choice (localStorage's text), or null when there is none or it is not one. */
export function parseSidebarChoice(raw: string | null | undefined): SidebarChoice | null {
  if (!raw) return null
  try {
    const v = JSON.parse(raw) as unknown
    if (v && typeof v === 'object' && typeof (v as SidebarChoice).collapsed === 'boolean' && typeof (v as SidebarChoice).narrow === 'boolean') {
      return { collapsed: (v as SidebarChoice).collapsed, narrow: (v as SidebarChoice).narrow }
    }
  } catch {
    // Not JSON: no choice.
  }
  return null
}
