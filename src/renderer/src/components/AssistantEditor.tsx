/**
 * The assistant editor: name and face, description, instructions (with a counter against the
 * shared bound), provider and model, conversation starters, knowledge files, capabilities and
 * voice instructions. Save checks the draft with the shared schema first (the same one main
 * checks), so a mistake is marked on its field instead of coming back as main's refusal.
 *
 * Knowledge files go up as soon as they are picked, through the composer's upload path; they join
 * the assistant at Save (main indexes them then). Their indexing state is asked of main every 2 s
 * while one is still indexing.
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '../../../shared/errors'
import { ASSISTANT_LIMITS, AssistantDraft, AssistantEmoji, isAssistantImage } from '../../../shared/assistants/schemas'
import { sendFileBytes, uploadPercent, type SliceableFile } from '../attachments/fileUpload'
import { errorFromUnknown } from '../logic/errors'
import { defaultProvider } from '../logic/models'
import type { AppController, Assistant, KnowledgeStatus } from '../state/controller'
import { useAppState, useController } from '../state/hooks'
import { AssistantAvatar } from './AssistantParts'
import { IconClose, IconDocument } from './Icons'
import './memory.css'

type KnowledgeFile = Assistant['knowledge'][number]
type McpServer = Awaited<ReturnType<AppController['settings']['mcpServers']>>[number]

/** How often the knowledge list asks main while a file is still being indexed. */
const STATUS_POLL_MS = 2000

/** The fields a validation message can be shown on, with the bound it names. */
const FIELD_LIMITS = {
  name: ASSISTANT_LIMITS.name,
  emoji: ASSISTANT_LIMITS.emoji,
  image: ASSISTANT_LIMITS.imageBytes,
  description: ASSISTANT_LIMITS.description,
  instructions: ASSISTANT_LIMITS.instructions,
  model: ASSISTANT_LIMITS.model,
  starters: ASSISTANT_LIMITS.starter,
  knowledge: ASSISTANT_LIMITS.knowledgeFiles,
  voiceInstructions: ASSISTANT_LIMITS.voiceInstructions
} as const
type FieldName = keyof typeof FIELD_LIMITS
type FieldErrors = Partial<Record<FieldName | 'other', string>>

interface Form {
  name: string
  emoji: string
  image?: string
  description: string
  instructions: string
  /** '' : the default provider. */
  providerId: string
  /** '' : the provider's default model. */
  model: string
  starters: string[]
  knowledge: KnowledgeFile[]
  capabilities: Assistant['capabilities']
  voiceInstructions: string
}

/** A knowledge file on its way up (it joins `knowledge` once main has read it). */
interface Upload {
  key: string
  name: string
  bytes: number
  sent: number
  state: 'uploading' | 'reading' | 'error'
  /** Why it was not added: main's error, or a sentence of ours. */
  error?: string
}

type ShownState = 'uploading' | 'reading' | 'error' | 'pending' | 'unknown' | KnowledgeStatus['state']

function initialForm(a: Assistant | null): Form {
  return {
    name: a?.name ?? '',
    emoji: a?.emoji ?? '',
    image: a?.image,
    description: a?.description ?? '',
    instructions: a?.instructions ?? '',
    providerId: a?.providerId ?? '',
    model: a?.model ?? '',
    starters: a ? [...a.starters] : [],
    knowledge: a ? [...a.knowledge] : [],
    capabilities: a ? { ...a.capabilities, mcpServers: [...a.capabilities.mcpServers] } : { web: false, data: false, memory: false, mcpServers: [] },
    voiceInstructions: a?.voiceInstructions ?? ''
  }
}

/** The form as the shared schema's input: empty optional fields left out, what the form does not edit kept. */
function draftOf(form: Form, original: Assistant | null): unknown {
  const emoji = form.emoji.trim()
  const model = form.model.trim()
  return {
    name: form.name,
    ...(emoji ? { emoji } : {}),
    ...(form.image ? { image: form.image } : {}),
    description: form.description,
    instructions: form.instructions,
    ...(form.providerId ? { providerId: form.providerId } : {}),
    ...(model ? { model } : {}),
    starters: form.starters.map((s) => s.trim()).filter(Boolean),
    knowledge: form.knowledge,
    capabilities: form.capabilities,
    ...(original?.voice ? { voice: original.voice } : {}),
    ...(form.voiceInstructions.trim() ? { voiceInstructions: form.voiceInstructions } : {}),
    ...(original?.builtinId ? { builtinId: original.builtinId } : {})
  }
}

/** Characters as the shared schema counts them (code points: an emoji is one). */
const length = (text: string): number => Array.from(text).length

const knowledgeStateKey = (state: ShownState): 'uploading' | 'reading' | 'pending' | 'indexing' | 'ready' | 'textOnly' | 'failed' | 'error' | null =>
  state === 'text-only' ? 'textOnly' : state === 'unknown' ? null : state

function Field(props: { label: string; htmlFor?: string; hint?: ReactNode; error?: string; field?: string; children: ReactNode; optional?: boolean }): ReactElement {
  const { t } = useTranslation()
  const label = (
    <>
      {props.label}
      {props.optional ? <span className="od-field-optional"> · {t('common.optional')}</span> : null}
    </>
  )
  return (
    <div className="od-field" data-invalid={props.error ? 'true' : undefined}>
      {props.htmlFor ? (
        <label className="od-field-label" htmlFor={props.htmlFor}>
          {label}
        </label>
      ) : (
        <span className="od-field-label">{label}</span>
      )}
      {props.children}
      {props.error ? (
        <p className="od-field-error" role="alert" data-testid="assistant-field-error" data-field={props.field}>
          {props.error}
        </p>
      ) : props.hint ? (
        <p className="od-field-hint">{props.hint}</p>
      ) : null}
    </div>
  )
}

export function AssistantEditor(props: { assistant: Assistant | null; onDone: (saved: boolean) => void }): ReactElement {
  const { t } = useTranslation()
  const controller = useController()
  const original = props.assistant
  const providers = useAppState((s) => s.providers)
  const providerModels = useAppState((s) => s.providerModels)
  const settings = useAppState((s) => s.settings)
  // The stored assistant as main has it now: its knowledge is what main indexes.
  const stored = useAppState((s) => (original ? s.assistants.find((a) => a.id === original.id) : undefined))
  const [form, setForm] = useState<Form>(() => initialForm(original))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [saveError, setSaveError] = useState<ErrorInfo | null>(null)
  const [saving, setSaving] = useState(false)
  const [uploads, setUploads] = useState<Upload[]>([])
  const [status, setStatus] = useState<ReadonlyMap<string, KnowledgeStatus>>(new Map())
  const [servers, setServers] = useState<McpServer[]>([])
  const uid = useId()
  const id = (n: string): string => `${uid}-${n}`
  const knowledgeInput = useRef<HTMLInputElement>(null)
  const pictureInput = useRef<HTMLInputElement>(null)
  const nameInput = useRef<HTMLInputElement>(null)
  // Uploads outside React state: read and written between awaits, where state would be stale.
  const jobs = useRef(new Map<string, { uploadId?: string; cancelled: boolean }>())
  const queue = useRef<Promise<void>>(Promise.resolve())
  const uploadSeq = useRef(0)

  const set = <K extends keyof Form>(key: K, value: Form[K]): void => {
    setForm((f) => ({ ...f, [key]: value }))
    // The mark goes once the field is changed; Save checks again.
    if (key in FIELD_LIMITS && errors[key as FieldName]) setErrors((e) => ({ ...e, [key]: undefined }))
  }

  useEffect(() => {
    nameInput.current?.focus()
  }, [])

  // MCP servers, when Settings → Tools has any (the companion and tests may have none).
  useEffect(() => {
    let live = true
    controller.settings.mcpServers().then(
      (list) => live && setServers(list),
      () => undefined
    )
    return () => {
      live = false
    }
  }, [controller])

  // The models the chosen (or default) provider lists, for the model field's suggestions.
  const provider = providers.find((p) => p.id === form.providerId) ?? (form.providerId ? undefined : defaultProvider(providers, settings))
  useEffect(() => {
    if (provider && !providerModels[provider.id]) void controller.settings.loadModels(provider.id)
  }, [provider?.id, controller])
  const modelSuggestions = useMemo(() => {
    if (!provider) return []
    return [...new Set([provider.defaultModel, ...(provider.fallbackModel ? [provider.fallbackModel] : []), ...(providerModels[provider.id] ?? [])])]
  }, [provider, providerModels])

  // Indexing state of the stored knowledge: asked at once, then every 2 s while one is indexing.
  const storedIds = stored?.knowledge.map((k) => k.attachmentId).join('\n') ?? ''
  useEffect(() => {
    if (!stored || !storedIds) return
    let live = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async (): Promise<void> => {
      const list = await controller.assistants.knowledgeStatus(stored.id)
      if (!live) return
      setStatus(new Map(list.map((s) => [s.attachmentId, s])))
      if (list.some((s) => s.state === 'indexing')) timer = setTimeout(() => void poll(), STATUS_POLL_MS)
    }
    void poll()
    return () => {
      live = false
      if (timer) clearTimeout(timer)
    }
  }, [stored?.id, storedIds, controller])

  // Leaving the editor stops the uploads still going (main deletes their bytes).
  useEffect(() => {
    const current = jobs.current
    return () => {
      for (const job of current.values()) {
        if (job.cancelled) continue
        job.cancelled = true
        if (job.uploadId) void controller.assistants.uploads.cancelFile({ uploadId: job.uploadId }).catch(() => undefined)
      }
    }
  }, [controller])

  const patchUpload = (key: string, patch: Partial<Upload>): void => {
    if (jobs.current.get(key)?.cancelled) return
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)))
  }

  const upload = async (key: string, file: SliceableFile): Promise<void> => {
    const job = jobs.current.get(key)
    if (!job || job.cancelled) return
    const api = controller.assistants.uploads
    try {
      const uploadId = await sendFileBytes(file, api, {
        onBegun: (u) => (job.uploadId = u),
        onProgress: (sent) => patchUpload(key, { sent }),
        cancelled: () => job.cancelled
      })
      if (!uploadId) return
      patchUpload(key, { state: 'reading' })
      const info = await api.finishFile({ uploadId })
      job.uploadId = undefined
      if (job.cancelled) return
      if (info.kind !== 'document') {
        // Main refuses data files as knowledge at Save: said here, on the file.
        patchUpload(key, { state: 'error', error: t('assistants.editor.notDocument', { name: info.name }) })
        return
      }
      const entry: KnowledgeFile = {
        attachmentId: info.id,
        name: info.name.slice(0, ASSISTANT_LIMITS.knowledgeName),
        format: info.format,
        bytes: info.bytes,
        ...(info.pages !== undefined ? { pages: info.pages } : {})
      }
      setUploads((list) => list.filter((u) => u.key !== key))
      setForm((f) => (f.knowledge.some((k) => k.attachmentId === entry.attachmentId) ? f : { ...f, knowledge: [...f.knowledge, entry] }))
    } catch (error) {
      const info = errorFromUnknown(error)
      // An encrypted PDF keeps its upload open for a password: knowledge has no way to give one.
      if (job.uploadId) void api.cancelFile({ uploadId: job.uploadId }).catch(() => undefined)
      job.uploadId = undefined
      const text = info.code === 'file_needs_password' ? t('assistants.editor.needsPassword', { name: file.name }) : (info.detail ?? t(`errors.${info.code}`))
      patchUpload(key, { state: 'error', error: text })
    }
  }

  const addKnowledge = (files: File[]): void => {
    const busy = uploads.filter((u) => u.state !== 'error').length
    const room = Math.max(0, ASSISTANT_LIMITS.knowledgeFiles - form.knowledge.length - busy)
    const accepted = files.slice(0, room)
    const refused = files.length - accepted.length
    const added: Upload[] = accepted.map((file) => ({ key: `k${++uploadSeq.current}`, name: file.name, bytes: file.size, sent: 0, state: 'uploading' }))
    setErrors((e) => ({ ...e, knowledge: refused ? t('assistants.editor.tooManyFiles', { count: ASSISTANT_LIMITS.knowledgeFiles }) : undefined }))
    if (!added.length) return
    setUploads((list) => [...list, ...added])
    added.forEach((u, i) => {
      jobs.current.set(u.key, { cancelled: false })
      // One file at a time: they share one pipe to main, as the composer's do.
      queue.current = queue.current.then(() => upload(u.key, accepted[i]))
    })
  }

  const removeUpload = (key: string): void => {
    const job = jobs.current.get(key)
    if (job && !job.cancelled) {
      job.cancelled = true
      if (job.uploadId) void controller.assistants.uploads.cancelFile({ uploadId: job.uploadId }).catch(() => undefined)
    }
    setUploads((list) => list.filter((u) => u.key !== key))
  }

  const pickPicture = (file: File): void => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result ?? '')
      if (!isAssistantImage(url)) {
        setErrors((e) => ({ ...e, image: t('assistants.editor.errors.image') }))
        return
      }
      // A picture replaces the emoji: an assistant has one face.
      setForm((f) => ({ ...f, image: url, emoji: '' }))
      setErrors((e) => ({ ...e, image: undefined, emoji: undefined }))
    }
    reader.onerror = () => setErrors((e) => ({ ...e, image: t('assistants.editor.errors.image') }))
    reader.readAsDataURL(file)
  }

  const uploading = uploads.some((u) => u.state !== 'error')

  const save = async (): Promise<void> => {
    if (saving || uploading) return
    setSaveError(null)
    const checked = AssistantDraft.safeParse(draftOf(form, original))
    if (!checked.success) {
      const next: FieldErrors = {}
      for (const issue of checked.error.issues) {
        const key = String(issue.path[0] ?? '')
        if (key in FIELD_LIMITS) {
          const field = key as FieldName
          next[field] ??= t(`assistants.editor.errors.${field}`, { max: FIELD_LIMITS[field].toLocaleString() })
        } else {
          next.other ??= `${t('assistants.editor.errors.other')} (${key})`
        }
      }
      setErrors(next)
      if (next.name) nameInput.current?.focus()
      return
    }
    setErrors({})
    setSaving(true)
    const result = await controller.assistants.save({ ...checked.data, ...(original ? { id: original.id } : {}) })
    setSaving(false)
    if ('error' in result) {
      setSaveError(result.error)
      return
    }
    props.onDone(true)
  }

  const cancel = (): void => props.onDone(false)

  const hasErrors = Object.values(errors).some(Boolean)
  const instructionsLength = length(form.instructions)
  const knownServers = new Set(servers.map((s) => s.id))
  const missingServers = form.capabilities.mcpServers.filter((s) => !knownServers.has(s))
  const storedKnowledge = new Set(stored?.knowledge.map((k) => k.attachmentId) ?? [])
  const stateOf = (k: KnowledgeFile): ShownState => (storedKnowledge.has(k.attachmentId) ? (status.get(k.attachmentId)?.state ?? 'unknown') : 'pending')
  const toggleServer = (serverId: string, on: boolean): void => {
    const rest = form.capabilities.mcpServers.filter((s) => s !== serverId)
    set('capabilities', { ...form.capabilities, mcpServers: on ? [...rest, serverId] : rest })
  }

  return (
    <form
      className="od-assistant-editor"
      data-testid="assistant-editor"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <h3 className="od-settings-editor-title">{original ? t('assistants.editor.editTitle', { name: original.name }) : t('assistants.editor.newTitle')}</h3>

      <div className="od-assistant-editor-face">
        {/* The preview shows the emoji once it is one: a half-typed word would spill out of the tile. */}
        <AssistantAvatar assistant={{ emoji: AssistantEmoji.safeParse(form.emoji.trim()).success ? form.emoji.trim() : undefined, image: form.image }} size="large" />
        <div className="od-assistant-editor-face-fields">
          <Field label={t('assistants.editor.name')} htmlFor={id('name')} error={errors.name} field="name">
            <input
              ref={nameInput}
              id={id('name')}
              className="od-input"
              data-testid="assistant-name"
              value={form.name}
              placeholder={t('assistants.editor.namePlaceholder')}
              aria-invalid={errors.name ? true : undefined}
              onChange={(e) => set('name', e.target.value)}
            />
          </Field>
          <div className="od-field-pair">
            <Field label={t('assistants.editor.emoji')} htmlFor={id('emoji')} hint={t('assistants.editor.emojiHint')} error={errors.emoji} field="emoji" optional>
              <input
                id={id('emoji')}
                className="od-input od-assistant-emoji-input"
                data-testid="assistant-emoji"
                value={form.emoji}
                placeholder="🤖"
                aria-invalid={errors.emoji ? true : undefined}
                onChange={(e) => set('emoji', e.target.value)}
              />
            </Field>
            <Field label={t('assistants.editor.picture')} hint={t('assistants.editor.pictureHint')} error={errors.image} field="image" optional>
              <div className="od-input-row">
                <button type="button" className="od-btn od-btn-small" data-testid="assistant-picture" onClick={() => pictureInput.current?.click()}>
                  {t('assistants.editor.choosePicture')}
                </button>
                {form.image ? (
                  <button type="button" className="od-btn od-btn-small od-btn-ghost" data-testid="assistant-picture-remove" onClick={() => set('image', undefined)}>
                    {t('assistants.editor.removePicture')}
                  </button>
                ) : null}
              </div>
              <input
                ref={pictureInput}
                type="file"
                hidden
                accept="image/png,image/jpeg,image/webp"
                data-testid="assistant-picture-input"
                onChange={(e) => {
                  const file = e.target.files?.[0]
                  e.target.value = ''
                  if (file) pickPicture(file)
                }}
              />
            </Field>
          </div>
        </div>
      </div>

      <Field label={t('assistants.editor.description')} htmlFor={id('description')} error={errors.description} field="description" optional>
        <input
          id={id('description')}
          className="od-input"
          data-testid="assistant-description"
          value={form.description}
          placeholder={t('assistants.editor.descriptionPlaceholder')}
          onChange={(e) => set('description', e.target.value)}
        />
      </Field>

      <Field label={t('assistants.editor.instructions')} htmlFor={id('instructions')} hint={t('assistants.editor.instructionsHint')} error={errors.instructions} field="instructions">
        <textarea
          id={id('instructions')}
          className="od-input od-assistant-textarea"
          data-testid="assistant-instructions"
          rows={8}
          value={form.instructions}
          placeholder={t('assistants.editor.instructionsPlaceholder')}
          onChange={(e) => set('instructions', e.target.value)}
        />
        <span
          className="od-assistant-counter"
          data-testid="assistant-instructions-counter"
          data-over={instructionsLength > ASSISTANT_LIMITS.instructions ? 'true' : undefined}
          aria-live="polite"
        >
          {t('assistants.editor.counter', { used: instructionsLength.toLocaleString(), max: ASSISTANT_LIMITS.instructions.toLocaleString() })}
        </span>
      </Field>

      <div className="od-field-pair">
        <Field label={t('assistants.editor.provider')} htmlFor={id('provider')} optional>
          <select
            id={id('provider')}
            className="od-select"
            data-testid="assistant-provider"
            value={form.providerId}
            onChange={(e) => set('providerId', e.target.value)}
          >
            <option value="">{t('assistants.editor.providerDefault')}</option>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
            {form.providerId && !providers.some((p) => p.id === form.providerId) ? <option value={form.providerId}>{t('assistants.editor.providerMissing')}</option> : null}
          </select>
        </Field>
        <Field label={t('assistants.editor.model')} htmlFor={id('model')} hint={t('assistants.editor.modelHint')} error={errors.model} field="model" optional>
          <input
            id={id('model')}
            className="od-input"
            data-testid="assistant-model"
            value={form.model}
            list={modelSuggestions.length ? id('models') : undefined}
            placeholder={provider ? t('assistants.editor.modelPlaceholder', { model: provider.defaultModel }) : ''}
            onChange={(e) => set('model', e.target.value)}
          />
          {modelSuggestions.length ? (
            <datalist id={id('models')}>
              {modelSuggestions.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          ) : null}
        </Field>
      </div>

      <Field label={t('assistants.editor.starters')} hint={t('assistants.editor.startersHint', { max: ASSISTANT_LIMITS.starters })} error={errors.starters} field="starters" optional>
        {form.starters.length ? (
          <ul className="od-assistant-starters">
            {form.starters.map((text, i) => (
              <li key={i} className="od-input-row">
                <input
                  className="od-input"
                  data-testid="assistant-starter"
                  aria-label={t('assistants.editor.starterLabel', { index: i + 1 })}
                  value={text}
                  placeholder={t('assistants.editor.starterPlaceholder')}
                  maxLength={ASSISTANT_LIMITS.starter * 2}
                  onChange={(e) => set('starters', form.starters.map((s, j) => (j === i ? e.target.value : s)))}
                />
                <button
                  type="button"
                  className="od-icon-btn"
                  data-testid="assistant-starter-remove"
                  aria-label={t('assistants.editor.removeStarter')}
                  title={t('assistants.editor.removeStarter')}
                  onClick={() => set('starters', form.starters.filter((_, j) => j !== i))}
                >
                  <IconClose size={14} />
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <div>
          <button
            type="button"
            className="od-btn od-btn-small"
            data-testid="assistant-starter-add"
            disabled={form.starters.length >= ASSISTANT_LIMITS.starters}
            onClick={() => set('starters', [...form.starters, ''])}
          >
            {t('assistants.editor.addStarter')}
          </button>
        </div>
      </Field>

      <Field label={t('assistants.editor.knowledge')} hint={t('assistants.editor.knowledgeHint', { max: ASSISTANT_LIMITS.knowledgeFiles })} error={errors.knowledge} field="knowledge" optional>
        {form.knowledge.length || uploads.length ? (
          <ul className="od-assistant-knowledge" data-testid="assistant-knowledge">
            {form.knowledge.map((k) => {
              const state = stateOf(k)
              const label = knowledgeStateKey(state)
              const detail = status.get(k.attachmentId)?.detail
              return (
                <li key={k.attachmentId} className="od-assistant-knowledge-item" data-testid="assistant-knowledge-item" data-state={state} data-id={k.attachmentId}>
                  <IconDocument size={14} />
                  <span className="od-assistant-knowledge-name" title={k.name}>
                    {k.name}
                  </span>
                  {k.pages !== undefined ? <span className="od-muted">{t('assistants.editor.pages', { count: k.pages })}</span> : null}
                  {label ? (
                    <span className="od-assistant-knowledge-state" title={detail}>
                      {t(`assistants.editor.knowledgeState.${label}`, { percent: 0 })}
                    </span>
                  ) : null}
                  <button
                    type="button"
                    className="od-icon-btn od-icon-btn-small"
                    data-testid="assistant-knowledge-remove"
                    aria-label={t('assistants.editor.removeKnowledge', { name: k.name })}
                    title={t('assistants.editor.removeKnowledge', { name: k.name })}
                    onClick={() => set('knowledge', form.knowledge.filter((x) => x.attachmentId !== k.attachmentId))}
                  >
                    <IconClose size={12} />
                  </button>
                </li>
              )
            })}
            {uploads.map((u) => (
              <li key={u.key} className="od-assistant-knowledge-item" data-testid="assistant-knowledge-item" data-state={u.state}>
                <IconDocument size={14} />
                <span className="od-assistant-knowledge-name" title={u.name}>
                  {u.name}
                </span>
                <span className="od-assistant-knowledge-state" data-error={u.state === 'error' ? 'true' : undefined}>
                  {u.state === 'uploading'
                    ? t('assistants.editor.knowledgeState.uploading', { percent: uploadPercent(u) })
                    : u.state === 'reading'
                      ? t('assistants.editor.knowledgeState.reading')
                      : u.error ?? t('assistants.editor.knowledgeState.error')}
                </span>
                <button
                  type="button"
                  className="od-icon-btn od-icon-btn-small"
                  data-testid="assistant-knowledge-remove"
                  aria-label={t('assistants.editor.removeKnowledge', { name: u.name })}
                  title={t('assistants.editor.removeKnowledge', { name: u.name })}
                  onClick={() => removeUpload(u.key)}
                >
                  <IconClose size={12} />
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <div>
          <button
            type="button"
            className="od-btn od-btn-small"
            data-testid="assistant-knowledge-add"
            disabled={form.knowledge.length + uploads.filter((u) => u.state !== 'error').length >= ASSISTANT_LIMITS.knowledgeFiles}
            onClick={() => knowledgeInput.current?.click()}
          >
            {t('assistants.editor.addKnowledge')}
          </button>
          <input
            ref={knowledgeInput}
            type="file"
            hidden
            multiple
            data-testid="assistant-knowledge-input"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? [])
              e.target.value = ''
              if (files.length) addKnowledge(files)
            }}
          />
        </div>
      </Field>

      <fieldset className="od-assistant-caps">
        <legend className="od-field-label">{t('assistants.editor.capabilities')}</legend>
        <label className="od-assistant-cap">
          <input type="checkbox" data-testid="assistant-cap-web" checked={form.capabilities.web} onChange={(e) => set('capabilities', { ...form.capabilities, web: e.target.checked })} />
          <span>{t('assistants.editor.capWeb')}</span>
          <span className="od-field-hint">{t('assistants.editor.capWebHint')}</span>
        </label>
        <label className="od-assistant-cap">
          <input type="checkbox" data-testid="assistant-cap-data" checked={form.capabilities.data} onChange={(e) => set('capabilities', { ...form.capabilities, data: e.target.checked })} />
          <span>{t('assistants.editor.capData')}</span>
          <span className="od-field-hint">{t('assistants.editor.capDataHint')}</span>
        </label>
        <label className="od-assistant-cap">
          <input type="checkbox" data-testid="assistant-cap-memory" checked={form.capabilities.memory} onChange={(e) => set('capabilities', { ...form.capabilities, memory: e.target.checked })} />
          <span>{t('assistants.editor.capMemory')}</span>
          <span className="od-field-hint">{t('assistants.editor.capMemoryHint')}</span>
        </label>
        {form.capabilities.memory ? (
          // Which memory: the user's (absent = 'shared', as before there was a choice) or its own notebook.
          <div className="od-assistant-memory-scope" role="radiogroup" aria-label={t('memory.editorScopeLabel')} data-testid="assistant-memory-scope">
            {(['shared', 'own'] as const).map((scope) => (
              <label key={scope} className="od-assistant-cap">
                <input
                  type="radio"
                  name={id('memory-scope')}
                  value={scope}
                  data-testid={`assistant-memory-scope-${scope}`}
                  checked={(form.capabilities.memoryScope ?? 'shared') === scope}
                  onChange={() => {
                    const { memoryScope: _previous, ...rest } = form.capabilities
                    set('capabilities', scope === 'own' ? { ...rest, memoryScope: 'own' } : rest)
                  }}
                />
                <span>{scope === 'own' ? t('memory.editorScopeOwn') : t('memory.editorScopeShared')}</span>
                <span className="od-field-hint">{scope === 'own' ? t('memory.editorScopeOwnHint') : t('memory.editorScopeSharedHint')}</span>
              </label>
            ))}
          </div>
        ) : null}
        {servers.length || missingServers.length ? (
          <div className="od-assistant-mcp" role="group" aria-label={t('assistants.editor.mcpServers')}>
            <span className="od-field-label">{t('assistants.editor.mcpServers')}</span>
            {servers.map((s) => (
              <label key={s.id} className="od-assistant-cap">
                <input
                  type="checkbox"
                  data-testid="assistant-cap-mcp"
                  data-server-id={s.id}
                  checked={form.capabilities.mcpServers.includes(s.id)}
                  onChange={(e) => toggleServer(s.id, e.target.checked)}
                />
                <span>{s.name}</span>
              </label>
            ))}
            {missingServers.map((serverId) => (
              <label key={serverId} className="od-assistant-cap">
                <input type="checkbox" data-testid="assistant-cap-mcp" data-server-id={serverId} checked onChange={(e) => toggleServer(serverId, e.target.checked)} />
                <span className="od-muted">{t('assistants.editor.mcpMissing', { id: serverId })}</span>
              </label>
            ))}
          </div>
        ) : null}
      </fieldset>

      <Field label={t('assistants.editor.voiceInstructions')} htmlFor={id('voice')} hint={t('assistants.editor.voiceInstructionsHint')} error={errors.voiceInstructions} field="voiceInstructions" optional>
        <textarea
          id={id('voice')}
          className="od-input od-assistant-textarea"
          data-testid="assistant-voice-instructions"
          rows={3}
          value={form.voiceInstructions}
          onChange={(e) => set('voiceInstructions', e.target.value)}
        />
      </Field>

      {errors.other ? (
        <p className="od-field-error" role="alert" data-testid="assistant-field-error" data-field="other">
          {errors.other}
        </p>
      ) : null}
      {saveError ? (
        <div className="od-assistants-notice od-assistants-notice-error" role="alert" data-testid="assistant-save-error">
          <p className="od-error-message">{t('assistants.editor.saveFailed')}</p>
          {saveError.detail ? <p className="od-error-detail">{saveError.detail}</p> : null}
        </div>
      ) : null}
      <div className="od-form-actions">
        <button type="submit" className="od-btn od-btn-primary" data-testid="assistant-save" disabled={saving || uploading} title={uploading ? t('assistants.editor.uploadsPending') : undefined}>
          {saving ? t('assistants.editor.saving') : t('assistants.editor.save')}
        </button>
        <button type="button" className="od-btn od-btn-ghost" data-testid="assistant-cancel" onClick={cancel}>
          {t('assistants.editor.cancel')}
        </button>
        {hasErrors ? (
          <span className="od-field-error" data-testid="assistant-errors">
            {t('assistants.editor.fixErrors')}
          </span>
        ) : null}
      </div>
    </form>
  )
}
