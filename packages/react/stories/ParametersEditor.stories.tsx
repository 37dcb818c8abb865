import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Plan } from '@provvigo/core';
import { authoringMessages, ParametersEditor } from '../src/index.js';
import { longPlan } from './longData.js';
import { editorStories, submitNewName } from './editorStories.js';
import { emptyPlan, partners, plans } from './sampleData.js';
import { italian, onAPhone } from './storyStates.js';

const choices = partners.map((p) => ({ id: p.id, name: p.name }));
const meta: Meta<{ initial: Plan }> = {
  title: 'Authoring/ParametersEditor',
  ...editorStories((p) => <ParametersEditor {...p} partners={choices} />, plans['agency-agents']!),
};
export default meta;
type Story = StoryObj<{ initial: Plan }>;

export const AgenciesAndAgents: Story = {};
export const Empty: Story = { args: { initial: emptyPlan }, tags: ['state:empty'] };
/** A new parameter whose name is not a name (it starts with a digit): refused, and the form says so. */
export const WithErrors: Story = {
  tags: ['state:error'],
  args: { initial: emptyPlan },
  play: ({ canvasElement }) => submitNewName(canvasElement, '1 rate', authoringMessages('en').addParameter),
};
/** Forty-odd parameters with long labels. */
export const LongData: Story = { args: { initial: longPlan(40) }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'] };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
