/** Runs the command line in-process with captured output, as the tests' one way in. */
import { PassThrough, Readable, Writable } from 'node:stream'
import { runCli } from '../../cli/run-cli'

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const capture = (): { stream: Writable; text: () => string } => {
  const chunks: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
      done()
    },
  })
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') }
}

export const runInProcess = async (
  argv: readonly string[],
  options: { stdin?: string; env?: Record<string, string | undefined>; today?: string } = {},
): Promise<CliRun> => {
  const out = capture()
  const err = capture()
  const stdin = options.stdin === undefined ? new PassThrough() : Readable.from([options.stdin])
  if (options.stdin === undefined) (stdin as PassThrough).end()
  const code = await runCli(argv, {
    stdin,
    stdout: out.stream,
    stderr: err.stream,
    env: options.env ?? {},
    cwd: process.cwd(),
    today: () => options.today ?? '2026-11-24',
    now: () => `${options.today ?? '2026-11-24'}T12:00:00.000Z`,
  })
  return { code, stdout: out.text(), stderr: err.text() }
}
