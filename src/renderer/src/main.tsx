/** Renderer entry: i18n, the controller (state + IPC), and the React root. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { api } from './api'
import { App } from './components/App'
import { linkMainWindowToCompanion } from './companion/mainWindowLink'
import { initI18n } from './i18n'
import { AppController } from './state/controller'
import { warmUpMarkdown } from './markdown'
import { pacedScheduler } from './state/deltaBatcher'
import { ControllerContext } from './state/hooks'
import './styles.css'
import { z } from 'zod'

// zod probes for eval() to speed up parsing; our CSP forbids eval, so the probe would only
// log a CSP violation. Jitless parsing is plenty fast for the renderer's few schemas.
z.config({ jitless: true })

initI18n('en')

const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
document.documentElement.dataset.theme = prefersDark ? 'dark' : 'light'

const controller = new AppController({
  api,
  schedule: pacedScheduler()
})
controller.setSystemDark(prefersDark)
void controller.start()
warmUpMarkdown()
linkMainWindowToCompanion(api, controller)

const root = document.getElementById('root')
if (!root) throw new Error('#root is missing from index.html')
createRoot(root).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <App />
    </ControllerContext.Provider>
  </StrictMode>
)
