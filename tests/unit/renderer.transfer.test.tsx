// @vitest-environment jsdom
/**
 * Settings → Data and backups → Export and import in the renderer, against a fake `window.omnidesk`:
 * the progress bar follows `transfer:onProgress` (main's first event included), the summary counts
 * with the language's digits ("1,204 conversations imported", the skipped list with reasons), a
 * refusal shows main's sentence (not the generic words for its code), a cancelled dialog says nothing.
 */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { unwrapApi } from '../../src/shared/ipc/client'
import { scriptedBridge } from '../support/scriptedBridge'
import type { BridgeApi, ImportSummary, TransferProgress } from '../../src/shared/ipc/contract'
import { AppError, errorInfoOf } from '../../src/shared/errors'
import { initI18n } from '../../src/renderer/src/i18n'
import { AppController } from '../../src/renderer/src/state/controller'
import { ControllerContext } from '../../src/renderer/src/state/hooks'
import { TransferSettings } from '../../src/renderer/src/transfer/TransferSettings'
import { click, flush } from '../support/renderedDom'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let root: Root | null = null
let container: HTMLElement | null = null

beforeAll(() => initI18n('en'))

afterEach(async () => {
  await act(async () => root?.unmount())
  container?.remove()
  root = null
  container = null
  delete (window as unknown as { omnidesk?: BridgeApi }).omnidesk
})

/** The import answers when the test says; progress events go out meanwhile. */
async function mount() {
  let answerImport: (outcome: ImportSummary | null | Error) => void = () => undefined
  const handlers: Record<string, (payload: unknown) => unknown> = {
    'transfer:importConversations': () =>
      new Promise((resolve, reject) => {
        answerImport = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome))
      })
  }
  const { bridge, emit } = scriptedBridge(handlers)
  ;(window as unknown as { omnidesk?: BridgeApi }).omnidesk = bridge
  const controller = new AppController({ api: unwrapApi(bridge), schedule: (cb) => queueMicrotask(cb) })
  container = document.createElement('div')
  document.body.appendChild(container)
  root = createRoot(container)
  await act(async () => {
    root!.render(
      <ControllerContext.Provider value={controller}>
        <TransferSettings />
      </ControllerContext.Provider>
    )
  })
  return {
    progress: async (p: TransferProgress) => {
      await act(async () => emit('transfer:onProgress', p))
    },
    answer: async (outcome: ImportSummary | null | Error) => {
      await act(async () => answerImport(outcome))
      await flush()
    }
  }
}

const $ = (testId: string): HTMLElement | null => container!.querySelector(`[data-testid="${testId}"]`)

describe('Settings → Export and import', () => {
  it('import: the bar follows main, then the summary with counts and the skipped list', async () => {
    const app = await mount()
    await click($('transfer-import'))
    expect(($('transfer-import') as HTMLButtonElement).disabled).toBe(true)
    const bar = $('transfer-progress')!
    expect(bar.getAttribute('role')).toBe('progressbar')
    // Still counting: no value yet.
    await app.progress({ operation: 'import', done: 0, total: 0 })
    expect(bar.hasAttribute('aria-valuenow')).toBe(false)
    await app.progress({ operation: 'export', done: 5, total: 9 })
    expect(bar.hasAttribute('aria-valuenow')).toBe(false)
    await app.progress({ operation: 'import', done: 602, total: 2408 })
    expect(bar.getAttribute('aria-valuenow')).toBe('602')
    expect(container!.textContent).toContain('25%')

    await app.answer({
      source: 'chatgpt',
      imported: 1204,
      skipped: [
        { title: 'Only a browse', reason: 'nothing in it could be read (no text or images)' },
        { title: 'Colours', reason: 'already in your history (imported before)' }
      ],
      firstConversationId: 'c-1'
    })
    const summary = $('transfer-summary')!
    expect(summary.textContent).toContain('1,204 conversations imported from ChatGPT.')
    expect(summary.textContent).toContain('2 skipped:')
    expect($('transfer-skipped')!.textContent).toContain('Only a browse: nothing in it could be read')
    expect($('transfer-open')).not.toBeNull()
    expect(($('transfer-import') as HTMLButtonElement).disabled).toBe(false)
  })

  it('a refusal shows main’s sentence; a cancelled dialog shows nothing', async () => {
    const app = await mount()
    await click($('transfer-import'))
    await app.answer(new AppError({ code: 'bad_request', detail: 'This zip is incomplete or damaged (perhaps its download was cut short).' }))
    const error = $('transfer-import-error')!
    expect(error.getAttribute('role')).toBe('alert')
    expect(error.textContent).toBe('This zip is incomplete or damaged (perhaps its download was cut short).')
    expect(error.textContent).not.toContain('provider')
    expect($('transfer-progress')).toBeNull()

    await click($('transfer-import'))
    await app.answer(null)
    expect($('transfer-import-error')).toBeNull()
    expect($('transfer-summary')).toBeNull()
    expect($('transfer-progress')).toBeNull()
  })
})
