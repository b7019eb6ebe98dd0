/**
 * Statements prepared once per connection. Each statement kysely sends over
 * pg is parsed and planned again, and for the hot reads of a child lookup
 * planning is most of the server's work (measured with pgbench on the facts
 * of one child: 0.37 ms a call unprepared, 0.10 ms prepared). A statement
 * whose text starts with `PREPARED` is sent as a named prepared statement,
 * named by a hash of its text, so the server plans it once per connection
 * (after five calls PostgreSQL keeps a generic plan when it is no worse).
 *
 * Opt-in, not every statement: a text that varies with its input (a
 * multi-row insert, a list of values spelled out) would leave one prepared
 * statement per variant on every connection. Only a fixed text, with every
 * value a bound parameter, should carry the mark. On PGlite the mark is an
 * ordinary comment.
 */
import { createHash } from 'node:crypto'
import { sql, type RawBuilder } from 'kysely'
import type { Client } from 'pg'

/** The text a statement starts with to be prepared. */
export const PREPARE_MARK = '/* ew:prepared */ '

/** Put first in a `sql` template: `sql\`${PREPARED}SELECT …\``. */
export const PREPARED: RawBuilder<unknown> = sql.raw(PREPARE_MARK)

/** The statement's name on the server: the same text always gets the same name. */
export const preparedName = (text: string): string => `ew_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown

/**
 * Makes a pooled client send marked statements as named ones (pg keeps the
 * names each connection has prepared and parses each only once there).
 */
export const prepareMarkedStatements = (client: Client): void => {
  const query = client.query.bind(client) as Query
  const preparing: Query = (config, values, callback) =>
    typeof config === 'string' && config.startsWith(PREPARE_MARK)
      ? query({ name: preparedName(config), text: config, values }, undefined, callback)
      : query(config, values, callback)
  ;(client as unknown as { query: Query }).query = preparing
}
