/**
 * The `history` namespace of the contract: the automatic backups of the history (./backups.ts)
 * and the restore the user chooses, applied at the next start (./database.ts). No Electron.
 */
import type { ContractHandlers, HistoryBackups } from '../../shared/ipc/contract'
import { cancelRestore, listBackups, pendingRestore, scheduleRestore } from './backups'

export function createHistoryHandlers(deps: { dataDir: string }): ContractHandlers['history'] {
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
    backupNow: async () => null,
    restoreFromFile: async () => null
  }
}
