/** Main-process entry (built to out/main/index.js, package.json "main"). */
import { startApp } from './app/startApp'

startApp()
