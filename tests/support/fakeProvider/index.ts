export { startFakeProvider, DEFAULT_MODELS } from './server'
export type {
  FakeProvider,
  FakeProviderOptions,
  RecordedRequest,
  RuleMatch,
  ScriptRule,
  ScriptedToolCall,
  ScriptedUsage,
  UpgradeHandler
} from './types'
