import { useRef, useState } from 'react';
import type { ClipboardEvent, KeyboardEvent, ReactElement } from 'react';
import type { AuthoringMessages } from './authoringMessages.js';
import { isHeaderRow, parseClipboardTable, pasteBlock } from './tablePaste.js';
import type { CellIssue, GridColumn } from './tableCells.js';

export interface TableGridProps {
  /** Used in element ids: unique on the page. */
  id: string;
  caption: string;
  columns: readonly GridColumn[];
  /** Column headers as shown (labels), one per column. */
  headers: readonly string[];
  grid: readonly (readonly string[])[];
  issues: readonly CellIssue[];
  onGridChange: (grid: string[][]) => void;
  m: AuthoringMessages;
}

/**
 * A spreadsheet-like grid of text cells: arrow keys (and Enter) move between cells, a block pasted from Excel or Calc
 * fills cells from the focused one (adding rows), rows are added and removed with buttons, and each cell with a
 * problem is marked invalid and says why (read by screen readers through aria-describedby).
 */
export function TableGrid(p: TableGridProps): ReactElement {
  const tableRef = useRef<HTMLTableElement>(null);
  const [status, setStatus] = useState('');
  const width = p.columns.length;
  const cellId = (r: number, c: number) => `${p.id}-r${r}-c${c}`;
  const issueAt = new Map(p.issues.map((i) => [`${i.row}:${i.column}`, i]));

  function focusCell(r: number, c: number) {
    const el = tableRef.current?.querySelector<HTMLInputElement>(`#${CSS.escape(cellId(r, c))}`);
    if (el) {
      el.focus();
      el.select();
    }
  }
  function setCell(r: number, c: number, v: string) {
    const next = p.grid.map((row) => [...row]);
    next[r]![c] = v;
    p.onGridChange(next);
  }
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>, r: number, c: number) {
    const input = e.currentTarget;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    let to: [number, number] | undefined;
    if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) to = [r + 1, c];
    else if (e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)) to = [r - 1, c];
    else if (e.key === 'ArrowLeft' && (atStart || input.selectionStart === input.selectionEnd && input.value === '')) to = [r, c - 1];
    else if (e.key === 'ArrowRight' && (atEnd || input.value === '')) to = [r, c + 1];
    if (!to) return;
    const [tr, tc] = to;
    if (tr < 0 || tc < 0 || tc >= width) return;
    e.preventDefault();
    if (tr >= p.grid.length) {
      // Enter or ArrowDown on the last row starts a new one, as in a spreadsheet
      p.onGridChange([...p.grid.map((row) => [...row]), Array.from({ length: width }, () => '')]);
      requestAnimationFrame(() => focusCell(tr, tc));
      return;
    }
    focusCell(tr, tc);
  }
  function onPaste(e: ClipboardEvent<HTMLInputElement>, r: number, c: number) {
    const text = e.clipboardData.getData('text/plain');
    if (!text.includes('\t') && !text.includes('\n')) return; // one value: the input pastes it itself
    e.preventDefault();
    let block = parseClipboardTable(text);
    if (block.length > 0 && isHeaderRow(block[0]!, p.columns.map((col) => col.name), p.headers)) block = block.slice(1);
    const { grid, dropped } = pasteBlock(p.grid, width, r, c, block);
    p.onGridChange(grid);
    const cols = Math.max(0, ...block.map((b) => b.length));
    setStatus(`${p.m.pasted(block.length, cols)}${dropped ? ` ${p.m.pastedDropped(dropped)}` : ''}`);
  }

  return (
    <div className="pv-grid-wrap">
      <p className="pv-hint" id={`${p.id}-hint`}>
        {p.m.gridHint}
      </p>
      <div className="pv-grid-scroll">
        <table className="pv-grid" ref={tableRef} aria-describedby={`${p.id}-hint`} data-testid={`grid-${p.id}`}>
          <caption>{p.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{p.m.row}</th>
              {p.headers.map((h, c) => (
                <th key={c} scope="col" id={`${p.id}-h${c}`}>
                  {h}
                </th>
              ))}
              <th scope="col">
                <span className="pv-sr">{p.m.remove}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.grid.map((row, r) => (
              <tr key={r}>
                <th scope="row">{r + 1}</th>
                {p.columns.map((col, c) => {
                  const issue = issueAt.get(`${r}:${c}`);
                  const id = cellId(r, c);
                  return (
                    <td key={col.name} className={issue ? 'pv-cell pv-cell-invalid' : 'pv-cell'}>
                      <input
                        id={id}
                        value={row[c] ?? ''}
                        aria-labelledby={`${p.id}-h${c}`}
                        aria-invalid={issue ? true : undefined}
                        aria-describedby={issue ? `${id}-issue` : undefined}
                        inputMode={col.type === 'text' ? 'text' : 'decimal'}
                        data-row={r}
                        data-col={c}
                        onChange={(e) => setCell(r, c, e.target.value)}
                        onKeyDown={(e) => onKeyDown(e, r, c)}
                        onPaste={(e) => onPaste(e, r, c)}
                      />
                      {issue ? (
                        <span id={`${id}-issue`} className="pv-cell-issue" role="note">
                          {p.m.cellProblems[issue.problem]}
                        </span>
                      ) : null}
                    </td>
                  );
                })}
                <td>
                  <button type="button" className="pv-link" onClick={() => p.onGridChange(p.grid.filter((_, i) => i !== r).map((x) => [...x]))}>
                    <span aria-hidden="true">✕</span>
                    <span className="pv-sr">{p.m.removeRow(r + 1)}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" className="pv-button pv-secondary" onClick={() => p.onGridChange([...p.grid.map((x) => [...x]), Array.from({ length: width }, () => '')])}>
        {p.m.addRow}
      </button>{' '}
      <span role="status" className="pv-muted">
        {status}
      </span>
    </div>
  );
}
