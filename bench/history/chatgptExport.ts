/**
 * A ChatGPT data export as the user downloads it (a zip holding `conversations.json` and the
 * other files OpenAI puts there), for the history bench's import figure.
 *
 * `conversations.json`: an array of conversations, each a message tree in `mapping`
 * (`{ id: { id, message, parent, children } }`): a root node without a message
 * (`client-created-root`), a hidden system message, then user / assistant turns; one
 * conversation in eight has a regenerated answer (a second branch), `current_node` being the
 * leaf of the branch the user last saw. Times in seconds (floats), as OpenAI writes them. Text
 * from the same word frequencies as the bench's history (./corpus.ts), a quarter in Chinese.
 *
 * The zip is the tests' own writer (tests/support/documents.ts, deflated entries): no zip library needed.
 */
import { writeFile } from 'node:fs/promises'
import { makeZip } from '../../tests/support/documents'
import { createRng, loadCorpus } from './corpus'
import { chineseMaker, englishMaker, lengthOf, uuid } from './generate'

interface Node {
  id: string
  message: Record<string, unknown> | null
  parent: string | null
  children: string[]
}

export interface ChatGptExportInfo {
  conversations: number
  /** Messages on the current branches (what an import keeps), system messages excluded. */
  messages: number
  jsonBytes: number
  zipBytes: number
}

/** Writes a ChatGPT export zip of `count` conversations to `zipPath`. */
export async function writeChatGptExport(root: string, zipPath: string, count: number, seed = 1000): Promise<ChatGptExportInfo> {
  const corpus = loadCorpus(root)
  const rng = createRng(seed)
  const unused = new Map<string, number>()
  const en = englishMaker(corpus, rng, unused)
  const zh = chineseMaker(corpus, rng, unused)
  const now = Date.now() / 1000
  const conversations: unknown[] = []
  let messages = 0
  for (let c = 0; c < count; c++) {
    const maker = rng() < 0.25 ? zh : en
    const id = uuid(rng)
    const mapping: Record<string, Node> = {}
    const rootId = uuid(rng)
    mapping[rootId] = { id: rootId, message: null, parent: null, children: [] }
    let t = now - rng() * 365 * 86_400
    const created = t
    const message = (role: 'system' | 'user' | 'assistant', text: string): Record<string, unknown> => ({
      id: '',
      author: { role, name: null, metadata: {} },
      create_time: role === 'system' ? null : t,
      update_time: null,
      content: { content_type: 'text', parts: [text] },
      status: 'finished_successfully',
      end_turn: role === 'assistant' ? true : null,
      weight: role === 'system' ? 0 : 1,
      metadata: role === 'system' ? { is_visually_hidden_from_conversation: true } : role === 'assistant' ? { model_slug: 'gpt-4o', default_model_slug: 'gpt-4o', finish_details: { type: 'stop', stop_tokens: [200002] } } : {},
      recipient: 'all',
      channel: null
    })
    const add = (parent: string, msg: Record<string, unknown>): string => {
      const nid = uuid(rng)
      msg.id = nid
      mapping[nid] = { id: nid, message: msg, parent, children: [] }
      mapping[parent].children.push(nid)
      return nid
    }
    let leaf = add(rootId, message('system', ''))
    // A heavy ChatGPT user's conversations: ~20 messages on average, a long tail.
    const turns = Math.min(60, 1 + Math.floor(-Math.log(Math.max(1e-9, rng())) * 9))
    const branchAt = rng() < 0.125 ? Math.floor(rng() * turns) : -1
    let title = ''
    for (let turn = 0; turn < turns; turn++) {
      t += 20 + rng() * 240
      const question = maker.message('user', lengthOf(rng, 18, 2, 150))
      if (turn === 0) title = maker.title(question)
      const q = add(leaf, message('user', question))
      t += 2 + rng() * 40
      if (turn === branchAt) {
        // The answer the user regenerated: a sibling branch that is not current.
        add(q, message('assistant', maker.message('assistant', lengthOf(rng, 90, 10, 900))))
        t += 5 + rng() * 30
      }
      leaf = add(q, message('assistant', maker.message('assistant', lengthOf(rng, 90, 10, 900))))
      messages += 2
    }
    conversations.push({
      title,
      create_time: created,
      update_time: t,
      mapping,
      moderation_results: [],
      current_node: leaf,
      plugin_ids: null,
      conversation_id: id,
      conversation_template_id: null,
      gizmo_id: null,
      is_archived: false,
      safe_urls: [],
      default_model_slug: 'gpt-4o',
      id
    })
  }
  const json = Buffer.from(JSON.stringify(conversations))
  const files = [
    { name: 'conversations.json', data: json },
    { name: 'user.json', data: Buffer.from(JSON.stringify({ id: 'user-bench', email: 'bench@example.com', chatgpt_plus_user: true })) },
    { name: 'message_feedback.json', data: Buffer.from('[]') },
    { name: 'chat.html', data: Buffer.from('<!DOCTYPE html><html><head><meta charset="utf-8"><title>ChatGPT Data Export</title></head><body><div id="root"></div></body></html>') }
  ]
  const zip = makeZip(files.map((f) => ({ name: f.name, content: f.data, deflate: true })))
  await writeFile(zipPath, zip)
  return { conversations: count, messages, jsonBytes: json.length, zipBytes: zip.length }
}
