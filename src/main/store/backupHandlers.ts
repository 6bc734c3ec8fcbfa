/**
 * The `history` namespace of the contract: the automatic backups of the history (./backups.ts),
 * the one-file backups the user makes and restores (./backupFile.ts), and the restore the user
 * chooses, applied at the next start (./database.ts). No Electron: dialogs come as a port.
 */
import type { Client } from '@libsql/client'
import type { ContractHandlers, HistoryBackups } from '../../shared/ipc/contract'
import { createSerialQueue } from '../../shared/serialQueue'
import type { CreateOutput, FreeSpace } from './backupArchive'
import { defaultBackupName, makeBackupFile, stageRestoreFromFile, type AttachmentsGate } from './backupFile'
import { cancelRestore, listBackups, pendingRestore, scheduleRestore } from './backups'
import type { IntegrityWorkerScript } from './integrityCheck'
import type { FileDialogPort } from './types'

const BACKUP_FILTERS = [{ name: 'Omnidesk backup', extensions: ['zip'] }]

export function createHistoryHandlers(deps: {
  dataDir: string
  /** The open database (snapshotted by Back up now). */
  database: Client
  /** The attachment store: its files go in the backup, taken in its exclusive turn. */
  attachments?: AttachmentsGate
  /** Absent: every dialog answers "cancelled". */
  fileDialogs?: FileDialogPort
  appVersion: string
  now?: () => number
  /** Tests: a disk that fills while the backup is written. */
  createOutput?: CreateOutput
  /** Tests: a disk without room for a restore. */
  freeSpace?: FreeSpace
  /** Where a restore file's database is checked off main's thread (absent: on it). */
  integrityWorker?: IntegrityWorkerScript
}): ContractHandlers['history'] {
  const now = deps.now ?? Date.now
  // One backup or restore at a time: a double click must not run two snapshots or stagings.
  const oneAtATime = createSerialQueue()
  const state = async (): Promise<HistoryBackups> => {
    const [backups, pending] = await Promise.all([listBackups(deps.dataDir), pendingRestore(deps.dataDir)])
    return { backups, pendingRestore: pending?.backupId ?? null }
  }
  return {
    backups: state,
    scheduleRestore: async ({ id }) => {
      await scheduleRestore(deps.dataDir, id)
      return state()
    },
    cancelRestore: async () => {
      await cancelRestore(deps.dataDir)
      return state()
    },
    backupNow: async () => {
      const target = await deps.fileDialogs?.chooseSavePath({ title: 'Back up Omnidesk', defaultName: defaultBackupName(now()), filters: BACKUP_FILTERS })
      if (!target) return null
      return oneAtATime(() =>
        makeBackupFile({
          client: deps.database,
          dataDir: deps.dataDir,
          attachments: deps.attachments,
          target,
          appVersion: deps.appVersion,
          now,
          createOutput: deps.createOutput
        })
      )
    },
    restoreFromFile: async () => {
      const file = await deps.fileDialogs?.chooseOpenPath({ title: 'Restore Omnidesk from a backup', filters: BACKUP_FILTERS })
      if (!file) return null
      await oneAtATime(() => stageRestoreFromFile({ dataDir: deps.dataDir, file, freeSpace: deps.freeSpace, integrityWorker: deps.integrityWorker }))
      return state()
    }
  }
}
