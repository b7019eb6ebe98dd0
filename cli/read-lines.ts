import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'

/** The lines of a file, or of stdin for `-`, read one at a time so memory stays bounded by the longest line. */
export const readLines = (path: string, stdin: Readable): AsyncIterable<string> => {
  const input = path === '-' ? stdin : createReadStream(path, { encoding: 'utf8' })
  if (path === '-') stdin.setEncoding('utf8')
  return createInterface({ input, crlfDelay: Infinity })
}
