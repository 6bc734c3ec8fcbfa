import type { Theme } from '../../../shared/settings'

export type ResolvedTheme = 'light' | 'dark'

/** 'system' follows the OS (AppInfo.systemDark, kept current by prefers-color-scheme). */
export function resolveTheme(theme: Theme | undefined, systemDark: boolean): ResolvedTheme {
  if (theme === 'light' || theme === 'dark') return theme
  return systemDark ? 'dark' : 'light'
}
