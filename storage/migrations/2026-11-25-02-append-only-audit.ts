/**
 * The application cannot alter or erase the audit log (DPA 2018 s62; ICO:
 * users cannot alter logs). UPDATE, DELETE and TRUNCATE on audit_event raise,
 * whoever the role. Only the retention job may delete rows past their period:
 * it says so for its own transaction with
 * `SET LOCAL early_warning.audit_retention = 'on'`, and still cannot update.
 * Frozen in time: Kysely<any>, plain SQL.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('early_warning.audit_retention', true) = 'on' THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
    END
    $$
  `.execute(db)
  await sql`
    CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
  `.execute(db)
  await sql`
    CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER audit_event_no_truncate ON audit_event`.execute(db)
  await sql`DROP TRIGGER audit_event_no_update_or_delete ON audit_event`.execute(db)
  await sql`DROP FUNCTION audit_event_append_only()`.execute(db)
}
