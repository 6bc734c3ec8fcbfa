/**
 * The message box: grows with its text, sends on Enter (or Cmd/Ctrl+Enter, per settings) but
 * never while an IME is composing, keeps huge pastes aside as chips, and turns into Stop while an
 * answer streams. Files dropped, pasted or picked: images go the image way (prepared here), every
 * other file is uploaded to main, which recognises documents and data files by their content.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
  type ReactElement
} from 'react'
import { useTranslation } from 'react-i18next'
import { MAX_MESSAGE_CHARS, type FilePart } from '../../../shared/domain'
import { composerKeyAction, composerKeyOf, modKeyLabel } from '../logic/composerKeys'
import {
  canSend,
  composeMessage,
  composedLength,
  formatBytes,
  makePastedBlock,
  pastePreview,
  shouldCollapsePaste,
  type PastedBlock
} from '../logic/paste'
import { IconArrowUp, IconChevron, IconClose, IconDocument, IconStop } from './Icons'
import {
  AttachFileButton,
  FileChips,
  ImageChips,
  ImageNoticeLine,
  filePartOf,
  transferredFilesOf,
  partitionImageFiles,
  useFileAttachments,
  useImageAttachments
} from '../attachments'
import { ImageButtons } from '../capture/CaptureMenu'
import { ToolsMenu } from '../tools/ToolsMenu'
import { useAssistantMention } from './AssistantMention'
import { DictationControls, DictationNote } from '../voice/DictationControls'
import { useDictation } from '../voice/useDictation'
import { insertDictation } from '../logic/dictationText'

const MAX_HEIGHT_PX = 240

export interface ComposerProps {
  busy: boolean
  enterToSend: boolean
  platform: string | undefined
  focusTick: number
  /**
   * `attachmentIds`: images stored in the attachment store, then documents and data files, sent
   * with the text (or alone). `files`: those files' parts, for the message shown before main confirms.
   */
  onSend: (text: string, attachmentIds?: string[], files?: FilePart[]) => Promise<boolean>
  onStop: () => void
  /** The model answering (sizes images and estimates their tokens); absent: GPT-4o rules. */
  imageModel?: string
  /** Hide the image / screenshot buttons (paste and drop still work unless false too). */
  images?: boolean
  /** React to the tray / global-shortcut capture requests (default true). */
  listenCaptureRequests?: boolean
}

function PasteChip(props: { block: PastedBlock; onRemove: () => void }): ReactElement {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const { block } = props
  const preview = open ? pastePreview(block.text) : null
  return (
    <div className="od-paste-chip" data-testid="paste-chip" data-open={open ? 'true' : undefined}>
      <div className="od-paste-chip-head">
        <button
          type="button"
          className="od-paste-chip-toggle"
          data-testid="paste-chip-toggle"
          aria-expanded={open}
          aria-label={open ? t('chat.hidePaste') : t('chat.showPaste')}
          onClick={() => setOpen((o) => !o)}
        >
          <IconDocument size={16} />
          <span className="od-paste-chip-title">{t('chat.pastedText', { size: formatBytes(block.bytes) })}</span>
          <span className="od-paste-chip-meta">{t('chat.pastedLines', { count: block.lines })}</span>
          <IconChevron size={14} className="od-paste-chip-chevron" />
        </button>
        <button
          type="button"
          className="od-icon-btn od-icon-btn-small"
          data-testid="paste-chip-remove"
          aria-label={t('chat.removePaste')}
          title={t('chat.removePaste')}
          onClick={props.onRemove}
        >
          <IconClose size={14} />
        </button>
      </div>
      {preview ? (
        <pre className="od-paste-preview">
          {preview.preview}
          {preview.restChars > 0 ? (
            <span className="od-paste-preview-more">
              {'\n'}
              {t('chat.pastePreviewTruncated', { size: formatBytes(block.bytes - preview.preview.length) })}
            </span>
          ) : null}
        </pre>
      ) : null}
    </div>
  )
}

export function Composer(props: ComposerProps): ReactElement {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [blocks, setBlocks] = useState<PastedBlock[]>([])
  const area = useRef<HTMLTextAreaElement>(null)
  const composing = useRef(false)
  const pasteSeq = useRef(0)
  const images = useImageAttachments({ model: props.imageModel })
  const files = useFileAttachments()
  const [dragging, setDragging] = useState(false)
  const mention = useAssistantMention({ text, setText, area })
  // Dictated text goes where the caret is (or replaces the selection), ready to edit before sending.
  const caretAfterDictation = useRef<number | null>(null)
  const dictation = useDictation((said) => {
    const el = area.current
    setText((cur) => {
      const placed = insertDictation(cur, el?.selectionStart ?? cur.length, el?.selectionEnd ?? cur.length, said)
      caretAfterDictation.current = placed.caret
      return placed.text
    })
  })
  useLayoutEffect(() => {
    const caret = caretAfterDictation.current
    const el = area.current
    if (caret === null || !el) return
    caretAfterDictation.current = null
    el.focus()
    el.setSelectionRange(caret, caret)
  }, [text])

  // Grow with the text up to a limit, then scroll inside.
  useLayoutEffect(() => {
    const el = area.current
    if (!el) return
    el.style.height = 'auto'
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`
  }, [text])

  // Asked for (focusTick): the caret comes here. At mount only if nothing has the focus: the
  // main window draws the chat a moment after its sidebar, and a search the user has started
  // typing by then keeps its keys.
  const mounted = useRef(false)
  useEffect(() => {
    const first = !mounted.current
    mounted.current = true
    const focused = document.activeElement
    if (first && focused && focused !== document.body) return
    area.current?.focus()
  }, [props.focusTick])
  // A menu of the row (the camera's) closed: the caret comes back here.
  const focusInput = useCallback(() => area.current?.focus(), [])

  const hasAttachments = images.readyCount > 0 || files.ready.length > 0
  // A file still uploading, being read or waiting for its password holds Send; a failed one does not (it is left out).
  const sendable = (canSend(text, blocks) || hasAttachments) && !images.busy && !files.busy
  const length = canSend(text, blocks) ? composedLength(text, blocks) : 0
  const tooLong = length > MAX_MESSAGE_CHARS

  const submit = useCallback(async () => {
    if (props.busy || images.busy || files.busy || !(canSend(text, blocks) || images.readyCount > 0 || files.ready.length > 0)) return
    const message = composeMessage(text, blocks)
    if (message.length > MAX_MESSAGE_CHARS) return
    let imageIds: string[] = []
    try {
      imageIds = await images.upload()
    } catch {
      return
    }
    const sentFiles = files.ready
    const attachmentIds = [...imageIds, ...sentFiles.map((f) => f.id)]
    const typed = text
    const pasted = blocks
    setText('')
    setBlocks([])
    const ok = await props.onSend(
      message,
      attachmentIds.length ? attachmentIds : undefined,
      sentFiles.length ? sentFiles.map(filePartOf) : undefined
    )
    if (ok) {
      images.clear()
      files.removeSent(sentFiles.map((f) => f.id))
    }
    if (!ok) {
      // Main refused before starting: give the text back rather than lose it.
      setText((cur) => (cur ? cur : typed))
      setBlocks((cur) => (cur.length ? cur : pasted))
    }
  }, [props, text, blocks, images, files])

  /** Files from a drop, a paste or the picker: images the image way, the rest to main. */
  const attach = useCallback(
    async (dropped: File[]) => {
      const { images: pictures, others } = await partitionImageFiles(dropped)
      if (pictures.length && props.images !== false) void images.addFiles(pictures)
      if (others.length) files.addFiles(others)
    },
    [images, files, props.images]
  )

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (mention.onKeyDown(e, e.nativeEvent.isComposing || composing.current)) return
    const action = composerKeyAction(composerKeyOf(e, composing.current), props.enterToSend)
    if (action === 'send') {
      e.preventDefault()
      void submit()
    }
  }

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>): void => {
    const pastedFiles = transferredFilesOf(e.clipboardData)
    if (pastedFiles.length) {
      e.preventDefault()
      void attach(pastedFiles)
      return
    }
    const pasted = e.clipboardData.getData('text/plain')
    if (!pasted || !shouldCollapsePaste(pasted)) return
    e.preventDefault()
    const block = makePastedBlock(`paste-${++pasteSeq.current}`, pasted)
    setBlocks((cur) => [...cur, block])
  }

  const sendHint = props.enterToSend ? t('chat.hintEnter') : t('chat.hintModEnter', { mod: modKeyLabel(props.platform) })
  // A link sent alone is read (main makes the model call read_url first): say so before Send.
  const hint = /^https?:\/\/\S+$/i.test(text.trim()) ? t('chat.linkAloneHint') : sendHint

  return (
    <div
      className="od-composer-wrap"
      data-dragging={dragging ? 'true' : undefined}
      onDragOver={(e) => {
        if (!Array.from(e.dataTransfer.types).includes('Files')) return
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        setDragging(false)
        const dropped = transferredFilesOf(e.dataTransfer)
        if (!dropped.length) return
        e.preventDefault()
        void attach(dropped)
      }}
    >
      <ImageNoticeLine notice={images.notice} onDismiss={images.dismissNotice} />
      <div className="od-composer" data-busy={props.busy ? 'true' : undefined}>
        <ImageChips images={images} />
        <FileChips files={files} />
        {blocks.length > 0 ? (
          <div className="od-paste-chips">
            {blocks.map((b) => (
              <PasteChip key={b.id} block={b} onRemove={() => setBlocks((cur) => cur.filter((x) => x.id !== b.id))} />
            ))}
          </div>
        ) : null}
        {mention.menu}
        <div className="od-composer-row">
          {props.images === false ? null : (
            <ImageButtons images={images} listenRequests={props.listenCaptureRequests} onDone={focusInput} />
          )}
          <AttachFileButton onFiles={(picked) => void attach(picked)} />
          <ToolsMenu />
          <textarea
            ref={area}
            className="od-composer-input"
            data-testid="composer"
            aria-label={t('chat.composerLabel')}
            placeholder={t('chat.placeholder')}
            rows={1}
            value={text}
            {...mention.inputProps}
            onChange={(e) => {
              setText(e.target.value)
              mention.onCaret(e.target.selectionStart)
            }}
            onSelect={(e) => mention.onCaret(e.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            onCompositionStart={() => {
              composing.current = true
            }}
            onCompositionEnd={() => {
              composing.current = false
            }}
          />
          <DictationControls dictation={dictation} />
          {props.busy ? (
            <button
              type="button"
              className="od-send-btn od-stop-btn"
              data-testid="stop"
              aria-label={t('chat.stop')}
              title={t('chat.stop')}
              onClick={props.onStop}
            >
              <IconStop size={18} />
            </button>
          ) : (
            <button
              type="button"
              className="od-send-btn"
              data-testid="send"
              aria-label={t('chat.send')}
              title={t('chat.send')}
              disabled={!sendable || tooLong}
              onClick={() => void submit()}
            >
              <IconArrowUp size={18} />
            </button>
          )}
        </div>
      </div>
      <div className="od-composer-hint" aria-live="polite">
        {tooLong ? (
          <span className="od-composer-error" data-testid="composer-too-long">
            {t('chat.tooLong', { size: length.toLocaleString(), limit: MAX_MESSAGE_CHARS.toLocaleString() })}
          </span>
        ) : (
          dictation.failure || dictation.status !== 'idle' ? <DictationNote dictation={dictation} /> : hint
        )}
      </div>
    </div>
  )
}
