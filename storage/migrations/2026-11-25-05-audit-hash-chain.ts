/**
 * A hash chain over the audit log (RELIABILITY L4; ICO: users cannot alter
 * logs; ASVS 16.4.2). Each row carries `chain_seq`, its place in the chain,
 * and `chain_hash`, the sha256 of the previous row's hash and this row's
 * content, both set by a BEFORE INSERT trigger whatever the writer sends. A
 * row altered afterwards (by someone able to get past the append-only
 * trigger of migration 02) no longer matches its hash; a row removed leaves
 * a gap in `chain_seq`. `storage/audit/verify-audit-chain.ts` checks both.
 *
 * Writers are serialised by a transaction-level advisory lock per schema, so
 * the previous row is always the last committed one: audit rows are written
 * one per autocommit statement, so the lock is held for one insert. A writer
 * in a REPEATABLE READ transaction could not see a row committed after its
 * snapshot; the unique index on `chain_seq` then refuses its insert rather
 * than letting the chain fork.
 *
 * sha256() is built into PostgreSQL 11+ (and PGlite), so no extension is
 * needed. Rows written before this migration are chained here, in id order.
 * Frozen in time: Kysely<any>, plain SQL.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE audit_event ADD COLUMN chain_seq bigint, ADD COLUMN chain_hash text`.execute(db)

  // One canonical text per row: a JSON array of the previous hash and every
  // column, the instant written in UTC with microseconds, so the hash does
  // not depend on the session's TimeZone or DateStyle.
  await sql`
    CREATE FUNCTION audit_event_link_hash(
      prev_hash text, chain_seq bigint, id bigint, at timestamptz, sub text, role text, route text,
      child_ids text[], outcome text, purpose text, request_id text
    ) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT encode(sha256(convert_to(jsonb_build_array(
        prev_hash, chain_seq, id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        sub, role, route, child_ids, outcome, purpose, request_id
      )::text, 'UTF8')), 'hex')
    $$
  `.execute(db)

  await sql`
    CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      prev record;
    BEGIN
      -- One writer per schema at a time, until its transaction ends.
      PERFORM pg_advisory_xact_lock(7350003, hashtext(TG_TABLE_SCHEMA));
      SELECT e.chain_seq, e.chain_hash INTO prev FROM audit_event e ORDER BY e.chain_seq DESC LIMIT 1;
      NEW.chain_seq := coalesce(prev.chain_seq, 0) + 1;
      NEW.chain_hash := audit_event_link_hash(prev.chain_hash, NEW.chain_seq, NEW.id, NEW.at, NEW.sub, NEW.role,
        NEW.route, NEW.child_ids, NEW.outcome, NEW.purpose, NEW.request_id);
      RETURN NEW;
    END
    $$
  `.execute(db)

  // Chain the rows already there, oldest first (the append-only trigger is
  // off for this transaction only: the migration runs in one).
  await sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete`.execute(db)
  await sql`
    DO $$
    DECLARE
      r record;
      seq bigint := 0;
      hash text := NULL;
    BEGIN
      FOR r IN SELECT * FROM audit_event ORDER BY id LOOP
        seq := seq + 1;
        hash := audit_event_link_hash(hash, seq, r.id, r.at, r.sub, r.role, r.route, r.child_ids, r.outcome, r.purpose, r.request_id);
        UPDATE audit_event SET chain_seq = seq, chain_hash = hash WHERE id = r.id;
      END LOOP;
    END
    $$
  `.execute(db)
  await sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_or_delete`.execute(db)

  await sql`ALTER TABLE audit_event ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN chain_hash SET NOT NULL`.execute(db)
  await sql`CREATE UNIQUE INDEX audit_event_chain_seq_idx ON audit_event (chain_seq)`.execute(db)
  await sql`
    CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_chain()
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER audit_event_chain ON audit_event`.execute(db)
  await sql`DROP FUNCTION audit_event_chain()`.execute(db)
  await sql`DROP INDEX audit_event_chain_seq_idx`.execute(db)
  await sql`ALTER TABLE audit_event DROP COLUMN chain_hash, DROP COLUMN chain_seq`.execute(db)
  await sql`DROP FUNCTION audit_event_link_hash(text, bigint, bigint, timestamptz, text, text, text, text[], text, text, text)`.execute(db)
}
