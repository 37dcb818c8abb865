import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Table } from '@provvigo/core';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { authoringMessages, gridColumns, readGrid, TableGrid, tableToGrid } from '../src/index.js';
import type { UiLocale } from '../src/index.js';
import { longPlan } from './longData.js';
import { plans } from './sampleData.js';
import { italian, localeOf, onAPhone } from './storyStates.js';

/** The grid as TablesEditor uses it: it keeps the typed text and marks every cell the table's types refuse. */
function Grid({ table, locale, edit }: { table: Table; locale: UiLocale; edit?: (grid: string[][]) => string[][] }): ReactElement {
  const columns = gridColumns(table);
  const [grid, setGrid] = useState(() => (edit ? edit(tableToGrid(table, locale)) : tableToGrid(table, locale)));
  const { issues } = readGrid(columns, grid, locale);
  return (
    <TableGrid id="story-grid" caption="Rates" columns={columns} headers={columns.map((c) => c.name)} grid={grid} issues={issues} onGridChange={setGrid} m={authoringMessages(locale)} />
  );
}

const rates = plans['agency-agents']!.tables['Rates']!;
const meta: Meta<typeof Grid> = {
  title: 'Authoring/TableGrid',
  component: Grid,
  render: (args, { globals }) => <Grid {...args} locale={localeOf(globals)} />,
  args: { table: rates },
};
export default meta;
type Story = StoryObj<typeof Grid>;

export const Rates: Story = {};
/** A table without rows: only the add-row button. */
export const Empty: Story = { args: { table: rates.kind === 'lookup' ? { ...rates, rows: [] } : rates }, tags: ['state:empty'] };
/** Cells the types refuse (a word in a number, an empty key): each marked invalid and saying why. */
export const WithErrors: Story = {
  tags: ['state:error'],
  args: { edit: (g) => g.map((row, i) => (i === 0 ? row.map((v, c) => (c === 2 ? 'dodici' : v)) : i === 1 ? row.map((v, c) => (c === 0 ? '' : v)) : row)) },
};
export const LongData: Story = { args: { table: longPlan(1).tables['Rates']! }, tags: ['state:long-data'] };
/** Italian decimals (0,012) in the cells. */
export const Italian: Story = { ...italian, tags: ['state:italian'] };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
