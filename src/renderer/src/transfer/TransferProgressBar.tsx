/** A progress bar for an export or import: determinate once main has counted, else indeterminate. */
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { TransferProgress } from '../../../shared/ipc/contract'

export function TransferProgressBar(props: { progress: TransferProgress | null; label: string }): ReactElement {
  const { t, i18n } = useTranslation()
  const { progress } = props
  const counted = progress !== null && progress.total > 0
  const percent = counted ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0
  const number = (n: number): string => n.toLocaleString(i18n.language)
  // Imports count each conversation twice (read, then written): the text counts conversations once.
  const text = counted ? `${percent}%` : t('transfer.reading')
  return (
    <div className="od-transfer-progress">
      <div
        className="od-transfer-bar"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={counted ? progress.total : undefined}
        aria-valuenow={counted ? progress.done : undefined}
        aria-valuetext={counted ? `${number(progress.done)} / ${number(progress.total)}` : text}
        data-testid="transfer-progress"
        data-done={progress?.done ?? 0}
        data-total={progress?.total ?? 0}
      >
        <div className={counted ? 'od-transfer-fill' : 'od-transfer-fill od-transfer-indeterminate'} style={counted ? { width: `${percent}%` } : undefined} />
      </div>
      <span className="od-transfer-progress-text">{text}</span>
    </div>
  )
}
