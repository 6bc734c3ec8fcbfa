/**
 * The test MCP server over stdio (a child process). Start it with
 *   node --import tsx tests/support/mcpServer/stdio.ts [flags]     (or: npx tsx …)
 * or, from a test, with `stdioServerConfig()` from ./index, which builds the command line.
 *
 * Flags, to make it misbehave the ways real servers do:
 *   --garbage             writes a line that is not JSON to stdout before speaking MCP
 *   --crash-after-ms N    exits with code 7 N ms after the client's `initialized` (after writing to stderr)
 *   --stderr TEXT         writes TEXT to stderr at start
 *   --exit-on-start       writes to stderr and exits with code 3 before speaking MCP
 *   --pid-file PATH       writes its pid to PATH at start
 */
import { writeFileSync } from 'node:fs'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { createTestMcpServer } from './server'

interface Flags {
  garbage: boolean
  crashAfterMs?: number
  stderr?: string
  exitOnStart: boolean
  pidFile?: string
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { garbage: false, exitOnStart: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--garbage') flags.garbage = true
    else if (arg === '--exit-on-start') flags.exitOnStart = true
    else if (arg === '--crash-after-ms') flags.crashAfterMs = Number(argv[++i])
    else if (arg === '--stderr') flags.stderr = argv[++i]
    else if (arg === '--pid-file') flags.pidFile = argv[++i]
    else {
      process.stderr.write(`unknown flag ${arg}\n`)
      process.exit(2)
    }
  }
  return flags
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2))
  if (flags.pidFile) writeFileSync(flags.pidFile, String(process.pid))
  if (flags.stderr) process.stderr.write(`${flags.stderr}\n`)
  if (flags.exitOnStart) {
    process.stderr.write('test server: exiting on start as asked\n')
    process.exit(3)
  }
  if (flags.garbage) process.stdout.write('Starting the noisy test server, version 1.2.3\n')

  const server = createTestMcpServer({ name: 'omnidesk-test-stdio' })
  if (flags.crashAfterMs !== undefined) {
    // Counted from the client's `initialized`, so a slow machine can't make it crash mid-handshake.
    const crashAfterMs = flags.crashAfterMs
    server.server.oninitialized = () => {
      setTimeout(() => {
        process.stderr.write(`test server: crashing after ${crashAfterMs} ms\n`)
        process.exit(7)
      }, crashAfterMs)
    }
  }
  await server.connect(new StdioServerTransport())
  // Like most servers: the client closing stdin means "stop".
  process.stdin.on('end', () => process.exit(0))
  process.stdin.on('close', () => process.exit(0))

}

main().catch((error: unknown) => {
  process.stderr.write(`test server failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
