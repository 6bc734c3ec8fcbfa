/**
 * The app:// scheme that serves out/renderer in production. Standard + secure makes it behave
 * like https for the page (a real origin, relative URLs, storage, secure-context APIs such as
 * getUserMedia). Registration must happen before `ready`; the handler after it.
 */
import { net, protocol } from 'electron'
import { APP_SCHEME } from '../security/origins'
import { createAppProtocolHandler } from './appProtocolHandler'

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true }
    }
  ])
}

export function handleAppProtocol(rootDir: string, csp: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir, csp, fetchFile: (fileUrl) => net.fetch(fileUrl) }))
}
