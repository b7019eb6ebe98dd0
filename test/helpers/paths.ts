/**
 * Where a test finds things. Tests run compiled (`npm test` builds the whole
 * tree, tests included, into dist-test/ first), so a test's __dirname is in
 * that tree, not beside its source.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

const nearestWithPackageJson = (from: string): string => {
  let dir = from
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`no package.json above ${from}`)
    dir = parent
  }
  return dir
}

/** The project's folder: its sources, rules, fixtures and package.json. */
export const PROJECT_ROOT = nearestWithPackageJson(__dirname)

/** The command line compiled with the tests running now: a child process runs it without any loader. */
export const COMPILED_CLI = join(__dirname, '..', '..', 'cli', 'main.js')
