/**
 * Brings the schema up to date. Commands that need the database call this
 * first (SPEC §5); running it again is a no-op.
 */
import * as E from 'fp-ts/Either'
import { Migrator, sql, type Kysely, type MigrationProvider } from 'kysely'
import { MIGRATIONS } from './index'

export interface MigrationFailed {
  readonly _tag: 'MigrationFailed'
  /** The migration that failed, when one did (otherwise the migrator itself failed). */
  readonly migration: string | undefined
  /** SQLSTATE when the database refused, e.g. 42501 for a missing privilege. */
  readonly code: string | undefined
  readonly message: string
}

export interface MigrationReport {
  /** Migrations applied by this call, in order; empty when already up to date. */
  readonly applied: readonly string[]
}

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) }

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

export const migrateToLatest = async (db: Kysely<any>): Promise<E.Either<MigrationFailed, MigrationReport>> => {
  // Kysely looks for its bookkeeping tables in every schema unless told which
  // one: pin it to ours, or another schema's migrations would count as ours.
  const { rows } = await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(db)
  const schema = rows[0]?.schema ?? undefined
  if (schema === undefined || schema === null) {
    return E.left({ _tag: 'MigrationFailed', migration: undefined, code: undefined, message: 'no schema to migrate: the search_path names none that exists' })
  }
  const migrator = new Migrator({ db, provider, migrationTableSchema: schema })
  const { error, results = [] } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')
    // Schema errors name tables and columns, never row values, so the message can be shown.
    const message = error instanceof Error ? error.message : 'migration failed'
    return E.left({ _tag: 'MigrationFailed', migration: failed?.migrationName, code: codeOf(error), message })
  }
  return E.right({ applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) })
}
