/**
 * main's `transfer:onProgress` for the operation this view started, as React state (null: none
 * yet). Subscribed for as long as the view lives, not from when the operation starts: main's first
 * event may come before a fresh subscription's effect would run.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { TransferProgress } from '../../../shared/ipc/contract'
import { pageApi } from '../api'

export function useTransferProgress(): { progress: TransferProgress | null; follow(operation: TransferProgress['operation'] | null): void } {
  const [progress, setProgress] = useState<TransferProgress | null>(null)
  const followed = useRef<TransferProgress['operation'] | null>(null)
  // Optional chaining: test doubles of the API may lack the namespace.
  useEffect(
    () =>
      pageApi()?.transfer?.onProgress?.((p) => {
        if (p.operation === followed.current) setProgress(p)
      }),
    []
  )
  const follow = useCallback((operation: TransferProgress['operation'] | null) => {
    followed.current = operation
    setProgress(null)
  }, [])
  return { progress, follow }
}
