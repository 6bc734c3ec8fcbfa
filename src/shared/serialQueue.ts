/**
 * Runs tasks one after another, in the order given; a failed task does not stop the next (its
 * caller gets the failure). For read-modify-write sequences that must not interleave.
 */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task)
    tail = run.catch(() => undefined)
    return run
  }
}
