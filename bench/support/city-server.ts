/**
 * What most load scripts start from: a generated city, ingested and scored
 * in a database of its own on the real PostgreSQL server, and the server
 * under test running over it as a child process, with the city's childIds at
 * hand for random lookups.
 */
import { londonDate } from '../../engine/time/london'
import { DEFAULT_ADMIN_URL, openBenchDatabase, type BenchDatabase } from './bench-database'
import { storeCity, type StoredCity } from './city'
import { startServerProcess, type ServerProcess, type ServerProcessOptions } from './server-process'

export interface CityServer {
  readonly database: BenchDatabase
  readonly city: StoredCity
  readonly server: ServerProcess
  readonly childIds: readonly string[]
  /** The city's reference date: today in London, the server's default as-of date. */
  readonly today: string
}

export interface CityServerOptions {
  readonly children: number
  readonly seed?: string
  /** Database name prefix (`ew_api`, `ew_fault`…). */
  readonly prefix: string
  readonly adminUrl?: string
  readonly server?: Omit<ServerProcessOptions, 'databaseUrl'>
  /** Told what is happening (on stderr), since a big city takes minutes. */
  readonly progress?: (message: string) => void
}

export const adminUrlFromEnv = (): string => process.env['DATABASE_URL'] || DEFAULT_ADMIN_URL

export const startCityServer = async (options: CityServerOptions): Promise<CityServer> => {
  const say = options.progress ?? ((m: string) => process.stderr.write(`${m}\n`))
  const today = londonDate(Date.now())
  const database = await openBenchDatabase(options.adminUrl ?? adminUrlFromEnv(), options.prefix)
  say(`storing a city of ${options.children} children as of ${today} in database ${database.name}…`)
  const city = await storeCity(database.db, { children: options.children, seed: options.seed ?? 'bench', referenceDate: today })
  say(`stored ${city.lines} lines: generated, decoded and ingested in ${city.generateAndIngestSeconds.toFixed(1)} s, score ${city.scoreSeconds.toFixed(1)} s; starting the server…`)
  const server = await startServerProcess({ databaseUrl: database.url, ...options.server })
  const rows = await database.query<{ child_id: string }>('SELECT child_id FROM child ORDER BY child_id')
  return { database, city, server, childIds: rows.map((r) => r.child_id), today }
}
