import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Plan } from '@provvigo/core';
import { userEvent, within } from 'storybook/test';
import { TablesEditor } from '../src/index.js';
import { longPlan } from './longData.js';
import { editorStories } from './editorStories.js';
import { emptyPlan, plans } from './sampleData.js';
import { italian, onAPhone } from './storyStates.js';

const meta: Meta<{ initial: Plan }> = {
  title: 'Authoring/TablesEditor',
  ...editorStories((p) => <TablesEditor {...p} />, plans['agency-agents']!),
};
export default meta;
type Story = StoryObj<{ initial: Plan }>;

export const AgenciesAndAgents: Story = {};
export const Empty: Story = { args: { initial: emptyPlan }, tags: ['state:empty'] };
/** A word typed into a rate: the cell is marked, the table lists what is pending, the plan keeps its last valid table. */
export const WithErrors: Story = {
  tags: ['state:error'],
  play: async ({ canvasElement }) => {
    const cell = canvasElement.querySelector<HTMLInputElement>('#pv-grid-Rates-r0-c2')!;
    await userEvent.clear(cell);
    await userEvent.type(cell, 'dodici');
    await within(canvasElement).findByTestId('grid-issues');
  },
};
export const LongData: Story = { args: { initial: longPlan(1) }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'] };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
