/**
 * What a model that takes no images is told about the images it was sent as text. English, as
 * all prompts (the model answers in the user's language on its own).
 */

/** For the system prompt, once, when any image of the request was read as text. */
export const IMAGES_AS_TEXT_PROMPT =
  'This model cannot see images. The images the user attached were read on their computer with OCR; ' +
  'each is given as the text found in it, inside <image> tags, after the message it belongs to. ' +
  'Layout, pictures and colours are lost: answer from the text, and say so when the question needs more than the text.'

function attribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c] ?? c)
}

/** One image's text, after its message's own text. */
export function imageAsText(name: string, text: string | undefined): string {
  const label = attribute(name)
  if (text === undefined) return `<image name="${label}">The text of this image could not be read.</image>`
  if (!text) return `<image name="${label}">No text was found in this image.</image>`
  return `<image name="${label}">\n${text}\n</image>`
}
