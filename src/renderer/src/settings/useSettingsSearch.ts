/**
 * Settings' search over the pages as they are rendered: each setting (a child of a section's rows)
 * is kept when it holds every word of the query, a section when its title matches (then whole) or
 * any of its settings does; the rest is hidden by a data attribute the CSS honours while
 * searching. Settings that appear later (a list that loads) are filtered as they arrive.
 */
import { useEffect, useState, type RefObject } from 'react'
import { isSettingsSection, type SettingsSectionId } from '../logic/settingsSections'
import { matchesWords, queryWords } from '../logic/settingsSearch'

const HIDDEN = 'searchHidden'

function clear(root: HTMLElement): void {
  root.querySelectorAll<HTMLElement>('[data-search-hidden]').forEach((el) => delete el.dataset[HIDDEN])
}

/** Marks what the query does not find; returns the pages that still show something. */
export function applySettingsSearch(root: HTMLElement, words: readonly string[]): Set<SettingsSectionId> {
  const pages = new Set<SettingsSectionId>()
  clear(root)
  if (words.length === 0) return pages
  for (const section of root.querySelectorAll<HTMLElement>('.od-settings-section')) {
    const title = section.querySelector('.od-settings-section-title')?.textContent ?? ''
    let shown = matchesWords(title, words)
    if (!shown) {
      for (const unit of section.querySelectorAll<HTMLElement>(':scope > .od-settings-rows > *')) {
        if (matchesWords(unit.textContent ?? '', words)) shown = true
        else unit.dataset[HIDDEN] = 'true'
      }
    }
    if (!shown) section.dataset[HIDDEN] = 'true'
    const page = section.closest<HTMLElement>('[data-settings-page]')?.dataset.settingsPage
    if (shown && isSettingsSection(page)) pages.add(page)
  }
  return pages
}

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x))
}

export function useSettingsSearch(
  content: RefObject<HTMLElement | null>,
  query: string
): { pagesWithMatches: Set<SettingsSectionId> } {
  const [pages, setPages] = useState<Set<SettingsSectionId>>(() => new Set())
  useEffect(() => {
    const root = content.current
    if (!root) return
    const words = queryWords(query)
    const run = (): void => {
      const found = applySettingsSearch(root, words)
      setPages((old) => (sameSet(old, found) ? old : found))
    }
    run()
    if (words.length === 0) return
    // Text and elements only: the marks this search sets are attributes and must not wake it.
    const observer = new MutationObserver(run)
    observer.observe(root, { childList: true, subtree: true, characterData: true })
    return () => {
      observer.disconnect()
      clear(root)
    }
  }, [content, query])
  return { pagesWithMatches: pages }
}
