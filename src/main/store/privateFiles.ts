/**
 * Files only their owner may read: the history, its backups, the preferences (which may hold API
 * keys in plaintext when there is no keyring) and the folders they live in. Folders 0700, files
 * 0600, on POSIX systems; on Windows the mode bits do not carry access rights (the user's profile
 * folder's ACL does that job), so nothing is changed there.
 *
 * Modes are only ever tightened (group and other bits cleared, the owner's kept): a file the user
 * made read-only stays read-only, which is what they asked for and what the database's own checks
 * then report.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs'
import { chmod, mkdir, stat } from 'node:fs/promises'

export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** The group and other permission bits. */
const SHARED_BITS = 0o077
/** Sticky bit: set on shared scratch folders such as /tmp. */
const STICKY_BIT = 0o1000
const WORLD_WRITABLE = 0o002

const posix = process.platform !== 'win32'

/**
 * Creates `dir` (and missing parents, 0700) and takes group and other access away from it.
 *
 * A sticky or world-writable folder is left alone: it is a shared folder by intent (a data folder
 * pointed at /tmp in the harness, say), and taking it from the other users of the machine would
 * break them without protecting anything of ours that the 0600 files do not already protect.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  if (!posix) return
  const { mode } = await stat(dir)
  if (!needsTightening(mode, true)) return
  await chmod(dir, mode & ~SHARED_BITS & 0o7777).catch(ignoreUnchangeable)
}

/** ensurePrivateDir for synchronous callers (the preferences adapters load synchronously). */
export function ensurePrivateDirSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  if (!posix) return
  const { mode } = statSync(dir)
  if (!needsTightening(mode, true)) return
  try {
    chmodSync(dir, mode & ~SHARED_BITS & 0o7777)
  } catch (error) {
    ignoreUnchangeable(error)
  }
}

/** Takes group and other access away from an existing file; a missing file is not an error. */
export async function makeFilePrivate(file: string): Promise<void> {
  if (!posix) return
  let mode: number
  try {
    mode = (await stat(file)).mode
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  if (!needsTightening(mode, false)) return
  await chmod(file, mode & ~SHARED_BITS & 0o7777).catch(ignoreUnchangeable)
}

export function makeFilePrivateSync(file: string): void {
  if (!posix) return
  const stats = statSync(file, { throwIfNoEntry: false })
  if (stats === undefined || !needsTightening(stats.mode, false)) return
  try {
    chmodSync(file, stats.mode & ~SHARED_BITS & 0o7777)
  } catch (error) {
    ignoreUnchangeable(error)
  }
}

function needsTightening(mode: number, isDir: boolean): boolean {
  if ((mode & SHARED_BITS) === 0) return false
  return !(isDir && ((mode & STICKY_BIT) !== 0 || (mode & WORLD_WRITABLE) !== 0))
}

/**
 * A mode we may not change (someone else's file: EPERM; a network or FAT volume: ENOTSUP, or a
 * chmod that does nothing; a read-only volume: EROFS) must not stop the app from starting: what
 * the owner set stays, and the database's own checks report a file it cannot use.
 */
function ignoreUnchangeable(error: unknown): void {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EROFS') return
  throw error
}
