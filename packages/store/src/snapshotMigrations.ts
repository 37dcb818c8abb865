import type { Migration } from './migrate.js';

/**
 * Tables of the run snapshots (`snapshots.ts`) and of the fiscal opening balances. Snapshot rows follow their run:
 * replaced while it is being (re)calculated, frozen once it is approved (the statements' guard); opening balances
 * are append-only.
 */
export const SNAPSHOT_MIGRATIONS: readonly Migration[] = [
  {
    id: 'snapshot/001_run_snapshots_fiscal_openings',
    sql: `
CREATE TABLE provvigo_run_snapshots (
  run_id    text PRIMARY KEY REFERENCES provvigo_runs (id),
  snapshot  jsonb NOT NULL
);
CREATE TABLE provvigo_partner_snapshots (
  run_id      text NOT NULL REFERENCES provvigo_runs (id),
  partner_id  text NOT NULL,
  facts       jsonb NOT NULL,
  fiscal      jsonb,
  ytd_before  jsonb,
  -- the fiscal result's net to pay, for SQL sums; null without fiscal items
  net_to_pay  numeric,
  PRIMARY KEY (run_id, partner_id)
);
CREATE TRIGGER provvigo_run_snapshots_guard BEFORE UPDATE OR DELETE ON provvigo_run_snapshots
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_run_snapshots_no_truncate BEFORE TRUNCATE ON provvigo_run_snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_partner_snapshots_guard BEFORE UPDATE OR DELETE ON provvigo_partner_snapshots
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_partner_snapshots_no_truncate BEFORE TRUNCATE ON provvigo_partner_snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_guard_run_child();

CREATE TABLE provvigo_fiscal_openings (
  partner_id   text NOT NULL,
  year         integer NOT NULL,
  state        jsonb NOT NULL,
  source       text NOT NULL,
  imported_by  text NOT NULL,
  imported_at  text NOT NULL,
  PRIMARY KEY (partner_id, year)
);
CREATE TRIGGER provvigo_fiscal_openings_append_only BEFORE UPDATE OR DELETE ON provvigo_fiscal_openings
  FOR EACH ROW EXECUTE FUNCTION provvigo_refuse_change();
CREATE TRIGGER provvigo_fiscal_openings_no_truncate BEFORE TRUNCATE ON provvigo_fiscal_openings
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_refuse_change();
`,
  },
  {
    // Explicit fiscal settlements (Enasarco quarter, FIRR year) recorded by `provvigo fiscal settle-quarter|settle-year`:
    // append-only, one per partner and quarter/year; the year to date carries them from their quarter's end.
    id: 'snapshot/002_fiscal_settlements',
    sql: `
CREATE TABLE provvigo_fiscal_settlements (
  partner_id  text NOT NULL,
  settles     text NOT NULL,
  year        integer NOT NULL,
  as_of       text NOT NULL,
  ytd_after   jsonb NOT NULL,
  items       jsonb NOT NULL,
  settled_by  text NOT NULL,
  settled_at  text NOT NULL,
  PRIMARY KEY (partner_id, settles)
);
CREATE TRIGGER provvigo_fiscal_settlements_append_only BEFORE UPDATE OR DELETE ON provvigo_fiscal_settlements
  FOR EACH ROW EXECUTE FUNCTION provvigo_refuse_change();
CREATE TRIGGER provvigo_fiscal_settlements_no_truncate BEFORE TRUNCATE ON provvigo_fiscal_settlements
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_refuse_change();
`,
  },
  {
    // like statements and traces: no snapshot row is added to a run once it is approved
    id: 'snapshot/003_frozen_snapshot_inserts',
    sql: `
CREATE TRIGGER provvigo_run_snapshots_frozen_insert BEFORE INSERT ON provvigo_run_snapshots
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_partner_snapshots_frozen_insert BEFORE INSERT ON provvigo_partner_snapshots
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
`,
  },
];
