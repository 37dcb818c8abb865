import type { Meta, StoryObj } from '@storybook/react-vite';
import { italian, localeOf, onAPhone } from '../../../../packages/react/stories/storyStates.js';
import '../studio.css';
import type { User } from '../types.js';
import { PeriodActions } from './PeriodActions.js';
import type { PeriodActionsProps } from './PeriodActions.js';

// The run's buttons in each state and for each role. A story's buttons answer at once (no server behind a story).
type Args = Omit<PeriodActionsProps, 'locale' | 'onAct'>;
const approver: User = { id: 'andrea.approvi', name: 'Andrea Approvi', roles: ['approver'] };
const calculator: User = { id: 'carla.conti', name: 'Carla Conti', roles: ['calculator'] };
const meta: Meta<Args> = {
  title: 'Studio/PeriodActions',
  render: (args, { globals }) => <PeriodActions {...args} locale={localeOf(globals)} onAct={async () => true} />,
  args: { user: approver, state: 'calculated', rejected: false, known: true, busy: null, result: null },
};
export default meta;
type Story = StoryObj<Args>;

/** The approver on a calculated run: validate, reject (once a reason is typed); approve waits for validation. */
export const ApproverCalculated: Story = {};
export const ApproverValidated: Story = { args: { state: 'validated' } };
export const Approved: Story = { args: { state: 'approved', result: { ok: true, text: 'Approved: 14 statements, 0 blocked, 31 ledger entries.' } } };
/** The calculator before the first calculation: only "calculate" is on. */
export const Empty: Story = { args: { user: calculator, state: 'none', known: false }, tags: ['state:empty'] };
/** Calculating: progress shown, every button off until the answer. */
export const Calculating: Story = { args: { user: calculator, busy: 'calculate' } };
/** A refused action, said in words; a rejected run waits for a new calculation. */
export const WithErrors: Story = { args: { rejected: true, result: { ok: false, text: 'The run changed meanwhile: reload the page and try again.' } }, tags: ['state:error'] };
/** A long reason in the result. */
export const LongData: Story = {
  args: { rejected: true, result: { ok: true, text: `Rejected: ${'I contratti della campagna regionale vanno ricontrollati prima del pagamento; '.repeat(6)}` } },
  tags: ['state:long-data'],
};
export const Italian: Story = { ...italian, tags: ['state:italian'], args: { state: 'validated' } };
export const Mobile: Story = { ...onAPhone, tags: ['state:mobile'] };
