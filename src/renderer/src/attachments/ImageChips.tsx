/**
 * Image chips above the composer: thumbnail, pixel size, estimated image tokens, "sharp" toggle
 * for dense high-resolution screens, click to preview, × to remove; and the notice line
 * (refused file, blank capture, missing permission).
 */
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { IconClose, IconWarning } from '../components/Icons'
import type { ImageAttachments, ImageItem, ImageNotice } from './useImageAttachments'
import { MAX_IMAGE_MEGAPIXELS } from './pixelBudget'
import './attachments.css'
import { requirePageApi } from '../api'

function formatKB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

function Chip(props: { item: ImageItem; seesImages: boolean; onPreview: () => void; onRemove: () => void; onToggleSharp: () => void }): ReactElement {
  const { t } = useTranslation()
  const { item } = props
  const p = item.prepared
  const copies = p ? (item.sharp && item.sharpCopies ? item.sharpCopies : p.standard) : []
  const tokens = p ? (item.sharp ? p.sharpTokens : p.standardTokens) : 0
  const payload = copies.reduce((s, c) => s + c.bytes, 0)
  return (
    <div
      className="od-image-chip"
      data-testid="image-chip"
      data-status={item.status}
      data-width={p?.original.width}
      data-height={p?.original.height}
      data-tokens={p ? tokens : undefined}
      data-sharp={item.sharp ? 'true' : undefined}
      data-send-mime={copies[0]?.mime}
      data-send-width={copies[0]?.width}
      data-send-height={copies[0]?.height}
    >
      <button
        type="button"
        className="od-image-chip-thumb"
        data-testid="image-chip-preview"
        aria-label={t('attachments.preview', { name: item.name })}
        title={t('attachments.preview', { name: item.name })}
        disabled={!p}
        onClick={props.onPreview}
      >
        {p ? <img src={p.thumbnailUrl} alt="" /> : <span className="od-image-chip-spinner" aria-hidden="true" />}
      </button>
      <div className="od-image-chip-body">
        <span className="od-image-chip-name" title={item.name}>
          {item.name}
        </span>
        {p ? (
          <span className="od-image-chip-meta" data-testid="image-chip-meta">
            <span data-testid="image-chip-size">
              {p.original.width}×{p.original.height}
            </span>
            {props.seesImages ? (
              <>
                {' · '}
                <span data-testid="image-chip-tokens">{t('attachments.tokens', { count: tokens })}</span>
                {' · '}
                {formatKB(payload)}
              </>
            ) : (
              <>
                {' · '}
                <span data-testid="image-chip-as-text" title={t('attachments.chipReadAsText')}>
                  {t('attachments.chipAsText')}
                </span>
              </>
            )}
          </span>
        ) : (
          <span className="od-image-chip-meta">{t('attachments.preparing')}</span>
        )}
        {p && props.seesImages && (p.sharpAvailable || item.sharp) ? (
          <label className="od-image-chip-sharp" title={t('attachments.sharpHint')}>
            <input type="checkbox" data-testid="image-chip-sharp" checked={item.sharp} onChange={props.onToggleSharp} />
            {t('attachments.sharp', { count: p.sharpTiles, tokens: p.sharpTokens })}
          </label>
        ) : null}
      </div>
      <button
        type="button"
        className="od-icon-btn od-icon-btn-small"
        data-testid="image-chip-remove"
        aria-label={t('attachments.remove')}
        title={t('attachments.remove')}
        onClick={props.onRemove}
      >
        <IconClose size={14} />
      </button>
    </div>
  )
}

export function ImagePreview(props: { src: string; label: string; onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  return (
    <div
      className="od-image-preview"
      data-testid="image-preview"
      role="dialog"
      aria-label={props.label}
      onClick={props.onClose}
      onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
    >
      <img src={props.src} alt={props.label} />
      <button type="button" className="od-image-preview-close" data-testid="image-preview-close" aria-label={t('common.close')} autoFocus onClick={props.onClose}>
        <IconClose size={18} />
      </button>
    </div>
  )
}

export function ImageChips(props: { images: ImageAttachments }): ReactElement | null {
  const { images } = props
  const [preview, setPreview] = useState<ImageItem | null>(null)
  if (!images.items.length) return null
  return (
    <div className="od-image-chips" data-testid="image-chips">
      {images.items.map((it) => (
        <Chip
          key={it.key}
          item={it}
          seesImages={images.seesImages}
          onPreview={() => setPreview(it)}
          onRemove={() => images.remove(it.key)}
          onToggleSharp={() => void images.toggleSharp(it.key)}
        />
      ))}
      {preview?.prepared ? <ImagePreview src={preview.prepared.original.dataUrl} label={preview.name} onClose={() => setPreview(null)} /> : null}
    </div>
  )
}

export function ImageNoticeLine(props: { notice: ImageNotice | null; onDismiss: () => void }): ReactElement | null {
  const { t } = useTranslation()
  const n = props.notice
  if (!n) return null
  let text: string
  let openSettings = false
  switch (n.kind) {
    case 'refused':
      text =
        n.reason === 'not-image'
          ? t('attachments.refusedNotImage', { name: n.name })
          : n.reason === 'too-large'
            ? t('attachments.refusedTooLarge', { name: n.name })
            : n.reason === 'too-many-pixels'
              ? t('attachments.refusedTooManyPixels', {
                  name: n.name,
                  width: n.size?.width ?? '?',
                  height: n.size?.height ?? '?',
                  limit: MAX_IMAGE_MEGAPIXELS
                })
              : t('attachments.refusedUnreadable', { name: n.name })
      break
    case 'blank':
      text = n.blank === 'black' ? (n.platform === 'darwin' ? t('capture.blankBlackMac') : t('capture.blankBlack')) : t('capture.blankUniform')
      openSettings = n.blank === 'black' && n.platform === 'darwin'
      break
    case 'permission':
      text = t('capture.permissionMissing')
      openSettings = true
      break
    case 'capture-failed':
      text = t('capture.captureFailed', { detail: n.detail ?? '' })
      break
    default:
      text = t('attachments.uploadFailed', { detail: n.detail ?? '' })
  }
  return (
    <div className="od-image-notice" data-testid="image-notice" data-kind={n.kind} role="alert">
      <IconWarning size={16} />
      <span className="od-image-notice-text">{text}</span>
      {openSettings ? (
        <button type="button" className="od-link-btn" data-testid="open-screen-permission" onClick={() => void requirePageApi().capture.openPermissionSettings()}>
          {t('capture.openPermissionSettings')}
        </button>
      ) : null}
      <button type="button" className="od-icon-btn od-icon-btn-small" data-testid="image-notice-dismiss" aria-label={t('common.dismiss')} onClick={props.onDismiss}>
        <IconClose size={14} />
      </button>
    </div>
  )
}
