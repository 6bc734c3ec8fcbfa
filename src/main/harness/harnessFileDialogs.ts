/**
 * The web harness's file dialogs: a test scripts the path the next Save or Open dialog answers
 * (`nextSave` / `nextOpen`; null: the user cancels) and reads what the app asked (`requests`). A
 * dialog nobody scripted answers null, as if the user cancelled, and says so in the log.
 */
import type { FileDialogPort } from '../store/types'

export interface HarnessFileDialogRequest {
  kind: 'save' | 'open'
  title: string
  defaultName?: string
  extensions: string[]
}

export interface HarnessFileDialogs {
  port: FileDialogPort
  /** The path the next Save dialog answers (queued: one per dialog); null: cancel. */
  nextSave(path: string | null): void
  /** The path the next Open dialog answers (queued: one per dialog); null: cancel. */
  nextOpen(path: string | null): void
  /** Every dialog the app opened, in order. */
  readonly requests: readonly HarnessFileDialogRequest[]
}

export function createHarnessFileDialogs(opts: { log?: (line: string) => void } = {}): HarnessFileDialogs {
  const saves: Array<string | null> = []
  const opens: Array<string | null> = []
  const requests: HarnessFileDialogRequest[] = []
  const answer = (queue: Array<string | null>, request: HarnessFileDialogRequest): string | null => {
    requests.push(request)
    if (queue.length === 0) {
      opts.log?.(`[harness] ${request.kind} dialog "${request.title}" not scripted: cancelled`)
      return null
    }
    return queue.shift() ?? null
  }
  return {
    port: {
      chooseSavePath: async ({ title, defaultName, filters }) =>
        answer(saves, { kind: 'save', title, defaultName, extensions: filters.flatMap((f) => f.extensions) }),
      chooseOpenPath: async ({ title, filters }) => answer(opens, { kind: 'open', title, extensions: filters.flatMap((f) => f.extensions) })
    },
    nextSave: (path) => void saves.push(path),
    nextOpen: (path) => void opens.push(path),
    requests
  }
}
