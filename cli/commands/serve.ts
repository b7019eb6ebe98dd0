import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { startServer } from '../../api/server'
import { formatConfigProblem, readConfig } from '../../config/config'
import { writeLine } from '../cli-io'
import type { Command } from '../command'

const help = `Usage: early-warning serve

Starts the HTTP API (SPEC §6) on HOST:PORT (default 127.0.0.1:3000) over the
configured database. Needs EW_JWT_SECRET and EW_PSEUDONYM_KEY (each at least
32 bytes); refuses to start without them. Stops gracefully on SIGTERM/SIGINT,
letting requests in flight finish.`

export const serve: Command = {
  words: ['serve'],
  summary: 'start the HTTP API',
  help,
  async run(args, io) {
    parseArgs({ args: [...args], strict: true, options: {} })
    const config = readConfig(io.env)
    if (E.isLeft(config)) {
      for (const p of config.left) writeLine(io.stderr, formatConfigProblem(p))
      return 1
    }
    const started = await startServer(config.right)
    if (E.isLeft(started)) {
      for (const line of started.left) writeLine(io.stderr, line)
      return 1
    }
    writeLine(io.stderr, `serving on ${started.right.url} (OpenAPI at ${started.right.url}/docs)`)
    // The server keeps the process alive; close-with-grace ends it on a signal.
    return 0
  },
}
