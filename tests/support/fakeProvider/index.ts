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
export { createRealtimeFake, DEFAULT_VOICES } from './realtime'
export type { RealtimeFake, RealtimeFakeOptions, RealtimeTurnScript, RecordedRealtimeEvent } from './realtime'
export { startRealtimeProvider } from './realtimeProvider'
export type { RealtimeProvider } from './realtimeProvider'
export { DEFAULT_EMBEDDING_DIMS, embeddingTokens, fakeEmbedding, fnv1a, foldWord } from './embeddings'
