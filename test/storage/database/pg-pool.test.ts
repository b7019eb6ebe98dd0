/**
 * The pool keeps `keepOpen` connections through any quiet spell (the server
 * keeps two, so a lookup after one opens none) and closes the others after
 * the idle timeout, as RELIABILITY §5 asks.
 */
import t from 'tap'
import { createPgPool } from '../../../storage/database/pg-pool'
import { testDatabaseUrl } from '../../helpers/database'

const url = testDatabaseUrl()
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Opens three connections at once, gives them back, and counts what is left after the idle timeout (50 ms). */
const leftAfterQuiet = async (keepOpen: number | undefined): Promise<{ total: number; idle: number }> => {
  const pool = createPgPool({
    connectionString: url ?? '',
    onPoolError: () => undefined,
    idleTimeoutMillis: 50,
    ...(keepOpen === undefined ? {} : { keepOpen }),
  })
  try {
    const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()])
    for (const client of clients) client.release()
    await sleep(400)
    return { total: pool.totalCount, idle: pool.idleCount }
  } finally {
    await pool.end()
  }
}

t.test('connections above keepOpen close when idle; keepOpen of them stay', { skip: url === undefined ? 'PGlite has no pool' : false }, async (t) => {
  t.same(await leftAfterQuiet(undefined), { total: 0, idle: 0 }, 'by default every idle connection closes')
  t.same(await leftAfterQuiet(2), { total: 2, idle: 2 }, 'two stay open, idle')
})
