/**
 * What every app window's page does at start (the main window's index.html, the companion's
 * companion.html): i18n, the theme before first paint, the controller (state + IPC), the React
 * root, and telling main the page is ready for its events once everything mounted has subscribed.
 */
import { StrictMode, useEffect, type ReactElement, type ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { z } from 'zod'
import { api } from './api'
import { initI18n } from './i18n'
import { AppController } from './state/controller'
import { pacedScheduler } from './state/deltaBatcher'
import { ControllerContext } from './state/hooks'

/**
 * Main queues a window's events until its page says it is ready. Effects run children first, so
 * this one runs after every component of the first render has subscribed (a capture request from
 * the tray while the window loads reaches the composer's listener).
 */
function ReadyForEvents({ children }: { children: ReactNode }): ReactNode {
  useEffect(() => {
    void api.app.ready().catch((error: unknown) => console.warn('[omnidesk] could not tell main the page is ready', error))
  }, [])
  return children
}

/** Starts the page: `mount` gets the controller (it starts what it needs) and returns the root element. */
export function startPage(mount: (controller: AppController) => ReactElement): void {
  // zod probes for eval() to speed up parsing; our CSP forbids eval, so the probe would only
  // log a CSP violation. Jitless parsing is plenty fast for the renderer's few schemas.
  z.config({ jitless: true })
  initI18n('en')

  const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
  document.documentElement.dataset.theme = prefersDark ? 'dark' : 'light'

  const controller = new AppController({ api, schedule: pacedScheduler() })
  controller.view.setSystemDark(prefersDark)
  const element = mount(controller)

  const root = document.getElementById('root')
  if (!root) throw new Error(`#root is missing from ${location.pathname}`)
  createRoot(root).render(
    <StrictMode>
      <ControllerContext.Provider value={controller}>
        <ReadyForEvents>{element}</ReadyForEvents>
      </ControllerContext.Provider>
    </StrictMode>
  )
}
