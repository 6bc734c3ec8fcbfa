/**
 * Documents and data files as chips: in the composer (progress, "Reading…", the password of an
 * encrypted PDF, the error of a file that could not be attached, × to remove) and in the history
 * (read-only). A chip opens its preview inline under the chips, not in a modal, so it fits the
 * small companion window too: a document's first text, or each table's columns and first rows.
 * Also the picker button and the note of an answer that read only some passages.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { FilePart, PassagesPart } from '../../../shared/domain'
import type { ErrorInfo } from '../../../shared/errors'
import type { DataTableInfo, FileAttachmentInfo } from '../../../shared/files/schemas'
import { ErrorText } from '../components/ErrorPanel'
import { IconClose, IconDocument, IconPaperclip, IconTable, IconWarning } from '../components/Icons'
import { formatBytes } from '../logic/paste'
import { requirePageApi } from '../api'
import { cellText, compactCount, skippedLines, uploadPercent, type FileChipState, type FileItem } from './fileUpload'
import type { FileAttachments } from './useFileAttachments'
import './files.css'

/** Rows and columns of a table preview: enough to recognise the data, small enough to render at once. */
const PREVIEW_ROWS = 20
const PREVIEW_COLUMNS = 40

/** What a chip shows of a file: a stored part in the history, or what main said after reading it. */
type FileFacts = Pick<FilePart, 'name' | 'bytes' | 'pages' | 'rows' | 'tokens'> & Partial<Pick<FilePart, 'kind' | 'format'>>

/** Numbers in the interface language's digits grouping ("1,000,000"). */
function useNumber(): (n: number) => string {
  const { i18n } = useTranslation()
  return (n) => n.toLocaleString(i18n.language)
}

/** "2.3 MB · 12 pages · ~3.4k tokens" (pages only where a file has them: PDF and slides, or several). */
function useFactsLine(facts: FileFacts): string {
  const { t } = useTranslation()
  const num = useNumber()
  const parts = [formatBytes(facts.bytes)]
  const paged = facts.format === 'pdf' || facts.format === 'pptx' || (facts.pages ?? 0) > 1
  if (facts.kind !== 'data' && facts.pages !== undefined && paged) parts.push(t('files.pages', { count: facts.pages, n: num(facts.pages) }))
  if (facts.kind === 'data' && facts.rows !== undefined) parts.push(t('files.rows', { count: facts.rows, n: num(facts.rows) }))
  if (facts.tokens !== undefined) parts.push(t('files.tokens', { count: facts.tokens, n: compactCount(facts.tokens) }))
  return parts.join(' · ')
}

/** The chip's one warning line (the preview and the title have every warning, as main wrote them). */
function useWarningLine(info: FileAttachmentInfo | undefined): string | undefined {
  const { t } = useTranslation()
  const num = useNumber()
  if (!info) return undefined
  if (info.scanned) return t('files.scanned')
  const skipped = skippedLines(info)
  if (skipped > 0) return t('files.skippedLines', { count: skipped, n: num(skipped) })
  return info.warnings[0]
}

function KindIcon({ kind }: { kind?: FilePart['kind'] }): ReactElement {
  return kind === 'data' ? <IconTable size={18} /> : <IconDocument size={18} />
}

interface ChipProps {
  facts: FileFacts
  state: FileChipState
  testId: 'file-chip' | 'message-file-chip'
  /** Uploading: whole percent sent. */
  percent?: number
  warning?: string
  /** Every warning, for the tooltip. */
  warningsTitle?: string
  error?: ErrorInfo
  previewOpen: boolean
  previewId: string
  onPreview?: () => void
  onRemove?: () => void
  onPassword?: (password: string) => void
}

function PasswordForm(props: { name: string; error?: ErrorInfo; onSubmit: (password: string) => void }): ReactElement {
  const { t } = useTranslation()
  const [password, setPassword] = useState('')
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!password) return
    props.onSubmit(password)
    setPassword('')
  }
  return (
    <form className="od-file-chip-password" onSubmit={submit}>
      {props.error ? (
        <div className="od-file-chip-error" data-testid="file-chip-error" role="alert">
          <ErrorText error={props.error} />
        </div>
      ) : (
        <span className="od-file-chip-password-prompt">{t('errors.file_needs_password')}</span>
      )}
      <div className="od-file-chip-password-row">
        <input
          type="password"
          className="od-file-chip-password-input"
          data-testid="file-password-input"
          aria-label={t('files.passwordLabel', { name: props.name })}
          placeholder={t('files.passwordPlaceholder')}
          autoComplete="off"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="od-btn od-btn-small" data-testid="file-password-submit" disabled={!password}>
          {t('files.passwordSubmit')}
        </button>
      </div>
    </form>
  )
}

function FileChip(props: ChipProps): ReactElement {
  const { t } = useTranslation()
  const { facts, state } = props
  const factsLine = useFactsLine(facts)
  const kindLabel = facts.kind === 'data' ? t('files.dataFile') : t('files.document')
  const status =
    state === 'uploading' ? (
      <span className="od-file-chip-meta">
        <span
          className="od-file-chip-progress"
          role="progressbar"
          aria-label={facts.name}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={props.percent ?? 0}
        >
          <span style={{ width: `${props.percent ?? 0}%` }} />
        </span>
        {t('files.uploading', { percent: props.percent ?? 0 })}
      </span>
    ) : state === 'reading' ? (
      <span className="od-file-chip-meta">{t('files.reading')}</span>
    ) : (
      <span className="od-file-chip-meta" data-testid="file-chip-meta">
        {factsLine}
      </span>
    )
  const body: ReactNode = (
    <>
      <span className="od-file-chip-icon" title={kindLabel}>
        <KindIcon kind={facts.kind} />
      </span>
      <span className="od-file-chip-body">
        <span className="od-file-chip-name">{facts.name}</span>
        {status}
        {props.warning ? (
          <span className="od-file-chip-warning" data-testid="file-chip-warning">
            <IconWarning size={12} />
            <span>{props.warning}</span>
          </span>
        ) : null}
      </span>
    </>
  )
  return (
    <div
      className="od-file-chip"
      data-testid={props.testId}
      data-state={state}
      data-kind={facts.kind}
      data-format={facts.format}
      title={[facts.name, props.warningsTitle].filter(Boolean).join('\n')}
    >
      <div className="od-file-chip-head">
        {props.onPreview ? (
          <button
            type="button"
            className="od-file-chip-main"
            data-testid="file-chip-preview"
            aria-label={t('files.preview', { name: facts.name })}
            aria-expanded={props.previewOpen}
            aria-controls={props.previewOpen ? props.previewId : undefined}
            onClick={props.onPreview}
          >
            {body}
          </button>
        ) : (
          <div className="od-file-chip-main">{body}</div>
        )}
        {props.onRemove ? (
          <button
            type="button"
            className="od-icon-btn od-icon-btn-small"
            data-testid="file-chip-remove"
            aria-label={t('files.remove', { name: facts.name })}
            title={t('files.remove', { name: facts.name })}
            onClick={props.onRemove}
          >
            <IconClose size={14} />
          </button>
        ) : null}
      </div>
      {state === 'password' && props.onPassword ? <PasswordForm name={facts.name} error={props.error} onSubmit={props.onPassword} /> : null}
      {state === 'error' && props.error ? (
        <div className="od-file-chip-error" data-testid="file-chip-error" role="alert">
          <ErrorText error={props.error} />
        </div>
      ) : null}
    </div>
  )
}

function TablePreview({ table }: { table: DataTableInfo }): ReactElement {
  const { t } = useTranslation()
  const num = useNumber()
  const columns = table.columns.slice(0, PREVIEW_COLUMNS)
  const hiddenColumns = table.columns.length - columns.length
  const rows = table.sampleRows.slice(0, PREVIEW_ROWS)
  return (
    <section className="od-file-preview-table" data-testid="file-preview-table" data-table={table.table}>
      <div className="od-file-preview-caption">
        <span className="od-file-preview-table-name">{table.sheet ? t('files.sheet', { sheet: table.sheet }) : table.table}</span>
        {' · '}
        {t('files.rows', { count: table.rowCount, n: num(table.rowCount) })}
        {' · '}
        {t('files.columns', { count: table.columns.length, n: num(table.columns.length) })}
      </div>
      {table.rejectedLines ? (
        <div className="od-file-preview-warning">
          <IconWarning size={12} />
          <span>{t('files.skippedLines', { count: table.rejectedLines, n: num(table.rejectedLines) })}</span>
        </div>
      ) : null}
      {table.rejectedExamples?.length ? (
        <>
          <div className="od-file-preview-label">{t('files.skippedExamples')}</div>
          <pre className="od-file-preview-text od-file-preview-rejected">{table.rejectedExamples.join('\n')}</pre>
        </>
      ) : null}
      {rows.length ? <div className="od-file-preview-label">{t('files.firstRows', { count: rows.length, n: num(rows.length) })}</div> : null}
      <div className="od-file-preview-grid">
        <table>
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={i} scope="col" title={`${c.name} (${c.type})`}>
                  <span className="od-file-preview-col">{c.name}</span>
                  <span className="od-file-preview-type">{c.type}</span>
                </th>
              ))}
              {hiddenColumns > 0 ? <th scope="col">{`+${num(hiddenColumns)}`}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {columns.map((_, c) => {
                  const value = row[c]
                  return (
                    <td key={c} data-null={value === null || value === undefined ? 'true' : undefined}>
                      {cellText(value)}
                    </td>
                  )
                })}
                {hiddenColumns > 0 ? <td /> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function PreviewFrame(props: { id: string; name: string; facts?: string; onClose: () => void; children: ReactNode }): ReactElement {
  const { t } = useTranslation()
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'Escape' || e.nativeEvent.isComposing) return
    // Handled here: the companion's Esc (hide the window) waits for the next one.
    e.preventDefault()
    e.stopPropagation()
    props.onClose()
  }
  return (
    <div className="od-file-preview" id={props.id} data-testid="file-preview" role="region" aria-label={props.name} onKeyDown={onKeyDown}>
      <div className="od-file-preview-head">
        <span className="od-file-preview-name" title={props.name}>
          {props.name}
        </span>
        {props.facts ? <span className="od-file-preview-facts">{props.facts}</span> : null}
        <button
          type="button"
          className="od-icon-btn od-icon-btn-small"
          data-testid="file-preview-close"
          aria-label={t('files.closePreview')}
          title={t('files.closePreview')}
          autoFocus
          onClick={props.onClose}
        >
          <IconClose size={14} />
        </button>
      </div>
      <div className="od-file-preview-body">{props.children}</div>
    </div>
  )
}

/** A read file's preview: a document's first text, or each table's first rows. */
export function FilePreview(props: { id: string; info: FileAttachmentInfo; onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  const { info } = props
  const factsLine = useFactsLine(info)
  return (
    <PreviewFrame id={props.id} name={info.name} facts={factsLine} onClose={props.onClose}>
      {info.warnings.length ? (
        <ul className="od-file-preview-warnings" data-testid="file-preview-warnings">
          {info.warnings.map((w, i) => (
            <li key={i}>
              <IconWarning size={12} />
              <span>{w}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {info.encoding ? <div className="od-file-preview-label">{t('files.encoding', { encoding: info.encoding })}</div> : null}
      {info.kind === 'data' ? (
        (info.tables ?? []).map((table) => <TablePreview key={table.table} table={table} />)
      ) : info.previewText ? (
        <>
          <div className="od-file-preview-label">{t('files.previewBeginning')}</div>
          <pre className="od-file-preview-text" data-testid="file-preview-text">
            {info.previewText}
          </pre>
        </>
      ) : (
        <p className="od-file-preview-label">{t('files.previewEmpty')}</p>
      )}
    </PreviewFrame>
  )
}

/**
 * Opens and closes one preview at a time; focus goes to the preview's close button when it opens
 * and back to the chip that opened it when it closes (Esc, the close button, the chip again).
 */
function usePreviewToggle(): { open: string | null; toggle: (key: string) => void; close: () => void } {
  const [open, setOpen] = useState<string | null>(null)
  const opener = useRef<HTMLElement | null>(null)
  const close = (): void => {
    setOpen(null)
    const back = opener.current
    opener.current = null
    if (back?.isConnected) back.focus()
  }
  const toggle = (key: string): void => {
    if (open === key) return close()
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
    setOpen(key)
  }
  return { open, toggle, close }
}

/** The composer's file chips, the note about files left out, and the open preview. */
export function FileChips(props: { files: FileAttachments }): ReactElement | null {
  const { t } = useTranslation()
  const { files } = props
  const preview = usePreviewToggle()
  const previewId = useId()
  const warningsOf = (it: FileItem): string | undefined => (it.info?.warnings.length ? it.info.warnings.join('\n') : undefined)
  // A removed chip takes its preview with it.
  const openItem = files.items.find((it) => it.key === preview.open && it.state === 'ready' && it.info)
  if (!files.items.length && !files.notice) return null
  return (
    <div className="od-file-attachments">
      {files.notice ? (
        <div className="od-file-notice" data-testid="file-notice" role="alert">
          <IconWarning size={16} />
          <span className="od-file-notice-text">
            {t('files.tooMany', { count: files.notice.names.length, limit: files.notice.limit, names: files.notice.names.join(', ') })}
          </span>
          <button type="button" className="od-icon-btn od-icon-btn-small" data-testid="file-notice-dismiss" aria-label={t('common.dismiss')} onClick={files.dismissNotice}>
            <IconClose size={14} />
          </button>
        </div>
      ) : null}
      {files.items.length ? (
        <div className="od-file-chips" data-testid="file-chips" role="list" aria-label={t('files.attachedFiles')}>
          {files.items.map((it) => (
            <div role="listitem" key={it.key} className="od-file-chip-slot">
              <ChipOfItem
                item={it}
                warningsTitle={warningsOf(it)}
                previewOpen={preview.open === it.key}
                previewId={previewId}
                onPreview={it.state === 'ready' && it.info ? () => preview.toggle(it.key) : undefined}
                onRemove={() => files.remove(it.key)}
                onPassword={(password) => void files.submitPassword(it.key, password)}
              />
            </div>
          ))}
        </div>
      ) : null}
      {openItem?.info ? <FilePreview id={previewId} info={openItem.info} onClose={preview.close} /> : null}
    </div>
  )
}

function ChipOfItem(props: {
  item: FileItem
  warningsTitle?: string
  previewOpen: boolean
  previewId: string
  onPreview?: () => void
  onRemove: () => void
  onPassword: (password: string) => void
}): ReactElement {
  const { item } = props
  const warning = useWarningLine(item.info)
  const facts: FileFacts = item.info ?? { name: item.name, bytes: item.bytes }
  return (
    <FileChip
      facts={facts}
      state={item.state}
      testId="file-chip"
      percent={uploadPercent(item)}
      warning={item.state === 'ready' ? warning : undefined}
      warningsTitle={props.warningsTitle}
      error={item.error}
      previewOpen={props.previewOpen}
      previewId={props.previewId}
      onPreview={props.onPreview}
      onRemove={props.onRemove}
      onPassword={props.onPassword}
    />
  )
}

/** A stored file's facts and preview, fetched once per id (a failure is forgotten, so it is tried again). */
const infoCache = new Map<string, Promise<FileAttachmentInfo>>()

function loadFileInfo(id: string): Promise<FileAttachmentInfo> {
  let p = infoCache.get(id)
  if (!p) {
    p = requirePageApi().attachments.fileInfo({ id })
    infoCache.set(id, p)
    p.catch(() => infoCache.delete(id))
  }
  return p
}

function StoredFilePreview(props: { id: string; part: FilePart; onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  const [info, setInfo] = useState<FileAttachmentInfo | null>(null)
  const [missing, setMissing] = useState(false)
  const factsLine = useFactsLine(props.part)
  const attachmentId = props.part.attachmentId
  useEffect(() => {
    let live = true
    loadFileInfo(attachmentId).then(
      (found) => live && setInfo(found),
      () => live && setMissing(true)
    )
    return () => {
      live = false
    }
  }, [attachmentId])
  if (info) return <FilePreview id={props.id} info={info} onClose={props.onClose} />
  return (
    <PreviewFrame id={props.id} name={props.part.name} facts={factsLine} onClose={props.onClose}>
      {missing ? (
        <p className="od-file-preview-missing" data-testid="file-missing" role="alert">
          {t('files.missing')}
        </p>
      ) : (
        <p className="od-file-preview-label">{t('files.previewLoading')}</p>
      )}
    </PreviewFrame>
  )
}

/** A user message's files in the history: read-only chips, a preview from the stored file. */
export function MessageFileChips(props: { files: readonly FilePart[] }): ReactElement | null {
  const { t } = useTranslation()
  const preview = usePreviewToggle()
  const previewId = useId()
  if (!props.files.length) return null
  const keyOf = (f: FilePart, i: number): string => `${f.attachmentId}-${i}`
  const openIndex = props.files.findIndex((f, i) => keyOf(f, i) === preview.open)
  return (
    <div className="od-file-attachments od-message-files">
      <div className="od-file-chips" role="list" aria-label={t('files.attachedFiles')}>
        {props.files.map((f, i) => (
          <div role="listitem" key={keyOf(f, i)} className="od-file-chip-slot">
            <FileChip
              facts={f}
              state="ready"
              testId="message-file-chip"
              previewOpen={preview.open === keyOf(f, i)}
              previewId={previewId}
              onPreview={() => preview.toggle(keyOf(f, i))}
            />
          </div>
        ))}
      </div>
      {openIndex !== -1 ? (
        <StoredFilePreview key={preview.open} id={previewId} part={props.files[openIndex]} onClose={preview.close} />
      ) : null}
    </div>
  )
}

/** Above an answer that read only the passages relevant to the question: how many, of which file. */
export function PassagesNotice(props: { files: PassagesPart['files'] }): ReactElement | null {
  const { t } = useTranslation()
  const num = useNumber()
  if (!props.files.length) return null
  return (
    <div className="od-passages-notice" data-testid="passages-notice" role="note" title={t('files.passagesHint')}>
      {props.files.map((f, i) => (
        <div key={`${f.name}-${i}`} className="od-passages-line">
          {t('files.passagesUsed', { count: f.total, used: num(f.used), total: num(f.total), name: f.name })}
        </div>
      ))}
    </div>
  )
}

/** The picker: any file (main recognises the type by content; images among them take the image path). */
export function AttachFileButton(props: { onFiles: (files: File[]) => void; disabled?: boolean }): ReactElement {
  const { t } = useTranslation()
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const picked = Array.from(e.target.files ?? [])
          // Cleared so picking the same file again fires a change.
          e.target.value = ''
          if (picked.length) props.onFiles(picked)
        }}
      />
      <button
        type="button"
        className="od-icon-btn"
        data-testid="attach-file-button"
        aria-label={t('files.attachFile')}
        title={t('files.attachFile')}
        disabled={props.disabled}
        onClick={() => input.current?.click()}
      >
        <IconPaperclip size={18} />
      </button>
    </>
  )
}
