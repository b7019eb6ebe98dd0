/**
 * Every current child id, in childId order (code-point order: the column's
 * collation is "C"), a page at a time by keyset, so scoring the whole city
 * never holds the whole city.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../database/database'

export async function* streamChildIds(db: Kysely<Database>, pageSize: number): AsyncGenerator<readonly string[]> {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError('pageSize must be a positive whole number')
  let after: string | undefined
  for (;;) {
    let query = db.selectFrom('child').select('child_id').orderBy('child_id').limit(pageSize)
    if (after !== undefined) query = query.where('child_id', '>', after)
    const page = (await query.execute()).map((r) => r.child_id)
    if (page.length === 0) return
    yield page
    if (page.length < pageSize) return
    after = page[page.length - 1]
  }
}
