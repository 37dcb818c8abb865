import type { Migration } from './migrate.js';
import { SNAPSHOT_MIGRATIONS } from './snapshotMigrations.js';

/**
 * The store's own tables. Documents (run records, statements, traces, ledger and audit entries) are kept whole as
 * JSONB, validated by core's zod schemas on the way in and out; the columns next to them are the ones SQL needs to
 * filter, lock, sum and enforce. Same SQL on PGlite and PostgreSQL.
 */
export const STORE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'store/001_runs_ledger_audit',
    sql: `
CREATE FUNCTION provvigo_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'provvigo: % is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END $$;

CREATE TABLE provvigo_periods (
  id          text PRIMARY KEY,
  start_date  text NOT NULL,
  end_date    text NOT NULL,
  state       text NOT NULL CHECK (state IN ('open', 'closed')),
  opened_by   text NOT NULL,
  opened_at   text NOT NULL,
  closed_by   text,
  closed_at   text
);

CREATE TABLE provvigo_runs (
  id           text PRIMARY KEY,
  period_id    text NOT NULL REFERENCES provvigo_periods (id),
  seq          integer NOT NULL,
  kind         text NOT NULL DEFAULT 'period',
  state        text NOT NULL,
  input_hash   text,
  output_hash  text,
  -- ledger position the run was calculated against: approval refuses when the ledger moved since
  ledger_seq   integer NOT NULL,
  record       jsonb NOT NULL,
  -- RunResult without statements: plans, counts, issues, totals, hashes

  summary      jsonb NOT NULL,
  UNIQUE (period_id, seq)
);

-- per run and partner: the evaluated statement (core Statement, lines without traces) and the period statement
-- (PeriodStatement without lines: they are the evaluated lines); either may be null
CREATE TABLE provvigo_statements (
  run_id      text NOT NULL REFERENCES provvigo_runs (id),
  partner_id  text NOT NULL,
  currency    text NOT NULL,
  payable     numeric,
  blocked     boolean NOT NULL,
  evaluated   jsonb,
  statement   jsonb,
  PRIMARY KEY (run_id, partner_id)
);

CREATE TABLE provvigo_traces (
  run_id      text NOT NULL REFERENCES provvigo_runs (id),
  line_id     text NOT NULL,
  partner_id  text NOT NULL,
  trace       jsonb NOT NULL,
  PRIMARY KEY (run_id, partner_id, line_id)
);

-- ledger entries the run would append on approval, computed at calculation time
CREATE TABLE provvigo_proposed_entries (
  run_id   text NOT NULL REFERENCES provvigo_runs (id),
  ord      integer NOT NULL,
  entry    jsonb NOT NULL,
  PRIMARY KEY (run_id, ord)
);

CREATE TABLE provvigo_ledger (
  seq         integer PRIMARY KEY,
  id          text NOT NULL UNIQUE,
  run_id      text NOT NULL REFERENCES provvigo_runs (id),
  period_id   text NOT NULL,
  partner_id  text NOT NULL,
  kind        text NOT NULL,
  amount      numeric NOT NULL,
  entry       jsonb NOT NULL
);
CREATE INDEX provvigo_ledger_partner ON provvigo_ledger (partner_id, seq);

CREATE TABLE provvigo_audit (
  seq        integer PRIMARY KEY CHECK (seq > 0),
  hash       text NOT NULL UNIQUE,
  prev_hash  text NOT NULL,
  action     text NOT NULL,
  actor      text NOT NULL,
  run_id     text,
  entry      jsonb NOT NULL
);

-- a run's statements, traces and proposed entries can be replaced while it is being (re)calculated, never after
CREATE FUNCTION provvigo_guard_run_child() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  run_state text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'provvigo: % cannot be truncated', TG_TABLE_NAME USING ERRCODE = 'P0001';
  END IF;
  SELECT state INTO run_state FROM provvigo_runs WHERE id = OLD.run_id;
  IF TG_OP = 'UPDATE' OR run_state IN ('approved', 'invoiced', 'posted') THEN
    RAISE EXCEPTION 'provvigo: % of run % cannot change (%, run %)', TG_TABLE_NAME, OLD.run_id, TG_OP, run_state
      USING ERRCODE = 'P0001';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER provvigo_statements_guard BEFORE UPDATE OR DELETE ON provvigo_statements
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_statements_no_truncate BEFORE TRUNCATE ON provvigo_statements
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_traces_guard BEFORE UPDATE OR DELETE ON provvigo_traces
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_traces_no_truncate BEFORE TRUNCATE ON provvigo_traces
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_proposed_guard BEFORE UPDATE OR DELETE ON provvigo_proposed_entries
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_proposed_no_truncate BEFORE TRUNCATE ON provvigo_proposed_entries
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_ledger_append_only BEFORE UPDATE OR DELETE ON provvigo_ledger
  FOR EACH ROW EXECUTE FUNCTION provvigo_refuse_change();
CREATE TRIGGER provvigo_ledger_no_truncate BEFORE TRUNCATE ON provvigo_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_refuse_change();
CREATE TRIGGER provvigo_audit_append_only BEFORE UPDATE OR DELETE ON provvigo_audit
  FOR EACH ROW EXECUTE FUNCTION provvigo_refuse_change();
CREATE TRIGGER provvigo_audit_no_truncate BEFORE TRUNCATE ON provvigo_audit
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_refuse_change();

-- an approved (or later) run is frozen: only the forward state moves are allowed, and its document never changes
CREATE FUNCTION provvigo_guard_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'provvigo: runs are never deleted (run %)', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF OLD.state IN ('approved', 'invoiced', 'posted')
     AND (NEW.input_hash IS DISTINCT FROM OLD.input_hash OR NEW.output_hash IS DISTINCT FROM OLD.output_hash
          OR NEW.period_id <> OLD.period_id OR NEW.ledger_seq <> OLD.ledger_seq OR NEW.summary <> OLD.summary
          OR NEW.state NOT IN ('approved', 'invoiced', 'posted')) THEN
    RAISE EXCEPTION 'provvigo: run % is % and immutable', OLD.id, OLD.state USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER provvigo_runs_guard BEFORE UPDATE OR DELETE ON provvigo_runs
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run();
`,
  },
  {
    id: 'store/002_plan_versions',
    sql: `
-- immutable plan versions: the content and its SHA-256 (canonical JSON), never updated
CREATE TABLE provvigo_plan_versions (
  plan_id         text NOT NULL,
  version         integer NOT NULL CHECK (version > 0),
  hash            text NOT NULL,
  effective_from  text NOT NULL,
  effective_to    text,
  plan            jsonb NOT NULL,
  saved_by        text NOT NULL,
  saved_at        text NOT NULL,
  PRIMARY KEY (plan_id, version),
  UNIQUE (plan_id, version, hash)
);

-- the exact versions (id, version, hash) a run evaluated; the foreign key keeps a pinned version from disappearing
CREATE TABLE provvigo_run_plans (
  run_id    text NOT NULL REFERENCES provvigo_runs (id),
  plan_id   text NOT NULL,
  version   integer NOT NULL,
  hash      text NOT NULL,
  PRIMARY KEY (run_id, plan_id),
  FOREIGN KEY (plan_id, version, hash) REFERENCES provvigo_plan_versions (plan_id, version, hash)
);

CREATE FUNCTION provvigo_guard_plan_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'provvigo: plan versions cannot be truncated' USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'provvigo: plan % version % is immutable: save a new version', OLD.plan_id, OLD.version USING ERRCODE = 'P0001';
  END IF;
  IF EXISTS (SELECT 1 FROM provvigo_run_plans WHERE plan_id = OLD.plan_id AND version = OLD.version) THEN
    RAISE EXCEPTION 'provvigo: plan % version % is used by a run and cannot be deleted', OLD.plan_id, OLD.version USING ERRCODE = 'P0001';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER provvigo_plan_versions_guard BEFORE UPDATE OR DELETE ON provvigo_plan_versions
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_plan_version();
CREATE TRIGGER provvigo_plan_versions_no_truncate BEFORE TRUNCATE ON provvigo_plan_versions
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_guard_plan_version();
CREATE TRIGGER provvigo_run_plans_guard BEFORE UPDATE OR DELETE ON provvigo_run_plans
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_run_plans_no_truncate BEFORE TRUNCATE ON provvigo_run_plans
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_guard_run_child();
`,
  },
  {
    id: 'store/003_tamper_evident',
    sql: `
-- The audit log's head (last seq and hash), kept in the same transaction as every append: a log whose tail was cut
-- off no longer ends at the recorded head. Print it (provvigo audit verify) to anchor it outside the database too.
CREATE TABLE provvigo_audit_head (
  id    boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq   integer NOT NULL,
  hash  text NOT NULL
);
INSERT INTO provvigo_audit_head (id, seq, hash)
  SELECT true, seq, hash FROM provvigo_audit ORDER BY seq DESC LIMIT 1;

CREATE FUNCTION provvigo_audit_move_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO provvigo_audit_head (id, seq, hash) VALUES (true, NEW.seq, NEW.hash)
    ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash;
  RETURN NEW;
END $$;
CREATE TRIGGER provvigo_audit_head_follows AFTER INSERT ON provvigo_audit
  FOR EACH ROW EXECUTE FUNCTION provvigo_audit_move_head();

-- the head only moves forward, to an entry that exists
CREATE FUNCTION provvigo_guard_audit_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR NEW.seq <= OLD.seq
     OR NOT EXISTS (SELECT 1 FROM provvigo_audit WHERE seq = NEW.seq AND hash = NEW.hash) THEN
    RAISE EXCEPTION 'provvigo: the audit head only moves forward with the log (% refused)', TG_OP USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER provvigo_audit_head_guard BEFORE UPDATE OR DELETE ON provvigo_audit_head
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_audit_head();
CREATE TRIGGER provvigo_audit_head_no_truncate BEFORE TRUNCATE ON provvigo_audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_refuse_change();

-- Periods: never deleted; an open period may only be closed (its dates and opener unchanged); a closed one is frozen.
CREATE FUNCTION provvigo_guard_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'provvigo: periods are never deleted (% refused)', TG_OP USING ERRCODE = 'P0001';
  END IF;
  IF OLD.state = 'closed' OR NEW.state <> 'closed' OR NEW.closed_by IS NULL OR NEW.closed_at IS NULL
     OR NEW.id <> OLD.id OR NEW.start_date <> OLD.start_date OR NEW.end_date <> OLD.end_date
     OR NEW.opened_by <> OLD.opened_by OR NEW.opened_at <> OLD.opened_at THEN
    RAISE EXCEPTION 'provvigo: period % is % and may only be closed, once', OLD.id, OLD.state USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER provvigo_periods_guard BEFORE UPDATE OR DELETE ON provvigo_periods
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_period();
CREATE TRIGGER provvigo_periods_no_truncate BEFORE TRUNCATE ON provvigo_periods
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_refuse_change();

-- Runs: never deleted; identity never changes; an approved (or later) run only moves forward (approved → invoiced
-- → posted), and its record changes only in what that move records. Every column is covered.
CREATE OR REPLACE FUNCTION provvigo_guard_run() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved text[] := ARRAY['state', 'history', 'invoicedBy', 'invoicedAt', 'postedBy', 'postedAt'];
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'provvigo: runs are never deleted (run %)', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF NEW.id <> OLD.id OR NEW.period_id <> OLD.period_id OR NEW.seq <> OLD.seq OR NEW.kind <> OLD.kind THEN
    RAISE EXCEPTION 'provvigo: run % cannot change its identity', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF OLD.state IN ('approved', 'invoiced', 'posted') AND NOT (
       ((OLD.state = 'approved' AND NEW.state = 'invoiced') OR (OLD.state = 'invoiced' AND NEW.state = 'posted'))
       AND NEW.record->>'state' = NEW.state
       AND NEW.input_hash IS NOT DISTINCT FROM OLD.input_hash AND NEW.output_hash IS NOT DISTINCT FROM OLD.output_hash
       AND NEW.ledger_seq = OLD.ledger_seq AND NEW.summary = OLD.summary
       AND (NEW.record - moved) = (OLD.record - moved)
       AND (NEW.record->'history') @> (OLD.record->'history')) THEN
    RAISE EXCEPTION 'provvigo: run % is % and immutable', OLD.id, OLD.state USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER provvigo_runs_no_truncate BEFORE TRUNCATE ON provvigo_runs
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_refuse_change();

-- A run's statements, traces, proposed entries and plan pins: written while it is calculated, never changed, and
-- neither removed nor added once it is approved.
CREATE OR REPLACE FUNCTION provvigo_guard_run_child() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  run_state text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'provvigo: % cannot be truncated', TG_TABLE_NAME USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT state INTO run_state FROM provvigo_runs WHERE id = NEW.run_id;
    IF run_state IN ('approved', 'invoiced', 'posted') THEN
      RAISE EXCEPTION 'provvigo: % of run % cannot change (INSERT, run %)', TG_TABLE_NAME, NEW.run_id, run_state USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
  END IF;
  SELECT state INTO run_state FROM provvigo_runs WHERE id = OLD.run_id;
  IF TG_OP = 'UPDATE' OR run_state IN ('approved', 'invoiced', 'posted') THEN
    RAISE EXCEPTION 'provvigo: % of run % cannot change (%, run %)', TG_TABLE_NAME, OLD.run_id, TG_OP, run_state
      USING ERRCODE = 'P0001';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER provvigo_statements_frozen_insert BEFORE INSERT ON provvigo_statements
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_traces_frozen_insert BEFORE INSERT ON provvigo_traces
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_proposed_frozen_insert BEFORE INSERT ON provvigo_proposed_entries
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_run_plans_frozen_insert BEFORE INSERT ON provvigo_run_plans
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
`,
  },
  ...SNAPSHOT_MIGRATIONS,
  {
    // Traces as columns (core issue 15 §3): one row per run and partner holding the evaluated statement's trace groups
    // (core's TraceGroup[], the `traces` of statementJson) instead of one row per line. Runs calculated before this
    // migration keep their rows in provvigo_traces and are read from there: those of approved runs are frozen, and
    // re-grouping them here would mean switching the triggers off; nothing is converted.
    id: 'store/004_trace_columns',
    sql: `
CREATE TABLE provvigo_trace_columns (
  run_id      text NOT NULL REFERENCES provvigo_runs (id),
  partner_id  text NOT NULL,
  traces      jsonb NOT NULL,
  PRIMARY KEY (run_id, partner_id)
);
CREATE TRIGGER provvigo_trace_columns_guard BEFORE UPDATE OR DELETE ON provvigo_trace_columns
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_trace_columns_no_truncate BEFORE TRUNCATE ON provvigo_trace_columns
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_guard_run_child();
CREATE TRIGGER provvigo_trace_columns_frozen_insert BEFORE INSERT ON provvigo_trace_columns
  FOR EACH ROW EXECUTE FUNCTION provvigo_guard_run_child();
`,
  },
  {
    // Partners' questions about a statement and finance's answers (inquiries.ts). Append-only messages: a question, and
    // at most one answer to it (the unique index, so two people answering at once cannot both succeed). Each message is
    // also an audit entry, which holds its text in the hash chain.
    id: 'store/005_inquiries',
    sql: `
CREATE TABLE provvigo_inquiries (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  period_id   text NOT NULL REFERENCES provvigo_periods (id),
  run_id      text NOT NULL REFERENCES provvigo_runs (id),
  partner_id  text NOT NULL,
  line_id     text,
  kind        text NOT NULL CHECK (kind IN ('question', 'answer')),
  answers     integer REFERENCES provvigo_inquiries (id),
  outcome     text CHECK (outcome IN ('explained', 'toCorrect')),
  body        text NOT NULL,
  author      text NOT NULL,
  at          text NOT NULL,
  CHECK ((kind = 'question') = (answers IS NULL) AND (kind = 'question') = (outcome IS NULL))
);
CREATE UNIQUE INDEX provvigo_inquiries_one_answer ON provvigo_inquiries (answers);
CREATE INDEX provvigo_inquiries_period ON provvigo_inquiries (period_id, partner_id);
CREATE TRIGGER provvigo_inquiries_append_only BEFORE UPDATE OR DELETE ON provvigo_inquiries
  FOR EACH ROW EXECUTE FUNCTION provvigo_refuse_change();
CREATE TRIGGER provvigo_inquiries_no_truncate BEFORE TRUNCATE ON provvigo_inquiries
  FOR EACH STATEMENT EXECUTE FUNCTION provvigo_refuse_change();
`,
  },
  {
    // the run pages (the review, the SAP panel) read one run's entries, not the whole log
    id: 'store/006_audit_by_run',
    sql: `
CREATE INDEX provvigo_audit_run ON provvigo_audit (run_id, seq);
`,
  },
  {
    // pages of one action (the audit view's filter, the notices of answers, a user's sign-ins) read that action's
    // entries in either direction, instead of walking the whole log by seq until enough match
    id: 'store/007_audit_by_action',
    sql: `
CREATE INDEX provvigo_audit_action ON provvigo_audit (action, seq);
`,
  },
];
