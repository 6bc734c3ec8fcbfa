/**
 * A contract per window kind: which channels of the one contract (./contract.ts) each kind of
 * window may call (invoke) and receives (events). The preload and the harness bridge expose only
 * a window's own channels; main refuses the others (registerContract) and sends a window only
 * its events (eventRouter). A new window kind adds a line here, with the little it needs.
 */
import type { Caller, Contract, Namespace } from './contract'

export type WindowKind = Caller['window']
export const WINDOW_KINDS: readonly WindowKind[] = ['main', 'companion', 'capture']

type ChannelOf<NS extends Namespace> = `${NS & string}:${keyof Contract[NS] & string}`
export type ChannelName = { [NS in Namespace]: ChannelOf<NS> }[Namespace]

const ALL_WINDOWS: readonly WindowKind[] = WINDOW_KINDS
const MAIN_AND_COMPANION: readonly WindowKind[] = ['main', 'companion']

/**
 * Every channel of the contract, with the windows that may use it. It names each channel on
 * purpose: a new channel does not typecheck until someone decides who gets it (and
 * scripts/security-lint.mjs, rule channel-windows, checks the same from the sources).
 * - the capture overlay's page: its display's frozen screen in, the crop out, the theme;
 * - only the companion window shows, hides, sizes and pins the companion;
 * - only the main window manages providers, keys, MCP servers, the app's updates, conversations (rename, delete,
 *   search) and shortcuts, and is told to open a conversation.
 */
const CHANNEL_WINDOWS = {
  'app:ready': ALL_WINDOWS,
  'app:info': MAIN_AND_COMPANION,
  'app:openExternal': MAIN_AND_COMPANION,
  'app:relaunch': ['main'],
  'app:onCommand': MAIN_AND_COMPANION,

  'history:backups': ['main'],
  'history:scheduleRestore': ['main'],
  'history:cancelRestore': ['main'],
  'history:backupNow': ['main'],
  'history:restoreFromFile': ['main'],

  'transfer:exportConversations': ['main'],
  'transfer:importConversations': ['main'],
  'transfer:onProgress': ['main'],

  'settings:get': ALL_WINDOWS,
  'settings:update': MAIN_AND_COMPANION,
  'settings:onChanged': MAIN_AND_COMPANION,

  'providers:list': MAIN_AND_COMPANION,
  'providers:save': ['main'],
  'providers:remove': ['main'],
  'providers:test': ['main'],
  'providers:models': MAIN_AND_COMPANION,
  'providers:detectOllama': ['main'],
  'providers:onChanged': MAIN_AND_COMPANION,

  'conversations:list': MAIN_AND_COMPANION,
  'conversations:get': MAIN_AND_COMPANION,
  'conversations:rename': ['main'],
  'conversations:remove': ['main'],
  'conversations:search': ['main'],
  'conversations:setToolsOff': MAIN_AND_COMPANION,
  'conversations:setAssistant': MAIN_AND_COMPANION,
  'conversations:includeAllTurns': MAIN_AND_COMPANION,
  'conversations:onChanged': MAIN_AND_COMPANION,

  'chat:send': MAIN_AND_COMPANION,
  'chat:stop': MAIN_AND_COMPANION,
  'chat:regenerate': MAIN_AND_COMPANION,
  'chat:continue': MAIN_AND_COMPANION,
  'chat:approveTool': MAIN_AND_COMPANION,
  'chat:retryWithoutOldest': MAIN_AND_COMPANION,
  'chat:newChatWithSummary': MAIN_AND_COMPANION,
  'chat:editAndResend': MAIN_AND_COMPANION,
  'chat:onEvent': MAIN_AND_COMPANION,

  'tools:available': MAIN_AND_COMPANION,
  'tools:searchKeys': ['main'],
  'tools:setSearchKey': ['main'],
  'tools:servers': ['main'],
  'tools:saveServer': ['main'],
  'tools:removeServer': ['main'],
  'tools:retryServer': ['main'],
  'tools:importServers': ['main'],
  'tools:onServers': ['main'],

  'attachments:add': MAIN_AND_COMPANION,
  'attachments:get': MAIN_AND_COMPANION,
  'attachments:beginFile': MAIN_AND_COMPANION,
  'attachments:fileChunk': MAIN_AND_COMPANION,
  'attachments:finishFile': MAIN_AND_COMPANION,
  'attachments:cancelFile': MAIN_AND_COMPANION,
  'attachments:fileInfo': MAIN_AND_COMPANION,

  'assistants:list': MAIN_AND_COMPANION,
  'assistants:save': ['main'],
  'assistants:remove': ['main'],
  'assistants:duplicate': ['main'],
  'assistants:addFromLibrary': ['main'],
  'assistants:exportFile': ['main'],
  'assistants:importFile': ['main'],
  'assistants:knowledgeStatus': ['main'],
  'assistants:onChanged': MAIN_AND_COMPANION,

  'memory:list': ['main'],
  'memory:update': ['main'],
  'memory:remove': ['main'],
  'memory:clear': ['main'],
  'memory:undo': MAIN_AND_COMPANION,
  'memory:onChanged': ['main'],

  'updates:status': ['main'],
  'updates:check': ['main'],
  'updates:install': ['main'],
  'updates:onStatus': ['main'],

  'data:query': MAIN_AND_COMPANION,
  'data:exportCsv': MAIN_AND_COMPANION,

  'capture:sources': MAIN_AND_COMPANION,
  'capture:grab': MAIN_AND_COMPANION,
  'capture:startRegion': MAIN_AND_COMPANION,
  'capture:overlayFrame': ['capture'],
  'capture:finishRegion': ['capture'],
  'capture:openPermissionSettings': MAIN_AND_COMPANION,
  'capture:shortcutStatus': MAIN_AND_COMPANION,
  'capture:setShortcut': ['main'],
  'capture:onResult': MAIN_AND_COMPANION,
  'capture:onShortcutStatus': MAIN_AND_COMPANION,
  'capture:onRequest': MAIN_AND_COMPANION,

  'voice:start': MAIN_AND_COMPANION,
  'voice:stop': MAIN_AND_COMPANION,
  'voice:setMuted': MAIN_AND_COMPANION,
  'voice:pushToTalk': MAIN_AND_COMPANION,
  'voice:voices': MAIN_AND_COMPANION,
  'voice:micAccess': MAIN_AND_COMPANION,
  'voice:readAloud': MAIN_AND_COMPANION,
  'voice:readAloudAudio': MAIN_AND_COMPANION,
  'voice:stopReading': MAIN_AND_COMPANION,
  'voice:transcribe': MAIN_AND_COMPANION,
  'voice:share': MAIN_AND_COMPANION,
  'voice:shareFrame': MAIN_AND_COMPANION,
  'voice:onEvent': MAIN_AND_COMPANION,

  'companion:hide': ['companion'],
  'companion:setPinned': ['companion'],
  'companion:resize': ['companion'],
  'companion:openInMain': ['companion'],
  'companion:openProviderSetup': ['companion'],
  'companion:setConversation': ['companion'],
  'companion:context': ['companion'],
  'companion:state': MAIN_AND_COMPANION,
  'companion:reportShown': ['companion'],
  'companion:diagnostics': ['main'],
  'companion:setShortcut': ['main'],
  'companion:onShown': ['companion'],
  'companion:onHidden': ['companion'],
  'companion:onShortcutStatus': MAIN_AND_COMPANION,
  'companion:onOpenConversation': ['main'],
  'companion:onOpenProviderSetup': ['main'],
} as const satisfies Record<ChannelName, readonly WindowKind[]>

/** Every channel of the contract, by name (`ns:name`); what the preload builds a window's API from (../ipc/bridgeApi.ts). */
export const CHANNEL_NAMES = Object.keys(CHANNEL_WINDOWS) as readonly ChannelName[]

const channelsOf = (kind: WindowKind): ReadonlySet<ChannelName> =>
  new Set(CHANNEL_NAMES.filter((channel) => (CHANNEL_WINDOWS[channel] as readonly WindowKind[]).includes(kind)))

export const WINDOW_CHANNELS: Readonly<Record<WindowKind, ReadonlySet<ChannelName>>> = {
  main: channelsOf('main'),
  companion: channelsOf('companion'),
  capture: channelsOf('capture')
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
