/**
 * Preferences and providers. A settings change shows at once and is undone if main refuses it;
 * the provider form gets every outcome (models or a typed error) to show, never an exception.
 */
import type { HistoryBackups, OmnideskApi, WrittenFile } from '../../../shared/ipc/contract'
import type { ErrorInfo } from '../../../shared/errors'
import type { ProviderDraft, ProviderView, SettingsPatch } from '../../../shared/settings'
import type { McpServerConfig, McpServerView } from '../../../shared/tools/schemas'
import { errorFromUnknown } from '../logic/errors'
import { applySettingsPatch } from '../logic/settingsPatch'
import type { AppStore } from './appState'

export type { HistoryBackups }

/** What the provider form shows after Test connection. */
export type ConnectionTestOutcome = { ok: true; models: string[] } | { ok: false; error: ErrorInfo }
/** What the provider form shows after Save. */
export type SaveProviderOutcome = { ok: true; provider: ProviderView } | { ok: false; error: ErrorInfo }

export class SettingsAndProviders {
  /** "Add a provider" was asked for with no provider left (App shows the onboarding form over the history). */
  private setupRequested = false
  private readonly setupListeners = new Set<() => void>()

  constructor(
    private readonly api: OmnideskApi,
    private readonly store: AppStore
  ) {}

  /** Opens (true) or leaves (false) the provider form shown over the history when no provider is left. */
  requestProviderSetup(open: boolean): void {
    if (this.setupRequested === open) return
    this.setupRequested = open
    for (const listener of this.setupListeners) listener()
  }

  readonly providerSetupRequested = (): boolean => this.setupRequested

  /** For useSyncExternalStore: returns the unsubscribe. */
  readonly onProviderSetup = (listener: () => void): (() => void) => {
    this.setupListeners.add(listener)
    return () => this.setupListeners.delete(listener)
  }

  async update(patch: SettingsPatch): Promise<void> {
    const before = this.store.get().settings
    if (before) this.store.set({ settings: applySettingsPatch(before, patch) })
    try {
      const settings = await this.api.settings.update(patch)
      this.store.set({ settings })
    } catch {
      this.store.set({ settings: before })
    }
  }

  /** The history's automatic backups and the restore waiting for the next start (main window only). */
  async historyBackups(): Promise<HistoryBackups> {
    return this.api.history.backups()
  }

  /** The chosen backup replaces the history at the next start; resolves to the new state or the error to show. */
  async scheduleRestore(id: string): Promise<HistoryBackups | { error: ErrorInfo }> {
    try {
      return await this.api.history.scheduleRestore({ id })
    } catch (error) {
      return { error: errorFromUnknown(error) }
    }
  }

  async cancelRestore(): Promise<HistoryBackups> {
    return this.api.history.cancelRestore()
  }

  /** The whole history as one file where the user chooses (main's Save dialog); null: they cancelled. */
  async backupNow(): Promise<WrittenFile | null | { error: ErrorInfo }> {
    try {
      return await this.api.history.backupNow()
    } catch (error) {
      return { error: errorFromUnknown(error) }
    }
  }

  /** A backup file, checked and made the restore of the next start; null: they cancelled. */
  async restoreFromFile(): Promise<HistoryBackups | null | { error: ErrorInfo }> {
    try {
      return await this.api.history.restoreFromFile()
    } catch (error) {
      return { error: errorFromUnknown(error) }
    }
  }

  /** Quits and starts again (a scheduled restore happens then). */
  relaunch(): void {
    void this.api.app.relaunch().catch(() => undefined)
  }

  /** Which web search services have a key stored (the keys stay in main). */
  async searchKeys(): Promise<{ tavily: boolean; brave: boolean }> {
    try {
      return await this.api.tools.searchKeys()
    } catch {
      return { tavily: false, brave: false }
    }
  }

  /** Stores (null: removes) a search service's key. Resolves to the error to show, if any. */
  async setSearchKey(backend: 'tavily' | 'brave', key: string | null): Promise<ErrorInfo | null> {
    try {
      await this.api.tools.setSearchKey({ backend, key })
      return null
    } catch (error) {
      return errorFromUnknown(error)
    }
  }

  /** The MCP servers with their status (Settings → Tools; main window only). */
  async mcpServers(): Promise<McpServerView[]> {
    return this.api.tools.servers()
  }

  /** Follows the servers' status while Settings is open; returns the unsubscribe. */
  onMcpServers(listener: (servers: McpServerView[]) => void): () => void {
    return this.api.tools.onServers(listener)
  }

  /** Adds or replaces a server. Resolves to the servers, or the error to show. */
  async saveMcpServer(config: McpServerConfig): Promise<{ servers: McpServerView[] } | { error: ErrorInfo }> {
    try {
      return { servers: await this.api.tools.saveServer(config) }
    } catch (error) {
      return { error: errorFromUnknown(error) }
    }
  }

  async removeMcpServer(id: string): Promise<McpServerView[]> {
    return this.api.tools.removeServer({ id })
  }

  async retryMcpServer(id: string): Promise<McpServerView[]> {
    return this.api.tools.retryServer({ id })
  }

  /** Imports a pasted `{"mcpServers": {...}}`. */
  async importMcpServers(json: string): Promise<{ servers: McpServerView[]; imported: number; errors: string[] } | { error: ErrorInfo }> {
    try {
      return await this.api.tools.importServers({ json })
    } catch (error) {
      return { error: errorFromUnknown(error) }
    }
  }

  /** Main's list changed (another window saved or removed one): new providers list their models. */
  onProvidersChanged(providers: ProviderView[]): void {
    const known = new Set(this.store.get().providers.map((p) => p.id))
    this.store.set({ providers })
    for (const p of providers) if (!known.has(p.id)) void this.loadModels(p.id)
  }

  async loadModels(providerId: string): Promise<void> {
    try {
      const models = await this.api.providers.models({ id: providerId })
      this.store.set((s) => ({ providerModels: { ...s.providerModels, [providerId]: models } }))
    } catch {
      /* keep what we had: the picker still offers the default and fallback models */
    }
  }

  /** The form shows the outcome either way: the models, or why the connection failed. */
  async testProvider(draft: ProviderDraft): Promise<ConnectionTestOutcome> {
    try {
      return { ok: true, ...(await this.api.providers.test(draft)) }
    } catch (error) {
      return { ok: false, error: errorFromUnknown(error) }
    }
  }

  async saveProvider(draft: ProviderDraft): Promise<SaveProviderOutcome> {
    let p: ProviderView
    try {
      p = await this.api.providers.save(draft)
    } catch (error) {
      return { ok: false, error: errorFromUnknown(error) }
    }
    const list = this.store.get().providers
    const exists = list.some((x) => x.id === p.id)
    this.store.set({ providers: exists ? list.map((x) => (x.id === p.id ? p : x)) : [...list, p] })
    const { settings, providers } = this.store.get()
    // The first provider (or one replacing a default that is gone) becomes the default.
    if (settings && (!settings.defaultProviderId || !providers.some((x) => x.id === settings.defaultProviderId))) {
      await this.update({ defaultProviderId: p.id })
    }
    void this.loadModels(p.id)
    // Done: removing this provider later shows the history again, not a form nobody asked for.
    this.requestProviderSetup(false)
    return { ok: true, provider: p }
  }

  async removeProvider(id: string): Promise<void> {
    await this.api.providers.remove({ id })
    const s = this.store.get()
    const providers = s.providers.filter((p) => p.id !== id)
    const models = { ...s.providerModels }
    delete models[id]
    const selection = s.selection?.providerId === id ? null : s.selection
    this.store.set({ providers, providerModels: models, selection })
    if (this.store.get().settings?.defaultProviderId === id && providers[0]) {
      await this.update({ defaultProviderId: providers[0].id })
    }
  }

  async detectOllama(): Promise<{ found: boolean; baseURL: string; models: string[] }> {
    try {
      return await this.api.providers.detectOllama()
    } catch {
      return { found: false, baseURL: '', models: [] }
    }
  }
}
