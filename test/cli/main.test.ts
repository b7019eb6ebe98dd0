/**
 * The executable's last resort: an error no command handled. A database that
 * is not there is "try again later" (exit 75) with its code only, not an
 * internal error; nothing else of the error is printed.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'

const root = join(__dirname, '..', '..')

/** The CLI as its own process, from source, with a plain environment (tap's loaders stay out). */
const run = (args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve) => {
    const child = execFile(
      '/usr/bin/env',
      ['-u', 'NODE_OPTIONS', process.execPath, '-r', require.resolve('@isaacs/ts-node-temp-fork-for-pr-2009/register/transpile-only'), join(root, 'cli', 'main.ts'), ...args],
      { cwd: root, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env } },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    )
  })

t.test('a database that refuses connections: exit 75, its code, nothing else', async (t) => {
  // Port 1 on loopback: nothing listens there.
  const r = await run(['ingest', 'fixtures/scenarios/repeat-missing.ndjson'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })
  t.equal(r.code, 75)
  t.equal(r.stderr, 'early-warning: the database is not available (ECONNREFUSED); nothing further was written; run the command again when it is\n')
})
