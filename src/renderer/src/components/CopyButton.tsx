/** A copy-to-clipboard icon button that says "Copied" for a moment after a click. */
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { IconCheck, IconCopy } from './Icons'
import { useCopy } from './useCopy'

export function CopyButton({ text, testId = 'message-copy', label }: { text: string; testId?: string; label?: string }): ReactElement {
  const { t } = useTranslation()
  const [copied, copy] = useCopy()
  const shown = copied ? t('chat.copied') : (label ?? t('chat.copy'))
  return (
    <button type="button" className="od-icon-btn" data-testid={testId} aria-label={shown} title={shown} onClick={() => copy(text)}>
      {copied ? <IconCheck /> : <IconCopy />}
    </button>
  )
}
