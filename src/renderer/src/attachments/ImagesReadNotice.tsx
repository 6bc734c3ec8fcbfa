/**
 * Above an answer from a model that takes no images: its question's images were read as text on
 * this computer (OCR, src/main/ocr) and sent instead. What was read opens below, so the user sees
 * exactly what the model got (and why it may miss what only the picture shows).
 */
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ImagesReadPart } from '../../../shared/domain'

export function ImagesReadNotice(props: { images: ImagesReadPart['images'] }): ReactElement | null {
  const { t } = useTranslation()
  if (!props.images.length) return null
  return (
    <div className="od-images-read-notice" data-testid="images-read-notice" role="note">
      <div>{t('attachments.readAsText', { count: props.images.length })}</div>
      <details className="od-images-read-details">
        <summary data-testid="images-read-show">{t('attachments.readAsTextShow')}</summary>
        {props.images.map((image, i) => (
          <div key={`${image.name}-${i}`} className="od-images-read-item" data-testid="images-read-item">
            <div className="od-images-read-name">{image.name}</div>
            {image.text ? (
              <pre className="od-images-read-text">{image.text}</pre>
            ) : (
              <div className="od-images-read-missing">{image.text === undefined ? t('attachments.readAsTextFailed') : t('attachments.readAsTextEmpty')}</div>
            )}
          </div>
        ))}
      </details>
    </div>
  )
}
