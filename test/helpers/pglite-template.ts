/**
 * Starting PGlite in memory runs initdb, about four seconds of a test file's
 * time on a 2-core VM; starting from a dump of the data directory initdb made
 * takes under one. The first file to start one keeps its pristine data
 * directory under node_modules/.cache (so `npm ci` starts afresh), keyed by
 * PGlite's version; later files start from it. A dump that is not a tar or
 * does not load is ignored: the file runs initdb as before, and keeps anew.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { createPglite } from '../../storage/database/open-database'

const pgliteVersion = (): string => {
  const main = require.resolve('@electric-sql/pglite')
  const manifest = JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')) as { version?: unknown }
  return typeof manifest.version === 'string' ? manifest.version : 'unknown'
}

const templatePath = (): string =>
  join(process.cwd(), 'node_modules', '.cache', 'early-warning-tests', `pglite-${pgliteVersion()}-initdb.tar`)

/**
 * The kept dump, if it starts as a tar does: PGlite fails some other
 * contents only after start-up, as an uncaught error that would end the file.
 */
const readTemplate = async (path: string): Promise<Blob | undefined> => {
  try {
    const bytes = await readFile(path)
    return bytes.subarray(257, 262).toString('latin1') === 'ustar' ? new Blob([bytes]) : undefined
  } catch {
    return undefined
  }
}

/** Writes the dump beside its place, then moves it there: a file reading it sees all of it or none. */
const keepTemplate = async (session: PGlite, path: string): Promise<void> => {
  const dump = await session.dumpDataDir('none')
  await mkdir(dirname(path), { recursive: true })
  const partial = `${path}.${process.pid}.partial`
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()))
  await rename(partial, path)
}

/** A fresh PGlite in `dataDir`, from the kept initdb when there is one. */
const startFromTemplate = async (dataDir: string): Promise<PGlite> => {
  const path = templatePath()
  const template = await readTemplate(path)
  if (template !== undefined) {
    try {
      return await createPglite(dataDir, template)
    } catch {
      // A damaged or foreign dump: initdb as if there were none, and replace it.
    }
  }
  const session = await createPglite(dataDir)
  await keepTemplate(session, path).catch(() => undefined)
  return session
}

/** A fresh in-memory PGlite, from the kept initdb when there is one. */
export const startTestPglite = (): Promise<PGlite> => startFromTemplate('memory://')

/**
 * Fills an empty folder with a data directory as initdb leaves it, from the
 * kept initdb, for a command line that opens the folder itself: a folder
 * with no data directory would make it run initdb.
 */
export const prepareDataDir = async (dataDir: string): Promise<void> => {
  const session = await startFromTemplate(dataDir)
  await session.close()
}
