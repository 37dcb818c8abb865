import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Plan } from '@provvigo/core';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { FormulaEditor, formulaAt, setFormulaAt } from '../src/index.js';
import type { UiLocale } from '../src/index.js';
import { busiestPartner, factSchema, plans, sampleInput } from './sampleData.js';
import { italian, localeOf, onAPhone } from './storyStates.js';

function EditorApp({ plan: initial, path, locale, partnerId, formula }: { plan: Plan; path: (string | number)[]; locale: UiLocale; partnerId: string; formula?: string }): ReactElement {
  const [plan, setPlan] = useState(() => (formula ? setFormulaAt(initial, path, formula) : initial));
  const value = formulaAt(plan, path) ?? '=';
  return (
    <div style={{ maxWidth: '48rem' }}>
      <FormulaEditor value={value} onChange={(f) => setPlan(setFormulaAt(plan, path, f))} plan={plan} path={path} locale={locale} factSchema={factSchema} preview={{ input: sampleInput, partnerId }} />
      <p>
        <code data-testid="stored-formula">{value}</code>
      </p>
    </div>
  );
}

const meta: Meta<typeof EditorApp> = {
  title: 'FormulaEditor',
  component: EditorApp,
  render: (args, { globals }) => <EditorApp {...args} locale={localeOf(globals, args.locale)} />,
  args: { locale: 'en', plan: plans['agency-agents']!, partnerId: busiestPartner(['agent', 'agency']).id },
};
export default meta;
type Story = StoryObj<typeof EditorApp>;

/** A line column: results per contract row for the chosen partner. */
export const LineColumn: Story = { args: { path: ['sheets', 'Lines', 'columns', 'Commission', 'formula'] } };
/** A summary cell: one value per partner. */
export const SummaryCell: Story = { args: { path: ['sheets', 'Summary', 'cells', 'VolumeBonus', 'formula'] } };
/** A misspelt column: the error is placed on the reference. */
export const BrokenFormula: Story = {
  args: { path: ['sheets', 'Summary', 'cells', 'Activations', 'formula'], formula: '=SUM(Lines[Comission])' },
  tags: ['state:error'],
};
/** A formula not written yet. */
export const Empty: Story = { args: { path: ['sheets', 'Summary', 'cells', 'VolumeBonus', 'formula'], formula: '=' }, tags: ['state:empty'] };
/** A long nested formula: it wraps, and its preview still fits. */
export const LongData: Story = {
  args: {
    path: ['sheets', 'Lines', 'columns', 'Commission', 'formula'],
    formula: '=IF([@commodity]="gas", [@Units] * [@Rate] * IF([@energyEfficiency], 1.1, 1) + [@Fixed], IF([@commodity]="power", [@Units] * [@Rate] * IF([@energyEfficiency], 1.05, 1) + [@Fixed], ROUND([@Fixed] / 2, 2)))',
  },
  tags: ['state:long-data'],
};
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'], args: { path: ['sheets', 'Lines', 'columns', 'Commission', 'formula'] } };
/** Italian function names and separators; stored in canonical English. */
export const Italian: Story = { args: { path: ['sheets', 'Summary', 'cells', 'VolumeBonus', 'formula'], locale: 'it' }, ...italian, tags: ['state:italian'] };
/** A gate (a boolean cell) in Italian: VERO/FALSO for every partner the plan covers, not only the one picked. */
export const GateForEveryPartner: Story = { args: { path: ['sheets', 'Summary', 'cells', 'TargetReached', 'formula'], locale: 'it' }, globals: { locale: 'it' } };
