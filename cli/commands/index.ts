import type { Command } from '../command'
import { demo } from './demo'
import { evaluate } from './evaluate'
import { fixturesGenerate } from './fixtures-generate'
import { rulesCheck } from './rules-check'

/** Every subcommand, in the order `--help` lists them. */
export const commands: readonly Command[] = [evaluate, rulesCheck, fixturesGenerate, demo]
