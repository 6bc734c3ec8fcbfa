/** Entry of the main window's page (index.html). */
import { api } from './api'
import { App } from './components/App'
import { linkMainWindowToCompanion } from './companion/mainWindowLink'
import { startPage } from './startPage'
import './styles.css'

startPage((controller) => {
  void controller.start()
  linkMainWindowToCompanion(api, controller)
  return <App />
})
