/**
 * The MCP client side of main: what the rest of the app imports.
 *
 *   const hub = createMcpHub({ loginEnv: () => readLoginShellEnv(), onChange })
 *   await hub.sync(settings.mcpServers)      // on start and whenever the settings change
 *   hub.list() / hub.call(name, args, ctx)   // a ToolProvider for the tool loop
 *   await hub.stopAll()                      // before quitting: no orphan server processes
 */
export { createMcpHub, type McpHub, type McpHubDeps, type McpServerState, type McpServerStatus } from './hub'
export { importMcpServers, slugifyServerId, uniqueServerId, type McpImportResult } from './importConfig'
export { clearLoginShellEnvCache, readLoginShellEnv, type LoginShellEnvOptions, type ShellRunner } from './loginShellEnv'
export { namespacedToolName, TOOL_NAME_PATTERN } from './toolNames'
export { errorResult, toToolResult } from './results'
