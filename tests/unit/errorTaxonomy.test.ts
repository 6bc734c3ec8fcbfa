/**
 * The provider error taxonomy against error bodies real providers sent, each with where it was
 * published. Bodies are as reported (status + the body's `error` object).
 */
import { describe, expect, it } from 'vitest'
import { billingPage, classifyProviderError, type ProviderErrorShape } from '../../src/main/providers/errorTaxonomy'

interface Fixture {
  name: string
  /** Where the body was published. */
  source: string
  status: number
  error: { message: string; type?: string | null; code?: string | number | null; innererror?: { code: string }; n_prompt_tokens?: number; n_ctx?: number }
}

const shape = (f: Fixture): ProviderErrorShape => ({
  status: f.status,
  code: f.error.code,
  type: f.error.type,
  innerCode: f.error.innererror?.code,
  message: f.error.message,
  promptTokens: f.error.n_prompt_tokens,
  contextTokens: f.error.n_ctx
})

const QUOTA: Fixture[] = [
  {
    name: 'OpenAI insufficient_quota (429)',
    source: 'github.com/ChatGPTNextWeb/NextChat/issues/4101',
    status: 429,
    error: {
      message: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      type: 'insufficient_quota',
      code: 'insufficient_quota'
    }
  },
  {
    name: 'OpenAI insufficient_quota with a null code (429, 2023 shape)',
    source: 'github.com/ChatGPTNextWeb/NextChat/issues/1792',
    status: 429,
    error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: null }
  },
  {
    name: 'DeepSeek Insufficient Balance (402)',
    source: 'github.com/Aider-AI/aider/issues/4851 (body), github.com/continuedev/continue/issues/9942 (status)',
    status: 402,
    error: { message: 'Insufficient Balance', type: 'unknown_error', code: 'invalid_request_error' }
  },
  {
    name: 'OpenRouter insufficient credits (402)',
    source: 'github.com/Gitlawb/openclaude/issues/43',
    status: 402,
    error: {
      message: 'Insufficient credits. This account never purchased credits. Make sure your key is on the correct account or org, and if so, purchase more at https://openrouter.ai/settings/credits',
      code: 402
    }
  },
  {
    name: 'Moonshot (Kimi) exceeded_current_quota_error (403)',
    source: 'github.com/MoonshotAI/Kimi-K2/issues/5',
    status: 403,
    error: {
      message: 'Your account org-abc<ak-def> is not active, organization <org-abc> exceeded current quota, please check your plan and billing details',
      type: 'exceeded_current_quota_error'
    }
  }
]

const CONTENT_FILTER: Fixture[] = [
  {
    name: 'Azure OpenAI content management policy (400)',
    source: 'github.com/compl-ai/compl-ai/issues/20',
    status: 400,
    error: {
      message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
      type: null,
      code: 'content_filter',
      innererror: { code: 'ResponsibleAIPolicyViolation' }
    }
  },
  {
    name: 'DashScope (Qwen) data_inspection_failed (400)',
    source: 'github.com/camel-ai/owl/issues/432',
    status: 400,
    error: { message: 'Input data may contain inappropriate content.', type: 'data_inspection_failed', code: 'data_inspection_failed' }
  }
]

const CONTEXT: Array<Fixture & { tokens?: { used: number; limit: number } }> = [
  {
    name: 'OpenAI context_length_exceeded (400)',
    source: 'github.com/crewAIInc/crewAI-examples/issues/121',
    status: 400,
    error: {
      message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 8227 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      code: 'context_length_exceeded'
    },
    tokens: { used: 8227, limit: 8192 }
  },
  {
    name: 'vLLM, requested tokens with the completion (400, no code)',
    source: 'github.com/ruipeterpan/specreason/issues/4',
    status: 400,
    error: {
      message: "This model's maximum context length is 8192 tokens. However, you requested 8203 tokens (7691 in the messages, 512 in the completion). Please reduce the length of the messages or completion.",
      type: 'BadRequestError',
      code: 400
    },
    tokens: { used: 8203, limit: 8192 }
  },
  {
    name: 'Moonshot (Kimi) exceeded model token limit (400)',
    source: 'github.com/MoonshotAI/kimi-cli/issues/2011',
    status: 400,
    error: { message: 'Invalid request: Your request exceeded model token limit: 262144 (requested: 269030)', type: 'invalid_request_error' },
    tokens: { used: 269030, limit: 262144 }
  },
  {
    name: 'llama.cpp server exceed_context_size_error, sizes as fields (400)',
    source: 'github.com/oobabooga/textgen/issues/7257 (body), github.com/ggml-org/llama.cpp/pull/15780 (the type)',
    status: 400,
    error: {
      code: 400,
      message: 'the request exceeds the available context size. try increasing the context size or enable context shift',
      type: 'exceed_context_size_error',
      n_prompt_tokens: 14429,
      n_ctx: 8192
    },
    tokens: { used: 14429, limit: 8192 }
  },
  {
    name: 'Groq request larger than the tier allows a minute (413)',
    source: 'github.com/cline/cline/issues/4971',
    status: 413,
    error: {
      message:
        'Request too large for model `moonshotai/kimi-k2-instruct` in organization `org_01` service tier `on_demand` on tokens per minute (TPM): Limit 10000, Requested 15088, please reduce your message size and try again. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing',
      type: 'tokens',
      code: 'rate_limit_exceeded'
    },
    tokens: { used: 15088, limit: 10000 }
  }
]

describe('classifyProviderError', () => {
  it.each(QUOTA)('quota: $name', (f) => {
    expect(classifyProviderError(shape(f))?.code).toBe('quota')
  })

  it.each(CONTENT_FILTER)('content filter: $name', (f) => {
    expect(classifyProviderError(shape(f))?.code).toBe('content_filter')
  })

  it.each(CONTEXT)('context length: $name', (f) => {
    expect(classifyProviderError(shape(f))).toEqual({ code: 'context_length', ...(f.tokens ? { tokens: f.tokens } : {}) })
  })

  it('a transient rate limit stays a rate limit (left to the status), even when it links the billing page', () => {
    // OpenAI's TPM limit (platform.openai.com/docs/guides/error-codes) and its older wording.
    const tpm = 'Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Used 29000, Requested 1500. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.'
    const old = 'Rate limit reached for default-gpt-3.5-turbo in organization org-abc on requests per min. Limit: 3 / min. Please try again in 20s. You can increase your rate limit by adding a payment method to your account at https://platform.openai.com/account/billing.'
    expect(classifyProviderError({ status: 429, code: 'rate_limit_exceeded', type: 'requests', message: tpm })).toBeUndefined()
    expect(classifyProviderError({ status: 429, code: null, type: 'requests', message: old })).toBeUndefined()
  })

  it('other errors are left to their status', () => {
    expect(classifyProviderError({ status: 401, code: 'invalid_api_key', message: 'Incorrect API key provided' })).toBeUndefined()
  })
})

describe('billingPage', () => {
  it("prefers the provider's own link, else the known page of its host", () => {
    expect(billingPage(QUOTA[3].error.message, 'https://openrouter.ai/api/v1')).toBe('https://openrouter.ai/settings/credits')
    expect(billingPage('Insufficient Balance', 'https://api.deepseek.com/v1')).toBe('https://platform.deepseek.com/top_up')
    expect(billingPage(QUOTA[0].error.message, 'https://api.openai.com/v1')).toBe('https://platform.openai.com/settings/organization/billing/overview')
    expect(billingPage('Insufficient Balance', 'http://localhost:11434/v1')).toBeUndefined()
    expect(billingPage(undefined, 'not a url')).toBeUndefined()
  })
})
