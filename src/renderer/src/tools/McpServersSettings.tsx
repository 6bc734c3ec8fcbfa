/**
 * Settings → Tools → MCP servers: each server with its state (ready with N tools, starting, or
 * failed with why and the last lines it wrote), enable, Retry, Remove; add one (a command, or a
 * URL), or import the `{"mcpServers": {...}}` JSON that Claude Desktop and Cursor use.
 */
import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '../../../shared/errors'
import type { McpServerConfig, McpServerView } from '../../../shared/tools/schemas'
import { ErrorText } from '../components/ErrorPanel'
import { useController } from '../state/hooks'
import { idFromName, parsePairs, splitCommandLine } from './toolsLogic'
import '../components/settingsFields.css'

function ServerRow(props: { server: McpServerView; taken: string[]; onChange: (list: McpServerView[]) => void }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const { server } = props
  const { status, ...config } = server
  const [editing, setEditing] = useState(false)
  if (editing) {
    return (
      <li className="od-provider-row od-mcp-row" data-testid="mcp-server" data-server-id={server.id} data-state={status.state}>
        <ServerForm taken={props.taken} initial={config} onDone={(list) => (props.onChange(list), setEditing(false))} onCancel={() => setEditing(false)} />
      </li>
    )
  }
  const stateText =
    status.state === 'ready'
      ? t('settings.mcp.ready', { count: status.tools })
      : t(`settings.mcp.state.${status.state}`)
  return (
    <li className="od-provider-row od-mcp-row" data-testid="mcp-server" data-server-id={server.id} data-state={status.state}>
      <div className="od-mcp-head">
        <span className="od-provider-name">{server.name}</span>
        <span className={`od-mcp-state od-mcp-${status.state}`} data-testid="mcp-server-state">
          {stateText}
        </span>
        <span className="od-mcp-actions">
          <label className="od-mcp-enable">
            <input
              type="checkbox"
              className="od-switch"
              role="switch"
              data-testid="mcp-server-enabled"
              aria-label={t('settings.mcp.enabled')}
              checked={server.enabled}
              onChange={(e) => void controller.settings.saveMcpServer({ ...config, enabled: e.target.checked }).then((r) => 'servers' in r && props.onChange(r.servers))}
            />
          </label>
          {status.state === 'failed' ? (
            <button type="button" className="od-btn od-btn-small" data-testid="mcp-server-retry" onClick={() => void controller.settings.retryMcpServer(server.id).then(props.onChange)}>
              {t('chat.retry')}
            </button>
          ) : null}
          <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="mcp-server-edit" onClick={() => setEditing(true)}>
            {t('settings.mcp.edit')}
          </button>
          <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="mcp-server-remove" onClick={() => void controller.settings.removeMcpServer(server.id).then(props.onChange)}>
            {t('settings.mcp.remove')}
          </button>
        </span>
      </div>
      <div className="od-field-hint">{server.transport === 'stdio' ? [server.command, ...server.args].join(' ') : server.url}</div>
      {status.state === 'failed' && status.error ? (
        <p className="od-error-message" data-testid="mcp-server-error">
          {status.error}
        </p>
      ) : null}
      {status.state === 'failed' && status.stderrTail.length ? (
        <pre className="od-tool-pre" data-testid="mcp-server-stderr">
          {status.stderrTail.join('\n')}
        </pre>
      ) : null}
    </li>
  )
}

/** A command line again from its words (quoting the ones with spaces). */
function commandLineOf(config: McpServerConfig): string {
  return [config.command ?? '', ...config.args].map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(' ')
}

const pairsText = (record: Record<string, string>, separator: string): string =>
  Object.entries(record)
    .map(([k, v]) => `${k}${separator}${v}`)
    .join('\n')

/** Adds a server, or edits one (`initial`: its id stays, so its tools keep their names). */
function ServerForm(props: { taken: string[]; initial?: McpServerConfig; onDone: (list: McpServerView[]) => void; onCancel: () => void }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const initial = props.initial
  const [name, setName] = useState(initial?.name ?? '')
  const [transport, setTransport] = useState<'stdio' | 'http'>(initial?.transport ?? 'stdio')
  const [commandLine, setCommandLine] = useState(initial ? commandLineOf(initial) : '')
  const [env, setEnv] = useState(initial ? pairsText(initial.env, '=') : '')
  const [url, setUrl] = useState(initial?.url ?? '')
  const [headers, setHeaders] = useState(initial ? pairsText(initial.headers, ': ') : '')
  const [asks, setAsks] = useState((initial?.approval ?? 'ask') === 'ask')
  const [timeout, setTimeoutSeconds] = useState(initial?.timeoutSeconds ?? 60)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const words = splitCommandLine(commandLine)
  const ready = name.trim() !== '' && (transport === 'stdio' ? words.length > 0 : url.trim() !== '')
  const save = async (): Promise<void> => {
    const config: McpServerConfig = {
      id: initial?.id ?? idFromName(name, props.taken),
      name: name.trim(),
      enabled: initial?.enabled ?? true,
      transport,
      ...(transport === 'stdio' ? { command: words[0], args: words.slice(1), env: parsePairs(env, '='), headers: {} } : { url: url.trim(), args: [], env: {}, headers: parsePairs(headers, ':') }),
      timeoutSeconds: Math.min(3600, Math.max(1, Math.round(timeout) || 60)),
      approval: asks ? 'ask' : 'never'
    }
    const result = await controller.settings.saveMcpServer(config)
    if ('error' in result) setError(result.error)
    else props.onDone(result.servers)
  }
  return (
    <div className="od-mcp-form" data-testid="mcp-add-form">
      <input className="od-input" data-testid="mcp-add-name" placeholder={t('settings.mcp.name')} aria-label={t('settings.mcp.name')} value={name} onChange={(e) => setName(e.target.value)} />
      <select className="od-select" data-testid="mcp-add-transport" aria-label={t('settings.mcp.transport')} value={transport} onChange={(e) => setTransport(e.target.value as 'stdio' | 'http')}>
        <option value="stdio">{t('settings.mcp.stdio')}</option>
        <option value="http">{t('settings.mcp.http')}</option>
      </select>
      {transport === 'stdio' ? (
        <>
          <input className="od-input" data-testid="mcp-add-command" placeholder="npx -y @modelcontextprotocol/server-filesystem ~/Documents" aria-label={t('settings.mcp.command')} value={commandLine} onChange={(e) => setCommandLine(e.target.value)} spellCheck={false} />
          <textarea className="od-input" data-testid="mcp-add-env" placeholder={t('settings.mcp.envPlaceholder')} aria-label={t('settings.mcp.env')} value={env} onChange={(e) => setEnv(e.target.value)} rows={2} spellCheck={false} />
        </>
      ) : (
        <>
          <input className="od-input" data-testid="mcp-add-url" placeholder="https://example.com/mcp" aria-label="URL" value={url} onChange={(e) => setUrl(e.target.value)} spellCheck={false} />
          <textarea className="od-input" data-testid="mcp-add-headers" placeholder={t('settings.mcp.headersPlaceholder')} aria-label={t('settings.mcp.headers')} value={headers} onChange={(e) => setHeaders(e.target.value)} rows={2} spellCheck={false} />
        </>
      )}
      <label className="od-tools-row">
        <input type="checkbox" data-testid="mcp-add-asks" checked={asks} onChange={(e) => setAsks(e.target.checked)} />
        {t('settings.mcp.asks')}
      </label>
      <label className="od-tools-row">
        {t('settings.mcp.timeout')}
        <input
          type="number"
          min={1}
          max={3600}
          className="od-input od-input-number"
          data-testid="mcp-add-timeout"
          value={timeout}
          onChange={(e) => setTimeoutSeconds(Number(e.target.value))}
        />
      </label>
      {error ? <ErrorText error={error} /> : null}
      <div className="od-error-actions">
        <button type="button" className="od-btn od-btn-small od-btn-primary" data-testid="mcp-add-save" disabled={!ready} onClick={() => void save()}>
          {t('common.save')}
        </button>
        <button type="button" className="od-btn od-btn-small od-btn-ghost" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  )
}

function ImportForm(props: { onDone: (list: McpServerView[]) => void; onCancel: () => void }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const [json, setJson] = useState('')
  const [message, setMessage] = useState<{ imported: number; errors: string[] } | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const run = async (text: string): Promise<void> => {
    const result = await controller.settings.importMcpServers(text)
    if ('error' in result) {
      setError(result.error)
      return
    }
    setError(null)
    setMessage({ imported: result.imported, errors: result.errors })
    props.onDone(result.servers)
  }
  return (
    <div className="od-mcp-form" data-testid="mcp-import-form">
      <textarea
        className="od-input"
        data-testid="mcp-import-json"
        placeholder='{"mcpServers": {"files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Documents"]}}}'
        aria-label={t('settings.mcp.importLabel')}
        value={json}
        onChange={(e) => setJson(e.target.value)}
        rows={6}
        spellCheck={false}
      />
      <div className="od-error-actions">
        <button type="button" className="od-btn od-btn-small od-btn-primary" data-testid="mcp-import-run" disabled={!json.trim()} onClick={() => void run(json)}>
          {t('settings.mcp.importRun')}
        </button>
        <label className="od-btn od-btn-small">
          {t('settings.mcp.importFile')}
          <input
            type="file"
            accept=".json,application/json"
            className="od-visually-hidden"
            data-testid="mcp-import-file"
            onChange={(e) => {
              const file = e.target.files?.[0]
              if (file) void file.text().then((text) => {
                setJson(text)
                void run(text)
              })
            }}
          />
        </label>
        <button type="button" className="od-btn od-btn-small od-btn-ghost" onClick={props.onCancel}>
          {t('common.close')}
        </button>
      </div>
      {message ? (
        <p className="od-field-hint" data-testid="mcp-import-result">
          {t('settings.mcp.imported', { count: message.imported })}
        </p>
      ) : null}
      {message?.errors.map((e) => (
        <p key={e} className="od-error-message" data-testid="mcp-import-error">
          {e}
        </p>
      ))}
      {error ? <ErrorText error={error} /> : null}
    </div>
  )
}

export function McpServersSettings(): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const [servers, setServers] = useState<McpServerView[]>([])
  const [form, setForm] = useState<'add' | 'import' | null>(null)
  useEffect(() => {
    let live = true
    void controller.settings.mcpServers().then((list) => live && setServers(list), () => undefined)
    const off = controller.settings.onMcpServers((list) => live && setServers(list))
    return () => {
      live = false
      off()
    }
  }, [controller])
  return (
    <div className="od-mcp" data-testid="settings-mcp" data-settings-field="tools.mcpServers">
      <div className="od-settings-label">{t('settings.mcp.title')}</div>
      <div className="od-field-hint">{t('settings.mcp.hint')}</div>
      {servers.length ? (
        <ul className="od-provider-list" data-testid="mcp-servers">
          {servers.map((s) => (
            <ServerRow key={s.id} server={s} taken={servers.map((x) => x.id)} onChange={setServers} />
          ))}
        </ul>
      ) : null}
      {form === 'add' ? <ServerForm taken={servers.map((s) => s.id)} onDone={(list) => (setServers(list), setForm(null))} onCancel={() => setForm(null)} /> : null}
      {form === 'import' ? <ImportForm onDone={setServers} onCancel={() => setForm(null)} /> : null}
      {form === null ? (
        <div className="od-error-actions">
          <button type="button" className="od-btn od-btn-small" data-testid="mcp-add" onClick={() => setForm('add')}>
            {t('settings.mcp.add')}
          </button>
          <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="mcp-import" onClick={() => setForm('import')}>
            {t('settings.mcp.import')}
          </button>
        </div>
      ) : null}
    </div>
  )
}
