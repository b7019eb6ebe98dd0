import { parseArgs } from 'node:util'
import { generateCity } from '../../fixtures/city/generate-city'
import { dateOption } from '../as-of'
import { UsageError } from '../cli-io'
import type { Command } from '../command'
import { progress } from '../progress'
import { writeAll } from '../write-all'

const help = `Usage: early-warning fixtures generate --children N --seed S [--reference-date YYYY-MM-DD]

Writes a synthetic city as NDJSON facts (SPEC §2) to stdout: child records with
valid test identifiers, every fact kind, corrections, withdrawals and a few
unmatched facts. The same seed and reference date give the same bytes.

  --children N          how many children (1 to 10,000,000)
  --seed S              any string; the same seed gives the same city
  --reference-date D    the "today" of the city (default: today in Europe/London)`

export const fixturesGenerate: Command = {
  words: ['fixtures', 'generate'],
  summary: 'write a seeded synthetic city as NDJSON',
  help,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      options: { children: { type: 'string' }, seed: { type: 'string' }, 'reference-date': { type: 'string' } },
    })
    const children = Number(values.children)
    if (values.children === undefined || !Number.isSafeInteger(children) || children < 1 || children > 10_000_000)
      throw new UsageError('--children must be a whole number from 1 to 10,000,000')
    if (values.seed === undefined || values.seed === '') throw new UsageError('--seed is required')
    const referenceDate = dateOption('reference-date', values['reference-date']) ?? io.today()
    const shown = progress(io.stderr, 'lines written')
    await writeAll(io.stdout, generateCity({ children, seed: values.seed, referenceDate }), () => shown.tick())
    shown.done()
    return 0
  },
}
