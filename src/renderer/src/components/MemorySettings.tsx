/**
 * Settings → Memory: whether the model uses saved memories and may draw on past chats, and the
 * memories themselves — searched, edited in place (main refuses a secret or an over-long text and
 * says why), deleted one by one or all at once after a confirmation. The list follows main's
 * memory.onChanged, so a change the model makes while the panel is open shows at once.
 *
 * Each memory says where it belongs: "All chats" (the global memories) or the assistant whose own
 * memory it is (a deleted assistant's leftovers: "Deleted assistant"). A filter shows one of those
 * groups; search works within it and "Clear all" clears what it shows.
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '../../../shared/errors'
import type { Assistant, MemoryItem } from '../state/controller'
import { useAppState, useController } from '../state/hooks'
import { assistantMemoryScope, GLOBAL_MEMORY_SCOPE, memoryScopeAssistant } from '../state/memory'
import { AssistantAvatar } from './AssistantParts'
import { Row, Section, SwitchInput } from './SettingsRow'
import './memory.css'

/** The filter's value: every memory, or one group (GLOBAL_MEMORY_SCOPE, an assistant's scope, DELETED). */
const ALL = 'all'
/** Memories of assistants that no longer exist (and of any scope this version does not know). */
const DELETED = 'deleted'

/** Which group a memory's scope shows under. */
function groupOf(scope: string, assistants: ReadonlyMap<string, Assistant>): string {
  if (scope === GLOBAL_MEMORY_SCOPE) return scope
  const assistantId = memoryScopeAssistant(scope)
  return assistantId && assistants.has(assistantId) ? scope : DELETED
}

function ScopeLabel(props: { group: string; assistants: ReadonlyMap<string, Assistant> }): ReactElement {
  const { t } = useTranslation()
  const assistantId = memoryScopeAssistant(props.group)
  const assistant = assistantId ? props.assistants.get(assistantId) : undefined
  return (
    <span className="od-memory-scope" data-testid="memory-scope" data-scope={props.group}>
      {assistant ? (
        <>
          <AssistantAvatar assistant={assistant} />
          <span className="od-memory-scope-name">{assistant.name}</span>
        </>
      ) : (
        <span className="od-memory-scope-name">{props.group === GLOBAL_MEMORY_SCOPE ? t('memory.scopeGlobal') : t('memory.scopeDeleted')}</span>
      )}
    </span>
  )
}

function MemoryError(props: { error: ErrorInfo; message: string; testId: string }): ReactElement {
  return (
    <div className="od-memory-error" role="alert" data-testid={props.testId}>
      <p className="od-error-message">{props.message}</p>
      {/* Main's own words: why it refused (a secret, too long), or what failed. */}
      {props.error.detail ? <p className="od-error-detail">{props.error.detail}</p> : null}
    </div>
  )
}

function EditMemory(props: { item: MemoryItem; onDone: (item: MemoryItem | null) => void }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const [draft, setDraft] = useState(props.item.text)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const input = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    const el = input.current
    if (!el) return
    el.focus()
    el.setSelectionRange(el.value.length, el.value.length)
  }, [])
  const save = async (): Promise<void> => {
    const text = draft.trim()
    if (!text || saving) return
    if (text === props.item.text) return props.onDone(null)
    setSaving(true)
    const outcome = await controller.memory.update(props.item.id, text)
    setSaving(false)
    if ('error' in outcome) setError(outcome.error)
    else props.onDone(outcome.item)
  }
  return (
    <div className="od-memory-edit">
      <textarea
        ref={input}
        className="od-input od-memory-edit-input"
        data-testid="memory-edit-input"
        aria-label={t('memory.editLabel')}
        rows={2}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value)
          setError(null)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            // Cancels the edit only: the settings panel stays open.
            e.preventDefault()
            e.stopPropagation()
            props.onDone(null)
          } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault()
            void save()
          }
        }}
      />
      <div className="od-memory-edit-actions">
        <button type="button" className="od-btn od-btn-small od-btn-primary" data-testid="memory-edit-save" disabled={!draft.trim() || saving} onClick={() => void save()}>
          {saving ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="memory-edit-cancel" onClick={() => props.onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
      {error ? <MemoryError error={error} message={t('memory.saveFailed')} testId="memory-edit-error" /> : null}
    </div>
  )
}

export function MemorySettingsSection(): ReactElement {
  const { t, i18n } = useTranslation()
  const controller = useController()
  const settings = useAppState((s) => s.settings)
  const assistantList = useAppState((s) => s.assistants)
  const [items, setItems] = useState<MemoryItem[] | null>(null)
  const [loadFailed, setLoadFailed] = useState(false)
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState(ALL)
  const [editing, setEditing] = useState<string | null>(null)
  const [confirmClear, setConfirmClear] = useState(false)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const anchor = useRef<HTMLDivElement>(null)
  const uid = useId()
  const id = (n: string): string => `${uid}-${n}`

  useEffect(() => {
    let live = true
    // A change that arrives before the first read answers is newer than that answer.
    let changed = false
    const off = controller.memory.onChanged((list) => {
      if (!live) return
      changed = true
      setItems(list)
      setLoadFailed(false)
    })
    controller.memory.list().then(
      (list) => {
        if (live && !changed) setItems(list)
      },
      () => {
        if (live && !changed) setLoadFailed(true)
      }
    )
    return () => {
      live = false
      off()
    }
  }, [controller])

  const assistants = useMemo(() => new Map(assistantList.map((a) => [a.id, a])), [assistantList])
  /** Each memory's group, and the groups that have memories: all chats, the assistants in the app's order, then deleted ones. */
  const groups = useMemo(() => {
    const of = new Map<string, string>()
    const counts = new Map<string, number>()
    for (const m of items ?? []) {
      const group = groupOf(m.scope, assistants)
      of.set(m.id, group)
      counts.set(group, (counts.get(group) ?? 0) + 1)
    }
    const order = [GLOBAL_MEMORY_SCOPE, ...assistantList.map((a) => assistantMemoryScope(a.id)), DELETED].filter((g) => counts.has(g))
    return { of, counts, order }
  }, [items, assistants, assistantList])
  // A group emptied (cleared, its last memory deleted, its assistant gone) shows everything again.
  const scope = groups.counts.has(filter) ? filter : ALL
  const inScope = useMemo(() => (scope === ALL || !items ? items : items.filter((m) => groups.of.get(m.id) === scope)), [items, groups, scope])
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase()
    return q && inScope ? inScope.filter((m) => m.text.toLowerCase().includes(q)) : inScope
  }, [inScope, query])
  const groupName = (group: string): string => {
    if (group === GLOBAL_MEMORY_SCOPE) return t('memory.scopeGlobal')
    if (group === DELETED) return t('memory.filterDeleted')
    return assistants.get(memoryScopeAssistant(group) ?? '')?.name ?? t('memory.scopeDeleted')
  }
  const when = (time: number): string => new Date(time).toLocaleDateString(i18n.language, { dateStyle: 'medium' })

  const remove = async (itemId: string): Promise<void> => {
    setError(null)
    const before = items
    setItems((list) => list?.filter((m) => m.id !== itemId) ?? list)
    const failed = await controller.memory.remove(itemId)
    if (failed) {
      setItems(before)
      setError(failed)
    }
  }

  /** Clears what the filter shows (every memory when it shows all). */
  const clear = async (): Promise<void> => {
    setConfirmClear(false)
    setError(null)
    const scopes = scope === ALL ? undefined : [...new Set((inScope ?? []).map((m) => m.scope))]
    const failed = await controller.memory.clear(scopes)
    if (failed) setError(failed)
    else setItems((list) => (scopes ? (list?.filter((m) => !scopes.includes(m.scope)) ?? list) : []))
  }
  const clearCount = inScope?.length ?? 0
  const clearConfirm =
    scope === ALL
      ? t('memory.clearConfirm', { count: clearCount })
      : scope === GLOBAL_MEMORY_SCOPE
        ? t('memory.clearConfirmGlobal', { count: clearCount })
        : scope === DELETED
          ? t('memory.clearConfirmDeleted', { count: clearCount })
          : t('memory.clearConfirmAssistant', { count: clearCount, name: groupName(scope) })

  const enabled = settings?.memoryEnabled ?? true
  return (
    <Section title={t('memory.title')} testId="settings-memory">
      <Row label={t('memory.enabled')} htmlFor={id('enabled')} hint={t('memory.enabledHint')}>
        <SwitchInput
          id={id('enabled')}
          testId="memory-enabled"
          checked={enabled}
          onChange={(checked) => void controller.settings.update({ memoryEnabled: checked })}
        />
      </Row>
      <Row label={t('memory.referenceHistory')} htmlFor={id('history')} hint={t('memory.referenceHistoryHint')}>
        <SwitchInput
          id={id('history')}
          testId="memory-reference-history"
          checked={settings?.referenceChatHistory ?? false}
          onChange={(checked) => void controller.settings.update({ referenceChatHistory: checked })}
        />
      </Row>
      {!enabled ? (
        <p className="od-muted" data-testid="memory-off-note">
          {t('memory.offNote')}
        </p>
      ) : null}
      <div className="od-memory-toolbar" ref={anchor}>
        {groups.order.length > 1 ? (
          <select
            className="od-select od-memory-filter"
            data-testid="memory-scope-filter"
            aria-label={t('memory.filterLabel')}
            value={scope}
            onChange={(e) => {
              setFilter(e.target.value)
              setConfirmClear(false)
            }}
          >
            <option value={ALL}>{t('memory.filterOption', { name: t('memory.filterAll'), count: items?.length ?? 0 })}</option>
            {groups.order.map((g) => (
              <option key={g} value={g}>
                {t('memory.filterOption', { name: groupName(g), count: groups.counts.get(g) ?? 0 })}
              </option>
            ))}
          </select>
        ) : null}
        <input
          type="search"
          className="od-input od-memory-search"
          data-testid="memory-search"
          aria-label={t('memory.searchPlaceholder')}
          placeholder={t('memory.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        {clearCount ? (
          confirmClear ? (
            <div className="od-inline-confirm" role="group">
              <span>{clearConfirm}</span>
              <button type="button" className="od-btn od-btn-small od-btn-danger" data-testid="memory-clear-confirm" onClick={() => void clear()}>
                {t('memory.clearConfirmButton')}
              </button>
              <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="memory-clear-cancel" onClick={() => setConfirmClear(false)}>
                {t('common.cancel')}
              </button>
            </div>
          ) : (
            <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="memory-clear" onClick={() => setConfirmClear(true)}>
              {t('memory.clearAll')}
            </button>
          )
        ) : null}
      </div>
      {error ? <MemoryError error={error} message={t('memory.actionFailed')} testId="memory-error" /> : null}
      {loadFailed && !items ? (
        <p className="od-muted" data-testid="memory-load-failed">
          {t('memory.loadFailed')}
        </p>
      ) : !shown ? (
        <p className="od-muted">{t('common.loading')}</p>
      ) : shown.length === 0 ? (
        <p className="od-muted" data-testid="memory-empty">
          {query.trim() && inScope?.length ? t('memory.noMatch', { query: query.trim() }) : t('memory.empty')}
        </p>
      ) : (
        <ul className="od-memory-list" aria-label={t('memory.count', { count: shown.length })}>
          {shown.map((m) => (
            <li key={m.id} className="od-memory-item" data-testid="memory-item" data-id={m.id} data-source={m.source}>
              {editing === m.id ? (
                <EditMemory
                  item={m}
                  onDone={(updated) => {
                    setEditing(null)
                    if (updated) setItems((list) => list?.map((x) => (x.id === updated.id ? updated : x)) ?? list)
                  }}
                />
              ) : (
                <>
                  <div className="od-memory-item-main">
                    <p className="od-memory-text" data-testid="memory-text">
                      {m.text}
                    </p>
                    <p className="od-memory-meta">
                      <ScopeLabel group={groups.of.get(m.id) ?? DELETED} assistants={assistants} />
                      <span>{t('memory.meta', { date: when(m.updatedAt), source: m.source === 'model' ? t('memory.savedByModel') : t('memory.addedByYou') })}</span>
                    </p>
                  </div>
                  <div className="od-memory-item-actions">
                    <button type="button" className="od-btn od-btn-small" data-testid="memory-edit" aria-label={t('memory.editLabel')} onClick={() => setEditing(m.id)}>
                      {t('common.edit')}
                    </button>
                    <button
                      type="button"
                      className="od-btn od-btn-small od-btn-ghost"
                      data-testid="memory-delete"
                      aria-label={t('memory.deleteLabel')}
                      onClick={() => void remove(m.id)}
                    >
                      {t('common.delete')}
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  )
}
