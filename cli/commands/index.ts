import type { Command } from '../command'
import { cohort } from './cohort'
import { demo } from './demo'
import { evaluate } from './evaluate'
import { fixturesGenerate } from './fixtures-generate'
import { flags } from './flags'
import { ingest } from './ingest'
import { migrate } from './migrate'
import { retention } from './retention'
import { rulesCheck } from './rules-check'
import { score } from './score'
import { serve } from './serve'
import { token } from './token'

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly Command[] = [evaluate, ingest, score, flags, cohort, migrate, retention, rulesCheck, fixturesGenerate, token, serve, demo]
