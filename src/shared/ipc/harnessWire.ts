/**
 * The web harness's wire (src/main/harness/server.ts ⇄ src/renderer/harness/bridge.ts): JSON text
 * frames on one WebSocket per page.
 *   page → main  { id, channel, payload }     checked here (HarnessRequest), then by registerContract
 *   main → page  { id, result: IpcResult }   (the answer; main never rejects)
 *                { event: channel, payload }  (an event for this page's window kind, once it is ready)
 * The bridge only tells an answer from an event (its readFrame), as Electron's preload only
 * carries them: the page checks every answer (unwrapApi).
 */
import { z } from 'zod'

export const HarnessRequest = z.object({
  id: z.union([z.number().int(), z.string().max(100)]),
  channel: z.string().max(200),
  payload: z.unknown().optional()
})
export type HarnessRequest = z.infer<typeof HarnessRequest>

/** A text frame parsed and checked, or undefined (not JSON, or not this shape: dropped). */
export function parseHarnessText<T>(schema: z.ZodType<T>, text: string): T | undefined {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  const parsed = schema.safeParse(json)
  return parsed.success ? parsed.data : undefined
}
