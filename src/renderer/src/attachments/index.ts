export { useImageAttachments, imageFilesOf, type ImageAttachments } from './useImageAttachments'
export { ImageChips, ImageNoticeLine } from './ImageChips'
export { AttachmentThumb } from './AttachmentThumb'
