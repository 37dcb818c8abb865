import { NameSchema, ValueTypeSchema } from '@provvigo/core';
import type { LookupTable, Plan, Table, TierTable, ValueType } from '@provvigo/core';
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import { splitList } from './authoringMessages.js';
import type { UiLocale } from './i18n.js';
import { localized } from './i18n.js';
import { applyGrid, gridColumns, tableToGrid } from './tableCells.js';
import type { CellIssue } from './tableCells.js';
import { TableGrid } from './TableGrid.js';

export interface TablesEditorProps {
  plan: Plan;
  onChange: (plan: Plan) => void;
  locale: UiLocale;
  m: AuthoringMessages;
}

/** The plan's rate and tier tables, each an editable grid, and a form to add one. */
export function TablesEditor({ plan, onChange, locale, m }: TablesEditorProps): ReactElement {
  const setTable = (name: string, table: Table | undefined) => {
    const tables = { ...plan.tables };
    if (table) tables[name] = table;
    else delete tables[name];
    onChange({ ...plan, tables });
  };
  return (
    <section className="pv-section" aria-labelledby="pv-tables-title" data-testid="tables-editor">
      <h2 id="pv-tables-title">{m.sections.tables}</h2>
      {Object.keys(plan.tables).length === 0 ? <p className="pv-muted">{m.noTables}</p> : null}
      {Object.entries(plan.tables).map(([name, table]) => (
        <TableEditor key={`${name}:${locale}`} name={name} table={table} locale={locale} m={m} onApply={(t) => setTable(name, t)} onRemove={() => setTable(name, undefined)} />
      ))}
      <NewTableForm existing={Object.keys(plan.tables)} m={m} onAdd={(name, t) => setTable(name, t)} />
    </section>
  );
}

function TableEditor({ name, table, locale, m, onApply, onRemove }: { name: string; table: Table; locale: UiLocale; m: AuthoringMessages; onApply: (t: Table) => void; onRemove: () => void }): ReactElement {
  const [grid, setGrid] = useState<string[][]>(() => tableToGrid(table, locale));
  const [issues, setIssues] = useState<CellIssue[]>([]);
  const [applied, setApplied] = useState('');
  const columns = gridColumns(table);
  // a tier table's own columns are named by the product (words of the reader's language); a lookup's by the plan
  const tierHeader = (name: string) => (table.kind === 'tier' ? (name === 'from' ? m.tierFrom : name === 'rate' ? m.tierRate : undefined) : undefined);
  const headers = columns.map((c) => (c.name === 'label.it' ? m.labelIt : c.name === 'label.en' ? m.labelEn : (tierHeader(c.name) ?? c.name)));
  function change(next: string[][]) {
    setGrid(next);
    const r = applyGrid(table, next, locale);
    if (r.ok) {
      setIssues([]);
      setApplied(m.gridApplied(r.table.kind === 'tier' ? r.table.bands.length : r.table.rows.length));
      onApply(r.table);
    } else {
      setIssues(r.issues);
      setApplied('');
    }
  }
  const caption = `${m.table} ${name}${table.label ? ` — ${localized(table.label, locale)}` : ''}`;
  return (
    <div className="pv-table-editor" data-testid={`table-${name}`}>
      <TableGrid id={`pv-grid-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`} caption={caption} columns={columns} headers={headers} grid={grid} issues={issues} onGridChange={change} m={m} />
      {table.kind === 'tier' ? (
        <label className="pv-field">
          <span>{m.tierMode}</span>
          <select value={table.mode} onChange={(e) => onApply({ ...table, mode: e.target.value as TierTable['mode'] })}>
            <option value="marginal">{m.tierModes.marginal}</option>
            <option value="retroactive">{m.tierModes.retroactive}</option>
          </select>
        </label>
      ) : null}
      {issues.length > 0 ? (
        <div className="pv-error" data-testid="grid-issues">
          <p>{m.gridPending(issues.length)}</p>
          <ul>
            {issues.map((i, n) => (
              <li key={n}>{m.cellProblem(i.row + 1, headers[i.column] ?? '', m.cellProblems[i.problem])}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="pv-muted" data-testid="grid-applied">
          {applied}
        </p>
      )}
      <button type="button" className="pv-link" onClick={onRemove}>
        {m.remove}
        <span className="pv-sr"> {name}</span>
      </button>
    </div>
  );
}

function NewTableForm({ existing, m, onAdd }: { existing: string[]; m: AuthoringMessages; onAdd: (name: string, t: Table) => void }): ReactElement {
  const [error, setError] = useState('');
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get('name') ?? '').trim();
    const kind = String(f.get('kind'));
    const keys = splitList(String(f.get('keys') ?? ''));
    const values = splitList(String(f.get('values') ?? ''));
    const type = ValueTypeSchema.safeParse(f.get('type'));
    const names = [name, ...keys, ...values];
    if (!NameSchema.safeParse(name).success || existing.includes(name) || names.some((n) => !NameSchema.safeParse(n).success) || !type.success) {
      setError(m.invalidInput);
      return;
    }
    let table: Table;
    if (kind === 'tier') table = { kind: 'tier', mode: 'marginal', bands: [{ from: '0', rate: '0' }] };
    else {
      if (keys.length === 0 || keys.length > 4 || values.length === 0) {
        setError(m.invalidInput);
        return;
      }
      const columns: LookupTable['columns'] = {};
      for (const k of keys) columns[k] = { type: 'text' };
      for (const v of values) columns[v] = { type: type.data as ValueType };
      table = { kind: 'lookup', keys, columns, rows: [] };
    }
    setError('');
    e.currentTarget.reset();
    onAdd(name, table);
  }
  return (
    <form className="pv-form" onSubmit={submit} data-testid="new-table">
      <fieldset>
        <legend>{m.addTable}</legend>
        <label className="pv-field">
          <span>{m.newName}</span>
          <input name="name" required pattern="[A-Za-z_][A-Za-z0-9_]*" />
        </label>
        <label className="pv-field">
          <span>{m.tableKind}</span>
          <select name="kind" defaultValue="lookup">
            <option value="lookup">{m.lookupTable}</option>
            <option value="tier">{m.tierTable}</option>
          </select>
        </label>
        <label className="pv-field">
          <span>{m.keyColumns}</span>
          <input name="keys" />
        </label>
        <label className="pv-field">
          <span>{m.valueColumns}</span>
          <input name="values" />
        </label>
        <label className="pv-field">
          <span>{m.valueType}</span>
          <select name="type" defaultValue="number">
            {ValueTypeSchema.options.map((t) => (
              <option key={t} value={t}>
                {m.typeNames[t]}
              </option>
            ))}
          </select>
        </label>
        {error ? (
          <p className="pv-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="pv-button">
          {m.addTable}
        </button>
      </fieldset>
    </form>
  );
}
