/**
 * What Kysely's migrator asks of the database: which schemas exist and which
 * tables the migration schema holds. Kysely's PostgreSQL introspector lists
 * every table of every schema and calls `has_schema_privilege` and
 * `pg_get_serial_sequence` with each schema's name: a schema another session
 * drops between its catalog scan and those calls fails the whole query
 * ("schema … does not exist"; seen when test files ran three at a time, each
 * test dropping its own schema, and reproduced by churning a schema of 15
 * tables beside 300 calls: 28 failed). This one reads the catalogs by oid,
 * for the current schema only (the one `migrateToLatest` pins the migrator
 * to), so other schemas coming and going cannot fail it.
 */
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, sql } from 'kysely'
import type {
  DatabaseIntrospector,
  DatabaseMetadata,
  DatabaseMetadataOptions,
  Kysely,
  SchemaMetadata,
  TableMetadata,
} from 'kysely'

interface ColumnRow {
  readonly table: string
  readonly table_kind: string
  readonly schema: string
  readonly column: string
  readonly type: string
  readonly type_schema: string
  readonly not_null: boolean
  readonly has_default: boolean
  readonly auto_incrementing: boolean
  readonly comment: string | null
}

const KYSELY_TABLES: readonly string[] = [DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]

/** Rows in table order, then column order: one table per run of rows. */
const tablesOf = (rows: readonly ColumnRow[]): TableMetadata[] => {
  const tables: TableMetadata[] = []
  let current: TableMetadata | undefined
  for (const row of rows) {
    if (current?.name !== row.table) {
      current = { name: row.table, isView: row.table_kind === 'v', schema: row.schema, columns: [] }
      tables.push(current)
    }
    current.columns.push({
      name: row.column,
      dataType: row.type,
      dataTypeSchema: row.type_schema,
      isNullable: !row.not_null,
      hasDefaultValue: row.has_default,
      isAutoIncrementing: row.auto_incrementing,
      comment: row.comment ?? undefined,
    })
  }
  return tables
}

export class SchemaScopedIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<any>

  constructor(db: Kysely<any>) {
    this.#db = db
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`SELECT nspname AS name FROM pg_catalog.pg_namespace`.execute(this.#db)
    return rows.map((r) => ({ name: r.name }))
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      SELECT c.relname AS table, c.relkind AS table_kind, ns.nspname AS schema,
             a.attname AS column, typ.typname AS type, tns.nspname AS type_schema,
             a.attnotnull AS not_null, a.atthasdef AS has_default,
             (a.attidentity <> '' OR COALESCE(pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false)) AS auto_incrementing,
             pg_catalog.col_description(c.oid, a.attnum) AS comment
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace ns ON ns.oid = c.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_catalog.pg_type typ ON typ.oid = a.atttypid
      JOIN pg_catalog.pg_namespace tns ON tns.oid = typ.typnamespace
      LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE ns.nspname = current_schema() AND c.relkind IN ('r', 'v', 'p')
      ORDER BY c.relname, a.attnum
    `.execute(this.#db)
    const tables = tablesOf(rows)
    return options.withInternalKyselyTables ? tables : tables.filter((t) => !KYSELY_TABLES.includes(t.name))
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) }
  }
}
