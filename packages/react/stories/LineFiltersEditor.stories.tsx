import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Plan } from '@provvigo/core';
import { LineFiltersEditor, setFormulaAt } from '../src/index.js';
import { editorStories } from './editorStories.js';
import { busiestPartner, emptyPlan, factSchema, plans, sampleInput } from './sampleData.js';
import { italian, onAPhone } from './storyStates.js';

const agency = plans['agency-agents']!;
const preview = { input: sampleInput, partnerId: busiestPartner(['agent', 'agency']).id };
const meta: Meta<{ initial: Plan }> = {
  title: 'Authoring/LineFiltersEditor',
  ...editorStories((p) => <LineFiltersEditor {...p} factSchema={factSchema} preview={preview} />, agency),
};
export default meta;
type Story = StoryObj<{ initial: Plan }>;

/** Only contracts that passed the quality check. */
export const AgenciesAndAgents: Story = {};
/** A blank plan has no line sheet to filter. */
export const Empty: Story = { args: { initial: emptyPlan }, tags: ['state:empty'] };
/** A misspelt column in the filter: the error is placed on the reference. */
export const WithErrors: Story = { args: { initial: setFormulaAt(agency, ['sheets', 'Lines', 'filter'], '=[@qualityOkk]') }, tags: ['state:error'] };
/** A long filter: quality, several regions and categories. */
export const LongData: Story = {
  tags: ['state:long-data'],
  args: {
    initial: setFormulaAt(
      agency,
      ['sheets', 'Lines', 'filter'],
      '=AND([@qualityOk], OR([@territory]="Lombardia", [@territory]="Lazio", [@territory]="Campania", [@territory]="Sicilia", [@territory]="Veneto", [@territory]="Emilia-Romagna", [@territory]="Piemonte"), OR([@category]="LUCE_CASA", [@category]="GAS_CASA", [@category]="LUCE_BUSINESS"))',
    ),
  },
};
export const Italian: Story = { ...italian, tags: ['state:italian'] };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
