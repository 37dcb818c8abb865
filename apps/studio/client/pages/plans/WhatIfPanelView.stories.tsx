import type { Meta, StoryObj } from '@storybook/react-vite';
import { authoringMessages } from '@provvigo/react';
import { longWhatIf } from '../../../../../packages/react/stories/longData.js';
import { italian, localeOf, onAPhone } from '../../../../../packages/react/stories/storyStates.js';
import '../../studio.css';
import { WhatIfPanelView } from './WhatIfPanelView.js';
import type { WhatIfPanelViewProps } from './WhatIfPanelView.js';

// The plan page's what-if section in each state; the data is the shape the server answers (made-up figures).
type Args = Omit<WhatIfPanelViewProps, 'locale' | 'm' | 'onRun'>;
const meta: Meta<Args> = {
  title: 'Studio/WhatIfPanel',
  render: (args, { globals }) => <WhatIfPanelView {...args} onRun={() => undefined} locale={localeOf(globals)} m={authoringMessages(localeOf(globals))} />,
  args: { data: longWhatIf(6), stale: false, busy: false, error: '' },
};
export default meta;
type Story = StoryObj<Args>;

export const SixPartners: Story = {};
/** Not run yet: only the button. */
export const Empty: Story = { args: { data: undefined }, tags: ['state:empty'] };
/** Evaluating every partner: progress said, the button off. */
export const Running: Story = { args: { data: undefined, busy: true } };
/** The draft changed after the run: the result is marked stale. */
export const Stale: Story = { args: { stale: true } };
/** The server refused the draft: the reason in words. */
export const WithErrors: Story = { args: { data: undefined, error: authoringMessages('en').errors['invalid_plan'] ?? '' }, tags: ['state:error'] };
export const LongData: Story = { args: { data: longWhatIf(60) }, tags: ['state:long-data'] };
export const Italian: Story = { ...italian, tags: ['state:italian'], args: { stale: true } };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
