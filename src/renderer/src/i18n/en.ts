/**
 * English UI strings: the reference every other language must match key for key (see
 * `Translation` and tests/unit/i18n.test.ts). Interpolation uses i18next's {{name}}; plurals use
 * the _one / _other suffixes (every language carries both, so key parity stays simple).
 */
const en = {
  app: {
    name: 'Omnidesk',
    loadFailed: 'Omnidesk could not start its interface.',
    reload: 'Reload'
  },
  common: {
    cancel: 'Cancel',
    save: 'Save',
    saving: 'Saving…',
    close: 'Close',
    delete: 'Delete',
    remove: 'Remove',
    edit: 'Edit',
    dismiss: 'Dismiss',
    optional: 'optional',
    loading: 'Loading…'
  },
  sidebar: {
    label: 'Conversations',
    newChat: 'New chat',
    searchPlaceholder: 'Search chats',
    searchLabel: 'Search conversations and messages',
    searching: 'Searching…',
    noResults: 'No matches',
    noConversations: 'No conversations yet',
    untitled: 'New chat',
    rename: 'Rename',
    renameLabel: 'Conversation title',
    delete: 'Delete',
    confirmDelete: 'Delete this chat?',
    confirmDeleteAction: 'Delete',
    settings: 'Settings',
    groups: {
      today: 'Today',
      yesterday: 'Yesterday',
      previous7: 'Previous 7 days',
      previous30: 'Previous 30 days',
      older: 'Older'
    }
  },
  chat: {
    emptyTitle: 'How can I help you today?',
    emptyHint: 'Ask anything. Answers stream in as they are written.',
    placeholder: 'Message Omnidesk',
    composerLabel: 'Message',
    send: 'Send',
    stop: 'Stop',
    hintEnter: 'Enter to send · Shift+Enter for a new line',
    hintModEnter: '{{mod}}+Enter to send · Enter for a new line',
    you: 'You',
    assistant: 'Assistant',
    copy: 'Copy',
    copied: 'Copied',
    regenerate: 'Regenerate',
    edit: 'Edit',
    editLabel: 'Edit your message',
    editSend: 'Send',
    showMore: 'Show more',
    showLess: 'Show less',
    stopped: 'Stopped',
    answeredBy: 'Answered by {{model}}',
    fallbackNotice: '{{requested}} is rate-limited — answered by {{model}}',
    retry: 'Retry',
    openSettings: 'Open Settings',
    thinking: 'Thinking…',
    pastedText: 'Pasted text · {{size}}',
    pastedLines_one: '{{count}} line',
    pastedLines_other: '{{count}} lines',
    showPaste: 'Show pasted text',
    hidePaste: 'Hide pasted text',
    removePaste: 'Remove pasted text',
    pastePreviewTruncated: '… {{size}} more',
    tooLong: 'This message is too long to send ({{size}} characters; the limit is {{limit}}).',
    sendFailed: 'The message could not be sent.',
    modelLabel: 'Model',
    modelDefault: 'default',
    modelFallback: 'fallback',
    imageAttachment: 'Image',
    conversationLoading: 'Loading conversation…',
    detail: 'Provider said: {{detail}}'
  },
  errors: {
    auth: 'The provider rejected the API key — check your API key in Settings.',
    rate_limit: 'The provider is limiting requests and no fallback model could answer. Wait a moment, then Retry.',
    connection: "Can't reach the provider. Check your network or the base URL, then Retry.",
    timeout: 'The provider took too long to answer. Retry, or try again a little later.',
    model_not_found: "The provider doesn't know this model. Check the model name or pick another one.",
    not_found: "The provider answered “not found”. The base URL is probably wrong: check it in Settings.",
    bad_request: 'The provider refused the request. Its message below says why.',
    server: 'The provider ran into a server error. Retry in a moment.',
    stream_dropped: 'The connection dropped before the answer finished. What arrived is kept.',
    no_provider: 'No provider is set up yet. Add one in Settings.',
    no_key: 'This provider needs an API key. Add it in Settings.',
    keyring_unavailable:
      "API keys can't be stored securely on this system. Allow unencrypted storage in Settings, or use a provider that needs no key.",
    invalid_url: "The provider's base URL isn't valid. Check it in Settings.",
    unknown: 'Something went wrong.'
  },
  markdown: {
    copy: 'Copy',
    copied: 'Copied',
    wrap: 'Wrap',
    image: 'Image'
  },
  presets: {
    openai: 'OpenAI',
    azure: 'Azure OpenAI',
    deepseek: 'DeepSeek',
    qwen: 'Qwen',
    openrouter: 'OpenRouter',
    ollama: 'Ollama',
    lmstudio: 'LM Studio',
    custom: 'Custom',
    descriptions: {
      openai: 'GPT-4o and other OpenAI models',
      azure: 'Your Azure OpenAI deployments',
      deepseek: 'DeepSeek models',
      qwen: 'Alibaba Cloud Model Studio',
      openrouter: 'Many models behind one key',
      ollama: 'Local models on this computer',
      lmstudio: 'Local models served by LM Studio',
      custom: 'Any OpenAI-compatible server'
    }
  },
  provider: {
    name: 'Name',
    baseUrl: 'Base URL',
    baseUrlRegion: 'Region',
    apiKey: 'API key',
    apiKeyPlaceholder: 'Paste your API key',
    apiKeyOptionalPlaceholder: 'Leave empty if the server needs no key',
    keySet: 'Key set',
    keySetPlaceholder: 'Key set — type to replace it',
    noKey: 'No key',
    clearKey: 'Clear key',
    keyWillBeCleared: 'The stored key will be removed when you save.',
    undoClearKey: 'Keep the key',
    getKey: 'Where do I get this?',
    defaultModel: 'Default model',
    defaultModelPlaceholder: 'e.g. gpt-4o',
    fallbackModel: 'Fallback model',
    fallbackModelHint: 'Answers when the default model is rate-limited.',
    apiVersion: 'API version',
    testConnection: 'Test connection',
    testing: 'Testing…',
    testOk_one: 'Connected — {{count}} model available.',
    testOk_other: 'Connected — {{count}} models available.',
    testOkNoList: 'Connected. The provider does not list its models.',
    pickModel: 'Use a listed model:',
    save: 'Save',
    saveAndStart: 'Save and start chatting',
    saved: 'Saved',
    urlErrors: {
      empty: 'Enter the base URL.',
      invalid: "This isn't a valid URL.",
      scheme: 'The URL must start with http:// or https://.'
    },
    modelRequired: 'Enter a model name.',
    nameRequired: 'Enter a name.'
  },
  onboarding: {
    title: 'Welcome to Omnidesk',
    subtitle: 'Connect an AI provider to start. You can add more later in Settings.',
    choosePreset: 'Provider',
    details: 'Connection',
    ollamaFound_one: 'Ollama is running on this computer with {{count}} model.',
    ollamaFound_other: 'Ollama is running on this computer with {{count}} models.',
    useOllama: 'Use Ollama'
  },
  keyring: {
    warningTitle: "API keys can't be stored securely on this system",
    warningBody:
      'No system keyring (such as GNOME Keyring or KWallet) is available, so Omnidesk cannot encrypt your API keys. You can allow storing them without encryption in the app’s data folder, or use a provider that needs no key.',
    allowPlaintext: 'Store keys without encryption',
    allowPlaintextHint: 'Anyone who can read your files could read the keys.',
    statusAvailable: 'API keys are encrypted with the system keyring.',
    statusUnavailable: 'No system keyring: API keys cannot be stored until you allow unencrypted storage.',
    statusPlaintext: 'No system keyring: API keys are stored without encryption, as you allowed.'
  },
  settings: {
    title: 'Settings',
    close: 'Close settings',
    sections: {
      general: 'General',
      chat: 'Chat',
      providers: 'Providers',
      security: 'Keys and security',
      about: 'About'
    },
    theme: 'Theme',
    themes: {
      system: 'System',
      light: 'Light',
      dark: 'Dark'
    },
    language: 'Language',
    launchAtLogin: 'Open Omnidesk at login',
    enterToSend: 'Press Enter to send',
    enterToSendHint: 'When off, press {{mod}}+Enter to send and Enter adds a line.',
    defaultProvider: 'Default provider',
    defaultModel: 'Default model',
    defaultModelHint: "Leave empty to use the provider's default ({{model}}).",
    fallbackModel: 'Fallback model',
    fallbackModelHint: 'Answers when the default model is rate-limited. Saved with the provider.',
    noFallback: 'None',
    addProvider: 'Add provider',
    editProvider: 'Edit {{name}}',
    newProvider: 'New provider',
    removeProvider: 'Remove',
    confirmRemove: 'Remove {{name}}? Its key is deleted too.',
    defaultBadge: 'Default',
    noProviders: 'No providers yet.',
    dataFolder: 'Data folder',
    version: 'Version',
    keyring: 'Key storage'
  },
  languages: {
    en: 'English',
    'zh-CN': '简体中文'
  },
  notices: {
    databaseCorrupt:
      'Your chat history could not be read, so Omnidesk started a fresh one. The old file was kept aside, untouched, at {{path}}.',
    databaseNewer:
      'Your chat history was written by a newer version of Omnidesk, so this version started a fresh one. The old file was kept aside, untouched, at {{path}}.'
  }
}

export default en

/** Every key with string leaves: the shape each language must fill. */
type Leaves<T> = { [K in keyof T]: T[K] extends string ? string : Leaves<T[K]> }
export type Translation = Leaves<typeof en>
