import type { Preview } from '@storybook/react-vite';
import '../packages/react/src/styles.css';
import { PHONE_VIEWPORT } from '../packages/react/stories/storyStates.js';

const preview: Preview = {
  globalTypes: {
    locale: {
      description: 'Language of the components',
      toolbar: { title: 'Language', icon: 'globe', items: [{ value: 'it', title: 'Italiano' }, { value: 'en', title: 'English' }], dynamicTitle: true },
    },
  },
  initialGlobals: { locale: 'en' },
  // every story can be shown on the 390 px phone the issue names (stories/storyStates.ts)
  parameters: { layout: 'padded', controls: { expanded: true }, viewport: { options: PHONE_VIEWPORT } },
};
export default preview;
