/**
 * Entry of the companion window's page (companion.html). Loaded once at start-up into the hidden
 * window and kept alive: the controller is subscribed and has its data before the first hotkey,
 * so showing the window loads nothing.
 */
import { api } from '../api'
import { startPage } from '../startPage'
import '../styles.css'
import './companion.css'
import { CompanionApp } from './CompanionApp'
import { CompanionModel } from './model'

startPage((controller) => {
  const model = new CompanionModel({
    api,
    controller,
    frame: (cb) => requestAnimationFrame(() => cb()),
    now: () => performance.now(),
    ready: controller.start()
  })
  model.start()
  return <CompanionApp model={model} />
})
