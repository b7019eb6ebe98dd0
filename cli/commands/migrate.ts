import { parseArgs } from 'node:util'
import { writeLine } from '../cli-io'
import type { Command } from '../command'
import { withStore } from '../open-store'

const help = `Usage: early-warning migrate

Creates or migrates the database: PostgreSQL when DATABASE_URL is set,
otherwise the embedded database in EW_DATA_DIR (default ./.data). Other
commands that need the database migrate it first too.`

export const migrate: Command = {
  words: ['migrate'],
  summary: 'create or migrate the database',
  help,
  async run(args, io) {
    parseArgs({ args: [...args], strict: true, options: {} })
    return withStore(io, async ({ store, migrations }) => {
      writeLine(io.stdout, `database (${store.engine}) is at the latest schema; ${migrations.applied.length} migration(s) applied now`)
      for (const name of migrations.applied) writeLine(io.stdout, `  applied ${name}`)
      return 0
    })
  },
}
