/**
 * Settings → Data and backups → Export and import. Export all: a format, then main's Save dialog.
 * Import: main's Open dialog, a progress bar fed by `transfer:onProgress`, then the summary
 * ("1,204 conversations imported, 3 skipped: why") with Open on the newest imported conversation.
 * Refusals are main's sentences; nothing was imported then.
 */
import { useId, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '../../../shared/errors'
import type { ExportFormat, ImportSummary, WrittenFile } from '../../../shared/ipc/contract'
import { requirePageApi } from '../api'
import { Row, Section } from '../components/SettingsRow'
import { errorFromUnknown } from '../logic/errors'
import { formatBytes } from '../logic/paste'
import { useController } from '../state/hooks'
import { TransferError } from './TransferError'
import { TransferProgressBar } from './TransferProgressBar'
import { useTransferProgress } from './useTransferProgress'
import './transfer.css'

type Outcome = { kind: 'exported'; file: WrittenFile } | { kind: 'imported'; summary: ImportSummary } | { kind: 'error'; operation: 'export' | 'import'; error: ErrorInfo }

export function TransferSettings(): ReactElement {
  const { t, i18n } = useTranslation()
  const controller = useController()
  const formatId = useId()
  const [format, setFormat] = useState<ExportFormat>('json')
  const [busy, setBusy] = useState<'export' | 'import' | null>(null)
  // The last operation's bar stays (full) beside its outcome until the next one starts.
  const [shown, setShown] = useState<'export' | 'import' | null>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const { progress, follow } = useTransferProgress()
  const number = (n: number): string => n.toLocaleString(i18n.language)

  const run = async (operation: 'export' | 'import'): Promise<void> => {
    setBusy(operation)
    setShown(operation)
    follow(operation)
    setOutcome(null)
    try {
      if (operation === 'export') {
        const file = await requirePageApi().transfer.exportConversations({ format })
        if (file) setOutcome({ kind: 'exported', file })
        else setShown(null)
      } else {
        const summary = await requirePageApi().transfer.importConversations()
        if (summary) setOutcome({ kind: 'imported', summary })
        else setShown(null)
      }
    } catch (error) {
      setOutcome({ kind: 'error', operation, error: errorFromUnknown(error) })
      setShown(null)
    } finally {
      setBusy(null)
    }
  }

  const open = (id: string): void => {
    void controller.conversations.open(id)
    controller.view.closeSettings()
  }

  const summary = outcome?.kind === 'imported' ? outcome.summary : null
  return (
    <Section title={t('transfer.section')} testId="settings-transfer">
      <Row label={t('transfer.exportAll')} htmlFor={formatId} hint={t('transfer.exportAllHint')} field="data.export">
        <div className="od-transfer-controls">
          <select id={formatId} className="od-select" data-testid="transfer-format" value={format} aria-label={t('transfer.format')} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            <option value="json">{t('transfer.formats.json')}</option>
            <option value="markdown">{t('transfer.formats.markdown')}</option>
            <option value="html">{t('transfer.formats.html')}</option>
          </select>
          <button type="button" className="od-btn od-btn-small" data-testid="transfer-export-all" disabled={busy !== null} onClick={() => void run('export')}>
            {busy === 'export' ? t('transfer.exporting') : t('transfer.exportButton')}
          </button>
        </div>
      </Row>
      <Row label={t('transfer.import')} hint={t('transfer.importHint')} field="data.import">
        <button type="button" className="od-btn od-btn-small" data-testid="transfer-import" disabled={busy !== null} onClick={() => void run('import')}>
          {busy === 'import' ? t('transfer.importing') : t('transfer.importButton')}
        </button>
      </Row>
      {shown ? <TransferProgressBar progress={progress} label={shown === 'import' ? t('transfer.importing') : t('transfer.exporting')} /> : null}
      {outcome?.kind === 'exported' ? (
        <p className="od-transfer-result" role="status" data-testid="transfer-exported">
          {t('transfer.exported', { path: outcome.file.path, size: formatBytes(outcome.file.bytes) })}
        </p>
      ) : null}
      {summary ? (
        <div className="od-transfer-result" role="status" data-testid="transfer-summary">
          <p>
            {summary.imported > 0
              ? t('transfer.imported', { count: summary.imported, formatted: number(summary.imported), source: t(`transfer.sources.${summary.source}`) })
              : t('transfer.nothingImported', { source: t(`transfer.sources.${summary.source}`) })}
            {summary.firstConversationId ? (
              <button type="button" className="od-btn od-btn-small od-transfer-open" data-testid="transfer-open" onClick={() => open(summary.firstConversationId!)}>
                {t('transfer.open')}
              </button>
            ) : null}
          </p>
          {summary.skipped.length ? (
            <>
              <p>{t('transfer.skipped', { count: summary.skipped.length, formatted: number(summary.skipped.length) })}</p>
              <ul className="od-transfer-skipped" data-testid="transfer-skipped">
                {summary.skipped.map((s, i) => (
                  <li key={i}>
                    <strong>{s.title}</strong>: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      {outcome?.kind === 'error' ? <TransferError error={outcome.error} testId={`transfer-${outcome.operation}-error`} /> : null}
    </Section>
  )
}
