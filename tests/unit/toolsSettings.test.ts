import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { needsApproval } from '../../src/main/tools/approvals'
import { createMcpServerStore } from '../../src/main/tools/mcpServers'
import { withinBudget } from '../../src/main/tools/toolRunner'
import { openConversationStore } from '../../src/main/store/sqliteConversationStore'
import type { ToolSpec } from '../../src/main/tools/types'
import { groupBySource, idFromName, parsePairs, splitCommandLine } from '../../src/renderer/src/tools/toolsLogic'

const spec = (over: Partial<ToolSpec>): ToolSpec => ({ name: 't', source: 'builtin', title: 't', description: '', parameters: {}, readOnly: false, ...over })

describe('needsApproval', () => {
  it('reads run at once, changes ask, destructive always asks unless always allowed, a server may be set to never ask', () => {
    expect(needsApproval(spec({ readOnly: true }), { alwaysAllowed: [], sourceAsks: true })).toBe(false)
    expect(needsApproval(spec({}), { alwaysAllowed: [], sourceAsks: true })).toBe(true)
    expect(needsApproval(spec({}), { alwaysAllowed: [], sourceAsks: false })).toBe(false)
    expect(needsApproval(spec({ destructive: true }), { alwaysAllowed: [], sourceAsks: false })).toBe(true)
    expect(needsApproval(spec({ destructive: true, readOnly: true }), { alwaysAllowed: [], sourceAsks: false })).toBe(true)
    expect(needsApproval(spec({ destructive: true }), { alwaysAllowed: ['t'], sourceAsks: true })).toBe(false)
  })
})

describe('withinBudget', () => {
  it('cuts a huge result and tells the model how much was left out', () => {
    expect(withinBudget('short', 10)).toBe('short')
    const cut = withinBudget('x'.repeat(25), 10)
    expect(cut.startsWith('x'.repeat(10))).toBe(true)
    expect(cut).toContain('15 more characters')
  })
})

describe('the MCP server store', () => {
  it('keeps valid entries by id and skips ones edited into something invalid', () => {
    const data = new Map<string, unknown>()
    const store = createMcpServerStore({ get: (k) => data.get(k), set: (k, v) => data.set(k, v) })
    store.put({ id: 'a', name: 'A', enabled: true, transport: 'stdio', command: 'x', args: [], env: {}, headers: {}, timeoutSeconds: 60, approval: 'ask' })
    store.put({ id: 'a', name: 'A2', enabled: false, transport: 'stdio', command: 'x', args: [], env: {}, headers: {}, timeoutSeconds: 60, approval: 'ask' })
    data.set('mcpServers', [...(data.get('mcpServers') as unknown[]), { id: 'BAD ID', name: '' }, 'junk'])
    expect(store.list().map((s) => [s.id, s.name, s.enabled])).toEqual([['a', 'A2', false]])
    store.remove('a')
    expect(store.list()).toEqual([])
  })
})

describe('the add-server form', () => {
  it('splits a command line with quotes, reads KEY=value and Key: value lines, and makes unique ids', () => {
    expect(splitCommandLine(`npx -y @scope/server "/Users/me/My Documents" 'a b'`)).toEqual(['npx', '-y', '@scope/server', '/Users/me/My Documents', 'a b'])
    expect(parsePairs('API_KEY=abc=def\n\nbad line\nX = 1', '=')).toEqual({ API_KEY: 'abc=def', X: '1' })
    expect(parsePairs('Authorization: Bearer t:k', ':')).toEqual({ Authorization: 'Bearer t:k' })
    expect(idFromName('My Files!', [])).toBe('my-files')
    expect(idFromName('My Files', ['my-files', 'my-files-2'])).toBe('my-files-3')
    expect(idFromName('文件', [])).toBe('server')
  })
})

describe("the composer's tools menu", () => {
  it('groups tools by source, built-ins first', () => {
    const tool = (name: string, source: string) => ({ name, title: name, source, sourceName: source.toUpperCase(), description: '', readOnly: true, destructive: false })
    expect(groupBySource([tool('a__x', 'a'), tool('read_url', 'builtin'), tool('a__y', 'a')]).map((g) => [g.source, g.tools.map((t) => t.name)])).toEqual([
      ['builtin', ['read_url']],
      ['a', ['a__x', 'a__y']]
    ])
  })
})

describe('a conversation keeps the tools it does not offer', () => {
  it('set at creation, changed, cleared; damaged JSON reads as none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'omnidesk-toolsoff-'))
    const { store } = await openConversationStore({ dataDir: dir })
    try {
      const c = await store.createConversation({ title: 'x', toolsOff: ['read_url'] })
      expect((await store.getConversation(c.id))?.toolsOff).toEqual(['read_url'])
      expect((await store.setToolsOff(c.id, ['a', 'b'])).toolsOff).toEqual(['a', 'b'])
      expect((await store.setToolsOff(c.id, [])).toolsOff).toBeUndefined()
    } finally {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
