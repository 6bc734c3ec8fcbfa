export { useImageAttachments, imageFilesOf, type ImageAttachments } from './useImageAttachments'
export { ImageChips, ImageNoticeLine } from './ImageChips'
export { ImageButtons } from './CaptureMenu'
export { AttachmentThumb } from './AttachmentThumb'
