/**
 * The composer's dictation: idle → recording (the level meter moves) → transcribing → the text
 * is handed to `onText`. Esc while recording cancels (and nothing else gets that Esc). A
 * failure keeps the composer as it was and says why.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ErrorInfo } from '../../../shared/errors'
import { errorInfoOf } from '../../../shared/errors'
import { requirePageApi } from '../api'
import { DictationRecorder, DictationStartError, type DictationStartFailure } from './dictation'
import { readAloudPlayer } from './readAloud'

export type DictationStatus = 'idle' | 'starting' | 'recording' | 'transcribing'

export type DictationFailure = { kind: DictationStartFailure } | { kind: 'transcribe'; error: ErrorInfo }

export interface Dictation {
  status: DictationStatus
  /** The microphone's level (dBFS) while recording. */
  level: number
  failure: DictationFailure | null
  start(): void
  finish(): void
  cancel(): void
  dismissFailure(): void
}

export function useDictation(onText: (text: string) => void): Dictation {
  const [status, setStatus] = useState<DictationStatus>('idle')
  const [level, setLevel] = useState(-Infinity)
  const [failure, setFailure] = useState<DictationFailure | null>(null)
  const recorder = useRef<DictationRecorder | null>(null)
  const onTextRef = useRef(onText)
  onTextRef.current = onText
  const lastLevelAt = useRef(0)

  const finish = useCallback(() => {
    const current = recorder.current
    if (!current) return
    setStatus('transcribing')
    setLevel(-Infinity)
    current
      .finish()
      .then((text) => {
        if (recorder.current !== current) return
        if (text) onTextRef.current(text)
      })
      .catch((error: unknown) => {
        if (recorder.current === current) setFailure({ kind: 'transcribe', error: errorInfoOf(error) })
      })
      .finally(() => {
        if (recorder.current !== current) return
        recorder.current = null
        setStatus('idle')
      })
  }, [])

  const cancel = useCallback(() => {
    recorder.current?.cancel()
    recorder.current = null
    setStatus('idle')
    setLevel(-Infinity)
  }, [])

  const start = useCallback(() => {
    if (recorder.current) return
    setFailure(null)
    // An answer being read aloud would be heard by the microphone.
    readAloudPlayer().stop()
    const current = new DictationRecorder(requirePageApi(), {
      onLevel: (dbfs) => {
        // The meter at ~20 fps is enough; every 20-ms frame would re-render the composer.
        const now = performance.now()
        if (now - lastLevelAt.current < 50) return
        lastLevelAt.current = now
        setLevel(dbfs)
      },
      onFull: () => finish()
    })
    recorder.current = current
    setStatus('starting')
    current
      .start()
      .then(() => {
        if (recorder.current === current) setStatus('recording')
      })
      .catch((error: unknown) => {
        if (recorder.current !== current) return
        recorder.current = null
        setStatus('idle')
        setFailure({ kind: error instanceof DictationStartError ? error.reason : 'failed' })
      })
  }, [finish])

  // Esc while listening cancels, before the composer, a menu or Stop can take it.
  useEffect(() => {
    if (status !== 'recording' && status !== 'starting') return
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.isComposing) return
      e.preventDefault()
      e.stopPropagation()
      cancel()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [status, cancel])

  // The composer goes away (window closed, view changed): the microphone is let go.
  useEffect(() => () => recorder.current?.cancel(), [])

  return { status, level, failure, start, finish, cancel, dismissFailure: () => setFailure(null) }
}
