/**
 * A contract per window kind: which channels of the one contract (./contract.ts) each kind of
 * window may call (invoke) and receives (events). The preload and the harness bridge expose only
 * a window's own channels; main refuses the others (registerContract) and sends a window only
 * its events (eventRouter). A new window kind adds a line here, with the little it needs.
 */
import { listChannels, type Caller, type Contract, type Namespace } from './contract'

export type WindowKind = Caller['window']
export const WINDOW_KINDS: readonly WindowKind[] = ['main', 'companion', 'capture']

type ChannelOf<NS extends Namespace> = `${NS & string}:${keyof Contract[NS] & string}`
export type ChannelName = { [NS in Namespace]: ChannelOf<NS> }[Namespace]

/** The capture overlay's page: its display's frozen screen in, the crop out, the theme. */
const CAPTURE_CHANNELS: readonly ChannelName[] = ['app:ready', 'settings:get', 'capture:overlayFrame', 'capture:finishRegion']

/** Only the companion window itself shows, hides, sizes and pins the companion. */
const COMPANION_WINDOW_ONLY: readonly ChannelName[] = [
  'companion:hide',
  'companion:setPinned',
  'companion:resize',
  'companion:openInMain',
  'companion:setConversation',
  'companion:context',
  'companion:reportShown',
  'companion:onShown',
  'companion:onHidden'
]

/** What only the main window does: manage providers and conversations, its settings, be told to open a conversation. */
const MAIN_WINDOW_ONLY: readonly ChannelName[] = [
  'providers:save',
  'providers:remove',
  'providers:test',
  'providers:detectOllama',
  'conversations:rename',
  'conversations:remove',
  'conversations:search',
  'capture:setShortcut',
  'companion:diagnostics',
  'companion:setShortcut',
  'companion:onOpenConversation',
  'tools:searchKeys',
  'tools:setSearchKey',
  'tools:servers',
  'tools:saveServer',
  'tools:removeServer',
  'tools:retryServer',
  'tools:importServers',
  'tools:onServers'
]

const ALL: readonly ChannelName[] = listChannels().map((c) => c.channel as ChannelName)
const OVERLAY_ONLY: readonly ChannelName[] = ['capture:overlayFrame', 'capture:finishRegion']

export const WINDOW_CHANNELS: Readonly<Record<WindowKind, ReadonlySet<ChannelName>>> = {
  main: new Set(ALL.filter((c) => !COMPANION_WINDOW_ONLY.includes(c) && !OVERLAY_ONLY.includes(c))),
  companion: new Set(ALL.filter((c) => !MAIN_WINDOW_ONLY.includes(c) && !OVERLAY_ONLY.includes(c))),
  capture: new Set(CAPTURE_CHANNELS)
}

/** May a window of this kind call this channel, or receive this event? */
export function windowMayUse(kind: WindowKind, channel: string): boolean {
  return (WINDOW_CHANNELS[kind] as ReadonlySet<string>).has(channel)
}

/** The argument main adds to a window's renderer command line (webPreferences.additionalArguments). */
export const WINDOW_KIND_ARG = '--omnidesk-window='

/** The window kind a preload was started for, from its process.argv; undefined when absent or unknown. */
export function windowKindFromArgv(argv: readonly string[]): WindowKind | undefined {
  const value = argv.find((a) => a.startsWith(WINDOW_KIND_ARG))?.slice(WINDOW_KIND_ARG.length)
  return WINDOW_KINDS.find((k) => k === value)
}
