/**
 * The images of a request, as text, for a model that takes no images: each attached image (its
 * original, or its copies for the model when the original is too large to read whole) and each
 * scanned page is read by the OCR service and put after its message's own text.
 */
import type { ImagesAsText, ImagesAsTextResolver, ImageAttachmentResolver } from '../chat/chatEngine'
import { decodeDataUrl } from '../attachments/attachmentStore'
import type { ImagesReadPart } from '../../shared/domain'
import { MAX_MODEL_COPY_BYTES } from '../../shared/attachments/limits'
import { OCR_MAX_PIXELS } from './config'
import type { OcrService } from './ocrService'
import { IMAGES_AS_TEXT_PROMPT, imageAsText } from './prompts'

export interface ImagesAsTextDeps {
  ocr: Pick<OcrService, 'read'>
  images: Pick<ImageAttachmentResolver, 'original' | 'modelDataUrls'>
}

export function createImagesAsText(deps: ImagesAsTextDeps): ImagesAsTextResolver {
  const readUrl = async (url: string): Promise<string | undefined> => {
    const bytes = decodeDataUrl(url, MAX_MODEL_COPY_BYTES)
    return bytes ? deps.ocr.read(bytes) : undefined
  }

  /** The text of an attached image: its original when it is not too large, else its model copies. */
  const readAttachment = async (id: string): Promise<{ name?: string; text: string | undefined }> => {
    const original = await deps.images.original?.(id).catch(() => undefined)
    if (original && original.width * original.height <= OCR_MAX_PIXELS) {
      const text = await deps.ocr.read(original.data)
      if (text !== undefined) return { name: original.name, text }
    }
    // Too large, or a format the reader does not decode (GIF): the copies sized for the model.
    const urls = (await deps.images.modelDataUrls(id).catch(() => undefined)) ?? []
    const texts: string[] = []
    for (const url of urls) {
      const text = await readUrl(url).catch(() => undefined)
      if (text === undefined) return { name: original?.name, text: undefined }
      if (text) texts.push(text)
    }
    return { name: original?.name, text: urls.length ? texts.join('\n\n') : undefined }
  }

  return {
    async context({ context, questionId, pageImages }): Promise<ImagesAsText> {
      const appendix = new Map<string, string[]>()
      const question: ImagesReadPart['images'] = []
      for (const message of context) {
        if (message.role !== 'user') continue
        const blocks: string[] = []
        let number = 0
        for (const part of message.parts) {
          if (part.type !== 'image') continue
          number++
          const { name, text } = await readAttachment(part.attachmentId)
          const label = name?.trim() || `image ${number}`
          blocks.push(imageAsText(label, text))
          if (message.id === questionId) question.push({ name: label, ...(text !== undefined ? { text } : {}) })
        }
        const pages = pageImages.get(message.id) ?? []
        for (const [index, url] of pages.entries()) {
          const text = await readUrl(url).catch(() => undefined)
          blocks.push(imageAsText(`scanned page ${index + 1}`, text))
        }
        if (blocks.length) appendix.set(message.id, blocks)
      }
      return { appendix, system: appendix.size ? [IMAGES_AS_TEXT_PROMPT] : [], question }
    }
  }
}
