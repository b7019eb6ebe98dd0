/**
 * "Is this child already known?" by family name and date of birth finds
 * everyone born that day and compares the names in Node, exact but for
 * letter case (engine/facts/family-name): a name's case folds there the
 * same on PGlite and whatever the server's collation, which `lower()` in
 * SQL does not promise for letters beyond ASCII. So the index the lookup
 * needs is on the date of birth; the one on (family_name, date_of_birth),
 * which only an exact-case name could use, goes (one index less for every
 * child record written). A day's births are a handful of rows.
 *
 * Frozen in time: Kysely<any>, plain SQL.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX child_date_of_birth_idx ON child (date_of_birth)`.execute(db)
  await sql`DROP INDEX child_family_name_dob_idx`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX child_family_name_dob_idx ON child (family_name, date_of_birth)`.execute(db)
  await sql`DROP INDEX child_date_of_birth_idx`.execute(db)
}
