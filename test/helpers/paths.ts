/**
 * Where a test finds things. Tests run compiled (`npm test` builds the whole
 * tree, tests included, into dist-test/ first), so a test's __dirname is in
 * that tree, not beside its source.
 */
import { join } from 'node:path'
import { projectRoot } from '../../bench/support/server-process'

/** The project's folder: its sources, rules, fixtures and package.json. */
export const PROJECT_ROOT = projectRoot()

/** The command line compiled with the tests running now: a child process runs it without any loader. */
export const COMPILED_CLI = join(__dirname, '..', '..', 'cli', 'main.js')
