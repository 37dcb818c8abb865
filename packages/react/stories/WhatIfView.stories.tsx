import type { Meta, StoryObj } from '@storybook/react-vite';
import { authoringMessages, WhatIfView } from '../src/index.js';
import type { WhatIfData } from '../src/index.js';
import { longWhatIf } from './longData.js';
import { italian, localeOf, onAPhone } from './storyStates.js';

const meta: Meta<{ data: WhatIfData }> = {
  title: 'Authoring/WhatIfView',
  render: ({ data }, { globals }) => <WhatIfView data={data} locale={localeOf(globals)} m={authoringMessages(localeOf(globals))} />,
  args: { data: longWhatIf(4) },
};
export default meta;
type Story = StoryObj<{ data: WhatIfData }>;

export const FourPartners: Story = {};
/** A plan no partner falls under, never approved before. */
export const Empty: Story = {
  tags: ['state:empty'],
  args: { data: { currency: 'EUR', scale: 2, baselineVersion: null, baselineSource: 'shipped', partners: [], topMovers: [], totals: { before: '0.00', after: '0.00', delta: '0.00' } } },
};
/** Partners the draft blocks (an error in their data) are marked. */
export const WithErrors: Story = { args: { data: longWhatIf(12) }, tags: ['state:error'] };
/** Sixty partners, long names; the top movers first. */
export const LongData: Story = { args: { data: longWhatIf(60) }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'] };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'], args: { data: longWhatIf(12) } };
