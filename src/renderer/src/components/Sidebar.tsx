/**
 * Left column: New chat, search (titles and every message, through main's full-text index; one
 * row per conversation, its best snippet as plain text), Assistants, the conversation list grouped by date with inline rename and a confirmed delete,
 * Settings and the keyboard shortcuts. It hides with its button or Cmd/Ctrl+\ (the chat header
 * then has the button that shows it again); hidden, it stays mounted, so a search typed is kept.
 */
import { forwardRef, memo, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { Virtuoso, type Components } from 'react-virtuoso'
import { useTranslation } from 'react-i18next'
import type { Conversation, SearchHit } from '../../../shared/domain'
import { calendarGroupLabel, groupByDate, isRecentGroup, type DateGroup } from '../logic/dates'
import { parseSnippet } from '../logic/snippet'
import { ariaKeyShortcut, shortcutLabel, shortcutOf } from '../logic/appShortcuts'
import { useAppState, useController } from '../state/hooks'
import { IconAssistants, IconNewChat, IconPencil, IconSearch, IconSettings, IconTrash } from './Icons'
import { IconKeyboard, IconSidebar } from './shellIcons'
import { UpdateNotice } from '../updates/UpdateNotice'

/** The sidebar's element id (the show / hide buttons' aria-controls). */
export const SIDEBAR_ID = 'od-sidebar'

/**
 * From this many rows (titles and date headings) on, only the rows in view (and a few screens
 * around) are in the page: 10,000 conversations put in the DOM took 6.75 s to show the first.
 */
export const VIRTUALISE_SIDEBAR_FROM = 100
/** A screenful of rows (36 px each) for the first render of the virtualised list. */
const FIRST_RENDERED_ROWS = 30
/** Rows drawn beyond the visible ones, so a fast scroll or wheel flick shows no gap. */
const OVERSCAN_PX = 800

type ListRow = { kind: 'group'; group: DateGroup } | { kind: 'conversation'; conversation: Conversation }

/** Virtuoso's list and rows, with list semantics for assistive technology. */
const VIRTUAL_LIST: Components<ListRow> = {
  List: forwardRef<HTMLDivElement, React.HTMLAttributes<HTMLDivElement>>(function VirtualList(props, ref) {
    return <div {...props} ref={ref} role="list" className="od-conv-vlist" />
  })
}

/**
 * Calls `onVisible` when an element at the end of a scrolled list comes near the view: the next
 * page is asked for before the user reaches the end. No IntersectionObserver (jsdom): nothing.
 */
function EndOfList(props: {
  onVisible: () => void
  active: boolean
  root: HTMLElement | null
  label: string
  /** How many rows are above: a new observer each time, whose first report says whether the end is still near. */
  rows: number
}): ReactElement | null {
  const sentinel = useRef<HTMLDivElement>(null)
  const onVisible = useRef(props.onVisible)
  onVisible.current = props.onVisible
  useEffect(() => {
    const element = sentinel.current
    if (!props.active || !element || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onVisible.current(), {
      root: props.root,
      rootMargin: `0px 0px ${OVERSCAN_PX}px 0px`
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [props.active, props.root, props.rows])
  if (!props.active) return null
  return (
    <div ref={sentinel} className="od-sidebar-more" data-testid="sidebar-more" aria-live="polite">
      {props.label}
    </div>
  )
}

function Snippet({ text }: { text: string }): ReactElement {
  const runs = useMemo(() => parseSnippet(text), [text])
  return (
    <span className="od-snippet">
      {runs.map((r, i) => (r.mark ? <mark key={i}>{r.text}</mark> : <span key={i}>{r.text}</span>))}
    </span>
  )
}

const ConversationItem = memo(function ConversationItem(props: {
  conversation: Conversation
  active: boolean
  onOpen: (id: string) => void
  onRename: (id: string, title: string) => void
  onDelete: (id: string) => Promise<void>
  /** In the virtualised list a row is a div with the listitem role (its list is a div). */
  virtual?: boolean
}): ReactElement {
  const { t } = useTranslation()
  const { conversation: c, active } = props
  const Row = props.virtual ? 'div' : 'li'
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [draft, setDraft] = useState(c.title)
  const input = useRef<HTMLInputElement>(null)
  const title = c.title || t('sidebar.untitled')
  // A row's rename and delete buttons (shown on hover or focus) come in a render after its title:
  // they are most of a row's elements, and the first screenful of titles is what start-up waits for.
  const actionsDrawn = useDeferredValue(true, false)

  useEffect(() => {
    if (editing) {
      input.current?.focus()
      input.current?.select()
    }
  }, [editing])

  const commit = (): void => {
    setEditing(false)
    const next = draft.trim()
    if (next && next !== c.title) props.onRename(c.id, next)
  }

  return (
    <Row className="od-conv" data-active={active ? 'true' : undefined} role={props.virtual ? 'listitem' : undefined}>
      {editing ? (
        <input
          ref={input}
          className="od-conv-rename"
          data-testid="rename-input"
          aria-label={t('sidebar.renameLabel')}
          value={draft}
          maxLength={200}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing && e.nativeEvent.keyCode !== 229) {
              e.preventDefault()
              commit()
            } else if (e.key === 'Escape') {
              e.preventDefault()
              setDraft(c.title)
              setEditing(false)
            }
          }}
        />
      ) : (
        <button
          type="button"
          className="od-conv-open"
          data-testid="conversation-item"
          data-conversation-id={c.id}
          aria-current={active ? 'page' : undefined}
          title={title}
          onClick={() => props.onOpen(c.id)}
        >
          {title}
        </button>
      )}
      {!editing && !confirming && actionsDrawn ? (
        <div className="od-conv-actions">
          <button
            type="button"
            className="od-icon-btn od-icon-btn-small"
            data-testid="rename-conversation"
            aria-label={`${t('sidebar.rename')}: ${title}`}
            title={t('sidebar.rename')}
            onClick={() => {
              setDraft(c.title)
              setEditing(true)
            }}
          >
            <IconPencil size={14} />
          </button>
          <button
            type="button"
            className="od-icon-btn od-icon-btn-small"
            data-testid="delete-conversation"
            aria-label={`${t('sidebar.delete')}: ${title}`}
            title={t('sidebar.delete')}
            onClick={() => setConfirming(true)}
          >
            <IconTrash size={14} />
          </button>
        </div>
      ) : null}
      {confirming ? (
        <div className="od-conv-confirm" role="group" aria-label={t('sidebar.confirmDelete')}>
          <span>{t('sidebar.confirmDelete')}</span>
          <button
            type="button"
            className="od-btn od-btn-small od-btn-danger"
            data-testid="confirm-delete"
            autoFocus
            onClick={() => {
              setConfirming(false)
              void props.onDelete(c.id)
            }}
          >
            {t('sidebar.confirmDeleteAction')}
          </button>
          <button
            type="button"
            className="od-btn od-btn-small od-btn-ghost"
            data-testid="cancel-delete"
            onClick={() => setConfirming(false)}
          >
            {t('common.cancel')}
          </button>
        </div>
      ) : null}
    </Row>
  )
})

function SearchResults(props: {
  hits: SearchHit[]
  loading: boolean
  /** More pages to read: the end of the list asks for the next. */
  more: boolean
  onMore: () => void
  root: HTMLElement | null
  onOpen: (hit: SearchHit) => void
}): ReactElement {
  const { t } = useTranslation()
  if (props.hits.length === 0) {
    return (
      <p className="od-sidebar-empty" aria-live="polite">
        {props.loading ? t('sidebar.searching') : t('sidebar.noResults')}
      </p>
    )
  }
  return (
    <ul className="od-search-hits" aria-busy={props.loading}>
      {/* Main lists each conversation once (its best hit), so the conversation is the key. */}
      {props.hits.map((hit) => (
        <li key={hit.conversationId}>
          <button
            type="button"
            className="od-search-hit"
            data-testid="search-hit"
            data-conversation-id={hit.conversationId}
            data-message-id={hit.messageId}
            onClick={() => props.onOpen(hit)}
          >
            <span className="od-search-hit-title">{hit.conversationTitle || t('sidebar.untitled')}</span>
            {hit.snippet ? <Snippet text={hit.snippet} /> : null}
            {hit.moreInConversation ? (
              <span className="od-search-hit-more" data-testid="search-hit-more">
                {t('sidebar.moreInConversation', { count: hit.moreInConversation })}
              </span>
            ) : null}
          </button>
        </li>
      ))}
      {props.more ? (
        <li>
          <EndOfList active onVisible={props.onMore} root={props.root} label={t('sidebar.searching')} rows={props.hits.length} />
        </li>
      ) : null}
    </ul>
  )
}

function GroupTitle({ group }: { group: DateGroup }): ReactElement {
  const { t, i18n } = useTranslation()
  return <h2 className="od-conv-group-title">{isRecentGroup(group) ? t(`sidebar.groups.${group}`) : calendarGroupLabel(group, i18n.language)}</h2>
}

export function Sidebar({ collapsed }: { collapsed: boolean }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const platform = useAppState((s) => s.info?.platform)
  const searchFocusTick = useAppState((s) => s.searchFocusTick)
  const searchInput = useRef<HTMLInputElement>(null)
  const hideButton = useRef<HTMLButtonElement>(null)
  const wasCollapsed = useRef(collapsed)
  const all = useAppState((s) => s.conversations)
  const temporaryId = useAppState((s) => s.temporaryId)
  // A temporary chat is not part of the history: never listed, even while it is open.
  const conversations = useMemo(() => all.filter((c) => !c.temporary && c.id !== temporaryId), [all, temporaryId])
  const activeId = useAppState((s) => s.activeId)
  const search = useAppState((s) => s.search)
  const [query, setQuery] = useState('')

  const conversationsNext = useAppState((s) => s.conversationsNext)
  const [listElement, setListElement] = useState<HTMLDivElement | null>(null)

  // Asked as typed: the controller keeps at most one search in flight and asks the latest next.
  useEffect(() => {
    void controller.conversations.search(query)
  }, [query, controller])

  // The pages read so far; a conversation older than their end (the open one, found by a
  // search) waits for its page, so the list never skips what lies between.
  const shown = useMemo(
    () => (conversationsNext === null ? conversations : conversations.filter((c) => c.updatedAt >= conversationsNext.updatedAt)),
    [conversations, conversationsNext]
  )
  const groups = useMemo(() => groupByDate(shown, Date.now()), [shown])
  const rows = useMemo(
    () => groups.flatMap((g): ListRow[] => [{ kind: 'group', group: g.group }, ...g.items.map((c): ListRow => ({ kind: 'conversation', conversation: c }))]),
    [groups]
  )
  const onMore = useMemo(() => () => void controller.conversations.loadMore(), [controller])
  const onSearchMore = useMemo(() => () => void controller.conversations.searchMore(), [controller])
  const onOpen = useMemo(() => (id: string) => void controller.conversations.open(id), [controller])
  const onRename = useMemo(() => (id: string, title: string) => void controller.conversations.rename(id, title), [controller])
  const onDelete = useMemo(() => (id: string) => controller.conversations.remove(id).catch(() => undefined), [controller])

  // Shown again by the header's button (gone now, so focus fell to the page): focus the button
  // that hides it, the same place. Not at start, not when focus is somewhere on purpose.
  useEffect(() => {
    const shownAgain = wasCollapsed.current && !collapsed
    wasCollapsed.current = collapsed
    if (shownAgain && (!document.activeElement || document.activeElement === document.body)) hideButton.current?.focus()
  }, [collapsed])

  // Cmd/Ctrl+K (after the sidebar is shown: this runs after the effect above).
  useEffect(() => {
    if (searchFocusTick === 0) return
    searchInput.current?.focus()
    searchInput.current?.select()
  }, [searchFocusTick])

  const searching = query.trim().length > 0
  const shortcut = (command: Parameters<typeof shortcutOf>[0]): { title: string; keys: string } => {
    const s = shortcutOf(command)
    return { title: shortcutLabel(s, platform), keys: ariaKeyShortcut(s, platform) }
  }
  const newChatKeys = shortcut('new-chat')
  const searchKeys = shortcut('search')
  const hideKeys = shortcut('toggle-sidebar')
  const settingsKeys = shortcut('settings')
  const sheetKeys = shortcut('shortcuts')

  return (
    <nav id={SIDEBAR_ID} className="od-sidebar" aria-label={t('sidebar.label')} hidden={collapsed} data-testid="sidebar">
      <div className="od-sidebar-top">
        <div className="od-sidebar-head">
          <button
            type="button"
            className="od-new-chat"
            data-testid="new-chat"
            title={`${t('sidebar.newChat')} (${newChatKeys.title})`}
            aria-keyshortcuts={newChatKeys.keys}
            onClick={() => controller.conversations.newChat()}
          >
            <IconNewChat size={16} />
            <span>{t('sidebar.newChat')}</span>
          </button>
          <button
            ref={hideButton}
            type="button"
            className="od-icon-btn"
            data-testid="sidebar-hide"
            aria-label={t('shell.sidebar.hide')}
            title={`${t('shell.sidebar.hide')} (${hideKeys.title})`}
            aria-keyshortcuts={hideKeys.keys}
            aria-controls={SIDEBAR_ID}
            aria-expanded={true}
            onClick={() => controller.view.toggleSidebar()}
          >
            <IconSidebar size={18} />
          </button>
        </div>
        <div className="od-search">
          <IconSearch size={14} className="od-search-icon" />
          <input
            ref={searchInput}
            type="search"
            data-testid="search"
            aria-label={t('sidebar.searchLabel')}
            aria-keyshortcuts={searchKeys.keys}
            placeholder={t('sidebar.searchPlaceholder')}
            title={`${t('sidebar.searchLabel')} (${searchKeys.title})`}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              // Clearing a search is what this Esc did: it does not also stop an answer.
              if (e.key === 'Escape' && !e.shiftKey && query) {
                e.preventDefault()
                setQuery('')
              }
            }}
          />
        </div>
        <button type="button" className="od-new-chat" data-testid="assistants-open" onClick={() => controller.assistants.open()}>
          <IconAssistants size={16} />
          <span>{t('assistants.sidebarEntry')}</span>
        </button>
      </div>
      <div className="od-sidebar-list" ref={setListElement} data-testid="sidebar-list" data-virtualised={!searching && rows.length >= VIRTUALISE_SIDEBAR_FROM ? '' : undefined}>
        {searching ? (
          <SearchResults
            hits={search.hits}
            loading={search.loading || search.query.trim() !== query.trim()}
            more={search.next !== null && !search.loading}
            onMore={onSearchMore}
            root={listElement}
            onOpen={(hit) => void controller.conversations.openSearchHit(hit)}
          />
        ) : shown.length === 0 ? (
          <p className="od-sidebar-empty">{t('sidebar.noConversations')}</p>
        ) : rows.length >= VIRTUALISE_SIDEBAR_FROM && listElement ? (
          <Virtuoso<ListRow>
            customScrollParent={listElement}
            data={rows}
            components={VIRTUAL_LIST}
            increaseViewportBy={{ top: OVERSCAN_PX, bottom: OVERSCAN_PX }}
            // Rows in the very first render: without it react-virtuoso draws nothing until it has
            // measured the list, a frame or two later.
            initialItemCount={Math.min(rows.length, FIRST_RENDERED_ROWS)}
            computeItemKey={(_, row) => (row.kind === 'group' ? `g:${row.group}` : row.conversation.id)}
            endReached={onMore}
            itemContent={(_, row) =>
              row.kind === 'group' ? (
                <div className="od-conv-vgroup" role="presentation">
                  <GroupTitle group={row.group} />
                </div>
              ) : (
                <ConversationItem
                  conversation={row.conversation}
                  active={row.conversation.id === activeId}
                  onOpen={onOpen}
                  onRename={onRename}
                  onDelete={onDelete}
                  virtual
                />
              )
            }
          />
        ) : (
          <>
            {groups.map((g) => (
              <section key={g.group} className="od-conv-group">
                <GroupTitle group={g.group} />
                <ul>
                  {g.items.map((c) => (
                    <ConversationItem key={c.id} conversation={c} active={c.id === activeId} onOpen={onOpen} onRename={onRename} onDelete={onDelete} />
                  ))}
                </ul>
              </section>
            ))}
            <EndOfList active={conversationsNext !== null} onVisible={onMore} root={listElement} label={t('common.loading')} rows={shown.length} />
          </>
        )}
      </div>
      <UpdateNotice />
      <div className="od-sidebar-bottom">
        <button
          type="button"
          className="od-sidebar-settings"
          data-testid="settings-open"
          aria-label={t('sidebar.settings')}
          title={`${t('sidebar.settings')} (${settingsKeys.title})`}
          aria-keyshortcuts={settingsKeys.keys}
          onClick={() => controller.view.openSettings()}
        >
          <IconSettings size={16} />
          <span>{t('sidebar.settings')}</span>
        </button>
        <button
          type="button"
          className="od-sidebar-settings"
          data-testid="shortcuts-open"
          title={`${t('shell.shortcuts.open')} (${sheetKeys.title})`}
          aria-keyshortcuts={sheetKeys.keys}
          onClick={() => controller.view.openShortcuts()}
        >
          <IconKeyboard size={16} />
          <span>{t('shell.shortcuts.open')}</span>
        </button>
      </div>
    </nav>
  )
}
