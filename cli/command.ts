import type { CliIo, ExitCode } from './cli-io'

/** One subcommand: its words (`['rules', 'check']`), its help text, and what it does. */
export interface Command {
  readonly words: readonly string[]
  readonly summary: string
  readonly help: string
  run(args: readonly string[], io: CliIo): Promise<ExitCode>
}
