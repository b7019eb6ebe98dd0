/**
 * A kysely dialect over embedded PGlite (SPEC §7: no server needed).
 *
 * PGlite is one PostgreSQL session in this process, so the driver hands out
 * its single connection to one holder at a time: a transaction keeps it from
 * `begin` to `commit`, and queries from elsewhere wait instead of slipping
 * into someone else's transaction. SQL generation and the adapter are
 * kysely's own PostgreSQL ones; introspection is ./schema-scoped-introspector.
 */
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import { asPgliteCopy } from './copy-from-stdin'
import { SchemaScopedIntrospector } from './schema-scoped-introspector'

/** The part of PGlite this dialect uses. */
export interface PgliteSession {
  /** `blob`: the rows a `COPY … FROM '/dev/blob'` reads. */
  query<R>(sql: string, params?: unknown[], options?: { readonly blob?: Blob }): Promise<{ rows: R[]; affectedRows?: number }>
  close(): Promise<void>
}

export interface PgliteDialectConfig {
  readonly session: PgliteSession
  /** Every connection hand-out sets this search_path first (several Kysely instances may share one session). */
  readonly schema?: string
  /** Close the session when the Kysely instance is destroyed (false when the session is shared). */
  readonly closeOnDestroy: boolean
}

/** First come, first served: `acquire` resolves with the function that releases. */
class Turnstile {
  private tail: Promise<void> = Promise.resolve()

  acquire(): Promise<() => void> {
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const ready = this.tail.then(() => release)
    this.tail = this.tail.then(() => held)
    return ready
  }
}

const MUTATIONS = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode'])

class PgliteConnection implements DatabaseConnection {
  constructor(private readonly session: PgliteSession) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const copy = asPgliteCopy(compiled.sql)
    if (copy !== undefined) {
      await this.session.query(copy, [], { blob: new Blob([...(compiled.parameters[0] as readonly string[])]) })
      return { rows: [] }
    }
    const result = await this.session.query<R>(compiled.sql, [...compiled.parameters])
    const affected = result.affectedRows ?? 0
    const counts = MUTATIONS.has(compiled.query.kind) || affected > 0
    return counts ? { rows: result.rows, numAffectedRows: BigInt(affected) } : { rows: result.rows }
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    // PGlite has no cursors over its query API: read once, hand out in chunks.
    const { rows } = await this.executeQuery<R>(compiled)
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) }
  }
}

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`

class PgliteDriver implements Driver {
  private readonly turnstile = new Turnstile()
  private readonly connection: PgliteConnection
  private release: (() => void) | undefined

  constructor(private readonly config: PgliteDialectConfig) {
    this.connection = new PgliteConnection(config.session)
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    this.release = await this.turnstile.acquire()
    if (this.config.schema !== undefined) {
      try {
        await this.config.session.query(`SET search_path TO ${quoteIdentifier(this.config.schema)}`)
      } catch (error) {
        this.releaseTurn()
        throw error
      }
    }
    return this.connection
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const parts = ['start transaction']
    if (settings.isolationLevel !== undefined) parts.push(`isolation level ${settings.isolationLevel}`)
    if (settings.accessMode !== undefined) parts.push(settings.accessMode)
    await connection.executeQuery(CompiledQuery.raw(parts.join(' ')))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`))
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(name)}`))
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdentifier(name)}`))
  }

  async releaseConnection(): Promise<void> {
    this.releaseTurn()
  }

  async destroy(): Promise<void> {
    if (this.config.closeOnDestroy) await this.config.session.close()
  }

  private releaseTurn(): void {
    const release = this.release
    this.release = undefined
    release?.()
  }
}

export class PgliteDialect implements Dialect {
  constructor(private readonly config: PgliteDialectConfig) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter()
  }

  createDriver(): Driver {
    return new PgliteDriver(this.config)
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SchemaScopedIntrospector(db)
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler()
  }
}
