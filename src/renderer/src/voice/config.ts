/**
 * The page's voice tuning values, each with its reason: barge-in (echo gate, Silero onset), the
 * pipeline's end-of-speech VAD, playback and capture. Main's are in src/main/voice/config.ts; the
 * link's format in src/shared/voice/linkFormat.ts. No imports: the worklets use it too.
 */
export const VOICE_PAGE_CONFIG = {
  echoGate: {
    /** An echo is assumed at least this far below the output (dB): speakers a laptop's width away, echo cancellation on. */
    echoReturnLossDb: 12,
    /** Output this recent still echoes (speaker → room → microphone → capture buffers), ms. */
    echoTailMs: 300,
    /** Microphone frames that count for the onset (the frames the VAD just called speech), ms. */
    onsetWindowMs: 120,
    /** Output must have been measured this long before the gate can judge (one level report is too little), ms. */
    minOutputKnownMs: 100,
    /** How far back the gate can judge (ms): the speech model may answer late on a busy machine. */
    historyMs: 2000,
    /**
     * Silero's answer for a frame comes some tens of ms after it was captured; the gate judges the
     * speech as of the frame's capture plus at most this much (the frames that followed included).
     */
    judgeAfterMs: 100
  },
  onset: {
    /** Silero's own default: noise and music stay well below it. */
    positiveThreshold: 0.5,
    /** Silero's own default for the end of speech. */
    negativeThreshold: 0.35,
    /** Two frames (64 ms): one frame alone is a click or a breath more often than a word. */
    minSpeechMs: 64,
    /** Speech ends after this much non-speech (a new onset can fire after it). */
    redemptionMs: 250,
    /** Frames waiting for the model past which we drop (the machine is too slow for an early answer to matter). */
    maxPendingFrames: 8
  },
  /** The pipeline's end-of-speech VAD (the realtime path uses the provider's). */
  energyVad: {
    /** Speech is louder than this (dBFS): quiet rooms sit near -60, a voice at arm's length near -30. */
    thresholdDbfs: -42,
    /** Speech needed before a turn starts (a click or a cough is shorter). */
    minSpeechMs: 150,
    /** Silence that ends a turn (the same default as the Realtime API's server VAD). */
    silenceMs: 500
  },
  playback: {
    /** Playback starts once this much is buffered (or the item's audio ended): absorbs network jitter without a noticeable delay. */
    jitterTargetMs: 60,
    /** The player reports its level and progress this often (the meter, truncation on barge-in). */
    reportMs: 50
  },
  /** Microphone frames kept while the session connects (500 × 20 ms = 10 s); older ones go. */
  maxEarlyFrames: 500,
  dictation: {
    /**
     * Dictation stops by itself and is transcribed after this long: two minutes of pcm16 at
     * 24 kHz is 5.8 MB, within what one request carries (MAX_SPEECH_BASE64_CHARS) and far under
     * the transcription APIs' 25 MB.
     */
    maxMs: 120_000,
    /** Shorter than this is a click of the button, not speech: nothing is sent. */
    minMs: 300
  },
  share: {
    /**
     * Frames are compared on a thumbnail this size (160×90: 14,400 pixels, ~0.3 ms to read back):
     * large enough that a changed line of text shows, small enough to check every frame.
     */
    thumbWidth: 160,
    thumbHeight: 90,
    /** A thumbnail pixel counts as changed when its luma moved by more than this (0–255): video noise and compression stay below. */
    pixelDelta: 16,
    /** The picture changed when more than this share of the thumbnail's pixels did (0.5 %: a line of text, not a blinking caret). */
    changedShare: 0.005,
    /** At most one frame per this long goes to the model (the default: one a second). */
    minIntervalMs: 1000,
    /** A camera delivers 30 frames a second: it is checked at most this often. */
    checkEveryMs: 50,
    /** JPEG quality of a frame sent to the model (the Realtime API takes JPEG and PNG). */
    jpegQuality: 0.8
  }
} as const
