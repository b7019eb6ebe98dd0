/** Moves a test's schema up or down to the named migration, as the app's migrator would. */
import { Migrator, sql, type Kysely } from 'kysely'
import { MIGRATIONS } from '../../../storage/migrations/index'

export const migrateTo = async (db: Kysely<any>, name: string): Promise<void> => {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db)
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    migrationTableSchema: rows[0]?.schema ?? '',
  })
  const { error } = await migrator.migrateTo(name)
  if (error !== undefined) throw error
}
