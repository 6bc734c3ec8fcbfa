/** An image attachment in the history: the original from the local store, click to enlarge. */
import { memo, useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { ImagePreview } from './ImageChips'
import './attachments.css'
import { requirePageApi } from '../api'

const cache = new Map<string, Promise<{ dataUrl: string; width: number; height: number }>>()

function load(id: string): Promise<{ dataUrl: string; width: number; height: number }> {
  let p = cache.get(id)
  if (!p) {
    p = requirePageApi().attachments.get({ id })
    cache.set(id, p)
    p.catch(() => cache.delete(id))
  }
  return p
}

export const AttachmentThumb = memo(function AttachmentThumb({ id }: { id: string }): ReactElement {
  const { t } = useTranslation()
  const [img, setImg] = useState<{ dataUrl: string; width: number; height: number } | null>(null)
  const [failed, setFailed] = useState(false)
  const [open, setOpen] = useState(false)
  useEffect(() => {
    let live = true
    load(id).then(
      (r) => live && setImg(r),
      () => live && setFailed(true)
    )
    return () => {
      live = false
    }
  }, [id])
  if (failed) return <span className="od-attachment-chip">{t('attachments.imageMissing')}</span>
  return (
    <>
      <button
        type="button"
        className="od-history-image"
        data-testid="history-image"
        data-width={img?.width}
        data-height={img?.height}
        aria-label={t('attachments.preview', { name: `${img?.width ?? ''}×${img?.height ?? ''}` })}
        onClick={() => img && setOpen(true)}
      >
        {img ? <img src={img.dataUrl} alt="" /> : <span className="od-image-chip-spinner" aria-hidden="true" />}
      </button>
      {open && img ? <ImagePreview src={img.dataUrl} label={`${img.width}×${img.height}`} onClose={() => setOpen(false)} /> : null}
    </>
  )
})
