/**
 * Entry of the companion window's page (companion.html). Loaded once at start-up into the hidden
 * window and kept alive: the controller is subscribed and has its data before the first hotkey,
 * so showing the window loads nothing.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { z } from 'zod'
import { api } from '../api'
import { initI18n } from '../i18n'
import { AppController } from '../state/controller'
import { warmUpMarkdown } from '../markdown'
import { pacedScheduler } from '../state/deltaBatcher'
import { ControllerContext } from '../state/hooks'
import '../styles.css'
import './companion.css'
import { CompanionApp } from './CompanionApp'
import { CompanionModel } from './model'

// zod's eval() probe would only log a CSP violation (see ../main.tsx).
z.config({ jitless: true })

initI18n('en')

const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
document.documentElement.dataset.theme = prefersDark ? 'dark' : 'light'

const controller = new AppController({ api, schedule: pacedScheduler() })
controller.setSystemDark(prefersDark)
const model = new CompanionModel({
  api,
  controller,
  frame: (cb) => requestAnimationFrame(() => cb()),
  now: () => performance.now(),
  ready: controller.start()
})
model.start()
warmUpMarkdown()

const root = document.getElementById('root')
if (!root) throw new Error('#root is missing from companion.html')
createRoot(root).render(
  <StrictMode>
    <ControllerContext.Provider value={controller}>
      <CompanionApp model={model} />
    </ControllerContext.Provider>
  </StrictMode>
)
