import { once } from 'node:events'
import type { Writable } from 'node:stream'

/** Writes lines with backpressure, so a large city streams to a pipe in bounded memory. */
export const writeAll = async (out: Writable, lines: Iterable<string>, onLine?: () => void): Promise<void> => {
  let buffer = ''
  for (const line of lines) {
    buffer += `${line}\n`
    onLine?.()
    if (buffer.length >= 64 * 1024) {
      if (!out.write(buffer)) await once(out, 'drain')
      buffer = ''
    }
  }
  if (buffer.length > 0 && !out.write(buffer)) await once(out, 'drain')
}
