/**
 * The app's update status from main (`updates.status`, then `updates.onStatus`), for Settings →
 * Updates and the sidebar's "Restart to update" notice. Null until main answered (or without a bridge).
 */
import { useEffect, useState } from 'react'
import type { UpdateStatus } from '../../../shared/ipc/contract'
import { pageApi } from '../api'

export function useUpdateStatus(): UpdateStatus | null {
  const [status, setStatus] = useState<UpdateStatus | null>(null)
  useEffect(() => {
    const api = pageApi()
    if (!api?.updates) return undefined
    let live = true
    let pushed = false
    const off = api.updates.onStatus((next) => {
      pushed = true
      if (live) setStatus(next)
    })
    void api.updates
      .status()
      .then((first) => {
        // An event that arrived meanwhile is newer than this answer.
        if (live && !pushed) setStatus(first)
      })
      .catch(() => undefined)
    return () => {
      live = false
      off()
    }
  }, [])
  return status
}

/** "Restart to update": quits and installs (main refuses when nothing is downloaded). */
export async function installUpdate(): Promise<void> {
  await pageApi()?.updates.install()
}

/** The notice's dismissal lasts for this session (the page's life), per version. */
let dismissedVersion: string | null = null
export const updateNoticeDismissal = {
  isDismissed: (version: string): boolean => dismissedVersion === version,
  dismiss: (version: string): void => {
    dismissedVersion = version
  },
  /** Tests: a fresh session. */
  reset: (): void => {
    dismissedVersion = null
  }
}
