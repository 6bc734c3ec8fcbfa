/**
 * Why main refused a backup or a restore (src/main/store/backupArchive.ts): its error's detail
 * starts with the reason (`damaged: This backup is…`), then, on a line of its own, the system's
 * words if any. Settings words each reason in the UI language (history.refused.<reason>).
 */
import type { ErrorInfo } from '../../../shared/errors'

export const BACKUP_REFUSALS = ['not-a-backup', 'damaged', 'newer', 'damaged-database', 'no-space', 'disk-full', 'write-failed', 'unreadable'] as const
export type BackupRefusal = (typeof BACKUP_REFUSALS)[number]

/** The refusal a main error carries, and the system's own words when it gave some; undefined for any other error. */
export function backupRefusalOf(error: ErrorInfo): { reason: BackupRefusal; why?: string } | undefined {
  if (error.code !== 'bad_request' || !error.detail) return undefined
  const detail = error.detail
  const reason = BACKUP_REFUSALS.find((known) => detail.startsWith(`${known}: `))
  const newline = detail.indexOf('\n')
  return reason ? { reason, ...(newline >= 0 ? { why: detail.slice(newline + 1) } : {}) } : undefined
}
