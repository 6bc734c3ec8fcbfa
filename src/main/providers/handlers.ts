/** The `providers` namespace of the contract: the ProviderService as IPC. */
import type { ContractHandlers } from '../../shared/ipc/contract'
import type { ProviderService } from './providerService'

export function createProviderHandlers(providers: ProviderService): ContractHandlers['providers'] {
  return {
    list: () => providers.list(),
    save: (draft) => providers.save(draft),
    remove: ({ id }) => {
      providers.remove(id)
      return { ok: true as const }
    },
    test: (draft) => providers.test(draft),
    models: ({ id }) => providers.models(id),
    detectOllama: () => providers.detectOllama()
  }
}
