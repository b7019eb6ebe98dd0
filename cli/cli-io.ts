import type { Readable, Writable } from 'node:stream'
import type { IsoDate } from '../engine/facts/fact'

/** Everything a command touches in the world, passed in so commands can be tested in-process. */
export interface CliIo {
  readonly stdin: Readable
  readonly stdout: Writable
  readonly stderr: Writable & { readonly isTTY?: boolean }
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  /** Today in Europe/London, read once at the edge. */
  readonly today: () => IsoDate
  /** The current instant, ISO 8601 UTC. */
  readonly now: () => string
}

/** A command's outcome is its exit status. */
export type ExitCode = number

/** Raised for bad command-line usage; the runner prints it with the command's help and exits 2. */
export class UsageError extends Error {
  readonly _tag = 'UsageError'
}

export const writeLine = (stream: Writable, text: string): void => {
  stream.write(`${text}\n`)
}
