/**
 * The web harness's wire (src/main/harness/server.ts ⇄ src/renderer/harness/bridge.ts): JSON text
 * frames on one WebSocket per page, checked with these schemas at both ends like any IPC message.
 *   page → main  { id, channel, payload }
 *   main → page  { id, result: IpcResult }   (the answer; main never rejects)
 *                { event: channel, payload }  (an event for this page's window kind, once it is ready)
 */
import { z } from 'zod'
import { IpcResult } from './client'

export const HarnessRequest = z.object({
  id: z.union([z.number().int(), z.string().max(100)]),
  channel: z.string().max(200),
  payload: z.unknown().optional()
})
export type HarnessRequest = z.infer<typeof HarnessRequest>

export const HarnessReply = z.object({ id: z.union([z.number().int(), z.string().max(100)]), result: IpcResult })
export const HarnessEvent = z.object({ event: z.string().max(200), payload: z.unknown() })
export const HarnessFrame = z.union([HarnessReply, HarnessEvent])
export type HarnessFrame = z.infer<typeof HarnessFrame>

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
