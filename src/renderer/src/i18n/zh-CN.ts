/**
 * 简体中文界面文案。类型 `Translation` 保证与英文版的键完全一致（缺键或多键都无法通过编译），
 * tests/unit/i18n.test.ts 还会检查没有空字符串。
 */
import type { Translation } from './en'

const zhCN: Translation = {
  app: {
    name: 'Omnidesk',
    loadFailed: 'Omnidesk 的界面未能启动。',
    reload: '重新加载'
  },
  common: {
    cancel: '取消',
    save: '保存',
    saving: '正在保存…',
    close: '关闭',
    delete: '删除',
    remove: '移除',
    edit: '编辑',
    dismiss: '知道了',
    optional: '可选',
    loading: '正在加载…'
  },
  sidebar: {
    label: '对话',
    newChat: '新对话',
    searchPlaceholder: '搜索对话',
    searchLabel: '搜索对话标题和消息',
    searching: '正在搜索…',
    noResults: '没有找到匹配的内容',
    noConversations: '还没有对话',
    untitled: '新对话',
    rename: '重命名',
    renameLabel: '对话标题',
    delete: '删除',
    confirmDelete: '删除这个对话？',
    confirmDeleteAction: '删除',
    settings: '设置',
    groups: {
      today: '今天',
      yesterday: '昨天',
      previous7: '过去 7 天',
      previous30: '过去 30 天',
      older: '更早'
    }
  },
  chat: {
    emptyTitle: '今天想聊点什么？',
    emptyHint: '尽管问吧，回答会边生成边显示。',
    placeholder: '给 Omnidesk 发消息',
    composerLabel: '消息',
    send: '发送',
    stop: '停止',
    hintEnter: 'Enter 发送 · Shift+Enter 换行',
    hintModEnter: '{{mod}}+Enter 发送 · Enter 换行',
    you: '你',
    assistant: '助手',
    copy: '复制',
    copied: '已复制',
    regenerate: '重新生成',
    edit: '编辑',
    editLabel: '编辑你的消息',
    editSend: '发送',
    showMore: '展开全部',
    showLess: '收起',
    stopped: '已停止',
    answeredBy: '由 {{model}} 回答',
    fallbackNotice: '{{requested}} 当前被限流，改由 {{model}} 回答',
    retry: '重试',
    openSettings: '打开设置',
    thinking: '正在思考…',
    pastedText: '粘贴的文本 · {{size}}',
    pastedLines_one: '{{count}} 行',
    pastedLines_other: '{{count}} 行',
    showPaste: '查看粘贴的文本',
    hidePaste: '收起粘贴的文本',
    removePaste: '移除粘贴的文本',
    pastePreviewTruncated: '… 还有 {{size}}',
    tooLong: '这条消息太长，无法发送（{{size}} 个字符，上限为 {{limit}} 个）。',
    sendFailed: '消息未能发送。',
    modelLabel: '模型',
    modelDefault: '默认',
    modelFallback: '备用',
    imageAttachment: '图片',
    conversationLoading: '正在加载对话…',
    detail: '服务商返回：{{detail}}'
  },
  errors: {
    auth: '服务商拒绝了 API 密钥，请在设置中检查你的 API 密钥。',
    rate_limit: '服务商正在限制请求频率，且没有可用的备用模型作答。请稍等片刻再重试。',
    connection: '无法连接到服务商。请检查网络或 Base URL，然后重试。',
    timeout: '服务商响应超时。请重试，或稍后再试。',
    model_not_found: '服务商找不到这个模型。请检查模型名称，或换一个模型。',
    not_found: '服务商返回“未找到”，多半是 Base URL 填错了，请在设置中检查。',
    bad_request: '服务商拒绝了这个请求，原因见下方服务商的说明。',
    server: '服务商出现了服务器错误，请稍后重试。',
    stream_dropped: '回答还没结束，连接就中断了。已收到的内容都保留着。',
    no_provider: '还没有配置服务商，请在设置中添加一个。',
    no_key: '这个服务商需要 API 密钥，请在设置中填写。',
    keyring_unavailable: '此系统无法安全保存 API 密钥。你可以在设置中允许不加密保存，或使用无需密钥的服务商。',
    invalid_url: '服务商的 Base URL 无效，请在设置中检查。',
    unknown: '出了点问题。'
  },
  markdown: {
    copy: '复制',
    copied: '已复制',
    wrap: '自动换行',
    image: '图片'
  },
  presets: {
    openai: 'OpenAI',
    azure: 'Azure OpenAI',
    deepseek: 'DeepSeek',
    qwen: '通义千问',
    openrouter: 'OpenRouter',
    ollama: 'Ollama',
    lmstudio: 'LM Studio',
    custom: '自定义',
    descriptions: {
      openai: 'GPT-4o 等 OpenAI 模型',
      azure: '你在 Azure OpenAI 上的部署',
      deepseek: 'DeepSeek 系列模型',
      qwen: '阿里云百炼（兼容模式）',
      openrouter: '一个密钥，调用众多模型',
      ollama: '在本机运行的模型',
      lmstudio: '由 LM Studio 提供的本地模型',
      custom: '任何兼容 OpenAI 接口的服务'
    }
  },
  provider: {
    name: '名称',
    baseUrl: 'Base URL',
    baseUrlRegion: '地域',
    apiKey: 'API 密钥',
    apiKeyPlaceholder: '粘贴你的 API 密钥',
    apiKeyOptionalPlaceholder: '如果服务不需要密钥，可以留空',
    keySet: '已设置密钥',
    keySetPlaceholder: '已设置密钥，输入新密钥即可替换',
    noKey: '未设置密钥',
    clearKey: '清除密钥',
    keyWillBeCleared: '保存后将删除已存储的密钥。',
    undoClearKey: '保留密钥',
    getKey: '在哪里获取？',
    defaultModel: '默认模型',
    defaultModelPlaceholder: '例如 gpt-4o',
    fallbackModel: '备用模型',
    fallbackModelHint: '默认模型被限流时，由它来回答。',
    apiVersion: 'API 版本',
    testConnection: '测试连接',
    testing: '正在测试…',
    testOk_one: '连接成功，共有 {{count}} 个可用模型。',
    testOk_other: '连接成功，共有 {{count}} 个可用模型。',
    testOkNoList: '连接成功，但该服务商不提供模型列表。',
    pickModel: '从列出的模型中选择：',
    save: '保存',
    saveAndStart: '保存并开始对话',
    saved: '已保存',
    urlErrors: {
      empty: '请填写 Base URL。',
      invalid: '这不是有效的网址。',
      scheme: '网址必须以 http:// 或 https:// 开头。'
    },
    modelRequired: '请填写模型名称。',
    nameRequired: '请填写名称。'
  },
  onboarding: {
    title: '欢迎使用 Omnidesk',
    subtitle: '先连接一个 AI 服务商就可以开始了，之后还能在设置中添加更多。',
    choosePreset: '服务商',
    details: '连接信息',
    ollamaFound_one: '检测到本机正在运行 Ollama，有 {{count}} 个模型。',
    ollamaFound_other: '检测到本机正在运行 Ollama，有 {{count}} 个模型。',
    useOllama: '使用 Ollama'
  },
  keyring: {
    warningTitle: '此系统无法安全保存 API 密钥',
    warningBody:
      '当前系统没有可用的密钥环（例如 GNOME Keyring 或 KWallet），Omnidesk 无法加密你的 API 密钥。你可以允许将密钥以未加密的形式保存在应用的数据文件夹中，或者使用无需密钥的服务商。',
    allowPlaintext: '不加密保存密钥',
    allowPlaintextHint: '能读取你文件的人也能读到这些密钥。',
    statusAvailable: 'API 密钥已通过系统密钥环加密保存。',
    statusUnavailable: '没有系统密钥环：在你允许不加密保存之前，无法保存 API 密钥。',
    statusPlaintext: '没有系统密钥环：按照你的选择，API 密钥以未加密的形式保存。'
  },
  settings: {
    title: '设置',
    close: '关闭设置',
    sections: {
      general: '通用',
      chat: '对话',
      providers: '服务商',
      security: '密钥与安全',
      about: '关于'
    },
    theme: '主题',
    themes: {
      system: '跟随系统',
      light: '浅色',
      dark: '深色'
    },
    language: '语言',
    launchAtLogin: '登录时启动 Omnidesk',
    enterToSend: '按 Enter 发送',
    enterToSendHint: '关闭后，按 {{mod}}+Enter 发送，按 Enter 换行。',
    defaultProvider: '默认服务商',
    defaultModel: '默认模型',
    defaultModelHint: '留空则使用服务商的默认模型（{{model}}）。',
    fallbackModel: '备用模型',
    fallbackModelHint: '默认模型被限流时由它回答，随服务商一起保存。',
    noFallback: '无',
    addProvider: '添加服务商',
    editProvider: '编辑 {{name}}',
    newProvider: '新服务商',
    removeProvider: '移除',
    confirmRemove: '移除 {{name}}？它的密钥也会一并删除。',
    defaultBadge: '默认',
    noProviders: '还没有服务商。',
    dataFolder: '数据文件夹',
    version: '版本',
    keyring: '密钥存储'
  },
  languages: {
    en: 'English',
    'zh-CN': '简体中文'
  },
  notices: {
    databaseCorrupt: '无法读取你的聊天记录，Omnidesk 已新建了一份。原文件已原样另存于 {{path}}。',
    databaseNewer: '你的聊天记录由更新版本的 Omnidesk 写入，当前版本已新建了一份。原文件已原样另存于 {{path}}。'
  }
}

export default zhCN
