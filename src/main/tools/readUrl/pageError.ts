/**
 * A failure of the page (or of read_url's rules), worded for the model to relay to the user: the
 * tool turns it into an error result. Anything else thrown is a bug and is left to surface.
 */
export class PageError extends Error {
  override name = 'PageError'
}
