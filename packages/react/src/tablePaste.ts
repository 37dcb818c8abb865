/**
 * Text copied from Excel or LibreOffice Calc: rows separated by new lines, cells by tabs, a cell holding a tab, a new
 * line or a quote written in double quotes ("" for a quote), as both write the clipboard's text/plain. The trailing
 * new line both add is dropped.
 */
export function parseClipboardTable(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === '\t') endCell();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endRow();
      i += 1;
    } else if (ch === '\n' || ch === '\r') endRow();
    else cell += ch;
    i += 1;
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

/**
 * Pastes `block` into `grid` with its top-left corner at (`row`, `col`): cells beyond the last row add rows, cells
 * beyond the last column are dropped and counted, so the caller can say so. The grid is copied, never changed.
 */
export function pasteBlock(grid: readonly (readonly string[])[], width: number, row: number, col: number, block: readonly (readonly string[])[]): { grid: string[][]; dropped: number } {
  const out = grid.map((r) => [...r]);
  let dropped = 0;
  block.forEach((cells, i) => {
    const r = row + i;
    while (out.length <= r) out.push(Array.from({ length: width }, () => ''));
    cells.forEach((v, j) => {
      const c = col + j;
      if (c >= width) dropped += 1;
      else out[r]![c] = v.trim();
    });
  });
  return { grid: out, dropped };
}

/** Whether pasted text's first row names the grid's columns (a header copied along): compared without case. */
export function isHeaderRow(cells: readonly string[], columns: readonly string[], labels: readonly string[] = []): boolean {
  const names = new Set([...columns, ...labels].map((c) => c.trim().toLowerCase()));
  return cells.length > 0 && cells.every((c) => names.has(c.trim().toLowerCase()));
}
