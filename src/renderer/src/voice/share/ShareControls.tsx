/**
 * Screen and camera in a voice session (issue 18): "Share screen" (a display or a window, from
 * the capture menu's sources) and "Camera". While sharing, a live preview with what is shared
 * and one-click Stop; the tray's "Stop sharing" and the end of the session stop it too. Frames
 * go to main only when the picture changed (ShareSampler), main hands them to the model.
 */
import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { CaptureSources } from '../../../../shared/capture/schemas'
import type { VoiceEvent, VoiceSharing } from '../../../../shared/voice/schemas'
import { errorInfoOf } from '../../../../shared/errors'
import { requirePageApi } from '../../api'
import { ShareSampler } from './shareSampler'
import { openShareStream, ShareStreamError, stopStream } from './shareStream'
import './share.css'

type Target = { source: 'camera' } | { source: 'screen'; kind: 'display' | 'window'; id: string; label: string }

export function ShareControls(props: { sessionId: string | undefined; active: boolean }): ReactElement | null {
  const { t } = useTranslation()
  const api = requirePageApi()
  const [sharing, setSharing] = useState<VoiceSharing | null>(null)
  const [sources, setSources] = useState<CaptureSources | null>(null)
  const [error, setError] = useState<string | null>(null)
  const video = useRef<HTMLVideoElement>(null)
  const stream = useRef<MediaStream | undefined>(undefined)
  const sampler = useRef<ShareSampler | undefined>(undefined)
  const sessionRef = useRef(props.sessionId)
  sessionRef.current = props.sessionId

  /** Ends the stream here; `tellMain`: main also drops its state (not when the session already ended). */
  const stop = useCallback((tellMain: boolean) => {
    const wasSharing = stream.current !== undefined
    sampler.current?.stop()
    sampler.current = undefined
    stopStream(stream.current)
    stream.current = undefined
    if (video.current) video.current.srcObject = null
    setSharing(null)
    const sessionId = sessionRef.current
    if (tellMain && wasSharing && sessionId) void api.voice.share({ sessionId, sharing: null }).catch(() => undefined)
  }, [api])

  const start = async (target: Target): Promise<void> => {
    const sessionId = sessionRef.current
    if (!sessionId) return
    setSources(null)
    setError(null)
    if (stream.current) stop(false)
    const next: VoiceSharing = target.source === 'camera' ? { source: 'camera', label: t('voice.cameraLabel') } : { source: 'screen', label: target.label }
    try {
      // Main first: it arms the camera permission for this window, or finds the screen's stream id.
      const started = await api.voice.share({ sessionId, sharing: next, ...(target.source === 'screen' ? { target: { kind: target.kind, id: target.id } } : {}) })
      const live = await openShareStream(target.source === 'camera' ? { source: 'camera' } : { source: 'screen', mediaSourceId: started.mediaSourceId ?? '' })
      stream.current = live
      // The OS or the user ended it (the window closed, the camera unplugged): sharing stops.
      for (const track of live.getVideoTracks()) track.addEventListener('ended', () => stop(true))
      const el = video.current
      if (!el) throw new Error('no video element')
      el.srcObject = live
      await el.play()
      const frames = new ShareSampler(el, async (frame) => {
        await api.voice.shareFrame({ sessionId, image: frame.image, width: frame.width, height: frame.height })
      })
      sampler.current = frames
      setSharing(next)
      frames.start()
    } catch (err) {
      // Main may have armed the camera or recorded the sharing before the stream failed: undone.
      stop(false)
      void api.voice.share({ sessionId, sharing: null }).catch(() => undefined)
      setError(err instanceof ShareStreamError && err.reason === 'denied' ? t('voice.shareDenied') : t('voice.shareUnavailable', { detail: errorInfoOf(err).detail ?? '' }))
    }
  }

  const pickScreen = async (): Promise<void> => {
    setError(null)
    try {
      setSources(await api.capture.sources())
    } catch (err) {
      setError(t('voice.shareUnavailable', { detail: errorInfoOf(err).detail ?? '' }))
    }
  }

  // The tray's "Stop sharing"; the session's end (main has dropped its state already).
  useEffect(
    () =>
      api.voice.onEvent((event: VoiceEvent) => {
        if (event.kind === 'link' || event.sessionId !== sessionRef.current) return
        if (event.kind === 'stopSharing') stop(true)
        else if (event.kind === 'ended') stop(false)
      }),
    [api, stop]
  )
  // The view closes, or the session is no longer active (reconnect makes a new one).
  useEffect(() => {
    if (!props.active) stop(false)
  }, [props.active, stop])
  useEffect(() => () => stop(true), [stop])

  return (
    <div className="od-voice-share" data-testid="voice-share">
      <div className="od-voice-sharing" data-testid="voice-sharing" data-source={sharing?.source} hidden={!sharing} role="status">
        <video ref={video} className="od-voice-share-preview" muted playsInline aria-hidden="true" />
        <span className="od-voice-sharing-label">
          <span className="od-voice-sharing-dot" aria-hidden="true" />
          {sharing ? t('voice.sharing', { label: sharing.label }) : null}
        </span>
        <button type="button" className="od-btn" data-testid="voice-share-stop" onClick={() => stop(true)}>
          {t('voice.stopSharing')}
        </button>
      </div>
      {!sharing && props.active ? (
        <div className="od-voice-share-buttons">
          <button type="button" className="od-btn" data-testid="voice-share-screen" title={t('voice.shareScreenHint')} aria-expanded={sources !== null} onClick={() => (sources ? setSources(null) : void pickScreen())}>
            {t('voice.shareScreen')}
          </button>
          <button type="button" className="od-btn" data-testid="voice-share-camera" title={t('voice.shareCameraHint')} onClick={() => void start({ source: 'camera' })}>
            {t('voice.shareCamera')}
          </button>
        </div>
      ) : null}
      {sources && !sharing ? (
        <div className="od-voice-share-sources" data-testid="voice-share-sources" role="group" aria-label={t('voice.shareSources')}>
          {sources.displays.length ? <p className="od-voice-share-heading">{t('voice.shareDisplays')}</p> : null}
          {sources.displays.map((d) => (
            <button key={d.id} type="button" className="od-btn od-btn-ghost" data-testid="voice-share-source" data-kind="display" data-id={d.id} onClick={() => void start({ source: 'screen', kind: 'display', id: d.id, label: d.label })}>
              {d.label}
            </button>
          ))}
          {sources.windows.length ? <p className="od-voice-share-heading">{t('voice.shareWindows')}</p> : null}
          {sources.windows.map((w) => (
            <button key={w.id} type="button" className="od-btn od-btn-ghost" data-testid="voice-share-source" data-kind="window" data-id={w.id} onClick={() => void start({ source: 'screen', kind: 'window', id: w.id, label: w.name })}>
              {w.appName ? `${w.name} — ${w.appName}` : w.name}
            </button>
          ))}
        </div>
      ) : null}
      {error ? (
        <p className="od-voice-error" data-testid="voice-share-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}
