/** Tuning values of the attachment collector (attachmentGc.ts), each with its why. */

/**
 * An image stored but never sent (its chip removed, the app closed, a send refused for good) is
 * deleted by the start-up sweep once this old: a day leaves any send that was under way, or a
 * re-send of a refused one (the composer keeps the stored id), far behind.
 */
export const UNSENT_GRACE_MS = 24 * 60 * 60 * 1000

/**
 * An image just added or described for a message is left alone this long, even if no message
 * references it yet: the composer stores images at Send and chat.send stores their parts right
 * after, so the reference lands within moments; a refused send re-sent a few minutes later
 * reuses the stored id. Skipped ids are looked at again on the collector's next run.
 */
export const HOLD_MS = 10 * 60 * 1000
