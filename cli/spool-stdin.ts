import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/**
 * A file path for FILE, or for `-` a private temporary copy of stdin: ingest
 * may read its input again (the batch retried after a passing failure, or
 * every line checked after a refusal), and stdin can be read only once. The
 * copy is removed by `cleanup`.
 */
export const readableTwice = async (path: string, stdin: Readable): Promise<{ path: string; cleanup: () => void }> => {
  if (path !== '-') return { path, cleanup: () => undefined }
  const dir = mkdtempSync(join(tmpdir(), 'early-warning-'))
  const copy = join(dir, 'stdin.ndjson')
  await pipeline(stdin, createWriteStream(copy, { mode: 0o600 }))
  return { path: copy, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
