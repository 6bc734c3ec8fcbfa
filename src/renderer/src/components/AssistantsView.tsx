/**
 * The assistants panel, a modal over the chat: your assistants (Chat, Edit, Duplicate, Export,
 * Delete after a confirmation) and the library (search, categories, Add), New assistant, and
 * Import of an assistant file picked or dropped on the panel. The editor takes the panel's place
 * while it is open. Main does the work (save, copy, files); this shows its answers.
 */
import { useEffect, useId, useMemo, useRef, useState, type DragEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '../../../shared/errors'
import { LIBRARY_CATEGORIES, searchLibrary, type LibraryAssistant, type LibraryCategory } from '../../../shared/assistants/library'
import type { Assistant } from '../state/controller'
import { useAppState, useController } from '../state/hooks'
import { AssistantEditor } from './AssistantEditor'
import { AssistantAvatar } from './AssistantParts'
import { IconClose, IconSearch } from './Icons'
import { useDialogFocus } from './useDialogFocus'
import './assistants.css'

type Tab = 'mine' | 'library'
type UiLanguage = 'en' | 'zh-CN'

/** The contract's bound on an imported file's text: refused here before it is read whole. */
const MAX_IMPORT_CHARS = 300 * 1024 * 1024

/** What a message line under the toolbar says: a success, or a refusal with main's reason. */
type Notice =
  | { kind: 'ok'; text: string; /** Imported without these knowledge files: each with why. */ leftOut?: Array<{ name: string; reason: string }> }
  | { kind: 'error'; text: string; detail?: string; testId: string }

/** The library's language: the one the UI is shown in (i18next resolves 'zh' and 'zh-CN' alike). */
export function uiLanguage(language: string | undefined): UiLanguage {
  return language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

/** A File's text (Blob.text where there is one; FileReader otherwise). */
function readText(file: Blob): Promise<string> {
  if (typeof file.text === 'function') return file.text()
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result ?? ''))
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'))
    reader.readAsText(file)
  })
}

/** Hands the exported JSON to the browser as a download with main's file name. */
function downloadJson(fileName: string, json: string): void {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }))
  try {
    const link = document.createElement('a')
    link.href = url
    link.download = fileName
    link.click()
  } finally {
    // Chromium resolves the blob URL when the click starts the download, so it can go at once.
    URL.revokeObjectURL(url)
  }
}

function AssistantCard(props: { assistant: Assistant; onEdit: () => void; onNotice: (n: Notice) => void }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const { assistant: a } = props
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)

  const failed = (error: ErrorInfo, text = t('assistants.actionFailed')): void =>
    props.onNotice({ kind: 'error', text, detail: error.detail, testId: 'assistants-error' })

  const run = async (action: () => Promise<ErrorInfo | null>, text?: string): Promise<void> => {
    setBusy(true)
    const error = await action()
    setBusy(false)
    if (error) failed(error, text)
  }

  return (
    <li className="od-assistant-card" data-testid="assistant-card" data-id={a.id}>
      <div className="od-assistant-card-main">
        <AssistantAvatar assistant={a} />
        <div className="od-assistant-card-text">
          <h3 className="od-assistant-card-name">{a.name}</h3>
          {a.description ? <p className="od-assistant-card-desc">{a.description}</p> : null}
          {a.knowledge.length || a.builtinId ? (
            <p className="od-assistant-card-meta">
              {[a.knowledge.length ? t('assistants.mine.knowledge', { count: a.knowledge.length }) : '', a.builtinId ? t('assistants.mine.fromLibrary') : '']
                .filter(Boolean)
                .join(' · ')}
            </p>
          ) : null}
        </div>
      </div>
      {confirming ? (
        <div className="od-inline-confirm od-assistant-card-actions" role="group" aria-label={t('assistants.mine.confirmDelete', { name: a.name })}>
          <span>{t('assistants.mine.confirmDelete', { name: a.name })}</span>
          <button
            type="button"
            className="od-btn od-btn-small od-btn-danger"
            data-testid="assistant-delete-confirm"
            autoFocus
            onClick={() => {
              setConfirming(false)
              void run(() => controller.assistants.remove(a.id))
            }}
          >
            {t('assistants.mine.confirmDeleteAction')}
          </button>
          <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="assistant-delete-cancel" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <div className="od-assistant-card-actions" role="group" aria-label={t('assistants.mine.actionsLabel', { name: a.name })}>
          <button type="button" className="od-btn od-btn-small od-btn-primary" data-testid="assistant-chat" onClick={() => controller.assistants.startChat(a.id)}>
            {t('assistants.mine.chat')}
          </button>
          <button type="button" className="od-btn od-btn-small" data-testid="assistant-edit" onClick={props.onEdit}>
            {t('assistants.mine.edit')}
          </button>
          <button
            type="button"
            className="od-btn od-btn-small"
            data-testid="assistant-duplicate"
            disabled={busy}
            onClick={() => void run(async () => {
              const r = await controller.assistants.duplicate(a.id)
              return 'error' in r ? r.error : null
            })}
          >
            {t('assistants.mine.duplicate')}
          </button>
          <button
            type="button"
            className="od-btn od-btn-small"
            data-testid="assistant-export"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const r = await controller.assistants.exportFile(a.id)
                if ('error' in r) return r.error
                downloadJson(r.fileName, r.json)
                return null
              }, t('assistants.exportFailed'))
            }
          >
            {t('assistants.mine.export')}
          </button>
          <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="assistant-delete" onClick={() => setConfirming(true)}>
            {t('assistants.mine.delete')}
          </button>
        </div>
      )}
    </li>
  )
}

function LibraryCard(props: { entry: LibraryAssistant; language: UiLanguage; added: boolean; onNotice: (n: Notice) => void }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const { entry } = props
  const text = entry[props.language]
  const [adding, setAdding] = useState(false)
  return (
    <li className="od-assistant-card od-library-card" data-testid="library-card" data-builtin-id={entry.builtinId}>
      <div className="od-assistant-card-main">
        <AssistantAvatar assistant={{ emoji: entry.emoji }} />
        <div className="od-assistant-card-text">
          <h3 className="od-assistant-card-name">{text.name}</h3>
          <p className="od-assistant-card-desc">{text.description}</p>
        </div>
      </div>
      <div className="od-assistant-card-actions">
        {props.added ? (
          <span className="od-badge od-badge-ok" data-testid="library-added">
            {t('assistants.library.added')}
          </span>
        ) : (
          <button
            type="button"
            className="od-btn od-btn-small"
            data-testid="library-add"
            aria-label={t('assistants.library.addLabel', { name: text.name })}
            disabled={adding}
            onClick={() => {
              setAdding(true)
              void controller.assistants.addFromLibrary(entry.builtinId, props.language).then((r) => {
                setAdding(false)
                if ('error' in r) props.onNotice({ kind: 'error', text: t('assistants.actionFailed'), detail: r.error.detail, testId: 'assistants-error' })
              })
            }}
          >
            {adding ? t('assistants.library.adding') : t('assistants.library.add')}
          </button>
        )}
      </div>
    </li>
  )
}

function Library(props: { language: UiLanguage; assistants: Assistant[]; onNotice: (n: Notice) => void }): ReactElement {
  const { t } = useTranslation()
  const [query, setQuery] = useState('')
  const [category, setCategory] = useState<LibraryCategory | null>(null)
  const entries = useMemo(
    () => searchLibrary(query, props.language).filter((e) => !category || e.category === category),
    [query, category, props.language]
  )
  const added = useMemo(() => new Set(props.assistants.flatMap((a) => (a.builtinId ? [a.builtinId] : []))), [props.assistants])
  return (
    <div className="od-assistants-tab" role="tabpanel" data-testid="assistants-library-panel">
      <div className="od-search od-library-search">
        <IconSearch size={14} className="od-search-icon" />
        <input
          type="search"
          data-testid="library-search"
          aria-label={t('assistants.library.searchLabel')}
          placeholder={t('assistants.library.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <div className="od-library-categories" role="group" aria-label={t('assistants.library.categoriesLabel')}>
        <button type="button" className="od-category-chip" data-testid="library-category" data-category="" aria-pressed={category === null} onClick={() => setCategory(null)}>
          {t('assistants.library.all')}
        </button>
        {LIBRARY_CATEGORIES.map((c) => (
          <button
            key={c.id}
            type="button"
            className="od-category-chip"
            data-testid="library-category"
            data-category={c.id}
            aria-pressed={category === c.id}
            onClick={() => setCategory(category === c.id ? null : c.id)}
          >
            {c[props.language]}
          </button>
        ))}
      </div>
      {entries.length ? (
        <ul className="od-assistant-grid">
          {entries.map((e) => (
            <LibraryCard key={e.builtinId} entry={e} language={props.language} added={added.has(e.builtinId)} onNotice={props.onNotice} />
          ))}
        </ul>
      ) : (
        <p className="od-muted" data-testid="library-empty" aria-live="polite">
          {category ? t('assistants.library.noMatchInCategory', { query: query.trim() }) : t('assistants.library.noMatch', { query: query.trim() })}
        </p>
      )}
    </div>
  )
}

export function AssistantsView(): ReactElement {
  const { t, i18n } = useTranslation()
  const controller = useController()
  const assistants = useAppState((s) => s.assistants)
  const language = uiLanguage(i18n.language)
  const [tab, setTab] = useState<Tab>('mine')
  const [editing, setEditing] = useState<Assistant | 'new' | null>(null)
  const [notice, setNotice] = useState<Notice | null>(null)
  const [dragging, setDragging] = useState(false)
  const closeBtn = useRef<HTMLButtonElement>(null)
  const importInput = useRef<HTMLInputElement>(null)
  const titleId = useId()
  const editingRef = useRef(editing)
  editingRef.current = editing
  const dialog = useRef<HTMLDivElement>(null)
  // Tab stays in the panel; closed, focus goes back to what opened it (or to the message box).
  const trapTab = useDialogFocus(dialog, { fallback: () => controller.view.focusComposer() })

  useEffect(() => {
    closeBtn.current?.focus()
    const onKey = (e: KeyboardEvent): void => {
      // In the editor Esc would throw away what was typed: Cancel does that, on purpose.
      if (e.key !== 'Escape' || e.isComposing || editingRef.current) return
      e.preventDefault()
      controller.assistants.close()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [controller])

  const importFile = async (file: File): Promise<void> => {
    const refuse = (detail: string): void => setNotice({ kind: 'error', text: t('assistants.importFailed'), detail, testId: 'assistant-import-error' })
    if (!/\.json$/i.test(file.name) && file.type !== 'application/json') return refuse(t('assistants.importNotJson'))
    if (file.size > MAX_IMPORT_CHARS) return refuse(t('assistants.importTooLarge', { max: '300 MB' }))
    let json: string
    try {
      json = await readText(file)
    } catch {
      return refuse(t('assistants.importUnreadable'))
    }
    setNotice(null)
    const result = await controller.assistants.importFile(json)
    if ('error' in result) {
      // Main says why in English (not JSON, a newer version, a field it does not know): shown as is.
      setNotice({ kind: 'error', text: t('assistants.importFailed'), detail: result.error.detail, testId: 'assistant-import-error' })
      return
    }
    setTab('mine')
    const leftOut = result.unreadable.map((u) => ({
      name: u.name,
      reason: u.error.code === 'file_needs_password' ? t('assistants.importPasswordFile') : (u.error.detail ?? t(`errors.${u.error.code}`))
    }))
    setNotice({
      kind: 'ok',
      text: leftOut.length ? t('assistants.importedWithout', { name: result.assistant.name, count: leftOut.length }) : t('assistants.imported', { name: result.assistant.name }),
      ...(leftOut.length ? { leftOut } : {})
    })
  }

  const onDragOver = (e: DragEvent): void => {
    if (editing || !Array.from(e.dataTransfer.types).includes('Files')) return
    e.preventDefault()
    e.dataTransfer.dropEffect = 'copy'
    setDragging(true)
  }
  const onDrop = (e: DragEvent): void => {
    setDragging(false)
    if (editing) return
    const files = Array.from(e.dataTransfer.files)
    if (!files.length) return
    e.preventDefault()
    void importFile(files.find((f) => /\.json$/i.test(f.name)) ?? files[0])
  }

  return (
    <div
      className="od-modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget && !editing) controller.assistants.close()
      }}
    >
      <div
        ref={dialog}
        className="od-modal od-assistants"
        onKeyDown={trapTab}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="assistants-view"
        data-dragging={dragging ? 'true' : undefined}
        onDragOver={onDragOver}
        onDragLeave={(e) => {
          if (e.currentTarget === e.target) setDragging(false)
        }}
        onDrop={onDrop}
      >
        <header className="od-modal-header">
          <h2 id={titleId}>{t('assistants.title')}</h2>
          <button
            ref={closeBtn}
            type="button"
            className="od-icon-btn"
            data-testid="assistants-close"
            aria-label={t('assistants.close')}
            title={t('assistants.close')}
            onClick={() => controller.assistants.close()}
          >
            <IconClose />
          </button>
        </header>
        <div className="od-modal-body od-assistants-body">
          {editing ? (
            <AssistantEditor
              key={editing === 'new' ? 'new' : editing.id}
              assistant={editing === 'new' ? null : editing}
              onDone={(saved) => {
                setEditing(null)
                if (saved) setTab('mine')
              }}
            />
          ) : (
            <>
              <div className="od-assistants-toolbar">
                <div className="od-assistants-tabs" role="tablist" aria-label={t('assistants.tabsLabel')}>
                  <button type="button" role="tab" className="od-assistants-tab-btn" data-testid="assistants-mine" aria-selected={tab === 'mine'} onClick={() => setTab('mine')}>
                    {t('assistants.tabMine')}
                  </button>
                  <button type="button" role="tab" className="od-assistants-tab-btn" data-testid="assistants-library" aria-selected={tab === 'library'} onClick={() => setTab('library')}>
                    {t('assistants.tabLibrary')}
                  </button>
                </div>
                <span className="od-spacer" />
                <button type="button" className="od-btn od-btn-small" data-testid="assistant-import" title={t('assistants.importTitle')} onClick={() => importInput.current?.click()}>
                  {t('assistants.import')}
                </button>
                <input
                  ref={importInput}
                  type="file"
                  hidden
                  accept=".json,application/json"
                  data-testid="assistant-import-input"
                  onChange={(e) => {
                    const file = e.target.files?.[0]
                    // Cleared so that picking the same file again (after fixing it) fires again.
                    e.target.value = ''
                    if (file) void importFile(file)
                  }}
                />
                <button type="button" className="od-btn od-btn-small od-btn-primary" data-testid="assistant-new" onClick={() => setEditing('new')}>
                  {t('assistants.newAssistant')}
                </button>
              </div>
              {notice ? (
                notice.kind === 'ok' ? (
                  <div className="od-assistants-notice" role="status" data-testid="assistants-notice" data-warning={notice.leftOut ? 'true' : undefined}>
                    <p className="od-assistants-notice-text">{notice.text}</p>
                    {notice.leftOut ? (
                      <>
                        <ul className="od-assistants-left-out" data-testid="assistant-import-left-out">
                          {notice.leftOut.map((f, i) => (
                            <li key={`${i}:${f.name}`}>
                              <strong>{f.name}</strong>: {f.reason}
                            </li>
                          ))}
                        </ul>
                        <p className="od-muted od-assistants-notice-text">{t('assistants.importAddAgain')}</p>
                        <button type="button" className="od-link-btn" onClick={() => setNotice(null)}>
                          {t('common.dismiss')}
                        </button>
                      </>
                    ) : null}
                  </div>
                ) : (
                  <div className="od-assistants-notice od-assistants-notice-error" role="alert" data-testid={notice.testId}>
                    <p className="od-error-message">{notice.text}</p>
                    {notice.detail ? <p className="od-error-detail">{notice.detail}</p> : null}
                    <button type="button" className="od-link-btn" onClick={() => setNotice(null)}>
                      {t('common.dismiss')}
                    </button>
                  </div>
                )
              ) : null}
              {tab === 'mine' ? (
                <div className="od-assistants-tab" role="tabpanel" data-testid="assistants-mine-panel">
                  {assistants.length ? (
                    <ul className="od-assistant-grid">
                      {assistants.map((a) => (
                        <AssistantCard key={a.id} assistant={a} onEdit={() => setEditing(a)} onNotice={setNotice} />
                      ))}
                    </ul>
                  ) : (
                    <div className="od-assistants-empty" data-testid="assistants-empty">
                      <p className="od-muted">{t('assistants.mine.empty')}</p>
                      <button type="button" className="od-btn od-btn-small" onClick={() => setTab('library')}>
                        {t('assistants.mine.browseLibrary')}
                      </button>
                    </div>
                  )}
                </div>
              ) : (
                <Library language={language} assistants={assistants} onNotice={setNotice} />
              )}
              <p className="od-assistants-drop-hint od-muted">{t('assistants.dropHint')}</p>
            </>
          )}
        </div>
      </div>
    </div>
  )
}
