/** Main's voice tuning values, each with its reason. The page's are in src/renderer/src/voice/config.ts. */
export const VOICE_MAIN_CONFIG = {
  /** Server VAD: the Realtime API's default speech probability threshold (0–1). */
  serverVadThreshold: 0.5,
  /** Server VAD: audio kept before the detected onset, so the first syllable is transcribed (the API's default). */
  serverVadPrefixPaddingMs: 300,
  /** Pipeline: audio kept from before the page's VAD said "speaking" (its detection lags the onset by a few frames). */
  pipelinePreRollMs: 400,
  /** Pipeline: a turn shorter than this is a click or a breath, not worth a transcription request. */
  pipelineMinTurnMs: 200,
  /** Barge-in: how long to wait for the player's "stopped" answer before truncating with its last progress report. */
  stoppedReplyTimeoutMs: 150,
  /** Most recent text messages given to a realtime session as context (its context window is small). */
  realtimeHistoryItems: 30,
  /** The page must take the audio link within this long after voice.start (a page that never does ends the session). */
  linkTimeoutMs: 10_000,
  /** Read aloud: sentences synthesised ahead of the one playing (the next is ready when it ends; more would waste requests on a Stop). */
  readAloudAheadSentences: 2,
  /** Connecting to the realtime endpoint: past this the pipeline is tried instead. */
  realtimeConnectTimeoutMs: 15_000
} as const
