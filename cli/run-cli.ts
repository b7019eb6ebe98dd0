/**
 * Dispatches `early-warning <command> …` to its command. Every command has
 * `--help`; usage errors exit 2, bad input exits 1, success 0.
 */
import * as E from 'fp-ts/Either'
import { formatConfigProblem, readConfig } from '../config/config'
import { readRetentionPolicy } from '../config/retention'
import { UsageError, writeLine, type CliIo, type ExitCode } from './cli-io'
import type { Command } from './command'
import { commands } from './commands'

const overview = (): string =>
  [
    'early-warning: transparent risk flags for a children\'s safeguarding partnership',
    '',
    'Usage: early-warning <command> [options]    (early-warning <command> --help for details)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.words.join(' ').padEnd(20)} ${c.summary}`),
  ].join('\n')

const findCommand = (argv: readonly string[]): { command: Command; rest: readonly string[] } | undefined => {
  const matches = commands
    .filter((c) => c.words.every((w, i) => argv[i] === w))
    .sort((a, b) => b.words.length - a.words.length)
  const command = matches[0]
  return command === undefined ? undefined : { command, rest: argv.slice(command.words.length) }
}

export const runCli = async (argv: readonly string[], io: CliIo): Promise<ExitCode> => {
  if (argv.length === 0) {
    // No command is a usage error: stderr, like an unknown one.
    writeLine(io.stderr, overview())
    return 2
  }
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    writeLine(io.stdout, overview())
    return 0
  }
  const found = findCommand(argv)
  if (found === undefined) {
    writeLine(io.stderr, `early-warning: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${overview()}`)
    return 2
  }
  const { command, rest } = found
  if (rest.includes('--help') || rest.includes('-h')) {
    writeLine(io.stdout, command.help)
    return 0
  }
  // SPEC §8: the environment is checked at start-up, whether or not this command uses it (a bad LOG_LEVEL stops evaluate too).
  const problems = [readConfig(io.env), readRetentionPolicy(io.env)].flatMap((read) => (E.isLeft(read) ? read.left : []))
  if (problems.length > 0) {
    for (const problem of problems) writeLine(io.stderr, formatConfigProblem(problem))
    return 1
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true) {
      writeLine(io.stderr, `early-warning ${command.words.join(' ')}: ${(error as Error).message}\n\n${command.help}`)
      return 2
    }
    throw error
  }
}
